"""Training softmax regression: full-batch ascent, minibatch SGD, and L-BFGS (lectures 07-08).

All three minimize the same objective, the mean negative log-likelihood plus
an optional L2 penalty, ``loss_and_grad`` (equivalently: they *ascend* the
mean log-likelihood, as the notes do).  Each returns the weights and a
:class:`History` of the loss and accuracy.
"""

from dataclasses import dataclass, field

import numpy as np

from ._validation import (
    as_float_array, as_num_classes, check_model_inputs, nonneg_float, positive_float, positive_int,
)
from .gradients import loss_and_grad
from .metrics import accuracy


@dataclass
class History:
    """What a trainer measured: one entry per recorded step (or epoch).

    ``loss`` is the training objective of ``loss_and_grad`` (mean negative
    log-likelihood + penalty; lower is better); ``accuracy`` the training
    accuracy; ``val_accuracy`` the accuracy on the validation data, if given.
    """

    step: list = field(default_factory=list)
    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)

    def record(self, step, W, X, y, l2, validation, loss=None):
        self.step.append(step)
        self.loss.append(loss_and_grad(W, X, y, l2)[0] if loss is None else loss)
        self.accuracy.append(accuracy(W, X, y))
        if validation is not None:
            self.val_accuracy.append(accuracy(W, *validation))


def _prepare(X, y, num_classes, l2, W0, validation):
    K = as_num_classes(num_classes)
    X = as_float_array(X, "X", ndim=2)
    W = np.zeros((X.shape[1], K)) if W0 is None else as_float_array(W0, "W0", ndim=2).copy()
    if W.shape != (X.shape[1], K):
        raise ValueError(f"W0 must have shape (D, K) = {(X.shape[1], K)}; got {W.shape}")
    _, X, y = check_model_inputs(W, X, y)
    if validation is not None:
        if not isinstance(validation, tuple) or len(validation) != 2:
            raise ValueError("validation must be a tuple (X_val, y_val); got " + type(validation).__name__)
        X_val = as_float_array(validation[0], "X_val", ndim=2)
        if X_val.shape[1] != X.shape[1]:
            raise ValueError(f"X_val must have the D = {X.shape[1]} columns of X; got shape {X_val.shape}")
        validation = check_model_inputs(W, X_val, validation[1])[1:]
    return W, X, y, nonneg_float(l2, "l2"), validation


def gradient_ascent(X, y, num_classes, lr=0.5, steps=100, l2=0.0, W0=None, validation=None):
    """Full-batch gradient ascent on the mean log-likelihood (lecture 07).

    Each step is W <- W - lr * dW with ``loss, dW = loss_and_grad(W, X, y, l2)``:
    descent on the loss, i.e. ascent on (1/N) log L.

    Parameters
    ----------
    X : ndarray of shape (N, D)
        Bias-augmented inputs.
    y : ndarray of int, shape (N,)
    num_classes : int
        K.
    lr : float, default 0.5
        Learning rate (> 0).
    steps : int, default 100
    l2 : float, default 0.0
    W0 : ndarray of shape (D, K), optional
        Starting weights (zeros by default); not modified.
    validation : tuple (X_val, y_val), optional

    Returns
    -------
    W : ndarray of shape (D, K)
    history : History
        Recorded before the first step and after each step.
    """
    W, X, y, l2, validation = _prepare(X, y, num_classes, l2, W0, validation)
    lr, steps = positive_float(lr, "lr"), positive_int(steps, "steps")
    history = History()
    history.record(0, W, X, y, l2, validation)
    for t in range(1, steps + 1):
        W -= lr * loss_and_grad(W, X, y, l2)[1]
        history.record(t, W, X, y, l2, validation)
    return W, history


