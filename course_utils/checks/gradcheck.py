"""Checks of numerical_gradient and relative_error (lecture 06, gradient checking).

The scalar functions ``f`` handed to a student's ``numerical_gradient`` are
:class:`course_utils.checks.testfunctions.TestFunction` objects: a TestFunction
travels by name, so the same check also works when the autograder runs the
student's function in a sandbox process.  In this process a :class:`_Probe`
also checks how ``f`` is called (shape, dtype).
"""

import numpy as np

from .. import gradcheck as _gradcheck
from .core import Case, Incorrect, ProbeMisuse, Spec, check, problem
from .diagnose import array_check, passed, run_array_cases
from .testfunctions import TestFunction

NUMGRAD_TOL = 1e-7
RELATIVE_ERROR_TOL = 1e-12
#: Relative round-off allowed in W after the call (perturb-and-restore by arithmetic).
RESTORE_TOL = 1e-12

class _Probe(TestFunction):
    """The scalar function f handed to the student: checks how it is called, then evaluates it."""

    __test__ = False

    def __init__(self, name, shape, **params):
        super().__init__(name, **params)
        self.shape = shape

    def plain(self, W):
        """f itself, without the checks on how it is called (for the reference values)."""
        return self._fn(W)

    def __call__(self, W):
        arr = np.asarray(W)
        if arr.shape != self.shape:
            raise ProbeMisuse(
                f"f was called with an array of shape {arr.shape}, but W has shape {self.shape}: "
                f"call f with an array shaped like W, with one entry changed"
            )
        if arr.dtype.kind == "f" and arr.dtype.itemsize < 8:
            raise ProbeMisuse(
                f"f was called with {arr.dtype} numbers: in single precision a step of h = 1e-5 "
                f"is lost in rounding, a precision loss. Keep W in float64"
            )
        return self._fn(arr)

    def __repr__(self):
        return f"f ({self.name})"


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


def _case(desc, probe, W, h=1e-5, extra=(), hint=""):
    f = probe.plain
    expected = _gradcheck.numerical_gradient(f, W, h=h)
    one_sided = ("It looks like {0} differences: their error is of order h (here about 1e-5 "
                 "relative) instead of h^2. Use central differences: evaluate f with the entry "
                 "moved by +h AND by -h, and divide the change by 2h.")
    mistakes = [
        (lambda: _one_sided(f, W, h, +1), one_sided.format("forward (one-sided)")),
        (lambda: _one_sided(f, W, h, -1), one_sided.format("backward (one-sided)")),
        (-expected, "Sign error: it is the gradient of -f. Subtract f at W - h from f at W + h, "
                    "in this order."),
        (2 * expected, "It is twice the right value: the two evaluation points are 2h apart, so "
                       "divide by 2h, not by h."),
        (expected / 2, "It is half the right value: divide the difference by 2h, not by 4h."),
        (expected * h ** 2, "It is h^2 times the right value: `/ 2 * h` divides by 2 and then MULTIPLIES "
                            "by h. Write the denominator in parentheses: / (2 * h)."),
    ] + [(lambda fn=fn: fn(f), message) for fn, message in extra]
    return Case(desc, (probe, W.copy()), expected, kwargs={"h": h}, mistakes=mistakes, hint=hint)


_ANY_SHAPE = ("W can have any shape: perturb one entry at a time, whatever the number of "
              "dimensions")

NUMGRAD = Spec("numerical_gradient", "numerical_gradient(f, W, h=1e-5)", ("f", "W"),
               index_hint=_ANY_SHAPE, shape_hint="the result has the shape of W",
               mutation_hint="W must be unchanged when numerical_gradient returns: restore each "
                             "entry you perturb to its saved value, or perturb a copy of W.")


