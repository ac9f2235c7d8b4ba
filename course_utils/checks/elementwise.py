"""An elementwise result wrong only where a condition holds on the inputs, or computed with another denominator.

:func:`relative_error_explain` explains a wrong ``relative_error(a, b, floor)``
entry by entry: the entries it gets wrong are compared with simple
conditions on a and b (both 0, the entry of larger magnitude negative,
|a| < |b| ...), and the denominator it divides by, read off its result as
|a - b| / result, with simple alternatives (the smaller magnitude, the
signed maximum ...).  A condition or a denominator is named only when it
matches every entry.  :func:`iteration_message` explains an exception on a
matrix by what the function returns on a vector: a Python list, from
iterating over the array.
"""

import numpy as np

from .call import call
from .diagnose import matches, relative_errors
from .relerr_formula import floor_value_message, formula_message, per_axis_message, rounding_message
from .returns import return_message


def _conditions(a, b, floor):
    big = np.maximum(np.abs(a), np.abs(b))
    larger = np.where(np.abs(a) >= np.abs(b), a, b)
    return [
        ("where a and b are both 0", (a == 0) & (b == 0),
         "the larger of |a| and |b| is 0 there, and dividing by it gives inf or NaN; the floor must keep the "
         "denominator from dropping below `floor` (there the error is 0 / floor = 0)"),
        ("where the entry of larger magnitude is negative", larger < 0,
         "a maximum of the signed values picks the wrong entry there (the one of smaller magnitude, or the floor): "
         "the denominator is the larger of the ABSOLUTE values |a| and |b| (and at least floor)"),
        ("where a and b are both negative", (a < 0) & (b < 0),
         "the denominator must be made of absolute values, |a| and |b|"),
        ("where |a| and |b| are both below the floor", big < floor,
         "there the denominator must be the floor itself"),
        ("where |a| < |b|", np.abs(a) < np.abs(b),
         "there |b| is the larger magnitude: the denominator is the larger of |a| and |b|, whichever it is"),
        ("where |b| < |a|", np.abs(b) < np.abs(a),
         "there |a| is the larger magnitude: the denominator is the larger of |a| and |b|, whichever it is"),
        ("where |a| or |b| is above 1", big > 1,
         "there the denominator must be the larger of |a| and |b| however large it is: an upper bound (np.clip with a "
         "maximum, np.minimum(..., 1)) caps it"),
        ("where a and b have opposite signs", a * b < 0,
         "there the signs matter: the numerator is the magnitude of the difference of the signed numbers, |a - b| "
         "(2 for a = 1, b = -1), and the denominator the larger of |a| and |b|"),
    ]


def _denominators(a, b, floor):
    small = np.minimum(np.abs(a), np.abs(b))
    return [
        (np.maximum(np.maximum(a, b), floor),
         "It divides by the larger of a and b without absolute values (a maximum of the signed values, at least "
         "the floor): where the entry of larger magnitude is negative, that is the wrong entry, or the floor. The "
         "denominator is the larger of the ABSOLUTE values |a| and |b| (and at least floor)."),
        (np.maximum(small, floor),
         "It divides by the SMALLER of |a| and |b| instead of the larger: the denominator is the "
         "larger magnitude (and at least floor), so that the error is at most 1 for two numbers of the same sign."),
        (np.maximum((np.abs(a) + np.abs(b)) / 2, floor),
         "It divides by the mean of |a| and |b| instead of the larger of the two (and at least floor)."),
        (np.maximum(np.abs(a + b), floor),
         "It divides by |a + b|, the magnitude of the SUM, instead of the larger of |a| and |b| (and at least floor)."),
    ]


def _results(a, b, floor):
    """Other results than a quotient: ``[(result, diagnosis)]``."""
    big = np.maximum(np.abs(a), np.abs(b))
    denominator = np.maximum(big, floor)
    return [
        ((a - b) ** 2 / denominator,
         "Its numerator is the SQUARED difference (a - b)^2: the relative error divides the absolute difference "
         "|a - b| by the larger magnitude."),
        (np.abs(np.abs(a) - np.abs(b)) / denominator,
         "Its numerator is the difference of the magnitudes, ||a| - |b||, which is 0 for a = -b: it must be the "
         "magnitude of the difference, |a - b|."),
        (np.abs(a - b) / denominator + floor,
         "It adds the floor to the result: the floor is a lower bound of the number divided by, the larger of |a| "
         "and |b|, not a term of the error."),
        (np.maximum(np.abs(a - b) / big, floor),
         "It applies the floor to the result (no error below floor) instead of to the denominator: the floor is a "
         "lower bound of the number divided by, the larger of |a| and |b|, so that where both are 0 the error is 0."),
    ]


def relative_error_explain(a, b, floor, expected, tol=1e-9, given=False):
    """The explanation of a wrong ``relative_error(a, b, floor)``.

    Parameters
    ----------
    a, b : ndarray
        The case's inputs.
    floor : float
        The floor the case uses.
    expected : ndarray
        The right result.
    tol : float
        Relative tolerance of "the same".
    given : bool
        True if the case passes ``floor`` explicitly (else the function uses its default).

    Returns
    -------
    callable
        ``explain(got) -> str or None``: the quotient or numerator ``got`` was computed with (also read off
        by :mod:`course_utils.checks.relerr_formula`: the denominator's parts, rounding, another floor), or the
        condition on a and b where (alone) it is wrong.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    diff = np.abs(a - b)

    def explain(got):
        got = np.asarray(got, dtype=np.float64)
        if got.shape != a.shape:
            return None
        with np.errstate(all="ignore"):
            candidates = [(diff / d, m) for d, m in _denominators(a, b, floor)] + _results(a, b, floor)
            for candidate, message in candidates:
                if matches(got, candidate, tol, 1e-300):
                    return message
            formula = (formula_message(a, b, floor, got) or rounding_message(got, expected)
                       or per_axis_message(a, b, floor, got) or floor_value_message(a, b, floor, got, given))
            if formula:
                return formula
            wrong = relative_errors(got, expected, 1e-300) > tol
        if wrong.all() or not wrong.any():
            return None
        for where, mask, why in _conditions(a, b, floor):
            if np.array_equal(mask, wrong):
                what = ""
                if not np.all(np.isfinite(got[wrong])):
                    what = f" (it returns {'inf' if np.isinf(got[wrong]).any() else 'NaN'} there)"
                return f"It is wrong only {where}{what}, and right everywhere else: {why}."
        return None

    return explain


def iteration_message(fn, spec, vector_case):
    """After an exception on a matrix: the message if ``fn`` returns a Python list on the 1-D ``vector_case``."""
    try:
        out = call(fn, spec, vector_case)
    except Exception:          # noqa: BLE001 - a probe that fails tells nothing
        return None
    if not isinstance(out, list) or return_message(out, spec.name, "", np.shape(vector_case.expected)) is None:
        return None
    return (f"On a 1-D input ({vector_case.desc}) it returns a Python list: iterating over an array (a for loop, a list "
            f"comprehension, zip) goes through its first axis, which for a matrix gives whole rows, not numbers. "
            f"Compute with NumPy's elementwise operations on the whole arrays at once: they work for any shape and "
            f"return an array.")
