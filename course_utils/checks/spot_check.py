"""The check of lecture 06's coding exercise ``spot_check(f, G, W, entries, h=1e-5)``: checking a few entries.

Lecture 06 derives the central difference, with error O(h^2), and the relative error with its floor.  The
exercise applies them to a few entries ``(d, k)`` of W of shape (D, K) only: 2 evaluations of ``f`` per
entry, instead of the 2 D K of a full numerical gradient (millions for MNIST).  :func:`check_spot_check`
compares the student's function with the right numbers on seeded test functions, names the classic slips (a
one-sided difference, h instead of 2h, the absolute error, no floor, W not restored, the whole numerical
gradient), then runs it on lecture 06's problem with a gradient whose bias row is wrong and says, in its
passing line, which entries catch that bug.  The student's function may use NumPy, ``softmax`` and ``one_hot``.

Examples
--------
>>> import numpy as np
>>> def spot_check(f, G, W, entries, h=1e-5):
...     errors = []
...     for d, k in entries:
...         Wp = W.copy()
...         Wp[d, k] = W[d, k] + h
...         f_plus = f(Wp)
...         Wp[d, k] = W[d, k] - h
...         n = (f_plus - f(Wp)) / (2 * h)
...         errors.append(abs(G[d, k] - n) / max(abs(G[d, k]), abs(n), 1e-8))
...     return np.array(errors)
>>> result = check_spot_check(spot_check)                # doctest: +ELLIPSIS
check_spot_check: correct (7 cases, 2 evaluations of f per entry; on lecture 06's problem, ... (row 0) ...)
>>> check_spot_check(lambda f, G, W, entries, h=1e-5: 2 * spot_check(f, G, W, entries, h))   # doctest: +ELLIPSIS
Traceback (most recent call last):
...
course_utils.checks.Incorrect: spot_check: on the cubic ..., the relative error of entry (0, 1) is 0.0001042, ...
"""

from collections import namedtuple

import numpy as np

from ..gradcheck import FAIL_THRESHOLD, PASS_THRESHOLD, ZERO_FLOOR
from ..gradients import loss_and_grad
from .call import call
from .compare import first_mistake
from .core import Case, CheckResult, Incorrect, ProbeMisuse, Spec, check, fmt_num, problem
from .diagnose import shape_message, to_array
from .gradcheck import RESTORE_TOL

SPEC = Spec("spot_check", "spot_check(f, G, W, entries, h=1e-5)", ("f", "G", "W", "entries"),
            mutation_hint="Leave W and G as they were: perturb a copy of W (W.copy()), or put each entry back after "
                          "its two evaluations of f; spot_check only reads the analytic gradient G")
ROW0_GOOD, ROW0_CATCH = ((1, 0), (2, 1), (1, 2)), ((0, 0), (1, 1), (2, 2))
FLOOR = "max(|G|, |n|, 1e-8)"
_Case = namedtuple("_Case", "desc f G W entries h", defaults=(None,))     # h None: the default step, not passed


class _Counted:
    """The test function handed to the student: counts its calls, refuses anything but a (D, K) array."""

    def __init__(self, f, shape):
        self.f, self.shape, self.calls = f, shape, 0

    def __call__(self, W):
        self.calls += 1
        if not isinstance(W, np.ndarray) or W.shape != self.shape:
            what = f"an array of shape {W.shape}" if isinstance(W, np.ndarray) else f"a {type(W).__name__}"
            raise ProbeMisuse(f"f was called with {what}; f takes the whole matrix W, of shape {self.shape}: "
                          "pass a copy of W with the one entry (d, k) moved by h")
        return self.f(W)


def _rel(G, n, denominator=None):
    """Lecture 06's relative error |G - n| / max(|G|, |n|, 1e-8), or |G - n| over another denominator."""
    den = np.maximum(np.abs(G), np.abs(n)) if denominator is None else denominator
    return np.abs(G - n) / np.maximum(den, ZERO_FLOOR)


def _differences(case, h):
    """Arrays (f(W + h e), f(W), f(W - h e)) over the entries of the case, computed on copies of W."""
    rows = []
    for d, k in case.entries:
        plus, minus = case.W.copy(), case.W.copy()
        plus[d, k] += h
        minus[d, k] -= h
        rows.append((case.f(plus), case.f(case.W), case.f(minus)))
    return np.array(rows, dtype=float).T


