"""Checks of the three log-likelihood gradients (lectures 03, 05 and 07), with a speed test."""

import dataclasses
import time

import numpy as np

from .. import gradients as _gradients
from .. import numerics as _numerics
from .core import Case, Incorrect, Spec, check, problem
from .diagnose import array_check, passed, run_array_cases

GRAD_TOL = 1e-6
#: The student's vectorized gradient may be at most this many times slower than the reference.
SPEED_LIMIT = 20.0
#: Shape (N, D, K) of the speed test: many samples, few features and classes, so that a
#: Python loop over the samples costs 60x-800x the reference and vectorized variants
#: (matmul, einsum, np.add.at, a loop over classes) 2x-6x; small arrays also keep the
#: cost of sending them to an autograder's sandbox low.
SPEED_SHAPE = (4000, 3, 4)

_STABLE = ("The softmax inside overflows for large logits: compute it stably, subtracting each "
           "sample's maximum logit before exponentiating.")


def _grad_sum(X, Y, S):
    return X.T @ (Y - S)


def _indicator(y, K, shift):
    """The one-hot labels of a loop that compares y_j with k - shift: class y_j + shift, none past the ends."""
    Y = np.zeros((len(y), K))
    for j, label in enumerate(np.asarray(y) + shift):
        if 0 <= label < K:
            Y[j, label] = 1.0
    return Y


def _grad_mistakes(W, X, y, N=None):
    """Fingerprints of the classic mistakes in the gradient X^T (Y - S) of log L."""
    N = X.shape[0] if N is None else N
    K = W.shape[1]
    S = _numerics.softmax(X @ W)
    Y = np.eye(K)[y]
    G = _grad_sum(X, Y, S)
    off = ("The labels are off by one (class y {0} 1 instead of y): the one-hot indicator must "
           "mark column y_i, labels running from 0 to K - 1.")
    mistakes = [
        (-G, "Sign error: this is the gradient of the NEGATIVE log-likelihood (the descent "
             "direction). The function must return the gradient of log L itself, the ascent "
             "direction: indicator minus probability, not probability minus indicator."),
        (lambda: _grad_sum(X, np.eye(K)[(y + 1) % K], S), off.format("+")),
        (lambda: _grad_sum(X, np.eye(K)[(y - 1) % K], S), off.format("-")),
        (X.T @ Y, "The softmax term is missing: only the indicator (one-hot) part is there."),
        (-X.T @ S, "The indicator (one-hot) term is missing: only the softmax part is there."),
        (lambda: _grad_sum(X, Y, _numerics.softmax(X @ W, axis=0)),
         "The softmax is normalized over the samples (axis 0) instead of over each sample's classes."),
    ]
    shifted = ("The class index is off by one: sample j counts as class y_j {0} 1 (and class {1} is never "
               "anyone's). Classes run from 0 to K - 1: compare the label with k itself.")
    mistakes += [
        (lambda: _grad_sum(X, _indicator(y, K, -1), S), shifted.format("-", K - 1)),
        (lambda: _grad_sum(X, _indicator(y, K, +1), S), shifted.format("+", 0)),
        (lambda: np.where(np.arange(K) == 0, 0.0, G), "Column 0 (class 0) is never updated: the loop over "
                                                      "classes must cover all K classes, range(K), from 0."),
    ]
    if N > 1:
        mistakes += [
            (G / N, f"It is divided by N = {N}: that is the gradient of the MEAN log-likelihood. "
                    "This function returns the gradient of the sum over samples (no 1/N)."),
            (-G / N, "It is the gradient of the mean negative log-likelihood (the training loss): "
                     "drop both the minus sign and the 1/N."),
            (G * N, f"It is N = {N} times too large: an extra factor N."),
        ]
    if G.shape[0] == G.shape[1]:
        mistakes.append((G.T, "The result is transposed: entry [d, k] must belong to feature d "
                              "(row, like W) and class k (column). With D = K the shape cannot "
                              "show it, the values do."))
    return mistakes


def _batch_case(desc, W, X, y, stable=False):
    return Case(desc, (W.copy(), X.copy(), y.copy()), _gradients.grad_log_likelihood(W, X, y),
                mistakes=_grad_mistakes(W, X, y),
                explain=(lambda got: _STABLE) if stable else None,
                hint="X is (N, D), W is (D, K), y is (N,); the result has the shape of W")