def _numgrad_cases():
    W2, W1, Wq, Wh = _W(601, (3, 2)), _W(602, (5,)), _W(603, (3, 3)), _W(604, (2, 3))
    Wl, Xl, yl = problem(605, N=8, D=3, K=2)
    cubic = "the cubic f(W) = sum of the cubes of the entries of W"
    transposed = ("The result is transposed: entry [i, j] must be the derivative with respect to "
                  "W[i, j].")
    ignores_h = ("It did not change when h changed: with h = 0.1 the central difference of a cubic "
                 "differs from the exact derivative by h^2, but your result equals the one for a "
                 "tiny step. Your function seems to ignore its `h` argument.")
    return [
        _case(f"{cubic}, at a 2-D W of shape (3, 2), h = 1e-5", _Probe("cubic", W2.shape, scale=1.0), W2,
              hint="W here is a 2-D matrix; numerical_gradient must work for W of any shape"),
        _case(f"{cubic} (times 2), at a 1-D W of shape (5,), h = 1e-5", _Probe("cubic", W1.shape, scale=2.0),
              W1, hint="W here is a 1-D vector; numerical_gradient must work for W of any shape"),
        _case("f(W) = sum of exp of the entries of W, at a square W of shape (3, 3)",
              _Probe("sum_exp", Wq.shape), Wq,
              extra=[(lambda f: _gradcheck.numerical_gradient(f, Wq).T, transposed)]),
        _case(f"{cubic}, at W of shape (2, 3), with a large step h = 0.1", _Probe("cubic", Wh.shape, scale=1.0),
              Wh, h=0.1, extra=[(lambda f: _gradcheck.numerical_gradient(f, Wh, h=1e-5), ignores_h),
                                (lambda f: _gradcheck.numerical_gradient(f, Wh, h=1e-4), ignores_h)]),
        _case("f(W) = the log-likelihood of a small problem (N = 8, D = 3, K = 2), W of shape (3, 2)",
              _Probe("log_likelihood", Wl.shape, X=Xl, y=yl), Wl),
    ]


@check("check_numerical_gradient", "numerical_gradient")
def check_numerical_gradient(fn):
    """Check a student's ``numerical_gradient(f, W, h=1e-5)`` (central differences, any shape of W).

    Compares with :func:`course_utils.numerical_gradient` for a cubic and for
    sum(exp(W)) (whose large higher derivatives separate central from forward
    differences) at 2-D, 1-D and square W, for a large step h = 0.1 (so that
    ignoring ``h`` shows), and for a log-likelihood.  ``W`` must be unchanged
    after the call (up to round-off) and ``f`` must be called with float64
    arrays shaped like W.
    """
    cases = _numgrad_cases()

    def run(some):
        return run_array_cases(fn, NUMGRAD, some, NUMGRAD_TOL, floor=1e-300, rel_floor=1e-6,
                               restore_tol=RESTORE_TOL)

    try:
        worst = run(cases[:1])
    except Incorrect as exc:
        try:                                    # does it at least work for a 1-D W?
            run(cases[1:2])
        except AssertionError:
            raise exc from exc.__cause__
        raise Incorrect(f"numerical_gradient works for a 1-D W but not for a 2-D one ({_ANY_SHAPE}). "
                        f"{exc}") from exc.__cause__
    try:
        worst = max(worst, run(cases[1:2]))
    except Incorrect as exc:
        raise Incorrect(f"numerical_gradient works for a 2-D W but not for a 1-D one ({_ANY_SHAPE}). "
                        f"{exc}") from exc.__cause__
    return passed("check_numerical_gradient", max(worst, run(cases[2:])), len(cases))


# ------------------------------------------------------------------ relative_error


def _relerr_case(desc, a, b, floor=None, explain=None):
    kwargs = {} if floor is None else {"floor": floor}
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
            (diff / np.maximum(np.abs(a), np.abs(b)), "The floor is missing: where |a| and |b| are "
                                                      "both tiny (or 0) the denominator must not "
                                                      "drop below `floor`."),
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
    return Case(desc, (a.copy(), b.copy()), expected, kwargs=kwargs, mistakes=mistakes, explain=explain)


def _both_zero_explain(got):
    if np.isnan(got).any():
        return ("It returned NaN where a and b are both 0: 0 / 0. The floor in the denominator is "
                "there to make the error 0 where both are (nearly) zero.")
    return None


@check("check_relative_error", "relative_error")
def check_relative_error(fn):
    """Check a student's ``relative_error(a, b, floor=1e-8)``: elementwise |a - b| / max(|a|, |b|, floor).

    Tries matrices of mixed sign and scale, entries where both are 0 or tiny,
    a 1-D input and an explicit ``floor``.
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
        _relerr_case("4x3 matrices with a row where both are 0, and a 0 facing a 3", z_a, z_b,
                     explain=_both_zero_explain),
        _relerr_case("1-D vectors with tiny entries (1e-12 .. 1e-9), below the floor", t_a, t_b),
        _relerr_case("the same vectors with floor=1e-11 given explicitly", t_a, t_b, floor=1e-11),
    ]
    spec = Spec("relative_error", "relative_error(a, b, floor=1e-8)", ("a", "b"),
                shape_hint="a and b have the same shape, and so does the result")
    return array_check("check_relative_error", fn, spec, cases, RELATIVE_ERROR_TOL, floor=1e-300)
