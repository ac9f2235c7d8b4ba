"""What a softmax wrong on ordinary logits computed instead: logits capped, shifted or scaled, or -inf mishandled.

The student's probabilities give back the logits they are the softmax of, log(p), up to one number per
distribution.  :func:`capped_message` finds logits capped at a number (the value of `axis`, when np.maximum
or np.minimum was given the axis), :func:`shift_message` a shift that differs along the class axis (a maximum
along the other axis) or a rescaling; :func:`neg_inf_explain` explains a result wrong on -inf logits.
"""

import numpy as np

from .. import numerics as _numerics
from .diagnose import FINGERPRINT_TOL, matches
from .softmax_explain import STABLE


def _capped(a, got, axis, upper):
    """The bound c if ``got`` is the softmax of ``a`` capped from above (``upper``) or below at c, else None."""
    with np.errstate(all="ignore"):
        b = np.log(got)
    if not np.all(np.isfinite(b)) or not np.all(np.isfinite(a)):
        return None
    A, B = np.moveaxis(np.atleast_1d(a), axis, -1).reshape(-1, a.shape[axis]), \
        np.moveaxis(np.atleast_1d(b), axis, -1).reshape(-1, a.shape[axis])
    rows = np.arange(len(A))
    keep = np.argmin(A, axis=1) if upper else np.argmax(A, axis=1)
    r = (B - A)[rows, keep]
    moved = B - r[:, None]
    c = float(np.max(moved) if upper else np.min(moved))
    if (upper and c >= np.max(A) - 1e-9) or (not upper and c <= np.min(A) + 1e-9):
        return None
    candidate = _numerics.softmax(np.minimum(a, c) if upper else np.maximum(a, c), axis=axis)
    if matches(candidate, _numerics.softmax(a, axis=axis), 1e-3, 1e-12):     # a cap that changes next to nothing
        return None
    return c if matches(got, candidate, FINGERPRINT_TOL, 1e-12) else None


def capped_message(a, got, axis_value, axis=-1):
    """The diagnosis of a softmax of logits capped at a number.

    Parameters
    ----------
    a : ndarray
        The case's logits.
    got : ndarray
        The student's probabilities.
    axis_value : int
        The `axis` the case passed (or -1): a cap at that value means np.maximum (np.minimum) was given it.
    axis : int
        The class axis.

    Returns
    -------
    str or None
        The bound and its side, or None.
    """
    for upper, word, ufunc, side in ((True, "above", "np.maximum", "larger"), (False, "below", "np.minimum", "smaller")):
        c = _capped(np.asarray(a, dtype=np.float64), np.asarray(got, dtype=np.float64), axis, upper)
        if c is None:
            continue
        bound = f"{c:g}" if abs(c - round(c)) > 1e-9 else f"{round(c)}"
        if abs(c - axis_value) < 1e-9:
            return (f"Its result is the softmax of the logits capped from {word} at {bound}, the value of `axis`: every "
                    f"logit {word} {bound} counts as {bound}. {ufunc}(a, axis) is the elementwise {side} of a and the "
                    f"NUMBER axis, not a maximum along an axis; the maximum along the class axis is np.max, given "
                    f"axis=axis and keepdims=True.")
        return (f"Its result is the softmax of the logits capped from {word} at {bound}: every logit {word} {bound} "
                f"counts as {bound}. The logits must enter as they are. {STABLE}.")
    return None


def neg_inf_explain(got):
    """The diagnosis of a softmax wrong on logits that hold -inf (probability 0)."""
    if np.isnan(got).any():
        return ("It returned NaN on rows that hold a -inf logit (a class of probability 0): something there "
                "computes -inf - (-inf), 0 * inf or inf / inf, such as a shift by the row's minimum or mean. "
                "Shifted by its row's maximum, a -inf logit stays -inf and its exponential is exactly 0: no special "
                "case is needed.")
    return ("It is wrong on rows that hold a -inf logit: such a class has probability exactly 0 and the others the "
            "probabilities they would have without it. Are the -inf logits replaced by numbers, or clipped?")


def shift_message(a, got, axis=-1):
    """A softmax of logits shifted by an amount that differs along the class axis (a maximum along the other axis),
    or scaled by a factor: read off the implied logits, log(got) up to one number per distribution."""
    a, got = np.asarray(a, dtype=np.float64), np.asarray(got, dtype=np.float64)
    if a.ndim not in (1, 2) or got.shape != a.shape or np.any(got <= 0) or not np.all(np.isfinite(a)):
        return None
    A, B = np.atleast_2d(np.moveaxis(a, axis, -1)), np.atleast_2d(np.moveaxis(np.log(got), axis, -1))
    d = A - B
    d = d - d.mean(axis=-1, keepdims=True)               # the shift of each entry, up to one number per row
    if np.allclose(d, 0.0, atol=1e-9):
        return None
    other = A.max(axis=0, keepdims=True)
    if a.ndim == 2 and np.allclose(d, np.broadcast_to(other - other.mean(axis=-1, keepdims=True), d.shape), atol=1e-8):
        return ("Its result is the softmax of logits shifted by a different number in each column: the maximum is "
                "taken along the other axis (one maximum per column), not along the class axis. The shift must be "
                "one number per distribution, its own maximum: take the maximum along `axis`, with keepdims=True.")
    centered = A - A.mean(axis=-1, keepdims=True)
    slope = float(np.sum(centered * (B - B.mean(axis=-1, keepdims=True))) / np.sum(centered ** 2))
    if abs(slope - 1) > 1e-6 and np.allclose(B - B.mean(axis=-1, keepdims=True), slope * centered, atol=1e-8):
        if abs(slope + 1) <= 1e-6:
            return ("Its result is the softmax of the NEGATED logits, -a: the sign is flipped, as e^(m - a) (the shift "
                    "written backwards) gives, where e^(a - m) belongs. The largest logit must get the largest "
                    "probability.")
        for value, what in ((np.max(np.abs(A)), "largest magnitude"), (np.max(A), "largest logit")):
            if value and abs(slope * value - 1) <= 1e-6:
                return (f"Its result is the softmax of the logits DIVIDED by their {what}, {value:.4g}: the shift "
                        f"subtracts the maximum (a - m), it does not divide by it. Dividing changes the probabilities; "
                        f"subtracting one number from every logit of a row does not.")
        return (f"Its result is the softmax of the logits multiplied by {slope:.4g}: the logits enter the "
                f"exponential as they are (minus their row's maximum), not rescaled.")
    return None