def _batch_cases():
    W1, X1, y1 = problem(401, N=7, D=4, K=3)
    W2, X2, y2 = problem(402, N=9, D=4, K=4)
    W3, X3, y3 = problem(403, N=30, D=6, K=5, x_scale=2.0)
    W4, X4, y4 = problem(404, N=10, D=3, K=4, w_scale=500.0)
    return [
        _batch_case("a small problem: N = 7 samples, D = 4 features (bias included), K = 3 classes",
                    W1, X1, y1),
        _batch_case("a problem with D = K = 4 (square W) and N = 9", W2, X2, y2),
        _batch_case("N = 30 samples, D = 6, K = 5", W3, X3, y3),
        _batch_case("large weights: logits X W of size ~1000 (N = 10, D = 3, K = 4)", W4, X4, y4,
                    stable=True),
    ]


_NAMES = {(4, 3): "(D, K) = (4, 3), like W", (4, 4): "(D, K) = (4, 4), like W",
          (6, 5): "(D, K) = (6, 5), like W", (3, 4): "(D, K) = (3, 4), like W"}
_INDEX = "labels run from 0 to K - 1; X is (N, D), W is (D, K)"
_SHAPES = "X is (N, D), W is (D, K), the logits X W are (N, K) and the gradient has the shape of W"


@check("check_grad_log_likelihood_loop", "grad_log_likelihood_loop")
def check_grad_log_likelihood_loop(fn):
    """Check a student's ``grad_log_likelihood_loop(W, X, y)`` (the notes' case formula, looped).

    The result must equal X^T (Y - S), the gradient of the log-likelihood summed
    over samples (ascent direction), of shape (D, K).  Tries D != K, D = K and
    logits near 1000.
    """
    spec = Spec("grad_log_likelihood_loop", "grad_log_likelihood_loop(W, X, y)", ("W", "X", "y"),
                index_hint=_INDEX, shape_hint=_SHAPES)
    return array_check("check_grad_log_likelihood_loop", fn, spec, _batch_cases(), GRAD_TOL, floor=1e-300,
                       rel_floor=1e-6, shape_names=_NAMES)


def _min_time(fn, args, repeats, budget):
    """Smallest wall-clock time of up to ``repeats`` calls, stopping once ``budget`` seconds are spent.

    Always measured here, never taken from the function's own report: under the
    autograder the function runs in an untrusted sandbox, and the transport
    adds far less than the factor that flags a loop.
    """
    best, spent = float("inf"), 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*args)
        dt = time.perf_counter() - t0
        best, spent = min(best, dt), spent + dt
        if spent > budget:
            break
    return best


def _speed_ratio(fn, W, X, y):
    """Student time / reference time on the same input, each the minimum of interleaved runs."""
    ref_t, stu_t = float("inf"), float("inf")
    for _ in range(2):                         # a second round only if the first looks slow
        for _ in range(4):
            ref_t = min(ref_t, _min_time(_gradients.grad_log_likelihood, (W, X, y), 2, 0.05))
            stu_t = min(stu_t, _min_time(fn, (W, X, y), 1, 0.0))
            if stu_t > 0.1:                    # clearly a loop: no need to measure more
                break
        if not SPEED_LIMIT < stu_t / ref_t < 3 * SPEED_LIMIT:   # re-measure only a borderline case
            break
    return stu_t / ref_t, stu_t, ref_t