def _fingerprints(case, G, n, h):
    """[(what a slip returns on this case, its diagnosis)]."""
    fp, f0, fm = _differences(case, h)
    one_sided = ("your errors are those of a one-sided difference {} / h, whose error is O(h): lecture 06 uses "
                 "the central difference (f(W + h e) - f(W - h e)) / (2h), whose error is O(h^2)")
    slips = [(_rel(G, (fp - f0) / h), one_sided.format("(f(W + h e) - f(W))")),
             (_rel(G, (f0 - fm) / h), one_sided.format("(f(W) - f(W - h e))")),
             (_rel(G, (fp - fm) / h), "your errors are those of a numerical estimate n divided by h instead of 2h, "
                                      "twice too large: the two points W + h e and W - h e are 2h apart")]
    if case.h not in (None, 1e-5):
        p5, _, m5 = _differences(case, 1e-5)
        slips.append((_rel(G, (p5 - m5) / 2e-5), f"your errors are those of the step 1e-5, not of the step passed "
                                                 f"(h={case.h:g}): use the argument h"))
    return slips + [
        (np.abs(G - n), f"you return the absolute error |G - n|: return the relative error |G - n| / {FLOOR}, "
                        "which does not depend on the scale of the gradient"),
        ((G - n) / np.maximum(np.maximum(np.abs(G), np.abs(n)), ZERO_FLOOR),
         "your relative errors keep the sign of G - n: take the absolute value |G - n|"),
        (_rel(G, n, np.abs(G) + np.abs(n)), f"you divide by |G| + |n|: lecture 06 divides by the larger of the two, "
                                            f"{FLOOR} (a sign error then gives 2, not 1)"),
        (_rel(G, n, np.abs(G)), f"you divide by |G| only: lecture 06 divides by the larger of |G| and |n|, {FLOOR}, "
                                "so that G and n play the same part")]


def _cases():
    W1 = np.array([[1.5, -0.8, 1.2, 2.0], [-1.1, 0.9, -1.7, 1.3], [0.7, -2.0, 1.4, -1.6]])
    G1 = 3 * W1 ** 2
    G1[:, 0] = 0.0
    rng = np.random.default_rng(6)
    W2, c, b = rng.standard_normal((4, 3)), rng.uniform(0.5, 2.0, (4, 3)), rng.standard_normal((4, 3))
    G2 = c * W2 + b
    G2[0, 2], G2[3, 1] = -G2[0, 2], 2 * G2[3, 1]
    W3 = rng.uniform(-1.0, 1.0, (2, 5))
    G3 = np.exp(W3)
    G3[:, 3] /= 2
    W4, X4, y4 = problem(7, 10, 4, 3)
    E4, G4 = (lambda W_: loss_and_grad(W_, X4, y4)[0]), loss_and_grad(W4, X4, y4)[1]
    lecture = np.random.default_rng(0)                  # lecture 06's problem: N = 6, D = K = 3, l2 = 0.1
    X = np.hstack([np.ones((6, 1)), lecture.standard_normal((6, 2))])
    W = lecture.standard_normal((3, 3))
    y = lecture.permutation(np.arange(6) % 3)
    G_bug = loss_and_grad(W, X, y, l2=0.1)[1]
    G_bug[0] = 0.0
    E, bug = (lambda W_: loss_and_grad(W_, X, y, l2=0.1)[0]), "lecture 06's E (l2 = 0.1), G with row 0 left at 0"
    return [
        _Case("the cubic f(W) = sum of W[:, 1:]**3 with h = 0.01, G exact (f does not depend on column 0: "
              "G and n are both 0 there)", lambda W_: float(np.sum(W_[:, 1:] ** 3)), G1, W1,
              ((0, 1), (1, 0), (2, 3), (1, 2), (0, 3)), 1e-2),
        _Case("the quadratic f(W) = sum(c * W**2) / 2 + sum(b * W), default h, G wrong at (0, 2) (sign) and (3, 1) "
              "(doubled)", lambda W_: float(np.sum(c * W_ ** 2) / 2 + np.sum(b * W_)), G2, W2,
              ((0, 2), (1, 0), (2, 1), (3, 1), (3, 2))),
        _Case("f(W) = sum(exp(W)) with h = 1e-4, G halved in column 3", lambda W_: float(np.sum(np.exp(W_))), G3, W3,
              ((0, 0), (1, 3), (0, 4), (1, 1), (0, 3)), 1e-4),
        _Case("the softmax mean loss E of 10 samples, D = 4, K = 3, h = 1e-5, G exact", E4, G4, W4,
              ((0, 0), (1, 2), (2, 1), (3, 0), (3, 2)), 1e-5),
        _Case("the softmax mean loss E, one entry (2, 1), G of the wrong sign", E4, -G4, W4, ((2, 1),), 1e-5),
        _Case(bug + ", entries outside row 0", E, G_bug, W, ROW0_GOOD),
        _Case(bug + ", one entry per row and column", E, G_bug, W, ROW0_CATCH)]


def _floor_message(case, zero):
    return (f"spot_check divides 0 by 0 at entry {zero[0]} of {case.desc}, where G and n are both exactly 0: "
            f"lecture 06's relative error divides by {FLOOR}, whose floor makes that error 0")


