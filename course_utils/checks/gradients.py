"""Checks of the three log-likelihood gradients (lectures 03, 05 and 07), with a speed test.

The fingerprints of their mistakes are in :mod:`course_utils.checks.grad_mistakes`; the check of the
per-sample gradient is in :mod:`course_utils.checks.grad_sample` (and importable from here).
"""

import dataclasses
import functools

import numpy as np

from .. import gradients as _gradients
from . import timing as _timing
from .core import Case, Incorrect, Spec, check, problem, problem_remake, problem_sizes
from .diagnose import array_check, passed, run_array_cases
from .grad_mistakes import GRAD_TOL, NAMES as _NAMES, grad_mistakes, label_mistakes
from .grad_structure import structure_explain
from .grad_sample import check_grad_log_likelihood_sample  # noqa: F401 - public here, as before
from .label_cases import label_problems

#: The student's vectorized gradient may be at most this many times slower than the reference.
SPEED_LIMIT = 20.0
#: Shape (N, D, K) of the speed test: many samples, few features and classes, so that a
#: Python loop over the samples costs 40x-700x the reference and vectorized variants
#: (matmul, einsum, np.add.at, a loop over classes) 1.5x-3x (as measured by
#: :mod:`course_utils.checks.timing`, tests/test_timing.py).
SPEED_SHAPE = (4000, 3, 4)
#: Seeds the random problems of the speed test (each measurement adds a random number of its own).
SPEED_SEED = 406
#: The measurement (:func:`course_utils.checks.timing.speed_ratio`), and the longer one that must
#: confirm a "too slow" before it is final: (at most) repeats, (at least) min_repeats, budget in seconds.
SPEED_FIRST = {"repeats": 15, "min_repeats": 3, "budget": 0.3}
SPEED_CONFIRM = {"repeats": 40, "min_repeats": 3, "budget": 0.6}


def _one_sample(W, x, label):
    """The arguments of a batch gradient's call on one sample."""
    return W, x[None, :], np.array([label])


def _batch_case(desc, W, X, y, earlier=(), stable=False, remake=None, fn=None, spec=None):
    sizes = problem_sizes(W, X)
    return Case(desc, (W.copy(), X.copy(), y.copy()), _gradients.grad_log_likelihood(W, X, y),
                mistakes=grad_mistakes(W, X, y, earlier=earlier),
                explain=structure_explain(W, X, y, stable, fn, spec, _one_sample), sizes=sizes, remake=remake)


def _label_case(p):
    return Case(p.desc, (p.W.copy(), p.X.copy(), p.y.copy()), _gradients.grad_log_likelihood(p.W, p.X, p.y),
                mistakes=label_mistakes(p) + grad_mistakes(p.W, p.X, p.y), hint=p.hint, fallback=p.fallback,
                sizes=problem_sizes(p.W, p.X))


def _batch_cases(fn, spec):
    """The cases of both batch checks for the student's ``fn``, and their sizes (None for the cases of labels
    lacking a class)."""
    problems = [
        ("a small problem: N = 7 samples, D = 4 features (bias included), K = 3 classes",
         (401, dict(N=7, D=4, K=3))),
        ("a problem with D = K = 4 (square W) and N = 9", (402, dict(N=9, D=4, K=4))),
        ("N = 30 samples, D = 6, K = 5", (403, dict(N=30, D=6, K=5, x_scale=2.0))),
        ("large weights: logits X W of size ~1000 (N = 10, D = 3, K = 4)", (404, dict(N=10, D=3, K=4, w_scale=500.0))),
    ]
    dims = [{k: v for k, v in options.items() if k in ("N", "D", "K")} for _, (_, options) in problems]
    cases = []
    for i, (desc, (seed, options)) in enumerate(problems):
        W, X, y = problem(seed, **options)
        scales = {k: v for k, v in options.items() if k not in ("N", "D", "K")}
        cases.append(_batch_case(desc, W, X, y, dims[:i], stable=i == 3,
                                 remake=problem_remake(seed, _gradients.grad_log_likelihood, **scales),
                                 fn=fn, spec=spec))
    labels = label_problems(407)
    return cases + [_label_case(p) for p in labels], dims + [None] * len(labels)


