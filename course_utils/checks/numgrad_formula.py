"""What a numerical gradient computed from the right points, read off the values f returned at them.

When every entry was moved by +h and by -h (:meth:`course_utils.checks.numgrad_log.Evaluations.central`), the
values f returned there are known, and so is what the student's result should be made of.  :func:`formula_message`
compares the result with them, entry by entry: the number the difference f(W + h) - f(W - h) was divided by
(read off as difference / result, the same for every entry), its absolute value, a second difference (with f(W)),
a number added to every entry, a value of f at another entry's point (read off as f(W + h) - 2h x result), or
the right quotients stored at other entries.  Each is said only if it reproduces every entry.
"""

import numpy as np

from .core import fmt_num
from .numgrad_log import where

#: Relative tolerance of "the result is this formula of the logged values".
TOL = 1e-6
#: The step a student writes out in the denominator instead of h (the default of h).
WRITTEN_STEP = 1e-5


def _constant(x):
    """The common value of the entries of ``x`` (all finite and equal up to TOL), else None."""
    x = np.asarray(x, dtype=np.float64).ravel()
    if x.size == 0 or not np.all(np.isfinite(x)) or x[0] == 0 or np.any(np.abs(x - x[0]) > TOL * abs(x[0])):
        return None
    return float(x[0])


def _nice(ratio):
    """``ratio`` as a short number (2, 0.5, -2 ...) if it is one, else None."""
    for k in (1, 2, 3, 4, 8, 10, 0.5, 0.25, 0.1):
        for s in (1, -1):
            if abs(ratio - s * k) <= TOL * k:
                return f"{s * k:g}"
    return None


def denominator_message(D, h):
    """The diagnosis of f(W + h) - f(W - h) divided by ``D`` instead of 2h."""
    k = D / h
    if abs(k + 2) <= TOL * 2:
        return "Sign error: it is the gradient of -f. Subtract f at W - h from f at W + h, in this order."
    if abs(D * h - 2) <= TOL * 2:
        return ("It is h^2 times the right value: `/ 2 * h` divides by 2 and then MULTIPLIES by h. Write the "
                "denominator in parentheses: / (2 * h).")
    if abs(D - 1) <= TOL:
        return (f"Its points are right (each entry moved by +h and by -h, h = {fmt_num(h)}), but the difference "
                f"f(W + h) - f(W - h) is not divided by anything: divide it by 2h, the distance between the points.")
    said = f"{_nice(k)}h = {fmt_num(D, 3)}" if _nice(k) else fmt_num(D, 3)
    if abs(D - 4 * h * h) <= TOL * D:
        said = f"(2h)^2 = {fmt_num(D, 3)}, as if divided by 2h twice,"
    if abs(D - 2 * WRITTEN_STEP) <= TOL * D and abs(h - WRITTEN_STEP) > TOL * h:
        said = f"{fmt_num(D, 3)} = 2 x {WRITTEN_STEP:g}, the default step written out,"
    return (f"Its points are right (each entry moved by +h and by -h, h = {fmt_num(h)}), but the denominator of "
            f"f(W + h) - f(W - h) is {said} instead of 2h = {fmt_num(2 * h, 3)}, the distance between the two points. "
            f"Write the denominator with the argument h: 2 * h.")


def _stored_elsewhere(q, got):
    """The first entry whose right quotient is stored at another entry, if every entry of ``got`` is one of ``q``."""
    flat_q, flat_g = q.ravel(), got.ravel()
    scale = max(float(np.max(np.abs(flat_q))), 1e-300)
    target = []
    for value in flat_g:
        hits = np.flatnonzero(np.abs(flat_q - value) <= TOL * scale)
        if len(hits) != 1:
            return None
        target.append(int(hits[0]))
    if len(set(target)) != len(target):
        return None
    for k, t in enumerate(target):
        if t != k:
            return np.unravel_index(t, q.shape), np.unravel_index(k, q.shape)
    return None


def _precedence(plus, minus, h, got):
    """Only one of the two values divided by 2h (the parentheses around the difference left out), else None."""
    for a, b, which in ((1.0, -1.0 / (2 * h), "f(W - h)"), (1.0 / (2 * h), -1.0, "f(W + h)")):
        combo = a * plus + b * minus
        if np.all(np.abs(got - combo) <= TOL * np.maximum(np.abs(combo), 1e-300)):
            return (f"Only {which} is divided by 2h: a division binds more tightly than a subtraction, so the "
                    f"difference needs parentheses, (f(W + h) - f(W - h)) / (2h), before it is divided.")
    return None


def _point(ev, k):
    """Call ``k`` of f in words: "W itself", "W with entry [0, 1] moved by -1e-05"."""
    idx, deltas = ev.calls[k][0], ev.calls[k][1]
    if not idx:
        return "W itself"
    return "W with " + ", ".join(f"entry {where(ix)} moved by {d:+.3g}" for ix, d in zip(idx, deltas))