def _call(fn, case, zero):
    """The student's result on ``case`` and the number of evaluations of f (W and G must come back unchanged,
    W up to the round-off of restoring entries by arithmetic: :func:`~.call.call`)."""
    f = _Counted(case.f, case.W.shape)
    call_case = Case(case.desc, (f, case.G.copy(), case.W.copy(), list(case.entries)),
                     None, kwargs={} if case.h is None else {"h": case.h})
    try:
        out = call(fn, SPEC, call_case, restore_tol=RESTORE_TOL)
    except Incorrect as exc:
        if isinstance(exc.__cause__, ZeroDivisionError) and zero:
            raise Incorrect(_floor_message(case, zero)) from exc
        raise
    return out, f.calls


def _judge(fn, case):
    """The student's relative errors on ``case``, shape (len(entries),), or Incorrect naming what is wrong."""
    entries, m, h = case.entries, len(case.entries), 1e-5 if case.h is None else case.h
    G = np.array([case.G[e] for e in entries])
    fp, _, fm = _differences(case, h)
    n = (fp - fm) / (2 * h)
    expected = _rel(G, n)
    zero = [e for e, g, v in zip(entries, G, n) if g == 0 and v == 0]
    out, calls = _call(fn, case, zero)
    spec_case = Case(case.desc, (), expected, hint="return one relative error per entry of `entries`, in their order")
    arr = to_array(out, SPEC, spec_case, (m,))
    if arr.shape != (m,):
        raise Incorrect(shape_message(SPEC, spec_case, arr, (m,)))
    got = arr.astype(float)
    bad, at_zero = ~np.isfinite(got), np.isin(np.arange(m), [entries.index(e) for e in zero])
    if np.any(bad & at_zero) and not np.any(bad & ~at_zero):
        raise Incorrect(_floor_message(case, zero))
    wrong = bad | (np.abs(got - expected) > 1e-7 + 1e-6 * np.abs(expected))
    if np.any(wrong):
        diagnosis = first_mistake(got, expected, _fingerprints(case, G, n, h), 1e-6, 0.1)   # errors lie in [0, 2]
        if diagnosis:
            raise Incorrect(f"spot_check: on {case.desc}, {diagnosis}")
        i = int(np.argmax(wrong))
        raise Incorrect(f"spot_check: on {case.desc}, the relative error of entry {entries[i]} is {fmt_num(got[i])}, "
                        f"expected {fmt_num(expected[i])} (there G = {fmt_num(G[i], 6)} and the central difference "
                        f"gives n = {fmt_num(n[i], 6)})")
    if calls > 2 * m:
        full = "you computed the whole numerical gradient. " if calls >= 2 * case.W.size else ""
        raise Incorrect(f"spot_check evaluated f {calls} times for {m} entries on {case.desc}: {full}Spot-checking "
                        f"costs 2 evaluations per entry, f(W + h e) and f(W - h e): {2 * m} here")
    return got


@check("check_spot_check", "spot_check")
def check_spot_check(fn):
    """Check lecture 06's ``spot_check(f, G, W, entries, h=1e-5)``, then show what it finds in a buggy gradient.

    The student's ``spot_check`` gets a scalar function ``f`` of W, the analytic gradient ``G`` of shape (D, K),
    the point ``W`` of shape (D, K), a list ``entries`` of index pairs ``(d, k)`` and the step ``h``.  It must
    return an array of shape ``(len(entries),)``: for each entry, lecture 06's relative error
    ``|G[d, k] - n| / max(|G[d, k]|, |n|, 1e-8)`` (the floor 1e-8 is ``ZERO_FLOOR`` of
    :mod:`course_utils.gradcheck`), where ``n = (f(W + h e) - f(W - h e)) / (2h)`` is the central difference
    along the entry (``e`` of shape (D, K): 1 at (d, k), 0 elsewhere).  That takes exactly 2 evaluations of
    ``f`` per entry, and ``W`` and ``G`` must be unchanged afterwards.  It may use NumPy, and of
    ``course_utils`` only ``softmax`` and ``one_hot``.  The passing line reports what the student's function
    finds on lecture 06's problem in a gradient whose bias row (row 0) is left at 0.

    Parameters
    ----------
    fn : callable
        The student's ``spot_check``.
    """
    results = [_judge(fn, case) for case in _cases()]
    good, catch = results[-2], results[-1]
    below = "all below 1e-6" if good.max() <= PASS_THRESHOLD else f"at most {fmt_num(good.max(), 2)}"
    caught = ", ".join(f"{fmt_num(r, 3)} at {e}" for e, r in zip(ROW0_CATCH, catch) if r > FAIL_THRESHOLD)
    summary = (f"{len(results)} cases, 2 evaluations of f per entry; on lecture 06's problem, a gradient of E whose "
               f"bias row (row 0) is left at 0 passes the entries {', '.join(map(str, ROW0_GOOD))}, {below}, but "
               f"{', '.join(map(str, ROW0_CATCH))}, one per row and column, catch it: relative error {caught}. "
               "Spot-check entries from every row and every column")
    return CheckResult("check_spot_check", summary, None, len(results))
