"""Comparing a student's output with the reference, and saying what is wrong with it.

:func:`run_array_cases` runs the cases of a check in order; the first output
that is not within tolerance is explained by :func:`diagnose`: first the
fingerprints of known mistakes, then the shape, the case's own explanation,
NaN/inf, "close but inaccurate", and finally the worst entry.  What kind of
value the function returned (a list, float32, None ...) is judged before, by
:func:`to_array`.
"""

import math

import numpy as np

from . import size_probe as _probe
from .behaviour import again_message, clipped_message, earlier_message, ignored_message, rounded_message
from .call import call, format_hints
from .compare import first_mistake, matches, max_relative_error, relative_errors  # noqa: F401 - public home was here
from .core import CheckResult, Incorrect, fmt_num
from .dimensions import exception_evidence, shape_evidence
from .returns import integer_message, return_message
from .symbol_shapes import product_shape_hints
from .symbols import shape_hints

#: Relative tolerance of a fingerprint match (a known mistake computed another way than the student did).
FINGERPRINT_TOL = 1e-6
#: Relative error below which a wrong-but-close result is blamed on precision, not on a formula.
CLOSE_TOL = 1e-3

# ------------------------------------------------------------------ converting


def to_array(out, spec, case, shape, shape_names=None):
    """The student's output as an array of real numbers, or an Incorrect saying why it is not one.

    The kind of value is judged by :func:`course_utils.checks.returns.return_message`, the same way
    for the student's own value in the notebook and for what reaches the grader from its sandbox.
    Returns the array even if its shape differs from ``shape`` (the shape is judged later, after
    the fingerprints, some of which have other shapes).
    """
    message = return_message(out, spec.name, f"on {case.desc}", tuple(shape), shape_names)
    if message is not None:
        raise Incorrect(message)
    return np.asarray(out)


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
    return base + "." + format_hints(shape_hints(got, tuple(shape), case.sizes)
                                     + product_shape_hints(got, tuple(shape), case.sizes) + [case.hint])


# ------------------------------------------------------------------ explaining


def reshaped_message(got, expected, floor):
    """A 2-D result that is the transposed right one reshaped back (``.reshape`` where ``.T`` is meant), else None."""
    expected = np.asarray(expected, dtype=np.float64)
    if expected.ndim != 2 or expected.shape[0] == expected.shape[1] or got.shape != expected.shape:
        return None
    if not matches(got, expected.T.reshape(expected.shape), FINGERPRINT_TOL, floor):
        return None
    return ("Its entries are those of the right result transposed, read in order and laid out again: .reshape (or "
            "np.reshape) where a transpose is meant. Reshaping keeps the order of the entries, row after row; only "
            ".T (or np.transpose) swaps rows and columns.")


def diagnose(spec, case, got, shape, tol, floor, shape_names=None, what="values", fn=None):
    """The message of the Incorrect for an output ``got`` that is not within ``tol`` of ``case.expected``; with
    the student's ``fn``, what calling it again shows (:mod:`course_utils.checks.behaviour`) before the worst entry."""
    message = integer_message(spec, case, got)
    if message:
        return message
    message = first_mistake(got, case.expected, case.mistakes, FINGERPRINT_TOL, floor)
    if message:
        return f"{spec.name}: wrong result on {case.desc}. {message}"
    message = reshaped_message(got, case.expected, floor)
    if message:
        return f"{spec.name}: wrong result on {case.desc}. {message}"
    if got.shape != tuple(shape):
        return shape_message(spec, case, got, tuple(shape), shape_names)
    err, idx = max_relative_error(got, case.expected, floor)
    finite = bool(np.all(np.isfinite(got)))
    # a callable argument (numerical_gradient's logging f) is read by the explanation: call again only after it
    logged = any(callable(a) for a in case.args)
    message = clipped_message(got, case.expected)
    if fn is not None and not message and not logged and finite:
        message = again_message(fn, spec, case, got)      # before any explanation read off this one result
    if message:
        return f"{spec.name}: wrong result on {case.desc}. {message}"
    if case.explain is not None:
        message = case.explain(got)
        if message:
            return f"{spec.name}: wrong result on {case.desc}. {message}"
    message = finite and (rounded_message(got, case.expected) or (fn is not None and (
        (logged and again_message(fn, spec, case, got)) or ignored_message(fn, spec, case, got))))
    if message:
        return f"{spec.name}: wrong result on {case.desc}. {message}"
    where = f"[{', '.join(map(str, idx))}]" if idx else ""
    exp_val, got_val = np.asarray(case.expected)[idx], got[idx]
    if not finite:
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
            f"got {fmt_num(got_val)} (max relative error {err:.2g}).{' ' + case.fallback if case.fallback else ''}")


