"""Finite-difference gradients and the gradient check (lecture 06).

Central differences approximate each partial derivative with error O(h^2):

    df/dW[i, k] ~ (f(W + h E_ik) - f(W - h E_ik)) / (2 h),

while rounding adds an error of order eps * |f| / h (eps ~ 1e-16 in float64).
The total is smallest near h ~ 1e-5 and forms the "V" plotted in lecture 06.
Forward differences (f(W + h E) - f(W)) / h are only O(h) accurate.
"""

from dataclasses import dataclass

import numpy as np

from ._validation import as_float_array, positive_float

#: Thresholds on the max relative error (float64, central differences, h = 1e-5).
PASS_THRESHOLD = 1e-6      # below: the analytic gradient is right
FAIL_THRESHOLD = 1e-3      # above: it is wrong; in between: inspect (kinks, float32)
#: Smallest denominator of the relative error: where both gradients are exactly 0 the error
#: is 0 (not 0/0), and entries smaller than this are compared as absolute differences / ZERO_FLOOR.
ZERO_FLOOR = 1e-8
#: In :func:`gradient_check`, entries smaller than this fraction of the gradient's largest entry
#: are measured against that scale: finite-difference noise (~1e-10 absolute) on a tiny entry of
#: an otherwise large gradient is not a wrong derivative.
SCALE_FLOOR = 1e-3


def _scalar(value):
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(())[()]
    if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, bool):
        raise ValueError(f"f must return a real scalar; got {type(value).__name__}")
    if not np.isfinite(value):
        raise ValueError(f"f must return a finite scalar; got {value}")
    return float(value)


def numerical_gradient(f, W, h=1e-5):
    """Central-difference gradient of a scalar function f at W, in float64 (lecture 06).

    Each entry is perturbed in turn on a private float64 copy, so ``W`` is
    never changed, even if ``f`` raises.

    Parameters
    ----------
    f : callable
        ``f(W)`` returns a real scalar, e.g. ``lambda W: log_likelihood(W, X, y)``.
    W : ndarray of any shape
        The point at which to differentiate.
    h : float, default 1e-5
        Step size (> 0).

    Returns
    -------
    ndarray of float64, same shape as ``W``
        Same sign convention as ``f`` (the gradient of log L is the ascent direction).

    Examples
    --------
    >>> import numpy as np
    >>> g = numerical_gradient(lambda W: float(np.sum(W ** 2)), np.array([1.0, -2.0]))
    >>> np.round(g, 8)
    array([ 2., -4.])
    """
    h = positive_float(h, "h")
    W = as_float_array(W, "W")
    Wp = W.copy()
    grad = np.empty_like(Wp)
    flat, gflat = Wp.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        f_plus = _scalar(f(Wp))
        flat[i] = old - h
        f_minus = _scalar(f(Wp))
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a, b, floor=ZERO_FLOOR):
    """Elementwise |a - b| / max(|a|, |b|, floor): scale-free, and 0 where both are ~0.

    Examples
    --------
    >>> relative_error([1.0, 0.0], [1.001, 0.0]).round(6)
    array([0.000999, 0.      ])
    """
    a = as_float_array(a, "a", allow_empty=True)
    b = as_float_array(b, "b", allow_empty=True)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


@dataclass(frozen=True)
class GradCheckResult:
    """Outcome of :func:`gradient_check`.

    ``status`` is "pass" (max_rel_error <= PASS_THRESHOLD), "inspect"
    (<= FAIL_THRESHOLD) or "fail"; ``worst_index`` locates the largest error.
    """

    max_rel_error: float
    passed: bool
    status: str
    worst_index: tuple

    def __str__(self):
        return f"gradient check {self.status}: max relative error {self.max_rel_error:.2e} at index {self.worst_index}"


def gradient_check(f, grad, W, h=1e-5):
    """Compare an analytic gradient with central differences (lecture 06).

    Parameters
    ----------
    f : callable
        Scalar function of W.
    grad : ndarray, same shape as ``W``
        The analytic gradient of ``f`` at ``W`` (same sign convention as ``f``).
    W : ndarray
        The point of comparison; not modified.
    h : float, default 1e-5

    Returns
    -------
    GradCheckResult
        ``passed`` is True when the max relative error is at most ``PASS_THRESHOLD``.
        The error of each entry is ``relative_error`` with the floor
        ``max(ZERO_FLOOR, SCALE_FLOOR * max|numerical|)``, so tiny entries of a
        large gradient are judged on the gradient's scale.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([1.0, -2.0])
    >>> gradient_check(lambda W: float(np.sum(W ** 2)), 2 * W, W).passed
    True
    >>> gradient_check(lambda W: float(np.sum(W ** 2)), W, W).status   # forgot the 2
    'fail'
    """
    W = as_float_array(W, "W")
    grad = as_float_array(grad, "grad")
    if grad.shape != W.shape:
        raise ValueError(f"grad must have the shape of W, {W.shape}; got {grad.shape}")
    numerical = numerical_gradient(f, W, h=h)
    floor = max(ZERO_FLOOR, SCALE_FLOOR * float(np.max(np.abs(numerical))))
    rel = relative_error(grad, numerical, floor=floor)
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(rel)), rel.shape))
    err = float(rel.max())
    status = "pass" if err <= PASS_THRESHOLD else "inspect" if err <= FAIL_THRESHOLD else "fail"
    return GradCheckResult(err, status == "pass", status, worst)
