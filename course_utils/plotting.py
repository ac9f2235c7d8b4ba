"""Figures of the course, one function per kind of picture (lectures 01-08).

Every function draws on a Matplotlib ``Axes`` (a new figure when none is
given), labels its axes, and returns the ``Axes``.  Nothing is drawn at import.
"""

import numpy as np

from ._validation import as_float_array, as_labels
from .numerics import softmax


def _axes(ax, figsize=(5, 3.5)):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_probabilities(s, ax=None, title=None, labels=None):
    """Bar chart of one probability vector s of shape (K,) (lecture 01).

    Examples
    --------
    >>> ax = plot_probabilities([0.2, 0.8])
    >>> [round(float(p.get_height()), 1) for p in ax.patches]
    [0.2, 0.8]
    """
    s = as_float_array(s, "s", ndim=1)
    ax = _axes(ax)
    K = s.shape[0]
    ax.bar(np.arange(K), s, color="tab:blue")
    ax.set_xticks(np.arange(K), labels if labels is not None else [f"k={k}" for k in range(K)])
    ax.set_ylim(0, 1)
    ax.set_xlabel("class k")
    ax.set_ylabel(r"$\sigma_k$")
    if title:
        ax.set_title(title)
    return ax


def plot_softmax_temperature(a, temperatures=(0.25, 1.0, 4.0), ax=None):
    """Grouped bars of softmax(a / tau) for several temperatures tau (lecture 01).

    Small tau sharpens towards the argmax (one-hot), large tau flattens towards uniform.
    """
    a = as_float_array(a, "a", ndim=1)
    taus = as_float_array(temperatures, "temperatures", ndim=1)
    if not np.all(taus > 0):
        raise ValueError(f"temperatures must be positive, got {taus.tolist()}")
    ax = _axes(ax, figsize=(6, 3.5))
    K, n = a.shape[0], len(taus)
    width = 0.8 / n
    for i, tau in enumerate(taus):
        ax.bar(np.arange(K) + (i - (n - 1) / 2) * width, softmax(a / tau), width, label=f"τ = {tau:g}")
    ax.set_xticks(np.arange(K), [f"k={k}" for k in range(K)])
    ax.set_xlabel("class k")
    ax.set_ylabel(r"$\sigma_k(a / \tau)$")
    ax.set_ylim(0, 1)
    ax.legend()
    return ax


def plot_error_vs_step(h, errors, ax=None, labels=None):
    """Log-log plot of gradient-check error against the step size h: the "V" (lecture 06).

    ``errors`` is one array per method (e.g. central and forward differences).
    """
    h = as_float_array(h, "h", ndim=1)
    ax = _axes(ax)
    errors = [as_float_array(e, "errors", ndim=1) for e in errors]
    for i, e in enumerate(errors):
        ax.loglog(h, np.maximum(e, 1e-17), marker="o", ms=3, label=None if labels is None else labels[i])
    ax.set_xlabel("step size h")
    ax.set_ylabel("max relative error")
    if labels is not None:
        ax.legend()
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_loss(history, ax=None, label=None):
    """Training loss per recorded step of a :class:`course_utils.training.History` (lectures 07-08)."""
    ax = _axes(ax)
    ax.plot(history.step, history.loss, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("mean negative log-likelihood")
    if label is not None:
        ax.legend()
    return ax


def plot_history(history, axes=None, label=None):
    """Loss and accuracy curves side by side (train, and validation when recorded) (lecture 08)."""
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    ax_loss, ax_acc = axes
    plot_loss(history, ax_loss, label=label)
    prefix = "" if label is None else f"{label} "
    ax_acc.plot(history.step, history.accuracy, label=f"{prefix}train")
    if history.val_accuracy:
        ax_acc.plot(history.step, history.val_accuracy, "--", label=f"{prefix}validation")
    ax_acc.set_xlabel("step")
    ax_acc.set_ylabel("accuracy")
    ax_acc.legend()
    return axes


def plot_weight_images(W, image_shape=(8, 8), axes=None):
    """Each class's weights w_k (bias row 0 dropped) drawn as an image (lecture 08).

    Red pixels raise the score a_k of class k, blue ones lower it.
    """
    W = as_float_array(W, "W", ndim=2)
    n_pix = int(np.prod(image_shape))
    if W.shape[0] != n_pix + 1:
        raise ValueError(f"W must have {n_pix} + 1 rows (bias first) for images of shape {image_shape}; got {W.shape}")
    K = W.shape[1]
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, K, figsize=(1.3 * K, 1.6))
    axes = np.atleast_1d(axes)
    lim = np.abs(W[1:]).max()
    for k, ax in enumerate(axes):
        ax.imshow(W[1:, k].reshape(image_shape), cmap="RdBu_r", vmin=-lim, vmax=lim)
        ax.set_title(f"$w_{{{k}}}$")
        ax.set_xticks([])
        ax.set_yticks([])
    return axes


def plot_confusion_matrix(C, ax=None):
    """Confusion-matrix heat map: row = true class, column = predicted class (lecture 08)."""
    C = as_float_array(C, "C", ndim=2)
    ax = _axes(ax, figsize=(4.5, 4))
    ax.imshow(C, cmap="Blues")
    for (i, j), v in np.ndenumerate(C):
        ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                color="white" if v > C.max() / 2 else "black")
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_xticks(range(C.shape[1]))
    ax.set_yticks(range(C.shape[0]))
    return ax


def plot_decision_regions(W, X, y, ax=None, resolution=200):
    """Coloured regions argmax_k a_k over the plane, with the 2-D samples on top (lectures 07-08).

    ``X`` holds raw 2-D inputs (N, 2); ``W`` of shape (3, K) has the bias in row 0.
    """
    X = as_float_array(X, "X", ndim=2)
    W = as_float_array(W, "W", ndim=2)
    if X.shape[1] != 2 or W.shape[0] != 3:
        raise ValueError(f"X must have shape (N, 2) and W shape (3, K) (bias row first); got {X.shape} and {W.shape}")
    y = as_labels(y, "y", n_samples=X.shape[0], num_classes=W.shape[1])
    ax = _axes(ax, figsize=(4.5, 4))
    lo, hi = X.min(axis=0) - 1, X.max(axis=0) + 1
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([np.ones(g0.size), g0.ravel(), g1.ravel()])
    regions = np.argmax(grid @ W, axis=1).reshape(g0.shape)
    K = W.shape[1]
    ax.contourf(g0, g1, regions, levels=np.arange(K + 1) - 0.5, cmap="tab10", vmin=0, vmax=9, alpha=0.25)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="tab10", vmin=0, vmax=9, s=12, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax
