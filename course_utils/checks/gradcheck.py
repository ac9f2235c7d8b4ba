"""Check of numerical_gradient (lecture 06, gradient checking); that of relative_error is in
:mod:`course_utils.checks.relative_error` (and importable from here).

The scalar functions ``f`` handed to a student's ``numerical_gradient`` are
:class:`course_utils.checks.testfunctions.TestFunction` objects: a TestFunction
travels by name, so the same check also works when the autograder runs the
student's function in a sandbox process.  In this process a
:class:`course_utils.checks.numgrad_probe.Probe` also checks how ``f`` is called
(shape, dtype) and records every call, so that a wrong result is explained from
the points f was evaluated at; in the sandbox, where nothing is recorded, from
the result alone (see :mod:`course_utils.checks.numgrad_probe`).
"""

import numpy as np

from .. import gradcheck as _gradcheck
from .core import Case, Incorrect, Spec, check, problem
from .call import format_hints
from .behaviour import earlier_message
from .diagnose import passed, right, run_array_cases
from .numgrad_log import ONE_SIDED
from .numgrad_probe import Probe as _Probe, explainer, raised_hint, unless_points_wrong
from .relative_error import RELATIVE_ERROR_TOL, check_relative_error  # noqa: F401 - public here, as before

NUMGRAD_TOL = 1e-7
#: Relative round-off allowed in W after the call (perturb-and-restore by arithmetic).
RESTORE_TOL = 1e-12

def _one_sided(f, W, h, sign):
    """Forward (sign = +1) or backward (sign = -1) differences."""
    Wp, g = W.copy(), np.empty_like(W)
    f0 = f(W)
    for idx in np.ndindex(W.shape):
        old = Wp[idx]
        Wp[idx] = old + sign * h
        g[idx] = sign * (f(Wp) - f0) / h
        Wp[idx] = old
    return g


def _W(seed, shape):
    """Entries of both signs, away from 0 (so that W^2 and exp(W) are all different)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(0.5, 1.5, shape) * rng.choice([-1.0, 1.0], shape)


def _case(desc, probe, W, h=1e-5, extra=(), hint="", fn=None, steps=None, default=False):
    f = probe.plain
    expected = _gradcheck.numerical_gradient(f, W, h=h)
    mistakes = [
        (lambda: _one_sided(f, W, h, +1), ONE_SIDED.format("forward (one-sided)")),
        (lambda: _one_sided(f, W, h, -1), ONE_SIDED.format("backward (one-sided)")),
        (-expected, "Sign error: it is the gradient of -f. Subtract f at W - h from f at W + h, "
                    "in this order."),
        (2 * expected, "It is twice the right value: the difference is divided by half the distance between its two "
                       "points (by h where W + h and W - h are 2h apart). The points are W + h and W - h, and the "
                       "difference is divided by 2h."),
        (expected / 2, "It is half the right value: the difference is divided by twice the distance between its two "
                       "points (by 4h, or by 2h with the entry moved by only h/2 each way). The points are W + h and "
                       "W - h, and the difference is divided by 2h."),
        (expected * h ** 2, "It is h^2 times the right value: `/ 2 * h` divides by 2 and then MULTIPLIES "
                            "by h. Write the denominator in parentheses: / (2 * h)."),
    ] + [(lambda other=other: other(f), message) for other, message in extra]
    mistakes = [(unless_points_wrong(probe, candidate), message) for candidate, message in mistakes]
    probe.caller, probe.origin = W.copy(), (W, h)
    return Case(desc, (probe, probe.caller), expected, kwargs={} if default else {"h": h}, mistakes=mistakes, hint=hint,
                explain=explainer(fn, NUMGRAD, probe, expected, steps, default))


_ANY_SHAPE = ("W can have any shape: perturb one entry at a time, whatever the number of "
              "dimensions")

NUMGRAD = Spec("numerical_gradient", "numerical_gradient(f, W, h=1e-5)", ("f", "W"),
               index_hint=_ANY_SHAPE, shape_hint="the result has the shape of W",
               mutation_hint="W must be unchanged when numerical_gradient returns: restore each "
                             "entry you perturb to its saved value, or perturb a copy of W.",
               reduces=False)


def _numgrad_cases(fn=None):
    W2, W1, Wq, Wh = _W(601, (3, 2)), _W(602, (5,)), _W(603, (3, 3)), _W(604, (2, 3))
    steps = (_Probe("cubic", Wh.shape, scale=1.0), Wh)
    on = {"fn": fn, "steps": steps}
    Wl, Xl, yl = problem(605, N=8, D=3, K=2)
    cubic = "the cubic f(W) = sum of the cubes of the entries of W"
    transposed = ("The result is transposed: entry [i, j] must be the derivative with respect to "
                  "W[i, j].")
    ignores_h = ("It did not change when h changed: with h = 0.1 the central difference of a cubic "
                 "differs from the exact derivative by h^2, but your result equals the one for a "
                 "tiny step. Your function seems to ignore its `h` argument.")
    return [
        _case(f"{cubic}, at a 2-D W of shape (3, 2), h = 1e-5", _Probe("cubic", W2.shape, scale=1.0), W2,
              **on),
        _case(f"{cubic} (times 2), at a 1-D W of shape (5,), h = 1e-5", _Probe("cubic", W1.shape, scale=2.0),
              W1, **on),
        _case("f(W) = sum of exp of the entries of W, at a square W of shape (3, 3)",
              _Probe("sum_exp", Wq.shape), Wq,
              extra=[(lambda f: _gradcheck.numerical_gradient(f, Wq).T, transposed)], **on),
        _case(f"{cubic}, at W of shape (2, 3), with a large step h = 0.1", _Probe("cubic", Wh.shape, scale=1.0),
              Wh, h=0.1, extra=[(lambda f: _gradcheck.numerical_gradient(f, Wh, h=1e-5), ignores_h),
                                (lambda f: _gradcheck.numerical_gradient(f, Wh, h=1e-4), ignores_h)], **on),
        _case("f(W) = the log-likelihood of a small problem (N = 8, D = 3, K = 2), W of shape (3, 2)",
              _Probe("log_likelihood", Wl.shape, X=Xl, y=yl), Wl, **on),
        _case(f"{cubic} (times 3), at W of shape (3, 2), called without h (its default, 1e-5)",
              _Probe("cubic", W2.shape, scale=3.0), W2, default=True, **on),
        _case("f(W) = sum of exp of the entries of W, at a W with zeros and equal entries, [[0, 1.5, 0], "
              "[1.5, -0.5, 1.5]], h = 1e-5",
              _Probe("sum_exp", (2, 3)), np.array([[0.0, 1.5, 0.0], [1.5, -0.5, 1.5]]),
              hint="every entry is perturbed on its own, whatever its value (0, or equal to another entry)", **on),
    ]


def _any_shape(exc):
    """" (W can have any shape: ...)", unless the diagnosis ``exc`` already says so."""
    return "" if _ANY_SHAPE in str(exc) else f" ({_ANY_SHAPE})"


@check("check_numerical_gradient", "numerical_gradient")
def check_numerical_gradient(fn):
    """Check a student's ``numerical_gradient(f, W, h=1e-5)`` (central differences, any shape of W).

    Compares with :func:`course_utils.numerical_gradient` for a cubic and for
    sum(exp(W)) (whose large higher derivatives separate central from forward
    differences) at 2-D, 1-D and square W, for a large step h = 0.1 (so that
    ignoring ``h`` shows), and for a log-likelihood.  ``W`` must be unchanged
    after the call (up to round-off) and ``f`` must be called with float64
    arrays shaped like W.  A wrong result is explained from the points ``f``
    was called at and the values it returned there (recorded in the notebook,
    not in the autograder's sandbox, where the result alone is read).
    """
    cases = _numgrad_cases(fn)

    done = []

    def run(some):
        worst = 0.0
        for case in some:
            try:
                worst = max(worst, run_array_cases(fn, NUMGRAD, [case], NUMGRAD_TOL, floor=1e-300, rel_floor=1e-6,
                                                   restore_tol=RESTORE_TOL))
                done.append(case)
            except Incorrect as exc:
                state = earlier_message(fn, NUMGRAD, done, lambda c, out: right(c, out, NUMGRAD_TOL, 1e-300, 1e-6),
                                        callables=True) if exc.__cause__ is None else None
                if state:
                    raise Incorrect(f"numerical_gradient: wrong result on {case.desc}. {state}") from None
                cause = exc.__cause__
                hint = raised_hint(case.args[0].evaluations(), str(cause)) if isinstance(cause, Exception) else None
                if hint is None:
                    raise
                raise Incorrect(f"{exc}{format_hints([hint], str(exc))}") from exc.__cause__
        return worst

    try:
        worst = run(cases[:1])
    except Incorrect as exc:
        try:                                    # does it at least work for a 1-D W?
            run(cases[1:2])
        except AssertionError:
            raise exc from exc.__cause__
        raise Incorrect(f"numerical_gradient works for a 1-D W but not for a 2-D one{_any_shape(exc)}. "
                        f"{exc}") from exc.__cause__
    try:
        worst = max(worst, run(cases[1:2]))
    except Incorrect as exc:
        raise Incorrect(f"numerical_gradient works for a 2-D W but not for a 1-D one{_any_shape(exc)}. "
                        f"{exc}") from exc.__cause__
    return passed("check_numerical_gradient", max(worst, run(cases[2:])), len(cases))
