"""Check of lecture 07's coding exercise ``minibatch_gradient(W, X, y, batch)``, and its batch-size experiment.

Lecture 07 derives that the gradient of one sample drawn uniformly, or the mean over a minibatch B, is an
unbiased estimate of the full gradient.  Sign convention: the exercise's function returns the DESCENT gradient
of the mean loss E (the mean negative log-likelihood, lambda = 0) over the samples whose indices are in ``batch``,

    g_B = (1/|B|) X_B^T (S_B - Y_B),   X_B = X[batch] (|B|, D),  S_B = softmax(X_B W),  Y_B = one_hot(y[batch], K),

of shape (D, K), like W; an index repeated in ``batch`` counts as often as it appears.  With B drawn
uniformly, the expectation of g_B is grad E = (1/N) X^T (S - Y).  The check compares g_B with that formula on
seeded batches (one sample, a few, all N, repeated indices; D != K), names the classic slips by what they
return (the sum instead of the mean, 1/N instead of 1/|B|, the ascent sign, every sample instead of the batch,
repeats counted once, and their combinations), then runs the experiment with the student's function: on
lecture 07's blobs, the mean squared distance ||g_B - grad E||_F^2 over seeded batches drawn with replacement,
against the prediction (that distance for one sample) / |B|.

Examples
--------
>>> from course_utils import one_hot, softmax
>>> def minibatch_gradient(W, X, y, batch):
...     X_B = X[batch]
...     return X_B.T @ (softmax(X_B @ W) - one_hot(y[batch], W.shape[1])) / len(batch)
>>> result = check_minibatch_gradient(minibatch_gradient)        # doctest: +ELLIPSIS
check_minibatch_gradient: correct (right on 7 batches; on the blobs, ... (and 10 times the cost))
>>> check_minibatch_gradient(lambda W, X, y, batch: len(batch) * minibatch_gradient(W, X, y, batch))
... # doctest: +ELLIPSIS
Traceback (most recent call last):
...
course_utils.checks.Incorrect: minibatch_gradient: ... It is the SUM over the batch, |B| = 3 times too large: ...
"""

import itertools

import numpy as np

from .. import numerics as _numerics
from ..data import make_blobs_2d
from .call import call
from .core import Case, CheckResult, Incorrect, Spec, check, problem
from .diagnose import case_floor, diagnose, right, run_array_cases, to_array
from .grad_mistakes import GRAD_TOL

SPEC = Spec("minibatch_gradient", "minibatch_gradient(W, X, y, batch)", ("W", "X", "y", "batch"),
            index_hint="batch holds sample indices 0..N-1, labels run from 0 to K - 1; X[batch] is (|B|, D)",
            shape_hint="X[batch] is (|B|, D), W is (D, K), the logits are (|B|, K), the gradient is shaped like W")
#: The experiment: batch sizes, batches drawn of each (fewer of the largest, whose error varies less, so that a
#: loop over the samples stays fast), seed, and the factor allowed between measured and predicted errors.
SIZES, DRAWS, SEED, FACTOR = (1, 10, 100), (200, 200, 50), 5, 1.5

_ROWS = {"all": "It uses every sample of X and y, not only those in `batch`: the minibatch gradient sums over the "
                "rows X[batch] and labels y[batch] only",
         "once": "An index repeated in `batch` counts once: each occurrence counts, as if the sample were drawn "
                 "again, so index with the array itself, X[batch] and y[batch] (no np.unique, no boolean mask)"}
_SIGN = ("Sign error: it is X_B^T (Y_B - S_B), the ascent direction of the log-likelihood; the function returns "
         "the DESCENT gradient of the mean loss E, X_B^T (S_B - Y_B) / |B|: probabilities minus one-hot labels")


def reference(W, X, y, batch):
    """The descent gradient of the mean loss over ``batch``, (1/|B|) X_B^T (S_B - Y_B).

    Parameters
    ----------
    W : ndarray of shape (D, K)
    X : ndarray of shape (N, D)
        Bias-augmented inputs.
    y : ndarray of int, shape (N,)
    batch : ndarray of int, shape (|B|,)
        Sample indices; a repeated index counts as often as it appears.

    Returns
    -------
    ndarray of shape (D, K)
    """
    X_B = X[batch]
    return X_B.T @ (_numerics.softmax(X_B @ W) - np.eye(W.shape[1])[y[batch]]) / len(batch)


