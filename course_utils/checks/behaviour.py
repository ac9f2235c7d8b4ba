"""What a wrong result's behaviour shows beyond one formula: clipping, rounding, state kept between calls, an
argument ignored.

Tried by :mod:`course_utils.checks.diagnose`, each only where it proves what it says:

* :func:`earlier_message`: an earlier input, right at its first call, is wrong when called again (before the
  failing case is diagnosed at all);
* :func:`clipped_message` and :func:`again_message`: the result is the right one clipped to a bound, or a
  second call on the same input returns another result (before the case's own explanation, which reads
  this one result);
* :func:`rounded_message` and :func:`ignored_message`: the right values rounded to a few decimals, or a
  result that stays the same when one array argument changes (after every other explanation, before the
  worst entry).

Examples
--------
>>> import numpy as np
>>> print(rounded_message(np.array([0.1235, 0.8765]), np.array([0.12345678, 0.87654322])))
Each value is the right one rounded to 4 decimals: rounding (np.round, or a number turned into text and back) loses the accuracy the check needs, and small values become 0. Round only what you print.
"""

import numpy as np

from .call import probe
from .core import Case, fmt_num

#: Relative change below which two results of the student's function count as the same.
SAME = 1e-12


def rounded_message(got, expected):
    """``got`` is ``expected`` rounded to 1..8 decimals (and is not exact), else None."""
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape or not np.all(np.isfinite(got)) or not np.any(got - expected):
        return None
    if np.all(got == np.round(got)):
        return None                # whole numbers: said elsewhere (an integer result, a count)
    for digits in range(1, 9 if got.size > 1 else 7):
        if np.array_equal(got, np.round(expected, digits)):
            return (f"{'Each value is the right one' if got.size > 1 else 'It is the right value'} rounded to "
                    f"{digits} decimals: rounding (np.round, or a number turned "
                    f"into text and back) loses the accuracy the check needs, and small values become 0. Round only "
                    f"what you print.")
    return None


def clipped_message(got, expected):
    """``got`` is ``expected`` clipped to [got.min(), got.max()], with at least one entry cut, else None."""
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape or got.size < 2 or not np.all(np.isfinite(got)) or not np.all(np.isfinite(expected)):
        return None
    lo, hi = float(got.min()), float(got.max())
    scale = max(float(np.max(np.abs(expected))), 1e-300)
    if 0.0 in (lo, hi):
        return None                # entries left at 0 (never written) look like a clip at 0: not claimed
    cut = (expected > hi + 1e-9 * scale) | (expected < lo - 1e-9 * scale)
    inside = (expected > lo + 1e-9 * scale) & (expected < hi - 1e-9 * scale)
    if not cut.any() or inside.sum() < 2 or np.max(np.abs(got - np.clip(expected, lo, hi))) > 1e-12 * scale:
        return None                # a constant result is "clipped" to one value: it shows nothing of a clip
    bounds = (f"at most {fmt_num(hi)}" if not (expected < lo - 1e-9 * scale).any() else
              f"at least {fmt_num(lo)}" if not (expected > hi + 1e-9 * scale).any() else
              f"between {fmt_num(lo)} and {fmt_num(hi)}")
    return (f"Each value is the right one clipped to {bounds} (np.clip, np.minimum or np.maximum): the {int(cut.sum())} "
            f"entries beyond are cut there, and the others are right. Nothing bounds the right values; remove the "
            f"clipping.")


def _same(a, b):
    if a is None or b is None or a.shape != b.shape:
        return False
    scale = max(float(np.max(np.abs(b))) if b.size else 0.0, 1e-300)
    both = np.isfinite(a) & np.isfinite(b)
    return bool(np.array_equal(np.isfinite(a), np.isfinite(b))
                and np.all(np.abs(a[both] - b[both]) <= SAME * scale))


def _other(value, rng):
    """An independent float array of the same shape and scale (a small change may not move a result that is
    piecewise constant, such as an argmax), or None for what is not a float array."""
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f" or value.size == 0:
        return None
    scale = max(float(np.std(value)), 0.1)
    return float(np.mean(value)) + scale * rng.standard_normal(value.shape)


def again_message(fn, spec, case, got):
    """Another result from a second call on the same input (state kept between calls), else None."""
    again = probe(fn, spec, Case(case.desc, tuple(_copy(a) for a in case.args), None, kwargs=dict(case.kwargs)))
    if again is not None and again.shape == got.shape and not _same(again, got):
        return ("Called again on the same input, it returned another result: it keeps something from one call to the "
                "next (a global variable it changes, a cache, a list it appends to, a mutable default argument, a "
                "random draw), so its result depends on what ran before. A function of its arguments alone returns "
                "the same result every time.")
    return None


def earlier_message(fn, spec, earlier, right, callables=False):
    """An earlier case, right at its first call, now wrong when called again (state kept between calls), else None.

    ``right(case, out) -> bool`` judges an output as the check does.  A case with a callable argument (a logging
    f) is called again only with ``callables``: its log then holds the second call too."""
    for case in earlier:
        if any(callable(a) for a in case.args) and not callables:
            continue
        out = probe(fn, spec, Case(case.desc, tuple(_copy(a) for a in case.args), None, kwargs=dict(case.kwargs)))
        if out is not None and not right(case, out):
            return (f"Called again on {case.desc}, which it got right the first time, it is now wrong: it keeps "
                    f"something from one call to the next (a global variable it changes, a cache, a list it appends "
                    f"to, a mutable default argument such as an array, a random draw), so its result depends on what "
                    f"ran before. A function of its arguments alone returns the same result every time.")
    return None


def ignored_message(fn, spec, case, got):
    """The same result when one array argument is replaced by another, independent one, else None.

    Parameters
    ----------
    fn : callable
        The student's function (or the grader's stand-in for it).
    spec : Spec
        How to call and name it; ``spec.arg_names`` name the arguments.
    case : Case
        The input on which ``got`` is wrong.
    got : ndarray
        The student's (wrong) result on ``case``.

    Returns
    -------
    str or None
    """
    rng = np.random.default_rng(2718)
    expected = np.asarray(case.expected, dtype=np.float64)
    if not np.any(expected):
        return None
    for i, value in enumerate(case.args):
        other = _other(value, rng)
        if other is None or i >= len(spec.arg_names):
            continue
        args = tuple(other if j == i else _copy(a) for j, a in enumerate(case.args))
        out = probe(fn, spec, Case(case.desc, args, None, kwargs=dict(case.kwargs)))
        if _same(out, got):
            name = spec.arg_names[i]
            return (f"Its result stays the same when `{name}` changes (called again with another {name} and the same "
                    f"other arguments, it returned the same values, {fmt_num(got.flat[0])}, ...): it ignores {name}, "
                    f"or reuses what an earlier call computed (a cache kept between calls, kept by shape or by "
                    f"name, is stale as soon as {name} changes).")
    return None


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value