def sgd(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, l2=0.0, seed=0, W0=None, validation=None):
    """Minibatch stochastic gradient descent on the mean negative log-likelihood (lecture 07).

    Every epoch visits the samples in a fresh order drawn from
    ``numpy.random.default_rng(seed)``, in batches of ``batch_size``, stepping
    W <- W - lr * dW with the batch's ``loss_and_grad``.  ``batch_size=1`` is
    plain SGD on single samples; ``batch_size=N`` is full-batch ascent.

    Parameters
    ----------
    X, y, num_classes, l2, W0, validation
        As in :func:`gradient_ascent`.
    lr : float, default 0.1
        The step size, >= 0 (lr = 0 leaves W at W0).
    epochs : int, default 10
    batch_size : int, default 32
    seed : int, default 0

    Returns
    -------
    W : ndarray of shape (D, K)
    history : History
        Recorded before training and after each epoch (``step`` = epoch).
    """
    W, X, y, l2, validation = _prepare(X, y, num_classes, l2, W0, validation)
    lr, epochs = nonneg_float(lr, "lr"), positive_int(epochs, "epochs")     # lr = 0: W stays W0
    batch_size = positive_int(batch_size, "batch_size")
    rng = np.random.default_rng(seed)
    history = History()
    history.record(0, W, X, y, l2, validation)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(X.shape[0])
        for start in range(0, X.shape[0], batch_size):
            batch = order[start:start + batch_size]
            W -= lr * loss_and_grad(W, X[batch], y[batch], l2)[1]
        history.record(epoch, W, X, y, l2, validation)
    return W, history


def train_sgd(X, y, num_classes, lr=0.1, epochs=10, batch_size=32, seed=0):
    """Minibatch SGD returning only W: the contract of homework 3's ``train_sgd`` (lecture 07).

    The same algorithm as :func:`sgd`: start from W = 0 of shape (D, K); in
    every epoch shuffle the sample indices with a generator created once from
    ``seed`` (``numpy.random.default_rng(seed)``), split them into consecutive
    batches of ``batch_size`` (the last may be smaller), and for each batch step
    W <- W + lr * (gradient of the batch's MEAN log-likelihood), i.e. descent
    on the mean negative log-likelihood.  Checked by
    :func:`course_utils.checks.check_train_sgd`.

    Parameters
    ----------
    X : ndarray of shape (N, D)
        Bias-augmented inputs.
    y : ndarray of int, shape (N,)
    num_classes : int
        K.
    lr : float, default 0.1
        The step size, >= 0 (with 0 the weights stay 0).
    epochs : int, default 10
    batch_size : int, default 32
    seed : int, default 0
        The same seed gives the same W.

    Returns
    -------
    W : ndarray of shape (D, K)

    Examples
    --------
    >>> from course_utils import make_blobs_2d, add_bias
    >>> X, y = make_blobs_2d(n_per_class=30, num_classes=3, seed=0)
    >>> W = train_sgd(add_bias(X), y, 3, lr=0.1, epochs=5, batch_size=8, seed=0)
    >>> W.shape, accuracy(W, add_bias(X), y) > 0.9
    ((3, 3), True)
    """
    return sgd(X, y, num_classes, lr=lr, epochs=epochs, batch_size=batch_size, seed=seed)[0]


def fit_lbfgs(X, y, num_classes, l2=1e-3, max_iter=200, tol=1e-6, W0=None, validation=None):
    """Quasi-Newton (L-BFGS) minimization of ``loss_and_grad`` with SciPy (lecture 08; previewed in 07).

    The fastest way to the optimum of this smooth, convex objective: each
    iteration costs one ``loss_and_grad`` evaluation (rarely more).

    Parameters
    ----------
    X, y, num_classes, l2, W0, validation
        As in :func:`gradient_ascent` (here ``l2`` defaults to 1e-3 so the
        optimum exists even for separable data).
    max_iter : int, default 200
    tol : float, default 1e-6
        Stop when the largest entry of the projected gradient falls below it.

    Returns
    -------
    W : ndarray of shape (D, K)
    history : History
        Recorded before the first and after each iteration.
    """
    from scipy.optimize import minimize

    W, X, y, l2, validation = _prepare(X, y, num_classes, l2, W0, validation)
    max_iter, tol = positive_int(max_iter, "max_iter"), positive_float(tol, "tol")
    shape = W.shape
    history = History()
    history.record(0, W, X, y, l2, validation)

    last = {}

    def fun(w):
        loss, dW = loss_and_grad(w.reshape(shape), X, y, l2)
        last["w"], last["loss"] = w.copy(), loss
        return loss, dW.ravel()

    def callback(w):
        # the accepted point is almost always the last one evaluated: reuse its loss
        loss = last["loss"] if np.array_equal(w, last.get("w")) else None
        history.record(len(history.step), w.reshape(shape), X, y, l2, validation, loss=loss)

    result = minimize(fun, W.ravel(), jac=True, method="L-BFGS-B", callback=callback,
                      options={"maxiter": max_iter, "gtol": tol})
    return result.x.reshape(shape), history