def slips(W, X, y, batch):
    """The classic slips on ``(W, X, y, batch)`` (as in :func:`reference`), every combination, one slip first.

    Returns
    -------
    list of (callable, str)
        ``[(lazy result of shape (D, K), diagnosis)]``, the fingerprints of :class:`~.core.Case`.
    """
    N, b = X.shape[0], len(batch)
    rows = {"batch": np.asarray(batch), "all": np.arange(N), "once": np.unique(batch)}
    # divisors: the number of rows summed, |B| (a boolean mask divided by len(batch)), 1 (a sum), N
    say = {"own": None, "B": None, "sum": "It is a SUM, not the MEAN over the batch: divide by |B| = len(batch)",
           "N": f"It divides by N = {N}, the number of samples, instead of |B| = {b}, the number of indices in "
                "`batch`: the mean over the batch divides by |B|"}
    found = []
    for rows_of, scale, sign in itertools.product(rows, say, (1, -1)):
        if (rows_of, scale) in {("batch", "B"), ("all", "N")}:          # the same as ("batch"|"all", "own")
            continue
        text = say[scale] if rows_of != "batch" or scale != "sum" else (
            f"It is the SUM over the batch, |B| = {b} times too large: divide by |B| = len(batch) for the MEAN, "
            "(1/|B|) X_B^T (S_B - Y_B)")
        parts = [_ROWS.get(rows_of)] * (rows_of != "batch") + [text] * (text is not None) + [_SIGN] * (sign < 0)
        if parts:
            divisor = {"own": len(rows[rows_of]), "B": b, "sum": 1, "N": N}[scale]
            found.append((len(parts), lambda r=rows[rows_of], d=divisor, sign=sign:
                          sign * reference(W, X, y, r) * len(r) / d, ". Also: ".join(parts) + "."))
    return [(value, message) for _, value, message in sorted(found, key=lambda item: item[0])]


def _case(desc, W, X, y, batch):
    """A :class:`~.core.Case`: copies of W (D, K), X (N, D), y (N,) and batch (|B|,), with the slips."""
    batch = np.asarray(batch, dtype=np.intp)
    return Case(desc, (W.copy(), X.copy(), y.copy(), batch.copy()), reference(W, X, y, batch),
                mistakes=slips(W, X, y, batch),
                sizes={"N": X.shape[0], "D": W.shape[0], "K": W.shape[1], "B": len(batch)})


def cases():
    """The seeded batches of the check, from one sample to repeated indices, all with D != K."""
    small, wide = problem(701, N=8, D=4, K=3), problem(702, N=20, D=3, K=5)
    return [
        _case("a batch of one sample, batch = [5] (N = 8, D = 4, K = 3)", *small, [5]),
        _case("a batch of 3 distinct samples, batch = [6, 1, 3] (N = 8, D = 4, K = 3)", *small, [6, 1, 3]),
        _case("the whole data set as the batch, batch = [0, 1, ..., 7] (N = 8)", *small, np.arange(8)),
        _case("a batch with a repeated index, batch = [2, 5, 2, 7] (N = 8, D = 4, K = 3)", *small, [2, 5, 2, 7]),
        _case("a batch of 6 samples, N = 20, D = 3, K = 5", *wide, [13, 0, 7, 19, 4, 10]),
        _case("a batch with an index three times, batch = [4, 4, 9, 4, 0] (N = 20, D = 3, K = 5)", *wide,
              [4, 4, 9, 4, 0]),
        _case("a batch of N = 20 indices drawn with replacement (N = 20, D = 3, K = 5)", *wide,
              np.random.default_rng(703).integers(0, 20, size=20)),
    ]


def blobs():
    """Lecture 07's problem: the blobs (N = 150, D = K = 3) and its W = 0.1 * standard normal (seed 0)."""
    X_raw, y = make_blobs_2d(n_per_class=50, num_classes=3, spread=2.0, seed=0)
    X = _numerics.add_bias(X_raw)
    return 0.1 * np.random.default_rng(0).standard_normal((X.shape[1], 3)), X, y


