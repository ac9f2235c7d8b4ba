"""What a softmax that is wrong only on large (or very negative) logits does: overflow, underflow or clipping.

A softmax without the max shift overflows (inf / inf is NaN) or underflows
(0 / 0); one that clips the logits (``np.clip(a, -500, 500)``) stays finite
but changes the probabilities of every row with a logit beyond the bound.
Each gets its own diagnosis: a result without NaN or inf is never told it
overflowed.  The bounds of a clipping softmax are found by calling it once
more, on a probe of rows [x, x - 1] for x up to 1000 (:data:`PROBE`): at 500,
at 700, at 709 or wherever the student put them.
"""

import numpy as np

from .. import numerics as _numerics
from .call import probe
from .core import Case
from .diagnose import FINGERPRINT_TOL, matches

STABLE = ("Softmax does not change when the same number is subtracted from every logit of a row: "
          "subtract each row's own maximum before exponentiating, so the largest exponential is exactly 1")
#: The probe: rows [x, x - 1] and [1 - x, -x] for x = 1 ... 1000.  A softmax that clips its logits at a
#: bound b leaves the rows within the bound unchanged; the first row it changes gives b exactly.
_X = np.arange(1.0, 1001.0)
PROBE = np.vstack([np.column_stack([_X, _X - 1.0]), np.column_stack([1.0 - _X, -_X])])


def fmt_list(values, k=3):
    """The first ``k`` numbers of ``values``, for a message: "0.25, 0.25, 0.25, ..."."""
    values = np.ravel(values)
    text = ", ".join(f"{v:.4g}" for v in values[:k])
    return text + (", ..." if values.size > k else "")


def _bound(rows):
    """The bound b of a clipping softmax from its results on the probe rows of one sign; inf if no row is
    clipped (or the first changed row is not that of a clipping: the precision lost in subnormal numbers)."""
    ref = _numerics.softmax(np.array([1.0, 0.0]))
    changed = ~np.all(np.abs(rows - ref) <= 1e-9 * ref, axis=1)
    if not changed.any():
        return np.inf
    i = int(np.argmax(changed))
    p = rows[i]
    if not np.all(np.isfinite(p)) or np.min(p) <= 0 or not -1e-9 <= np.log(p[0] / p[1]) < 1 - 1e-3:
        return np.inf
    bound = _X[i] - 1.0 + float(np.log(p[0] / p[1]))
    return float(round(bound)) if abs(bound - round(bound)) < 1e-6 else bound


def _probe_bounds(fn, spec):
    """``(lower, upper)`` bounds of a clipping softmax, from one more call on :data:`PROBE`; None if not clipping."""
    got = probe(fn, spec, Case("a probe of logits from -1000 to 1000", (PROBE.copy(),), None))
    if got is None or got.shape != PROBE.shape:
        return None
    upper, lower = _bound(got[:len(_X)]), _bound(got[len(_X):])
    if upper == lower == np.inf:
        return None
    return -lower, upper


def _where(lower, upper):
    fmt = "{:g}".format
    if upper == -lower:
        return f"at ±{fmt(upper)}"
    if lower == -np.inf:
        return f"from above at {fmt(upper)}"
    if upper == np.inf:
        return f"from below at {fmt(lower)}"
    return f"at {fmt(lower)} and {fmt(upper)}"


def _naive(a, axis):
    with np.errstate(all="ignore"):
        e = np.exp(a)
        return e / e.sum(axis=axis, keepdims=True)


def clipping_message(got, a, axis, fn, spec):
    """The diagnosis of a finite ``got`` that is the softmax of the logits ``a`` clipped, or None.

    The bounds come from probing ``fn`` once more (:data:`PROBE`); the result on ``a`` must then be the
    softmax of ``a`` clipped at those bounds (computed stably or not).
    """
    bounds = _probe_bounds(fn, spec) if fn is not None else None
    if bounds is None:
        return None
    clipped = np.clip(a, *bounds)
    if not any(matches(got, softmax, FINGERPRINT_TOL, 1e-12)
               for softmax in (_numerics.softmax(clipped, axis=axis), _naive(clipped, axis))):
        return None
    return (f"Its values are finite but wrong: you seem to clip the logits {_where(*bounds)} (the result is the "
            f"softmax of the clipped logits). Clipping changes the probabilities; subtracting the row maximum "
            f"does not. {STABLE}.")