@check("check_grad_log_likelihood", "grad_log_likelihood")
def check_grad_log_likelihood(fn, speed=True):
    """Check a student's vectorized ``grad_log_likelihood(W, X, y)`` = X^T (Y - S), and its speed.

    Same values as :func:`check_grad_log_likelihood_loop` (sum over samples,
    ascent direction, shape (D, K)).  Then times it against
    :func:`course_utils.grad_log_likelihood` on N = 4000, D = 3, K = 4: more
    than ``SPEED_LIMIT`` (20) times slower means a Python loop over the samples
    is left, which this exercise asks to remove.  Each call is timed with the
    wall clock of this process.  The ratio is
    returned as ``speed_ratio``, not printed (it varies from run to run).

    Parameters
    ----------
    fn : callable
    speed : bool, default True
        Run the speed comparison (turn off only on a very slow or busy machine).
    """
    spec = Spec("grad_log_likelihood", "grad_log_likelihood(W, X, y)", ("W", "X", "y"),
                index_hint=_INDEX, shape_hint=_SHAPES)
    cases = _batch_cases()
    N, D, K = SPEED_SHAPE
    Wb, Xb, yb = problem(405, N=N, D=D, K=K)
    big = Case(f"a large problem: N = {N} samples, D = {D}, K = {K}", (Wb, Xb, yb),
               _gradients.grad_log_likelihood(Wb, Xb, yb), mistakes=_grad_mistakes(Wb, Xb, yb))
    names = {**_NAMES, (D, K): f"(D, K) = {(D, K)}, like W"}
    worst = run_array_cases(fn, spec, cases + [big], GRAD_TOL, floor=1e-300, rel_floor=1e-6, shape_names=names)
    if speed:
        ratio, stu_t, ref_t = _speed_ratio(fn, Wb, Xb, yb)
        if ratio > SPEED_LIMIT:
            raise Incorrect(
                f"grad_log_likelihood gives the right values but is too slow: {ratio:.0f} times "
                f"slower than the reference on N = {N}, D = {D}, K = {K} ({stu_t * 1e3:.1f} ms "
                f"against {ref_t * 1e3:.2f} ms; the limit is {SPEED_LIMIT:.0f}x). It looks like a "
                f"Python loop over the samples: this exercise asks for vectorized code, whole-array "
                f"operations and matrix products over all samples at once, without a Python loop."
            )
    result = passed("check_grad_log_likelihood", worst, len(cases) + 1)
    return result if not speed else dataclasses.replace(result, speed_ratio=ratio)


_OUTER = ("the (D, K) result pairs every feature of x with every class: the outer product of x (D,) and a "
          "vector of K numbers. For a 1-D array x.T is x itself, so x.T @ v is a dot product, not an outer product")


def _sample_case(desc, W, x, label, stable=False):
    X1 = x[None, :]
    y1 = np.array([int(label)])
    return Case(desc, (W.copy(), x.copy(), label), _gradients.grad_log_likelihood_sample(W, x, label),
                mistakes=_grad_mistakes(W, X1, y1, N=1),
                explain=(lambda got: _STABLE) if stable else None,
                hint="")


@check("check_grad_log_likelihood_sample", "grad_log_likelihood_sample")
def check_grad_log_likelihood_sample(fn):
    """Check a student's ``grad_log_likelihood_sample(W, x, y)`` for ONE sample x (D,) and label y.

    The result is the gradient of log sigma_y(W^T x), shape (D, K), ascent
    direction.  Tries labels given as a Python int and as a NumPy integer, D = K
    and logits near 1000.
    """
    W1, X1, _ = problem(501, N=1, D=4, K=3)
    W2, X2, _ = problem(502, N=1, D=4, K=4)
    W3, X3, _ = problem(503, N=1, D=5, K=3, x_scale=2.0)
    W4, X4, _ = problem(504, N=1, D=3, K=4, w_scale=500.0)
    cases = [
        _sample_case("one sample x of D = 4 features, K = 3 classes, label y = 2 (a Python int)",
                     W1, X1[0], 2),
        _sample_case("one sample with D = K = 4 (square W), label y = 1", W2, X2[0], 1),
        _sample_case("one sample, D = 5, K = 3, label y = 0 given as a NumPy integer", W3, X3[0], np.int64(0)),
        _sample_case("large weights: logits of size ~1000 (D = 3, K = 4, y = 3)", W4, X4[0], 3,
                     stable=True),
    ]
    spec = Spec("grad_log_likelihood_sample", "grad_log_likelihood_sample(W, x, y)", ("W", "x"),
                index_hint="y is a label from 0 to K - 1; x is (D,), W is (D, K)",
                shape_hint=f"x is (D,), W is (D, K), the logits are (K,) and the result has the shape of W; {_OUTER}")
    names = {**_NAMES, (5, 3): "(D, K) = (5, 3), like W"}
    return array_check("check_grad_log_likelihood_sample", fn, spec, cases, GRAD_TOL, floor=1e-300,
                       rel_floor=1e-6, shape_names=names)
