"""A wrong softmax that is another formula of the logits: another exponential, or another denominator.

:func:`forms_message` compares a student's finite softmax with formulas a student may write instead of
e^(a - m) / sum e^(a - m): np.expm1 (e^x - 1), 2^x or 10^x in place of e^x, the logits without any
exponential, and the sigmoid's denominator 1 + sum.  Each is tried shifted by the maximum and not; a
match is stated only when it is exact and differs from the right answer.
"""

import numpy as np

#: Functions a student may use in place of np.exp: (function, words).
EXPONENTIALS = (
    (np.expm1, "np.expm1, which is e^x - 1 (accurate for x near 0), in place of np.exp: the largest term is 0 "
               "instead of 1, and every probability is off"),
    (np.exp2, "2^x (np.exp2 or 2 ** x) in place of e^x"),
    (lambda x: np.power(10.0, x), "10^x in place of e^x"),
    (lambda x: x, "the logits themselves, without the exponential"),
)


def _candidates(a, axis):
    """``(result, words)`` of each other formula, shifted and not."""
    with np.errstate(all="ignore"):
        for shift in (np.max(a, axis=axis, keepdims=True), 0.0):
            z = a - shift
            for g, words in EXPONENTIALS:
                e = g(z)
                yield e / np.sum(e, axis=axis, keepdims=True), f"It uses {words}."
            e = np.exp(z)
            yield (e / np.cumsum(e, axis=axis),
                   "It divides each exponential by a running (cumulative) sum, which for class k adds the classes up "
                   "to k only: the denominator is the sum over ALL the classes, the same number for every class of "
                   "a distribution.")
            if e.ndim == 2:
                yield (e / np.sum(e, axis=0),
                       "It divides by sums over the samples (down each column: Python's built-in sum of a matrix adds "
                       "its rows, as a sum along axis 0 does) instead of over the classes of each distribution: sum "
                       "along the class axis, with keepdims=True.")
            yield (e // np.sum(e, axis=axis, keepdims=True),
                   "It divides with // (floor division), which rounds every quotient DOWN to a whole number: each "
                   "probability below 1 becomes 0. Divide with /.")
            if e.ndim == 2:
                yield (e / np.sum(e),
                       "It divides by the sum of ALL the exponentials of the matrix (a sum without axis=), so the whole "
                       "matrix sums to 1 instead of each distribution: sum along the class axis, with keepdims=True.")
            if e.ndim == 2 and np.ndim(shift):
                other = 1 - (axis % 2)
                yield (e / np.sum(e, axis=other, keepdims=True),
                       f"It takes the maximum along the class axis but divides by sums along the OTHER axis (axis "
                       f"{other}: a fixed axis, such as axis=-1 or axis=1 written out, where `axis` belongs): every "
                       f"reduction of a softmax runs along the same axis, the one given.")
            yield (e / (1.0 + np.sum(e, axis=axis, keepdims=True)),
                   "It divides by 1 + the sum of the exponentials, the denominator of the logistic sigmoid "
                   "1 / (1 + e^-x): softmax divides by the sum alone, so that the K outputs sum to 1.")


def forms_message(a, got, axis=-1):
    """The other formula ``got`` follows on the logits ``a``, or None.

    Parameters
    ----------
    a : ndarray
        The case's logits.
    got : ndarray
        The student's result, of the shape of ``a``.
    axis : int
        The class axis.

    Returns
    -------
    str or None
    """
    a = np.asarray(a, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    if got.shape != a.shape or not np.all(np.isfinite(got)):
        return None
    for candidate, words in _candidates(a, axis):
        if candidate.shape == got.shape and np.all(np.isfinite(candidate)) and \
                np.allclose(got, candidate, rtol=1e-9, atol=1e-15):
            return words
    return None