def _finite_message(got, kind, expected):
    row = got if got.ndim == 1 else got[int(np.argmax(np.max(np.abs(got - expected), axis=-1)))]
    ref = expected if got.ndim == 1 else expected[int(np.argmax(np.max(np.abs(got - expected), axis=-1)))]
    size = "large" if kind == "large" else "very negative"
    return (f"Its values are finite (no NaN or inf) but wrong for {size} logits (got {fmt_list(row)} where "
            f"{fmt_list(ref)} is expected): something changes the probabilities when the logits are {size}, "
            f"such as clipping or rescaling them, or replacing NaN or inf by numbers. {STABLE}.")


def _min_shift(fn, spec):
    """" It shifts by the minimum ..." if the function overflows on [700, 0, -10] (largest exponent 710 when shifted by
    the minimum; 700 unshifted) but not on [700, 0, -5] (705), else ""."""
    if fn is None:
        return ""
    outs = [probe(fn, spec, Case("probe", (np.array(row),), None)) for row in ([700.0, 0.0, -10.0], [700.0, 0.0, -5.0])]
    if any(o is None for o in outs) or np.all(np.isfinite(outs[0])) or not np.all(np.isfinite(outs[1])):
        return ""
    return (" It overflows on the logits [700, 0, -10], whose exponentials are all finite (e^700 is about 1e304), but "
            "not on [700, 0, -5]: it exponentiates the logits minus the SMALLEST one (710 above the minimum "
            "overflows, 705 does not), the shift that makes the exponents as large as possible.")


def overflow_explain(a, kind, axis=-1, fn=None, spec=None):
    """``explain(got)`` for logits near +1000 (``kind="large"``) or -1000 (``"small"``)."""
    expected = _numerics.softmax(a, axis=axis)

    def explain(got):
        finite = bool(np.all(np.isfinite(got)))
        underflow = kind == "small" and bool(np.any((got == 0) & (expected > 0)))
        if not finite or underflow:
            if kind == "large":
                what = ("the exponentials of logits near 1000 overflow to inf (float64 overflows above "
                        "about e^709), and inf / inf is NaN")
            else:
                what = ("the exponentials of logits near -1000 all underflow to 0, and 0 / 0 is NaN "
                        "(or the result is 0 where a probability is expected)")
            status = "it returned NaN or inf" if not finite else "it returned 0 where a probability is expected"
            shift = _min_shift(fn, spec) if kind == "large" and not finite else ""
            return (f"Numerical {'overflow' if kind == 'large' else 'underflow'}: {status} because {what}.{shift} "
                    f"{STABLE}.")
        message = clipping_message(got, a, axis, fn, spec)
        zero = np.all(got == 0, axis=axis) & np.any(expected > 0, axis=axis)
        if message is None and kind == "large" and np.any(zero):
            message = ("Its values are finite (no NaN or inf), but every probability of a row with large logits is 0: "
                       "an exponential overflowed to inf inside (float64 overflows above about e^709). A number "
                       "divided by inf, or e to the power of minus inf (a logit minus the log of an infinite sum), is "
                       f"0; so is NaN (inf / inf) replaced by a number, as np.nan_to_num does. {STABLE}.")
        return message or _finite_message(got, kind, expected)

    return explain


def global_max_explain(A, big_row, small_row, fn=None, spec=None):
    """``explain(got)`` for rows of very different scale: one global maximum, else as :func:`overflow_explain`."""
    ref = _numerics.softmax(A)
    fallback = overflow_explain(A, "large", fn=fn, spec=spec)

    def explain(got):
        ok = [np.allclose(got[i], ref[i], rtol=1e-8, atol=1e-12) for i in range(A.shape[0])]
        if ok[big_row] and not ok[small_row]:
            return ("The row with logits near 1000 is right but the row near 0 is not "
                    f"(got {fmt_list(got[small_row])}): you seem to shift all logits by ONE global "
                    "maximum over the whole matrix, so rows far below it underflow to 0 / 0. Shift "
                    "each row by its own maximum (a maximum along the class axis).")
        return fallback(got)

    return explain
