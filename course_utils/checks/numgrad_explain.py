"""A wrong numerical gradient explained from its relation to difference quotients computed here.

Tried after the fingerprints of :mod:`course_utils.checks.gradcheck`, each said only when it holds exactly:

* every entry 0: f returned the same value at the two points (which can be told apart only from the log of f's
  calls, :mod:`course_utils.checks.numgrad_log`);
* the second difference (f(W + h) - 2 f(W) + f(W - h)) / h^2;
* every entry the same number, the sum of all partial derivatives: every entry perturbed at once;
* half or twice a one-sided difference (the second point is W itself, not W - h);
* perturbations never undone, piling up from one entry to the next;
* every entry the magnitude of the derivative (an absolute value).

How the result answers h, and a wrong default h, are in :mod:`course_utils.checks.numgrad_steps`.
"""

import numpy as np


def same(a, b, tol=1e-7):
    """True if ``a`` equals ``b`` (same shape) up to ``tol``, relative to the largest |b|."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.max(np.abs(a - b), initial=0.0)
                                       <= tol * max(float(np.max(np.abs(b), initial=0.0)), 1e-300))


def _one_sided(f, W, h):
    f0, g = f(W), np.empty_like(W)
    for idx in np.ndindex(W.shape):
        Wp = W.copy()
        Wp[idx] += h
        g[idx] = (f(Wp) - f0) / h
    return g


def _second_difference(f, W, h):
    f0, g = f(W), np.empty_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        g[idx] = (f(Wp) - 2 * f0 + f(Wm)) / h ** 2
    return g


def _piled_up(f, W, h, fresh_plus):
    """Central differences whose perturbations are never undone: one copy moved by +h then -2h (``fresh_plus``
    False), or two copies moved by +h and -h (True), made once before the loop."""
    Wp, Wm, g = W.copy(), W.copy(), np.empty_like(W)
    for idx in np.ndindex(W.shape):
        Wp[idx] += h
        fp = f(Wp)
        if fresh_plus:
            Wm[idx] -= h
            fm = f(Wm)
        else:
            Wp[idx] -= 2 * h
            fm = f(Wp)
        g[idx] = (fp - fm) / (2 * h)
    return g


def relation_message(f, W, h, got, expected):
    """What a wrong numerical gradient is instead, from difference quotients of ``f`` computed here.

    Parameters
    ----------
    f : callable
        The case's scalar function (the plain one, not the student's probe).
    W : ndarray
        The case's point.
    h : float
        The case's step.
    got, expected : ndarray
        The student's result and the right one.

    Returns
    -------
    str or None
        Zeros, the magnitudes of the derivatives, a second difference, the sum of the partials, piled-up
        perturbations, or half (twice) a one-sided difference; else None.
    """
    got = np.asarray(got, dtype=np.float64)
    if got.shape != np.shape(expected) or not np.all(np.isfinite(got)):
        return None
    if not np.any(got) and np.any(expected):
        return ("Every entry is 0: f returned the same value at the two points of each entry, so the two points were "
                "the same. Either the entry was moved in a copy that f never got (W.flatten(), W.copy() and "
                "np.array(W) make copies), or put back before f was called, or moved the same way for both points "
                "(+h twice, or -h twice) where one must be W + h and the other W - h.")
    if np.any(expected < 0) and same(got, np.abs(expected)):
        return ("Every entry is the magnitude of the derivative, never negative: the sign of the difference "
                "f(W + h) - f(W - h) must be kept (no absolute value).")
    if same(got, _second_difference(f, W, h), 1e-4):
        return ("It is the second difference (f(W + h) - 2 f(W) + f(W - h)) / h^2, the curvature (second "
                "derivative) of f, not its slope: the first derivative is (f(W + h) - f(W - h)) / (2h), "
                "with no f(W) term.")
    together = (f(W + h) - f(W - h)) / (2 * h)
    if W.size > 1 and same(got, np.full(W.shape, together)):
        return ("Every entry is the same number, the sum of all the partial derivatives: that is the change of f "
                "when EVERY entry of W moves by h at once (adding h to the whole array). Perturb one entry at a "
                "time, leaving the others as they are.")
    if same(got, _piled_up(f, W, h, True)):
        return ("Entry i is the sum of the partial derivatives of all the entries up to i (in the order of the loop): "
                "each entry is moved in the arrays moved for the entries before (copies made once, outside the loop, "
                "or copies of the moved copies), and no entry is ever put back, so the moves pile up. Start every "
                "entry from W itself: a fresh copy for each entry, or put the entry back.")
    if same(got, _piled_up(f, W, h, False)):
        return ("The entries handled before are still moved (by -h) when the next entry's difference is taken: one "
                "array moved for all entries (a copy of W made before the loop, or W itself), and no entry put back. "
                "That goes unnoticed for f whose entries do not interact (a sum of cubes), not here. Put each entry "
                "back (or start from a fresh copy).")
    for sign, name in ((1, "W + h"), (-1, "W - h")):
        one = _one_sided(f, W, sign * h)
        if same(got, one / 2):
            return (f"It is half a one-sided difference, (f({name}) - f(W)) / (2h): the second point f is evaluated "
                    f"at is W itself, not W {'-' if sign > 0 else '+'} h. Moving one array by +h and then by -h "
                    f"lands back on W, whether it is a copy moved back or a second name for W (Wm = W is not a "
                    f"copy of it).")
        if same(got, 2 * one):
            return (f"It is twice a one-sided difference, (f({name}) - f(W)) / (h / 2): the points are h apart, not "
                    f"2h; move the entry by +h and by -h and divide the change by 2h.")
    return None
