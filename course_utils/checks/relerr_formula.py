"""A wrong relative error explained by the formula it follows, read off entry by entry.

:func:`formula_message` rebuilds the result from its parts: the number |a - b| is divided by is one of a few
magnitudes (max(|a|, |b|), |a|, min(|a|, |b|), |a| + |b|, the signed max(a, b) ...) with the floor applied one
of a few ways (np.maximum, none, np.minimum, added, np.floor read for the floor).  Every pair that reproduces the
whole result is found; what all of them share is said (the magnitude, the use of the floor, or both), so that
a part these inputs cannot tell apart is never named.  :func:`rounding_message` finds the right errors rounded
(``//``, np.floor, int, np.round), scaled (a percentage) or upside down, :func:`per_axis_message` one
denominator per column (or row), and :func:`floor_value_message` a floor of another value.
"""

import numpy as np

from .diagnose import matches

#: Relative tolerance of "the same result".
TOL = 1e-9
RIGHT = "max(|a|, |b|)"

#: The magnitude divided by: (name, (a, b) -> array, what is wrong with it).
MAGNITUDES = [
    (RIGHT, lambda a, b: np.maximum(np.abs(a), np.abs(b)), ""),
    ("|a|", lambda a, b: np.abs(a), "the denominator is the larger of |a| and |b|, whichever it is"),
    ("|b|", lambda a, b: np.abs(b), "the denominator is the larger of |a| and |b|, whichever it is"),
    ("min(|a|, |b|)", lambda a, b: np.minimum(np.abs(a), np.abs(b)),
     "it is the SMALLER of |a| and |b| where the larger is meant"),
    ("|a| + |b|", lambda a, b: np.abs(a) + np.abs(b), "the denominator is the larger of |a| and |b|, not their sum"),
    ("(|a| + |b|) / 2", lambda a, b: (np.abs(a) + np.abs(b)) / 2,
     "the denominator is the larger of |a| and |b|, not their mean"),
    ("|a + b|", lambda a, b: np.abs(a + b), "the denominator is the larger of |a| and |b|, not the magnitude of a + b"),
    ("|a + b| / 2", lambda a, b: np.abs(a + b) / 2,
     "the denominator is the larger of |a| and |b|, not half the magnitude of a + b"),
    ("sqrt(|a| |b|)", lambda a, b: np.sqrt(np.abs(a * b)),
     "the denominator is the larger of |a| and |b|, not their geometric mean"),
    ("|a - b|", lambda a, b: np.abs(a - b),
     "|a - b| divided by itself is 1, while the denominator is the larger of |a| and |b|"),
    ("sqrt(a^2 + b^2)", lambda a, b: np.hypot(a, b),
     "the denominator is the larger of |a| and |b|, not sqrt(a^2 + b^2) (np.hypot, the length of the vector (a, b))"),
    ("max(a^2, b^2)", lambda a, b: np.maximum(a * a, b * b),
     "the denominator is the larger MAGNITUDE, |a| or |b|, not a square"),
    ("max(a, b)", lambda a, b: np.maximum(a, b),
     "without absolute values the larger of two negative numbers is the one of SMALLER magnitude"),
    ("a", lambda a, b: a, "the denominator is made of magnitudes, |a| and |b|"),
    ("b", lambda a, b: b, "the denominator is made of magnitudes, |a| and |b|"),
]

#: How the floor is applied: (pattern, (x, floor) -> array, what is wrong with it).
FLOORS = [
    ("max({}, floor)", np.maximum, ""),
    ("{}", lambda x, fl: x,
     "the floor is missing: where |a| and |b| are both 0 (or tiny) the denominator must not drop below `floor`"),
    ("min({}, floor)", np.minimum,
     "`floor` is used as an UPPER bound (np.minimum, or np.clip with floor as its maximum): the denominator is never "
     "more than floor, so the errors are huge, while the floor is a lower bound, np.maximum(..., floor)"),
    ("{} + floor", lambda x, fl: x + fl,
     "the floor is added, while it is a lower bound of the denominator (a maximum, not a sum)"),
    ("np.floor({})", lambda x, fl: np.floor(x),
     "np.floor rounds down to a whole number (to 0 below 1, hence inf): it is not the `floor` argument, the least "
     "value of the denominator, np.maximum(..., floor)"),
]