_INDEX = "labels run from 0 to K - 1; X is (N, D), W is (D, K)"
_SHAPES = "X is (N, D), W is (D, K), the logits X W are (N, K) and the gradient has the shape of W"


@check("check_grad_log_likelihood_loop", "grad_log_likelihood_loop")
def check_grad_log_likelihood_loop(fn):
    """Check a student's ``grad_log_likelihood_loop(W, X, y)`` (the notes' case formula, looped).

    The result must equal X^T (Y - S), the gradient of the log-likelihood summed
    over samples (ascent direction), of shape (D, K).  Tries D != K, D = K,
    logits near 1000, and labels lacking a class (K comes from W).
    """
    spec = Spec("grad_log_likelihood_loop", "grad_log_likelihood_loop(W, X, y)", ("W", "X", "y"),
                index_hint=_INDEX, shape_hint=_SHAPES)
    cases, dims = _batch_cases(fn, spec)
    return array_check("check_grad_log_likelihood_loop", fn, spec, cases, GRAD_TOL, floor=1e-300,
                       rel_floor=1e-6, shape_names=_NAMES, dims=dims)


_CLOCKS = {"cpu": "of CPU time ", "wall": "(wall clock) "}


def _verify(measured, shape):
    """The student's results on the problems it was timed on must be the gradient of those problems."""
    N, D, K = shape
    for index, out in enumerate(measured["outputs"]):
        W, X, y = _timing.inputs(shape, measured["seed"], index)
        ref = _gradients.grad_log_likelihood(W, X, y)
        if out is None or np.shape(out) != ref.shape or not \
                np.max(np.abs(np.asarray(out, dtype=float) - ref)) <= GRAD_TOL * max(np.max(np.abs(ref)), 1.0):
            raise Incorrect(
                f"grad_log_likelihood gives the right values on the check's problems, but not on the random "
                f"problems of the same size (N = {N}, D = {D}, K = {K}) its speed was measured on: it must "
                f"compute the gradient of the W, X and y it receives, every time (no results kept from "
                f"earlier calls, no special cases)."
            )


def _measure(measure, shape, options):
    """One measurement by ``measure`` (here or in the autograder's sandbox), its results verified."""
    try:
        measured = measure(shape=shape, seed=SPEED_SEED, **options)
    except Exception as exc:  # noqa: BLE001 - the student's function raised while timed
        N, D, K = shape
        raise Incorrect(
            f"grad_log_likelihood raised {type(exc).__name__}: {str(exc)[:200]} on a random problem of the "
            f"speed test (N = {N}, D = {D}, K = {K}), after giving the right values on the check's problems: "
            f"it must work for any W (D, K), X (N, D) and labels y (N,) from 0 to K - 1."
        ) from exc
    _verify(measured, shape)
    return measured


def _speed_verdict(fn, shape=SPEED_SHAPE):
    """The measured speed of ``fn``: a first measurement, confirmed by a longer one when it says too slow.

    ``fn.speed_ratio`` (the autograder's stand-in of a sandboxed function,
    :meth:`course_utils.grading.sandbox.Sandbox.function`) measures inside the
    sandbox; any other function is measured here, by the same code.
    Returns the dict of :func:`course_utils.checks.timing.speed_ratio` with the smaller ratio.
    """
    measure = getattr(fn, "speed_ratio", None)
    if not callable(measure):
        measure = functools.partial(_timing.speed_ratio, fn)
    measured = _measure(measure, shape, SPEED_FIRST)
    if measured["ratio"] > SPEED_LIMIT:
        again = _measure(measure, shape, SPEED_CONFIRM)
        measured = min(measured, again, key=lambda m: m["ratio"])
    return measured