def experiment_message(measured, predicted):
    """Why ``measured`` differs from ``predicted`` (floats, one per size of :data:`SIZES`) by more than
    :data:`FACTOR`, or None."""
    for size, got, want in zip(SIZES, measured, predicted):
        if not want / FACTOR <= got <= want * FACTOR:
            return (f"on lecture 07's blobs, the mean squared error of its estimate with |B| = {size} is {got:.2g}, "
                    f"where (mean squared error of one sample)/|B| = {want:.2g} is predicted: the batch mean must be "
                    f"an unbiased estimate of grad E, whose noise falls as 1/|B|")
    return None


def experiment(fn):
    """Run ``fn`` on the seeded batches of lecture 07's blobs (:data:`SIZES`, :data:`DRAWS`, :data:`SEED`).

    Parameters
    ----------
    fn : callable
        The student's ``minibatch_gradient``; each result (3, 3) must be right, else :class:`Incorrect`.

    Returns
    -------
    measured, predicted : list of float, one per size
        The mean of ||g_B - grad E||_F^2 over the batches, and (its mean over the N single samples) / |B|.
    """
    W, X, y = blobs()
    N = X.shape[0]
    full = reference(W, X, y, np.arange(N))
    one = np.stack([reference(W, X, y, [j]) for j in range(N)])
    predicted = [float(np.mean(np.sum((one - full) ** 2, axis=(1, 2)))) / size for size in SIZES]
    rng = np.random.default_rng(SEED)
    measured = []
    for size, draws in zip(SIZES, DRAWS):
        errors = []
        for i in range(draws):
            batch = rng.integers(0, N, size=size)
            case = Case(f"batch {i + 1} of the {draws} batches of |B| = {size} drawn from lecture 07's blobs "
                        f"(N = {N}, D = K = 3)", (W, X, y, batch), reference(W, X, y, batch))
            got = to_array(call(fn, SPEC, case), SPEC, case, (3, 3))
            if not right(case, got, GRAD_TOL, 1e-300, 1e-6):     # right on the check's batches, wrong here
                case.mistakes = slips(W, X, y, batch)
                raise Incorrect(diagnose(SPEC, case, got, (3, 3), GRAD_TOL, case_floor(case, 1e-300, 1e-6), fn=fn))
            errors.append(float(np.sum((got - full) ** 2)))
        measured.append(float(np.mean(errors)))
    return measured, predicted


@check("check_minibatch_gradient", "minibatch_gradient")
def check_minibatch_gradient(fn):
    """Check a student's ``minibatch_gradient(W, X, y, batch)`` (lecture 07), then run the batch-size experiment.

    Parameters
    ----------
    fn : callable
        ``fn(W, X, y, batch)`` with W (D, K), X (N, D) bias-augmented, y (N,) labels in 0..K-1 and ``batch``
        (|B|,) int indices into 0..N-1 (repeats count as often as they appear); returns the descent gradient
        of the mean loss over the batch, (1/|B|) X_B^T (S_B - Y_B), of shape (D, K).  Only NumPy and
        course_utils' ``softmax`` and ``one_hot`` may be used.
    """
    checked = cases()
    run_array_cases(fn, SPEC, checked, GRAD_TOL, floor=1e-300, rel_floor=1e-6,
                    dims=[{k: c.sizes[k] for k in "NDK"} for c in checked])
    measured, predicted = experiment(fn)
    message = experiment_message(measured, predicted)
    if message:
        raise Incorrect(f"{SPEC.name}: {message}.")
    values = ", ".join(f"{m:.2g}" for m in measured)
    return CheckResult("check_minibatch_gradient", (
        f"right on {len(checked)} batches; on the blobs, the mean squared error of your estimate is {values} for "
        f"|B| = {', '.join(map(str, SIZES))} (predicted {predicted[0]:.2g}/|B|): a batch 10 times larger, 10 times "
        f"less noise (and 10 times the cost)"), n_cases=len(checked))
