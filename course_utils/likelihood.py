"""The likelihood of the softmax model and its logarithm (lectures 01 and 02).

For N i.i.d. samples (x~_i, y_i) the model gives P(y = k | x~) = sigma_k(a), with
logits a_k = w_k^T x~, and the likelihood of the weights is the product

    L(W) = prod_i sigma_{y_i}(a(x~_i)).

Each factor is < 1, so for N in the hundreds the product underflows float64 to
exactly 0.  Its logarithm turns the product into a sum that never underflows:

    log L(W) = sum_i [ a_{y_i}(x~_i) - log sum_c exp(a_c(x~_i)) ].
"""

import numpy as np

from ._validation import check_model_inputs, finite_logits
from .numerics import log_softmax, softmax


def likelihood(W, X, y):
    """Likelihood L(W) = prod_i sigma_{y_i}(x~_i), computed as a product (lecture 01).

    Kept literal on purpose: it underflows to 0.0 for large N, which is why
    the course works with :func:`log_likelihood`.

    Parameters
    ----------
    W : ndarray of shape (D, K)
        Weights; column k is w_k (bias in row 0 when X comes from ``add_bias``).
    X : ndarray of shape (N, D)
        Bias-augmented inputs, one row per sample x~_i.
    y : ndarray of int, shape (N,)
        Labels in 0..K-1.

    Returns
    -------
    float
        The probability the model assigns to all N observed labels (higher is better).

    Examples
    --------
    With W = 0 every class has probability 1/K, so L = K**(-N):

    >>> import numpy as np
    >>> X, y = np.ones((400, 1)), np.zeros(400, dtype=int)
    >>> likelihood(np.zeros((1, 10)), X, y)          # 10**-400 underflows
    0.0
    >>> round(log_likelihood(np.zeros((1, 10)), X, y), 4)   # -400 log 10
    -921.034
    """
    W, X, y = check_model_inputs(W, X, y)
    S = softmax(finite_logits(X @ W, W, X))
    return float(np.prod(S[np.arange(len(y)), y]))


def log_likelihood(W, X, y):
    """Log-likelihood log L(W) = sum_i log sigma_{y_i}(x~_i) (lecture 02).

    Sign convention: this is the quantity the notes *maximize* (gradient
    ascent); it is <= 0, and 0 only for a perfect, certain model.  The
    training loss used elsewhere is its negative mean, see
    :func:`course_utils.gradients.loss_and_grad`.

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
    float
        sum_i [a_{y_i} - logsumexp(a_i)], finite for any finite W and X.

    Examples
    --------
    >>> import numpy as np
    >>> ll = log_likelihood(np.zeros((2, 3)), np.ones((5, 2)), np.array([0, 1, 2, 0, 1]))
    >>> print(round(ll, 6), round(-5 * np.log(3), 6))      # W = 0: N log(1/K)
    -5.493061 -5.493061
    """
    W, X, y = check_model_inputs(W, X, y)
    A = finite_logits(X @ W, W, X)
    return float(np.sum(log_softmax(A)[np.arange(len(y)), y]))
