"""Numerically stable log-sum-exp, softmax and log-softmax; one-hot labels; the bias trick.

The softmax of a logit vector a = (a_0, ..., a_{K-1}) is

    sigma_k(a) = exp(a_k) / sum_c exp(a_c).

Computed literally, ``exp(1000)`` overflows to ``inf`` and the ratio becomes
``inf / inf = nan``.  Softmax does not change when the same number m is subtracted
from every logit, sigma(a - m) = sigma(a), so we shift each row by its own maximum m = max_c a_c:
then every exponent is <= 0, the largest term is exactly exp(0) = 1, and

    log sum_c exp(a_c) = m + log sum_c exp(a_c - m)          (log-sum-exp)
    log sigma_k(a)     = (a_k - m) - log sum_c exp(a_c - m)   (log-softmax)

are exact and finite for any finite logits.  Derived in lecture 02
(``notebooks/02_log_likelihood.ipynb``); the bias trick and one-hot labels in
lecture 01.
"""

import numbers

import numpy as np

from ._validation import as_float_array, as_labels, as_num_classes


def _check_axis(axis, ndim):
    if ndim == 0:
        raise ValueError("a must have at least one axis (the K classes); got a scalar")
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise ValueError(f"axis must be an integer in [-{ndim}, {ndim - 1}]; got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis must be an integer in [-{ndim}, {ndim - 1}]; got {axis}")
    return int(axis)


def _shifted_logits(a, axis):
    """Return ``(a - m, m)`` with m the max along ``axis`` (0 where a row is all -inf)."""
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return a - m, m


def _require_finite_entry(a, axis, name):
    if not np.all(np.any(np.isfinite(a), axis=axis)):
        raise ValueError(
            f"{name} must have at least one finite logit along axis {axis} "
            "(a row of all -inf has no probability distribution); got such a row"
        )


def logsumexp(a, axis=-1, keepdims=False):
    """Stable ``log(sum(exp(a), axis))``, shifted by the row maximum (lecture 02).

    Parameters
    ----------
    a : array_like of shape (..., K)
        Logits. ``-inf`` entries are allowed (they contribute exp(-inf) = 0);
        NaN and ``+inf`` raise ``ValueError``.
    axis : int, default -1
        The axis summed over (the class axis).
    keepdims : bool, default False
        Keep the reduced axis with length 1.

    Returns
    -------
    ndarray of float64
        ``a`` reduced along ``axis``; ``-inf`` for a row that is entirely ``-inf``.

    Examples
    --------
    The naive formula overflows, the shifted one does not:

    >>> import numpy as np
    >>> with np.errstate(over="ignore"):
    ...     print(np.log(np.sum(np.exp(np.array([1000.0, 1000.0])))))
    inf
    >>> print(logsumexp([1000.0, 1000.0]))   # 1000 + log 2
    1000.6931471805599
    """
    a = as_float_array(a, "a", allow_neg_inf=True)
    axis = _check_axis(axis, a.ndim)
    z, m = _shifted_logits(a, axis)
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def softmax(a, axis=-1):
    """Softmax sigma_k(a) = exp(a_k - m) / sum_c exp(a_c - m), m = row max (lectures 01-02).

    Parameters
    ----------
    a : array_like of shape (..., K)
        Logits, e.g. ``A = X @ W`` of shape (N, K). ``-inf`` means probability 0;
        each row needs at least one finite entry.
    axis : int, default -1
        The class axis, normalized to sum to 1.

    Returns
    -------
    ndarray of float64, same shape as ``a``
        Probabilities in [0, 1] summing to 1 along ``axis``.

    Examples
    --------
    >>> import numpy as np
    >>> softmax(np.array([1000.0, 1.0]))     # naive exp(1000) is inf -> nan
    array([1., 0.])
    >>> softmax(np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    """
    a = as_float_array(a, "a", allow_neg_inf=True)
    axis = _check_axis(axis, a.ndim)
    _require_finite_entry(a, axis, "a")
    e = np.exp(_shifted_logits(a, axis)[0])
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(a, axis=-1):
    """Log-softmax log sigma_k(a) = (a_k - m) - log sum_c exp(a_c - m) (lecture 02).

    Exact where ``np.log(softmax(a))`` would give ``log(0) = -inf`` for tiny
    probabilities: ``log_softmax([0, -1000])`` is ``[0, -1000]``.

    Parameters
    ----------
    a : array_like of shape (..., K)
        Logits; ``-inf`` allowed, each row needs a finite entry.
    axis : int, default -1
        The class axis.

    Returns
    -------
    ndarray of float64, same shape as ``a``
        Log-probabilities (<= 0); ``-inf`` exactly where ``a`` is ``-inf``.

    Examples
    --------
    >>> log_softmax([0.0, -1000.0])
    array([    0., -1000.])
    """
    a = as_float_array(a, "a", allow_neg_inf=True)
    axis = _check_axis(axis, a.ndim)
    _require_finite_entry(a, axis, "a")
    z, _ = _shifted_logits(a, axis)
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


def one_hot(y, num_classes):
    """One-hot matrix Y with Y[i, k] = 1{y_i = k} (lectures 01 and 03: the indicator 1{y = k}).

    Parameters
    ----------
    y : array_like of int, shape (N,)
        Labels in 0..K-1.
    num_classes : int
        K, the number of classes.

    Returns
    -------
    Y : ndarray of float64, shape (N, K)

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    K = as_num_classes(num_classes)
    y = as_labels(y, "y", num_classes=K)
    Y = np.zeros((y.shape[0], K))
    Y[np.arange(y.shape[0]), y] = 1.0
    return Y


def add_bias(X):
    """Bias trick x -> x~ = (1, x): prepend a column of ones (lecture 01).

    With x~ and w~_k = (b_k, w_k), the affine score w_k^T x + b_k becomes the
    linear score a_k = w~_k^T x~, so ``W`` of shape (D, K) holds the biases in
    its first row and D counts the bias column.

    Parameters
    ----------
    X : array_like of shape (N, D - 1) or (D - 1,)
        Raw inputs (one sample may be given as a vector).

    Returns
    -------
    ndarray of float64, shape (N, D) or (D,)
        A new array; ``X`` is not modified.

    Examples
    --------
    >>> add_bias([[2.0, 3.0]])
    array([[1., 2., 3.]])
    """
    X = as_float_array(X, "X", ndim=(1, 2))
    ones = np.ones(X.shape[:-1] + (1,))
    return np.concatenate([ones, X], axis=-1)
