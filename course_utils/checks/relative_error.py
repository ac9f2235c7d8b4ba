"""Check of relative_error (lecture 06): elementwise |a - b| / max(|a|, |b|, floor).

Besides the fingerprints of known mistakes (a denominator of |a| only, no
floor, one number for the whole array ...), a wrong result is explained entry
by entry by :mod:`course_utils.checks.elementwise`: the denominator it
divides by, or the condition on a and b where it goes wrong.  A failed
broadcast is read by :mod:`course_utils.checks.relerr_shapes` (a maximum of
stacked arrays taken along the wrong axis).
"""

import numpy as np

from .. import gradcheck as _gradcheck
from .call import HintedSpec
from .core import Case, Incorrect, check
from .diagnose import array_check
from .elementwise import iteration_message, relative_error_explain
from .relerr_shapes import stacked_axis_hint

RELATIVE_ERROR_TOL = 1e-12


def _relerr_case(desc, a, b, floor=None, explain=None, by_position=False):
    """A case; ``by_position``: ``floor`` is passed as the third positional argument, not by keyword."""
    kwargs = {} if floor is None or by_position else {"floor": floor}
    fl = 1e-8 if floor is None else floor
    diff = np.abs(a - b)
    expected = _gradcheck.relative_error(a, b, **kwargs)
    with np.errstate(all="ignore"):
        mistakes = [
            (diff / np.maximum(np.abs(a), fl), "It divides by |a| only: the denominator is the "
                                               "LARGER of |a| and |b| (and the floor), which makes "
                                               "the error symmetric in a and b."),
            (diff / np.maximum(np.abs(b), fl), "It divides by |b| only: the denominator is the "
                                               "LARGER of |a| and |b| (and the floor), which makes "
                                               "the error symmetric in a and b."),
            (diff / np.maximum(np.abs(a) + np.abs(b), fl), "It divides by |a| + |b|: the "
                                                           "denominator is the larger of the two."),
            ((a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), fl),
             "Some errors are negative: take the absolute value of the difference."),
            (diff / np.maximum(np.abs(a), np.abs(b)), "The floor is missing from the denominator: where |a| "
                                                      "and |b| are both tiny (or 0) the denominator must not "
                                                      "drop below `floor` (a floor applied to the result or "
                                                      "to the numerator does not keep it from 0)."),
            (np.max(expected), "It returns only the largest error, one number: return the error "
                               "of every entry, an array shaped like a."),
            (diff / (np.maximum(np.abs(a), np.abs(b)) + fl), "It adds the floor to the denominator: the floor "
                                                             "is a lower bound, the denominator is the LARGEST "
                                                             "of |a|, |b| and the floor (a maximum, not a sum)."),
            (diff / np.max([np.abs(a), np.abs(b), np.full(np.shape(a), fl)]),
             "Every entry is divided by ONE number, the largest |a| or |b| of the whole array: np.max reduces "
             "everything it is given to one number. The elementwise larger of two arrays is np.maximum(x, y)."),
        ]
        if floor is not None:
            mistakes.append((_gradcheck.relative_error(a, b),
                             "It ignores its `floor` argument (it used the default 1e-8)."))
    structure = relative_error_explain(a, b, fl, expected, given=floor is not None)
    args = (a.copy(), b.copy()) + ((floor,) if by_position else ())
    return Case(desc, args, expected, kwargs=kwargs, mistakes=mistakes,
                explain=lambda got: structure(got) or (explain(got) if explain else None))


def _both_zero_explain(got):
    if np.isnan(got).any():
        return ("It returned NaN where a and b are both 0: 0 / 0. The floor in the denominator is "
                "there to make the error 0 where both are (nearly) zero.")
    return None


@check("check_relative_error", "relative_error")
def check_relative_error(fn):
    """Check a student's ``relative_error(a, b, floor=1e-8)``: elementwise |a - b| / max(|a|, |b|, floor).

    Tries matrices of mixed sign and scale, entries where both are 0 or tiny (``floor`` passed by position),
    a 1-D input and an explicit ``floor`` by keyword.
    """
    rng = np.random.default_rng(701)
    a = rng.normal(0, 1, (4, 3)) * 10.0 ** rng.integers(-3, 3, (4, 3))
    b = a * (1 + rng.normal(0, 0.3, (4, 3)))
    b[0, 1] = -a[0, 1]
    z_a, z_b = a.copy(), b.copy()
    z_a[1, :], z_b[1, :] = 0.0, 0.0
    z_a[2, 0], z_b[2, 0] = 0.0, 3.0
    t_a, t_b = np.array([1e-12, 3e-10, 2.0, -1e-9]), np.array([2e-12, 1e-10, 2.5, 1e-9])
    cases = [
        _relerr_case("two 4x3 matrices of mixed sign and scale", a, b),
        _relerr_case("4x3 matrices with a row where both are 0, and a 0 facing a 3 (floor=1e-8 passed by position, "
                     "as relative_error(a, b, 1e-8))", z_a, z_b, floor=1e-8, by_position=True,
                     explain=_both_zero_explain),
        _relerr_case("1-D vectors with tiny entries (1e-12 .. 1e-9), below the floor", t_a, t_b),
        _relerr_case("the same vectors with floor=1e-11 given explicitly", t_a, t_b, floor=1e-11),
    ]
    def stacked(exc, case):
        return [stacked_axis_hint(fn, "relative_error", case, str(exc))] if isinstance(exc, ValueError) else []

    spec = HintedSpec("relative_error", "relative_error(a, b, floor=1e-8)", ("a", "b"),
                      shape_hint="a and b have the same shape, and so does the result", exception_hint=stacked)
    try:
        return array_check("check_relative_error", fn, spec, cases, RELATIVE_ERROR_TOL, floor=1e-300)
    except Incorrect as exc:
        if exc.__cause__ is None or not isinstance(exc.__cause__, Exception) or np.ndim(cases[2].expected) != 1:
            raise
        hint = iteration_message(fn, spec, cases[2])
        if hint is None:
            raise
        raise Incorrect(f"{exc} {hint}") from exc.__cause__