def _other_value(ev, plus, minus, got):
    """The first entry whose difference takes f at another point than its own W + h or W - h, read off as
    f(W + h) - 2h x result (the value subtracted) or f(W - h) + 2h x result (the value added)."""
    values = np.array([c[2] for c in ev.calls])
    scale = 4 * np.spacing(np.max(np.abs(values)))
    for read, own, side in ((plus - 2 * ev.h * got, minus, "W - h"), (minus + 2 * ev.h * got, plus, "W + h")):
        calls = [np.flatnonzero(np.abs(values - r) <= scale) for r in read.ravel()]
        if not all(len(c) for c in calls):
            continue
        for (ix, r), c, o in zip(np.ndenumerate(read), calls, own.ravel()):
            if abs(r - o) > scale:
                used = _point(ev, int(c[0]))
                return (f"For entry {where(ix)} the difference takes f at {used} instead of at {side} with entry "
                        f"{where(ix)} moved: a value left from another evaluation (a variable set before the loop, "
                        f"or updated only after it is used). Evaluate f at both points of each entry before using "
                        f"them.")
    return None


def formula_message(ev, got):
    """What the result was computed with from the right points, or None.

    Parameters
    ----------
    ev : Evaluations
        The calls of f (:mod:`course_utils.checks.numgrad_log`); every entry moved by +h and by -h.
    got : ndarray
        The function's result, shaped like W, all finite.

    Returns
    -------
    str or None
        Another denominator, an absolute value, a second difference, a constant added, f taken at another entry's
        point, or right values stored at other entries.
    """
    pm = ev.central()
    if pm is None or got.shape != ev.W.shape:
        return None
    plus, minus = pm
    h, diff = ev.h, plus - minus
    with np.errstate(all="ignore"):
        D = _constant(diff / got)
        if D is not None and abs(D - 2 * h) > TOL * 2 * h:
            return denominator_message(D, h)
        if np.any(diff < 0) and _constant(np.abs(diff) / got) is not None:
            return ("Every entry is the magnitude of the derivative, never negative: the sign of the difference "
                    "f(W + h) - f(W - h) must be kept (no absolute value).")
        if ev.base:
            f0 = ev.base[0][2]
            second = (plus - 2 * f0 + minus) / h ** 2
            if np.max(np.abs(got - second)) <= TOL * max(float(np.max(np.abs(second))), 1e-300):
                return ("It is the second difference (f(W + h) - 2 f(W) + f(W - h)) / h^2, the curvature (second "
                        "derivative) of f, not its slope: the first derivative is (f(W + h) - f(W - h)) / (2h), "
                        "with no f(W) term.")
    with np.errstate(all="ignore"):
        flips = np.abs(got + diff / (2 * h)) <= TOL * np.abs(diff / (2 * h))
    if flips.any() and np.all(flips | (np.abs(got - diff / (2 * h)) <= TOL * np.abs(diff / (2 * h)))):
        at = ", ".join(where(ix) for ix in np.argwhere(flips)[:4]) + (", ..." if flips.sum() > 4 else "")
        negative = " (exactly the entries where W is negative)" if np.array_equal(flips, ev.W < 0) else ""
        return (f"It is the right value with the wrong sign at entries {at}{negative}, and right elsewhere: there "
                f"the difference is taken as f(W - h) - f(W + h). The first point is always W + h, the entry moved "
                f"by +h, whatever the sign of the entry.")
    for value, side in ((plus, "W + h"), (minus, "W - h")):
        if np.all(np.abs(got - value) <= TOL * np.abs(value)):
            return (f"Every entry is a value of f itself, f({side}), not a difference quotient: the partial derivative "
                    f"is (f(W + h) - f(W - h)) / (2h).")
    offset = _constant(got - diff / (2 * h))
    if offset is not None:
        f0 = ev.base[0][2] if ev.base else None
        what = ", the value of f at W itself" if f0 is not None and abs(offset - f0) <= TOL * abs(f0) else ""
        return (f"Every entry is the right partial derivative plus the same number, {fmt_num(offset)}{what}: "
                f"the result is only (f(W + h) - f(W - h)) / (2h), nothing added.")
    other = _other_value(ev, plus, minus, got) or _precedence(plus, minus, h, got)
    if other is not None:
        return other
    moved = _stored_elsewhere(diff / (2 * h), got)
    if moved is not None:
        source, target = moved
        return (f"Its values are the right partial derivatives, stored at the wrong entries: the derivative with "
                f"respect to W{where(source)} (the entry moved) is at {where(target)}. Store each derivative at the "
                f"index of the entry that was moved.")
    return None
