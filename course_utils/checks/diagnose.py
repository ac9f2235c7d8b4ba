"""Comparing a student's output with the reference, and saying what is wrong with it.

:func:`run_array_cases` runs the cases of a check in order; the first output
that is not within tolerance is explained by :func:`diagnose`: first the
fingerprints of known mistakes, then the shape, the precision, the case's own
explanation, NaN/inf, "close but inaccurate", and finally the worst entry.
"""

import math

import numpy as np

from .call import call
from .core import CheckResult, Incorrect, fmt_num

#: Outputs whose fingerprint-match tolerance is loosened because they are float16/32.
LOW_PRECISION_TOL = 1e-3
#: Relative error below which a wrong-but-close result is blamed on precision, not on a formula.
CLOSE_TOL = 1e-3

# ------------------------------------------------------------------ converting


def _is_low_precision(arr):
    return arr.dtype.kind == "f" and arr.dtype.itemsize < 8


def to_array(out, spec, case, shape):
    """The student's output as a real array, or an Incorrect saying why it is not one.

    Returns the array even if its shape differs from ``shape`` (the shape is
    judged later, after the fingerprints, some of which have other shapes).
    """
    on = f"on {case.desc}"
    real = "a single real number" if shape == () else f"an array of real numbers of shape {shape}"
    shape = "a single number" if shape == () else f"an array of shape {shape}"
    if out is None:
        raise Incorrect(f"{spec.name} returned None {on}: did you forget the `return` statement?")
    try:
        arr = np.asarray(out)
    except Exception:
        kind = f"a tuple of {len(out)} items" if isinstance(out, tuple) else f"a {type(out).__name__}"
        raise Incorrect(
            f"{spec.name} returned {kind} that is not a numeric array {on} "
            f"(expected {shape})"
        ) from None
    if arr.dtype == object or arr.dtype.kind not in "biufc":
        what = f"a tuple of {len(out)} items" if isinstance(out, tuple) else f"a {type(out).__name__}"
        raise Incorrect(
            f"{spec.name} returned {what} {on}, not {real}"
            + (" (did you return several values?)" if isinstance(out, tuple) else "")
        )
    if arr.dtype.kind == "b":
        raise Incorrect(f"{spec.name} returned booleans (True/False) {on}; expected real numbers")
    if arr.dtype.kind == "c":
        raise Incorrect(f"{spec.name} returned complex numbers {on}; expected real numbers")
    return arr


def shape_message(spec, case, arr, shape, shape_names=None):
    """The diagnosis of an output of the wrong shape."""
    names = shape_names or {}
    want = names.get(shape, str(shape))
    got = arr.shape
    base = f"{spec.name} returned an array of shape {got} on {case.desc}; expected shape {want}"
    if shape == ():
        base = (f"{spec.name} returned an array of shape {got} on {case.desc}; expected a single "
                f"number (one value for all the samples together)")
    elif arr.ndim == 0:
        base = f"{spec.name} returned a single number on {case.desc}; expected an array of shape {want}"
    elif len(got) == len(shape) == 2 and got == shape[::-1]:
        base += ": your result is transposed (rows and columns swapped)"
    elif len(got) == len(shape) and sorted(got) == sorted(shape):
        base += ": the axes are in the wrong order"
    elif arr.size == math.prod(shape):
        base += ": the right number of entries, but flattened or reshaped"
    hint = f" Hint: {case.hint}." if case.hint else ""
    return base + "." + hint


# ------------------------------------------------------------------ comparing


def relative_errors(got, ref, floor):
    """Elementwise |got - ref| / max(|ref|, floor); inf where finiteness differs, 0 where both agree on inf/nan."""
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    with np.errstate(all="ignore"):
        err = np.abs(got - ref) / np.maximum(np.abs(ref), floor)
    both_nan = np.isnan(got) & np.isnan(ref)
    same_inf = np.isinf(got) & (got == ref)
    err = np.where(both_nan | same_inf, 0.0, err)
    return np.where(np.isnan(err), np.inf, err)


def max_relative_error(got, ref, floor):
    """``(max error, index of the worst entry)``; shapes must be equal."""
    err = relative_errors(got, ref, floor)
    if err.ndim == 0:
        return float(err), ()
    idx = np.unravel_index(int(np.argmax(err)), err.shape)
    return float(err[idx]), tuple(int(i) for i in idx)


