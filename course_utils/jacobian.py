"""The Jacobian of softmax and its product with a vector (lecture 04).

With sigma = softmax(a), the quotient rule on sigma_k = exp(a_k) / sum_c exp(a_c) gives

    d sigma_k / d a_k' = sigma_k (1 - sigma_k)   if k = k',
                       = -sigma_k sigma_k'       if k != k',

that is J = diag(sigma) - sigma sigma^T: symmetric, each row summing to 0
(probabilities still sum to 1 after any change of a), positive semi-definite
with rank K - 1 (the direction (1, ..., 1) is its null space).
"""

import numpy as np

from ._validation import as_float_array


def _as_probabilities(s, name="s"):
    s = as_float_array(s, name, ndim=(1, 2))
    if np.any(s < 0) or np.any(s > 1):
        raise ValueError(
            f"{name} must hold probabilities in [0, 1] (softmax outputs, not logits); "
            f"got values from {s.min():.6g} to {s.max():.6g}"
        )
    sums = s.sum(axis=-1)
    if not np.allclose(sums, 1.0, rtol=0, atol=1e-6):
        worst = sums.flat[np.argmax(np.abs(sums - 1.0))]
        raise ValueError(
            f"{name} must sum to 1 along its last axis (softmax outputs, not logits); "
            f"got a row summing to {worst:.6g}"
        )
    return s


def softmax_jacobian(s):
    """Jacobian J = diag(sigma) - sigma sigma^T of softmax at probabilities s (lecture 04).

    Forward: sigma = softmax(a).  Derivative: J[i, k] = d sigma_i / d a_k =
    sigma_i (1{i = k} - sigma_k).  It takes the *probabilities*, not the
    logits, because the derivative is most simply written in terms of them.

    Parameters
    ----------
    s : ndarray of shape (K,) or (N, K)
        Softmax probabilities of one sample or of N samples (rows sum to 1).

    Returns
    -------
    J : ndarray of shape (K, K) or (N, K, K)
        One Jacobian per sample.

    Examples
    --------
    >>> softmax_jacobian([0.5, 0.5])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    s = _as_probabilities(s)
    diag = np.zeros(s.shape + (s.shape[-1],))
    idx = np.arange(s.shape[-1])
    diag[..., idx, idx] = s
    return diag - s[..., :, None] * s[..., None, :]


def softmax_jvp(s, v):
    """Jacobian-vector product J v = sigma * (v - sigma . v) without forming J (lecture 04).

    Costs O(K) per sample instead of the O(K^2) of ``softmax_jacobian(s) @ v``.
    As J is symmetric this is also the vector-Jacobian product v^T J used by
    backpropagation.

    Parameters
    ----------
    s : ndarray of shape (K,) or (N, K)
        Softmax probabilities.
    v : ndarray, same shape as ``s``
        The direction (one per sample).

    Returns
    -------
    ndarray, same shape as ``s``

    Examples
    --------
    >>> softmax_jvp([0.5, 0.5], [1.0, 1.0])      # a uniform shift changes nothing
    array([0., 0.])
    """
    s = _as_probabilities(s)
    v = as_float_array(v, "v", ndim=s.ndim)
    if v.shape != s.shape:
        raise ValueError(f"v must have the shape of s, {s.shape}; got {v.shape}")
    return s * (v - np.sum(s * v, axis=-1, keepdims=True))