def passed(check_name, worst, n_cases):
    """The result of a check whose ``n_cases`` cases all passed, ``worst`` being the largest error."""
    return CheckResult(check_name, f"max relative error {worst:.1e} over {n_cases} test cases", worst, n_cases)


def array_check(check_name, fn, spec, cases, tol, floor, **options):
    """Run ``cases`` with :func:`run_array_cases` (same ``options``); the result of a check that passed."""
    return passed(check_name, run_array_cases(fn, spec, cases, tol, floor, **options), len(cases))


def case_floor(case, floor, rel_floor):
    """The floor of the relative errors on ``case``: ``floor``, or ``rel_floor`` times its largest |expected|."""
    return max(floor, rel_floor * float(np.max(np.abs(case.expected))))


def right(case, out, tol, floor, rel_floor):
    """``out`` is within ``tol`` of ``case.expected``, as :func:`run_array_cases` judges it."""
    expected = np.asarray(case.expected, dtype=np.float64)
    out = out.reshape(()) if expected.shape == () and out.size == 1 else out
    if out.shape != expected.shape:
        return False
    return max_relative_error(out, expected, case_floor(case, floor, rel_floor))[0] <= tol


def run_array_cases(fn, spec, cases, tol, floor, shape_names=None, restore_tol=0.0, rel_floor=0.0, dims=None):
    """Run every case; raise the diagnosis of the first failing one, else return the max error.

    Errors are relative, entry by entry, to max(|expected entry|, ``floor``,
    ``rel_floor`` * largest |expected entry|): entries far below the scale of
    the result are compared on that scale, where round-off lives.  ``dims``,
    one dict of sizes per case (``{"N": 7, "D": 4, "K": 3}``, or None to leave
    a case out), lets a failure on a case of new sizes be blamed on a size the
    function does not take from its arguments (:mod:`course_utils.checks.dimensions`).
    """
    worst = 0.0
    dims = dims or [None] * len(cases)
    for i, case in enumerate(cases):
        now, before = dims[i], [d for d in dims[:i] if d]
        floor_case = case_floor(case, floor, rel_floor)
        shape = np.shape(case.expected)
        try:
            out = call(fn, spec, case, restore_tol)
        except Incorrect as exc:
            hint = exception_evidence(now, before, str(exc.__cause__)) if now and exc.__cause__ else None
            if hint is None and exc.__cause__ is not None and case.remake is not None:
                text = str(exc.__cause__)
                hint = (_probe.fixed_size(fn, spec, case, tol, floor_case, _probe.foreign_sizes(case.sizes, text))
                        or _probe.fixed_samples(fn, spec, case, tol, floor_case, text))
            if hint is None:
                raise
            raise Incorrect(f"{exc}{format_hints([hint], str(exc))}") from exc.__cause__
        got = to_array(out, spec, case, shape, shape_names)
        if shape == () and got.size == 1:
            got = got.reshape(())          # a 1-element array is as good as a number
        if got.shape == shape:
            err = max_relative_error(got, case.expected, floor_case)[0]
            if err <= tol:
                worst = max(worst, err)
                continue
        message = None if not i else earlier_message(fn, spec, cases[:i], lambda c, out: right(c, out, tol, floor, rel_floor))
        if message:
            raise Incorrect(f"{spec.name}: wrong result on {case.desc}. {message}")
        message = diagnose(spec, case, got, shape, tol, floor_case, shape_names, fn=fn)
        if got.shape != shape:
            hint = shape_evidence(now, before, got.shape, shape) if now else None
            if hint is None and case.remake is not None:
                hint = _probe.fixed_size(fn, spec, case, tol, floor_case, _probe.foreign_sizes(case.sizes, shape=got.shape))
            message += format_hints([hint], message)
        raise Incorrect(message)
    return worst