def matches(got, candidate, tol, floor):
    """True if ``got`` equals ``candidate`` within ``tol`` (same shape, NaN where it has NaN)."""
    candidate = np.asarray(candidate)
    if candidate.shape != got.shape:
        return False
    return max_relative_error(got, candidate, floor)[0] <= tol


def diagnose(spec, case, got, shape, tol, floor, shape_names=None, what="values"):
    """The message of the Incorrect for an output ``got`` that is not within ``tol`` of ``case.expected``."""
    low = _is_low_precision(got)
    fp_tol = max(1e-6, LOW_PRECISION_TOL if low else 0.0)
    for candidate, message in case.mistakes:
        if callable(candidate):
            try:
                candidate = candidate()
            except Exception:          # a fingerprint that does not apply to this input
                continue
        # a mistake indistinguishable from the right answer at this precision says nothing
        if matches(got, candidate, fp_tol, floor) and not matches(
                np.asarray(case.expected, dtype=np.float64), candidate, fp_tol, floor):
            return f"{spec.name}: wrong result on {case.desc}. {message}"
    if got.shape != tuple(shape):
        return shape_message(spec, case, got, tuple(shape), shape_names)
    err, idx = max_relative_error(got, case.expected, floor)
    if low:
        needed = f", needed <= {tol:.0e}" if err > tol else ""
        kind = "half precision keeps only about 3" if got.dtype.itemsize == 2 else \
            "single precision keeps only about 7"
        return (f"{spec.name} returns {got.dtype} numbers (on {case.desc}): {kind} significant digits (max "
                f"relative error here {err:.1e}{needed}). Compute and return float64 numbers to avoid this "
                f"precision loss.")
    if case.explain is not None:
        message = case.explain(got)
        if message:
            return f"{spec.name}: wrong result on {case.desc}. {message}"
    where = f"[{', '.join(map(str, idx))}]" if idx else ""
    exp_val, got_val = np.asarray(case.expected)[idx], got[idx]
    if not np.all(np.isfinite(got)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(got))[0]) if got.ndim else ()
        at = f" at index {list(bad)}" if bad else ""
        return (f"{spec.name} returned {fmt_num(got[bad])}{at} on {case.desc} "
                f"(expected {fmt_num(np.asarray(case.expected)[bad])}): something overflowed or "
                f"divided 0 by 0.")
    if err < CLOSE_TOL:
        return (f"{spec.name}: close but not accurate enough on {case.desc}: max relative error "
                f"{err:.1e} (needed <= {tol:.0e}){' at index ' + where if where else ''}. A small, "
                f"systematic difference: an extra term or constant somewhere (a small number added "
                f"to avoid dividing by 0?), an approximation, or float32 arithmetic inside.")
    return (f"{spec.name}: wrong {what} on {case.desc}: "
            f"{'at index ' + where + ' ' if where else ''}expected {fmt_num(exp_val)}, "
            f"got {fmt_num(got_val)} (max relative error {err:.2g}).")


def passed(check_name, worst, n_cases):
    """The result of a check whose ``n_cases`` cases all passed, ``worst`` being the largest error."""
    return CheckResult(check_name, f"max relative error {worst:.1e} over {n_cases} test cases", worst, n_cases)


def array_check(check_name, fn, spec, cases, tol, floor, **options):
    """Run ``cases`` with :func:`run_array_cases` (same ``options``); the result of a check that passed."""
    return passed(check_name, run_array_cases(fn, spec, cases, tol, floor, **options), len(cases))


def run_array_cases(fn, spec, cases, tol, floor, shape_names=None, restore_tol=0.0, rel_floor=0.0):
    """Run every case; raise the diagnosis of the first failing one, else return the max error.

    Errors are relative, entry by entry, to max(|expected entry|, ``floor``,
    ``rel_floor`` * largest |expected entry|): entries far below the scale of
    the result are compared on that scale, where round-off lives.
    """
    worst = 0.0
    for case in cases:
        floor_case = max(floor, rel_floor * float(np.max(np.abs(case.expected))))
        shape = np.shape(case.expected)
        got = to_array(call(fn, spec, case, restore_tol), spec, case, shape)
        if shape == () and got.size == 1:
            got = got.reshape(())          # a 1-element array is as good as a number
        if got.shape == shape and not _is_low_precision(got):
            err = max_relative_error(got, case.expected, floor_case)[0]
            if err <= tol:
                worst = max(worst, err)
                continue
        raise Incorrect(diagnose(spec, case, got, shape, tol, floor_case, shape_names))
    return worst