def _speed_ratio(fn, W, X, y):
    """``(ratio, student seconds, calibration seconds)`` of ``fn`` on problems of the shape of ``(W, X, y)``:
    the verdict's measurement (:func:`_speed_verdict`), for calibrating the limit."""
    measured = _speed_verdict(fn, (X.shape[0], X.shape[1], W.shape[1]))
    return measured["ratio"], measured["student_seconds"], measured["calibration_seconds"]


@check("check_grad_log_likelihood", "grad_log_likelihood")
def check_grad_log_likelihood(fn, speed=True):
    """Check a student's vectorized ``grad_log_likelihood(W, X, y)`` = X^T (Y - S), and its speed.

    Same values as :func:`check_grad_log_likelihood_loop` (sum over samples,
    ascent direction, shape (D, K)).  Then times it on N = 4000, D = 3, K = 4:
    more than ``SPEED_LIMIT`` (20) times slower than the reference
    :func:`course_utils.grad_log_likelihood` means a Python loop over the
    samples is left, which this exercise asks to remove.  The measurement
    (:func:`course_utils.checks.timing.speed_ratio`) runs where the function
    runs (in this process; under the autograder, inside its sandbox) and
    compares the function's CPU time with that of whole-array NumPy code of
    the reference's cost, interleaved, on a fresh random problem every time
    (caching results does not help), keeping the fastest of each; the results
    on those problems must be right too.  A ratio above the limit is measured
    again, longer, before the verdict; the smaller ratio counts.  The ratio is
    returned as ``speed_ratio`` (also on the ``Incorrect`` of a function too
    slow), not printed (it varies from run to run).

    Parameters
    ----------
    fn : callable
    speed : bool, default True
        Run the speed comparison (it counts CPU time, so a busy machine is no
        reason to turn it off).
    """
    spec = Spec("grad_log_likelihood", "grad_log_likelihood(W, X, y)", ("W", "X", "y"),
                index_hint=_INDEX, shape_hint=_SHAPES)
    cases, dims = _batch_cases(fn, spec)
    N, D, K = SPEED_SHAPE
    Wb, Xb, yb = problem(405, N=N, D=D, K=K)
    big = Case(f"a large problem: N = {N} samples, D = {D}, K = {K}", (Wb, Xb, yb),
               _gradients.grad_log_likelihood(Wb, Xb, yb), mistakes=grad_mistakes(Wb, Xb, yb))
    names = {**_NAMES, (D, K): f"(D, K) = {(D, K)}, like W"}
    worst = run_array_cases(fn, spec, cases + [big], GRAD_TOL, floor=1e-300, rel_floor=1e-6, shape_names=names,
                            dims=dims + [None])
    if speed:
        measured = _speed_verdict(fn)
        ratio = measured["ratio"]
        if ratio > SPEED_LIMIT:
            slow = Incorrect(
                f"grad_log_likelihood gives the right values but is too slow: {ratio:.0f} times "
                f"slower than the reference on N = {N}, D = {D}, K = {K} ({measured['student_seconds'] * 1e3:.1f} "
                f"ms {_CLOCKS.get(measured.get('clock'), '')}against {measured['calibration_seconds'] * 1e3:.2f} "
                f"ms for whole-array code of the same size, the fastest of {measured['repeats']} fresh problems "
                f"each; the limit is "
                f"{SPEED_LIMIT:.0f}x). It looks like a Python loop over the samples: this exercise asks for "
                f"vectorized code, whole-array operations and matrix products over all samples at once, "
                f"without a Python loop."
            )
            slow.speed_ratio = ratio
            raise slow
    result = passed("check_grad_log_likelihood", worst, len(cases) + 1)
    return result if not speed else dataclasses.replace(result, speed_ratio=ratio)