def formula_message(a, b, floor, got):
    """The denominator ``got`` was computed with, as far as these inputs tell, or None.

    Parameters
    ----------
    a, b : ndarray
        The inputs (float64, same shape).
    floor : float
        The floor the case uses.
    got : ndarray
        The student's result, shaped like a.

    Returns
    -------
    str or None
        "It divides |a - b| by <formula>": the magnitude and the use of the floor, each only if every formula
        that reproduces the result agrees on it.
    """
    diff = np.abs(a - b)
    if matches(got, diff / floor, TOL, 1e-300):
        return (f"Every entry is |a - b| divided by `floor` itself ({floor:g}): the denominator is the larger of |a| "
                f"and |b|, and `floor` only its least value, np.maximum(..., floor) (np.minimum, or np.clip with "
                f"floor as its maximum, make it an upper bound instead).")
    with np.errstate(all="ignore"):
        for pattern, use, _ in FLOORS[:1] + FLOORS[3:4]:
            if matches(got, (diff + floor) / use(MAGNITUDES[0][1](a, b), floor), TOL, 1e-300):
                den = pattern.format(RIGHT) if pattern.startswith("max(") else f"({pattern.format(RIGHT)})"
                return (f"It adds the floor to the numerator too: (|a - b| + floor) / {den}. Where a "
                        f"and b are both 0 the error is then 1 instead of 0, and tiny differences are lifted to the "
                        f"floor; `floor` belongs only in the denominator, as its least value.")
    found = []
    with np.errstate(all="ignore"):
        for i, (_, mag, _) in enumerate(MAGNITUDES):
            x = mag(a, b)
            for j, (_, use, _) in enumerate(FLOORS):
                if (i, j) != (0, 0) and matches(got, diff / use(x, floor), TOL, 1e-300):
                    found.append((i, j))
    mags, uses = {i for i, _ in found}, {j for _, j in found}
    if not found or len(mags) > 1 and len(uses) > 1 or uses == {0} and len(mags) > 1:
        return None
    i, j = found[0]
    name = MAGNITUDES[i][0] if len(mags) == 1 else "..."
    pattern = FLOORS[j][0] if len(uses) == 1 else "{}"
    why = [MAGNITUDES[i][2] if len(mags) == 1 else "", FLOORS[j][2] if len(uses) == 1 else ""]
    why = "; ".join(w for w in why if w)
    with np.errstate(all="ignore"):
        d = diff / got
    value = f" (which is {d.flat[0]:g} for every entry here)" if len(mags) > 1 and np.allclose(d, d.flat[0]) else ""
    return (f"It divides |a - b| by {pattern.format(name)}{value}, not by max(|a|, |b|, floor), the larger of |a| and "
            f"|b| and at least `floor`{': ' + why if why else ''}.")


def rounding_message(got, expected):
    """The right errors rounded, or all multiplied by one number (100: a percentage), or turned upside down; or None."""
    with np.errstate(all="ignore"):
        for rounding, how, note in ((np.floor, "rounded down", " (0 for every error below 1)"),
                                    (np.round, "rounded", ""), (np.ceil, "rounded up", "")):
            if not np.array_equal(rounding(expected), expected) and matches(got, rounding(expected), TOL, 1e-300):
                return (f"Every entry is the right error {how} to a whole number{note}: `//` is floor division, and "
                        f"np.floor, np.round and int() round too. Divide with `/`, and round nothing.")
        for digits in range(1, 9):
            if matches(got, np.round(expected, digits), TOL, 1e-300):
                return (f"Every entry is the right error rounded to {digits} decimal{'s' * (digits > 1)}: return the "
                        f"errors as they are computed, unrounded.")
        finite = np.isfinite(expected) & (expected != 0)
        ratio = got[finite] / expected[finite]
        if ratio.size and np.allclose(ratio, ratio[0], rtol=TOL) and matches(got, ratio[0] * expected, TOL, 1e-300):
            percent = " (a percentage)" if abs(ratio[0] - 100) <= TOL * 100 else ""
            return (f"Every entry is {ratio[0]:g} times the right error{percent}: the relative error is the plain "
                    f"quotient |a - b| / max(|a|, |b|, floor), with no factor.")
        if matches(got * expected, np.where(finite, 1.0, got * expected), TOL, 1e-300) and finite.any():
            return ("Every entry is 1 / (the right error): the quotient is upside down. The difference |a - b| is "
                    "divided BY the larger magnitude, not the other way round.")
    return None


def per_axis_message(a, b, floor, got):
    """Each column (row) of a 2-D result divided by one number, as if a maximum had been taken along an axis."""
    with np.errstate(all="ignore"):
        d = np.abs(a - b) / got
    if d.ndim != 2 or not np.all(np.isfinite(d)):
        return None
    if np.allclose(d, 1.0, rtol=1e-12):
        return ("It returns |a - b| itself, the absolute error, divided by nothing: the relative error divides it by "
                "the larger of |a| and |b| (and at least `floor`). A division whose result is not assigned (a line "
                "with only the quotient) changes nothing.")
    big = np.maximum(np.abs(a), np.abs(b))
    for axis, what, other in ((0, "column", "rows"), (1, "row", "columns")):
        first = np.take(d, [0], axis=axis)
        if np.allclose(d, first, rtol=1e-9) and not np.allclose(d, big, rtol=1e-9):
            largest = (" (its largest |a| or |b|)"
                       if np.allclose(first, np.maximum(big.max(axis=axis, keepdims=True), floor), rtol=1e-9) else "")
            return (f"Every {what} is divided by one number{largest}: a maximum taken along axis {axis} reduces the "
                    f"{other}. The denominator is taken entry by entry, the larger of |a| and |b| (np.maximum), and "
                    f"at least `floor`.")
    return None


def floor_value_message(a, b, floor, got, given):
    """A floor of another value than ``floor`` (read where the denominator is not max(|a|, |b|)), or None."""
    big = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(all="ignore"):
        d = np.abs(a - b) / got
    other = ~(np.abs(d - big) <= TOL * big)
    if not other.any() or not np.all(np.isfinite(d[other])) or np.any(d[other] <= big[other]):
        return None
    F = float(d[other].flat[0])
    if abs(F - floor) <= TOL * floor or not matches(got, np.abs(a - b) / np.maximum(big, F), TOL, 1e-300):
        return None
    fix = "use its `floor` argument" if given else "the default of `floor` must be 1e-8, as in the signature"
    return (f"Where |a| and |b| are both small, it divides by {F:g} instead of the floor {floor:g}: {fix}.")
