"""Figures of the course, one function per kind of picture (lectures 01-08).

Every function draws on a Matplotlib ``Axes`` (a new figure when none is
given), labels its axes, and returns the ``Axes``.  Each takes a required
keyword ``description`` (str): what is plotted, and the point it makes, in
plain text; it becomes the figure's text alternative when
``course_utils.figures.show_figures`` displays it.  Series differ by line
style and marker, and classes by marker and hatch, as well as by colour.
Nothing is drawn at import.
"""

import numpy as np

from ._validation import as_float_array, as_labels
from .figures import check_description, class_style, describe, series_style
from .numerics import softmax

EDGE = {"edgecolor": "black", "linewidth": 0.6}


def _axes(ax, description, figsize=(5, 3.5)):
    check_description(description)                       # before anything is drawn
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def _line(ax, x, y, i, **kwargs):
    """Series ``i``: its own colour, line style and marker (markers on about a dozen points)."""
    style = dict(series_style(i), markersize=4, markevery=max(1, len(y) // 12))
    return ax.plot(x, y, **{**style, **kwargs})


def plot_probabilities(s, ax=None, title=None, labels=None, *, description):
    """Bar chart of one probability vector s of shape (K,) (lecture 01).

    Examples
    --------
    >>> ax = plot_probabilities([0.2, 0.8], description="Two bars: class 1 is four times as likely.")
    >>> [round(float(p.get_height()), 1) for p in ax.patches]
    [0.2, 0.8]
    """
    s = as_float_array(s, "s", ndim=1)
    ax = _axes(ax, description)
    K = s.shape[0]
    ax.bar(np.arange(K), s, color=series_style(0)["color"], **EDGE)
    ax.set_xticks(np.arange(K), labels if labels is not None else [f"k={k}" for k in range(K)])
    ax.set_ylim(0, 1)
    ax.set_xlabel("class k")
    ax.set_ylabel(r"$\sigma_k$")
    if title:
        ax.set_title(title)
    describe(ax, description)
    return ax


def plot_softmax_temperature(a, temperatures=(0.25, 1.0, 4.0), ax=None, *, description):
    """Grouped bars of softmax(a / tau) for several temperatures tau, one colour and hatch each (lecture 01).

    Small tau sharpens towards the argmax (one-hot), large tau flattens towards uniform.
    """
    a = as_float_array(a, "a", ndim=1)
    taus = as_float_array(temperatures, "temperatures", ndim=1)
    if not np.all(taus > 0):
        raise ValueError(f"temperatures must be positive, got {taus.tolist()}")
    ax = _axes(ax, description, figsize=(6, 3.5))
    K, n = a.shape[0], len(taus)
    width = 0.8 / n
    for i, tau in enumerate(taus):
        style = class_style(i)
        ax.bar(np.arange(K) + (i - (n - 1) / 2) * width, softmax(a / tau), width, label=f"τ = {tau:g}",
               color=style["color"], hatch=style["hatch"], **EDGE)
    ax.set_xticks(np.arange(K), [f"k={k}" for k in range(K)])
    ax.set_xlabel("class k")
    ax.set_ylabel(r"$\sigma_k(a / \tau)$")
    ax.set_ylim(0, 1)
    ax.legend()
    describe(ax, description)
    return ax


def plot_error_vs_step(h, errors, ax=None, labels=None, *, description):
    """Log-log plot of gradient-check error against the step size h: the "V" (lecture 06).

    ``errors`` is one array per method (e.g. central and forward differences).
    """
    h = as_float_array(h, "h", ndim=1)
    ax = _axes(ax, description)
    errors = [as_float_array(e, "errors", ndim=1) for e in errors]
    for i, e in enumerate(errors):
        _line(ax, h, np.maximum(e, 1e-17), i, label=None if labels is None else labels[i])
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("step size h")
    ax.set_ylabel("max relative error")
    if labels is not None:
        ax.legend()
    ax.grid(True, which="major", alpha=0.3)
    describe(ax, description)
    return ax


def _loss_curve(history, ax, label):
    _line(ax, history.step, history.loss, len(ax.get_lines()), label=label)     # a new style per curve
    ax.set_xlabel("step")
    ax.set_ylabel("mean negative log-likelihood")
    if label is not None:
        ax.legend()


def plot_loss(history, ax=None, label=None, *, description):
    """Training loss per recorded step of a :class:`course_utils.training.History` (lectures 07-08).

    Each curve drawn on the same ``ax`` gets the next line style, marker and colour.
    """
    ax = _axes(ax, description)
    _loss_curve(history, ax, label)
    describe(ax, description)
    return ax


def plot_history(history, axes=None, label=None, *, description):
    """Loss and accuracy curves side by side (train, and validation when recorded) (lecture 08)."""
    check_description(description)
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    ax_loss, ax_acc = axes
    _loss_curve(history, ax_loss, label)
    prefix = "" if label is None else f"{label} "
    _line(ax_acc, history.step, history.accuracy, len(ax_acc.get_lines()), label=f"{prefix}train")
    if history.val_accuracy:
        _line(ax_acc, history.step, history.val_accuracy, len(ax_acc.get_lines()), label=f"{prefix}validation")
    ax_acc.set_xlabel("step")
    ax_acc.set_ylabel("accuracy")
    ax_acc.legend()
    describe(ax_loss, description)
    return axes


def plot_weight_images(W, image_shape=(8, 8), axes=None, *, description):
    """Each class's weights w_k (bias row 0 dropped) drawn as an image (lecture 08).

    Red pixels raise the score a_k of class k, blue ones lower it.
    """
    check_description(description)
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
    describe(axes[0], description)
    return axes


def plot_confusion_matrix(C, ax=None, *, description):
    """Confusion-matrix heat map, every cell annotated: row = true class, column = predicted (lecture 08)."""
    C = as_float_array(C, "C", ndim=2)
    ax = _axes(ax, description, figsize=(4.5, 4))
    ax.imshow(C, cmap="Blues")
    for (i, j), v in np.ndenumerate(C):
        ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                color="white" if v > C.max() / 2 else "black")
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_xticks(range(C.shape[1]))
    ax.set_yticks(range(C.shape[0]))
    describe(ax, description)
    return ax


def plot_decision_regions(W, X, y, ax=None, resolution=200, class_names=None, *, description):
    """Regions argmax_k a_k over the plane, with the 2-D samples on top (lectures 07-08).

    ``X`` holds raw 2-D inputs (N, 2); ``W`` of shape (3, K) has the bias in row 0.  Each class has its
    colour, hatch and marker (:func:`course_utils.figures.class_style`), and the borders are drawn in black,
    so the regions stay apart in grayscale.
    """
    X = as_float_array(X, "X", ndim=2)
    W = as_float_array(W, "W", ndim=2)
    if X.shape[1] != 2 or W.shape[0] != 3:
        raise ValueError(f"X must have shape (N, 2) and W shape (3, K) (bias row first); got {X.shape} and {W.shape}")
    y = as_labels(y, "y", n_samples=X.shape[0], num_classes=W.shape[1])
    ax = _axes(ax, description, figsize=(4.5, 4))
    lo, hi = X.min(axis=0) - 1, X.max(axis=0) + 1
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([np.ones(g0.size), g0.ravel(), g1.ravel()])
    regions = np.argmax(grid @ W, axis=1).reshape(g0.shape)
    K = W.shape[1]
    styles = [class_style(k) for k in range(K)]
    ax.contourf(g0, g1, regions, levels=np.arange(K + 1) - 0.5, colors=[s["color"] for s in styles], alpha=0.3)
    ax.contourf(g0, g1, regions, levels=np.arange(K + 1) - 0.5, colors="none", hatches=[s["hatch"] for s in styles])
    for k in range(K):
        if np.any(regions == k) and not np.all(regions == k):
            ax.contour(g0, g1, (regions == k).astype(float), levels=[0.5], colors="black", linewidths=1)
    names = class_names if class_names is not None else [f"class {k}" for k in range(K)]
    for k, style in enumerate(styles):
        ax.scatter(X[y == k, 0], X[y == k, 1], s=18, facecolors=style["color"], marker=style["marker"],
                   label=names[k], **EDGE)
    ax.legend(fontsize=7, framealpha=0.9)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    describe(ax, description)
    return ax
