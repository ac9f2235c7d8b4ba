"""Gradients of the log-likelihood of softmax regression (lectures 03, 05 and 07).

Forward (lecture 02), per sample j with logits a = W^T x~_j:

    l_j(W) = a_{y_j} - log sum_c exp(a_c) = log sigma_{y_j}(a).

Derivative (chain rule, lecture 03, through the Jacobian of lecture 04):

    d l_j / d a_k   = 1{y_j = k} - sigma_k(a)
    d l_j / d w_k   = (1{y_j = k} - sigma_k) x~_j
                    = (1 - sigma_{y_j}) x~_j   if y_j = k,   -sigma_k x~_j  otherwise.

Summed over samples, in matrix form with Y = one_hot(y, K) and S = softmax(X W):

    grad_W log L = X^T (Y - S)            shape (D, K), like W.

Sign conventions: the ``grad_log_likelihood*`` functions return the gradient
of the log-likelihood (ascent direction, as in the notes); ``loss_and_grad``
returns the mean *negative* log-likelihood and its gradient (descent).
"""

import numpy as np

from ._validation import (
    as_float_array, as_label, check_model_inputs, explain_nonfinite, finite_logits, nonneg_float,
)
from .numerics import softmax


def _nll_and_dA_T(W, X, y):
    """Return ``(-log L, (S - Y)^T)`` with the logits laid out as A^T = W^T X^T, (K, N).

    The same row-max shift as ``log_softmax``, done in place on one fresh
    (K, N) array.  The transposed layout makes every reduction over the K
    classes an element-wise operation across K contiguous rows of length N,
    and lets BLAS run both products in its fastest layout; on MNIST-sized data
    these passes are then a few percent of the two matrix products.
    """
    AT = finite_logits(W.T @ X.T, W, X)          # NaN/inf in X or W, or overflowing logits
    cols = np.arange(AT.shape[1])
    AT -= AT.max(axis=0)
    picked = AT[y, cols]                 # a_{y_j} - m_j
    np.exp(AT, out=AT)
    sums = AT.sum(axis=0)                # sum_c exp(a_c - m_j)
    nll = float(np.log(sums).sum() - picked.sum())
    AT *= 1.0 / sums                     # S^T
    AT[y, cols] -= 1.0                   # (S - Y)^T
    return nll, AT


def grad_log_likelihood(W, X, y):
    """Gradient of the log-likelihood, dW = X^T (Y - S), vectorized (lecture 05).

    Sign convention: ascent direction of log L (the notes maximize log L).

    Parameters
    ----------
    W : ndarray of shape (D, K)
        Weights; column k is w_k.
    X : ndarray of shape (N, D)
        Bias-augmented inputs.
    y : ndarray of int, shape (N,)
        Labels in 0..K-1.

    Returns
    -------
    dW : ndarray of shape (D, K)
        Column k is sum_j (1{y_j = k} - sigma_k(x~_j)) x~_j.

    Examples
    --------
    At W = 0 every sigma_k = 1/K, so dW = X^T (Y - 1/K):

    >>> import numpy as np
    >>> grad_log_likelihood(np.zeros((1, 2)), np.ones((3, 1)), np.array([0, 0, 1]))
    array([[ 0.5, -0.5]])
    """
    W, X, y = check_model_inputs(W, X, y, check_values=False)
    _, GT = _nll_and_dA_T(W, X, y)             # (S - Y)^T, shape (K, N)
    dW = (GT @ X).T                            # X^T (S - Y), shape (D, K)
    np.negative(dW, out=dW)                    # X^T (Y - S)
    if not np.all(np.isfinite(dW)):
        explain_nonfinite(W, X)
    return dW


def grad_log_likelihood_loop(W, X, y):
    """The notes' case formula, one sample and one class at a time (lecture 05).

    A readable oracle, deliberately unvectorized:
    d l_j / d w_k = (1 - sigma_{y_j}) x~_j if y_j = k, and -sigma_k x~_j otherwise.
    Sign convention: ascent direction of log L.  Same parameters, shapes and
    result as :func:`grad_log_likelihood`.

    Examples
    --------
    >>> import numpy as np
    >>> grad_log_likelihood_loop(np.zeros((1, 2)), np.ones((3, 1)), np.array([0, 0, 1]))
    array([[ 0.5, -0.5]])
    """
    W, X, y = check_model_inputs(W, X, y)
    N, K = X.shape[0], W.shape[1]
    dW = np.zeros_like(W)
    for j in range(N):
        sigma = softmax(X[j] @ W)
        for k in range(K):
            if y[j] == k:
                dW[:, k] += (1.0 - sigma[y[j]]) * X[j]
            else:
                dW[:, k] += -sigma[k] * X[j]
    return dW


def grad_log_likelihood_sample(W, x, y):
    """Gradient of one sample's log-likelihood l_j = log sigma_{y}(W^T x~) (lecture 03; SGD in lecture 07).

    dW = x~ (e_y - sigma)^T, an outer product of shape (D, K).  Summing it over
    the samples gives :func:`grad_log_likelihood`.  Sign convention: ascent.

    Parameters
    ----------
    W : ndarray of shape (D, K)
        Weights.
    x : ndarray of shape (D,)
        One bias-augmented input x~.
    y : int
        Its label in 0..K-1.

    Returns
    -------
    dW : ndarray of shape (D, K)

    Examples
    --------
    >>> import numpy as np
    >>> grad_log_likelihood_sample(np.zeros((2, 2)), np.array([1.0, 2.0]), 1)
    array([[-0.5,  0.5],
           [-1. ,  1. ]])
    """
    x = as_float_array(x, "x", ndim=1)
    W, _ = check_model_inputs(W, x[None, :])
    y = as_label(y, "y", W.shape[1])
    r = -softmax(x @ W)
    r[y] += 1.0
    return np.outer(x, r)


def loss_and_grad(W, X, y, l2=0.0):
    """Mean negative log-likelihood (+ l2/2 ||W||^2) and its gradient, in one pass (lectures 05 and 08).

    loss = -(1/N) log L(W) + (l2/2) sum(W**2),
    dW   = -(1/N) X^T (Y - S) + l2 W = (1/N) X^T (S - Y) + l2 W.

    Sign convention: a loss to *minimize*; step ``W -= lr * dW`` (gradient
    descent), which is gradient ascent on the mean log-likelihood.  The
    penalty covers every row of W, the bias row included.

    Parameters
    ----------
    W : ndarray of shape (D, K)
        Weights.
    X : ndarray of shape (N, D)
        Bias-augmented inputs.
    y : ndarray of int, shape (N,)
        Labels in 0..K-1.
    l2 : float, default 0.0
        L2 regularization strength (>= 0).

    Returns
    -------
    loss : float
    dW : ndarray of shape (D, K)

    Examples
    --------
    >>> import numpy as np
    >>> loss, dW = loss_and_grad(np.zeros((1, 4)), np.ones((2, 1)), np.array([0, 3]))
    >>> print(round(loss, 6), round(np.log(4), 6))      # W = 0: loss = log K
    1.386294 1.386294
    """
    W, X, y = check_model_inputs(W, X, y, check_values=False)
    l2 = nonneg_float(l2, "l2")
    N = X.shape[0]
    nll, GT = _nll_and_dA_T(W, X, y)
    dW = (GT @ X).T                            # X^T (S - Y)
    dW *= 1.0 / N
    loss = nll / N
    if l2:
        loss += 0.5 * l2 * float(np.sum(W * W))
        dW += l2 * W
    if not (np.isfinite(loss) and np.all(np.isfinite(dW))):
        explain_nonfinite(W, X)
    return loss, dW
