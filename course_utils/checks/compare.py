"""Comparing a student's output with the reference: errors entry by entry, relative to a floor.

Used by :mod:`course_utils.checks.diagnose` (and re-exported there) and by every diagnosis that asks whether a
result equals a candidate formula (:func:`matches`), or which of a case's known mistakes it is (:func:`first_mistake`).

Examples
--------
>>> import numpy as np
>>> max_relative_error(np.array([1.0, 2.2]), np.array([1.0, 2.0]), 1e-12)
(0.10000000000000009, (1,))
"""

import numpy as np


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


def first_mistake(got, expected, mistakes, tol, floor):
    """The message of the first ``(candidate, message)`` of ``mistakes`` that ``got`` equals within ``tol`` while
    the right answer ``expected`` does not (a mistake indistinguishable from the right answer says nothing), or
    None.  A callable candidate is computed only when reached, and skipped if it raises (a fingerprint that does
    not apply to this input); ``mistakes`` may be a generator, consumed only up to the match."""
    got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    for candidate, message in mistakes:
        if callable(candidate):
            try:
                candidate = candidate()
            except Exception:          # noqa: BLE001 - a fingerprint that does not apply to this input
                continue
        if matches(got, candidate, tol, floor) and not matches(expected, candidate, tol, floor):
            return message
    return None
