"""Check of homework 3's trainer ``train_sgd``: the algorithm the exercise prescribes, then the digits (lecture 07).

The exercise fixes the algorithm, so for a given seed the weights are fixed
up to round-off: W = 0 of shape (D, K); ONE generator
``np.random.default_rng(seed)``, made before the first epoch; every epoch a
permutation ``rng.permutation(N)``, cut into consecutive batches of
``batch_size`` (the last may be smaller); for every batch B the ascent step
W <- W + lr X_B^T (Y_B - S_B) / |B|.  The check compares the student's weights
with :func:`course_utils.train_sgd` on a small problem, one part of the
contract at a time (one full-batch step, lr = 0, the batches of one epoch,
several epochs, another seed (0) with batches of 10, whose remainder of 3 is under
half a batch), then a separable problem whose training accuracy is 100 % after
the first epoch (every epoch still runs); a difference is diagnosed by
:func:`~course_utils.checks.sgd_diagnose.wrong_weights` (a known mistake by the
weights it gives, then what the weights show, then the watched steps of one more
call, in the notebook).  Indices that are no integers get their hint here.  Only
then does it train on the digits (test accuracy >= 0.93, a consequence of a
correct trainer with the fixed settings, and a time budget).
"""

import functools
import time

import numpy as np

from .. import training as _training
from ..data import load_digits, standardize, train_test_split
from ..numerics import add_bias
from .call import call, format_hints
from .core import Case, CheckResult, Incorrect, Spec, check, problem
from .diagnose import shape_message, to_array
from .sgd_batches import empty_message
from .sgd_diagnose import close, wrong_weights
from .sgd_orders import float_index_hint
from .sgd_sizes import fixed_classes_message, fixed_samples_message
from .sgd_trace import trace

MIN_ACCURACY = 0.93
#: Seconds one training run may take (the reference needs about 0.05 s).
TIME_BUDGET = 10.0

TRAIN_SGD = Spec(
    "train_sgd", "train_sgd(X, y, num_classes, lr, epochs, batch_size, seed)",
    ("X", "y"),
    index_hint="labels run from 0 to K - 1; X is (N, D), W is (D, K), and the last batch of an "
               "epoch may be smaller than batch_size",
    shape_hint="X is (N, D), W is (D, K) and a batch of X is (B, D)",
)


@functools.lru_cache(maxsize=1)
def _digits():
    """Standardized, bias-augmented digits split (seed 0, 25 % test), as read-only arrays."""
    X, y = load_digits()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.25, seed=0)
    X_tr, X_te = standardize(X_tr, X_te)
    out = (add_bias(X_tr), y_tr, add_bias(X_te), y_te)
    for arr in out:
        arr.setflags(write=False)
    return out


def _train(fn, X, y, K, options, what):
    """One timed run on fresh copies of the data; returns (W as a float64 array, seconds, description)."""
    desc = f"{what} with " + ", ".join(f"{k}={v}" for k, v in options.items())
    sizes = {"N": X.shape[0], "D": X.shape[1], "K": K}
    if options.get("batch_size") not in (*sizes.values(), None):
        sizes["B"] = options["batch_size"]          # the batch size, named where no other size shares it
    case = Case(desc, (X.copy(), y.copy(), K), None, kwargs=dict(options), sizes=sizes)
    t0 = time.perf_counter()
    try:
        out = call(fn, TRAIN_SGD, case)
    except Incorrect as exc:
        text, message = str(exc.__cause__), str(exc)
        hint = fixed_samples_message(fn, TRAIN_SGD, X, y, K, options, text)
        if hint is None and "arrays used as indices must be of integer" in text:
            hint = float_index_hint(trace(fn, X, y, K, options) if len(y) <= 100 else None, len(y), options["seed"])
        if hint is None and len(y) <= 100:          # the small problem: watching one more call is cheap
            hint = empty_message(trace(fn, X, y, K, options), len(y), options["batch_size"])
        if hint is None and "must not be empty" in text:
            hint = ("an empty array reached a function that needs at least one sample: is one of its batches empty "
                    "(a slice that starts past the end of the indices it cuts into batches)?")
        if hint is None:
            raise
        raise Incorrect(f"{message}{format_hints([hint], message)}") from exc.__cause__
    seconds = time.perf_counter() - t0
    shape = (X.shape[1], K)
    W = to_array(out, TRAIN_SGD, case, shape)
    if W.shape != shape:
        message = shape_message(TRAIN_SGD, case, W, shape, {shape: f"(D, K) = {shape}"})
        if W.ndim != 2:
            message += " train_sgd must return only the trained weights W."
        elif W.shape[0] == X.shape[1] and W.shape[1] in (len(np.unique(y)), int(y.max()) + 1) and W.shape[1] < K:
            message += format_hints([f"its W has {W.shape[1]} columns, as many as the classes its labels hold, but "
                                     f"num_classes = {K}: K must come from the argument num_classes, not from the "
                                     f"labels (a batch, or a whole data set, may lack a class)"], message)
        elif W.shape[0] == X.shape[1] and W.shape[1] != K:
            message += format_hints([fixed_classes_message(fn, TRAIN_SGD, X.shape[1], W.shape[1], K)], message)
        raise Incorrect(message)
    return W.astype(np.float64), seconds, desc


def _contract(fn, X, y, K, options, what):
    """Compare one call with the prescribed weights; raise the diagnosis of a difference."""
    W, _, desc = _train(fn, X, y, K, options, what)
    expected = _training.train_sgd(X, y, K, **options)
    if close(W, expected):
        return
    wrong_weights(fn, TRAIN_SGD, X, y, K, options, W, expected, desc,
                  lambda: _train(fn, X, y, K, options, what)[0])


def _check_contract(fn):
    X, y = problem(901, N=23, D=4, K=3)[1:]
    small = "a small problem (N = 23 samples, D = 4, K = 3)"
    _contract(fn, X, y, 3, dict(lr=0.0, epochs=2, batch_size=5, seed=7), small)     # W = 0, steps scaled by lr
    _contract(fn, X, y, 3, dict(lr=0.5, epochs=1, batch_size=23, seed=7), small)    # one full-batch step
    _contract(fn, X, y, 3, dict(lr=0.5, epochs=1, batch_size=5, seed=7), small)     # the batches of one epoch
    _contract(fn, X, y, 3, dict(lr=0.5, epochs=3, batch_size=5, seed=7), small)     # one generator, all epochs
    # another seed, 0 (falsy: `seed or None` loses it); 23 = 2 x 10 + 3; and K = 4 classes of which the labels hold
    # only 3 (K comes from num_classes)
    _contract(fn, X, y, 4, dict(lr=0.5, epochs=3, batch_size=10, seed=0),
              "a small problem (N = 23 samples, D = 4, K = 4 classes, but no sample has class 3)")
    # two classes far apart: 100 % training accuracy after the first epoch (all the epochs still run)
    rng = np.random.default_rng(903)
    labels = np.arange(10) % 2
    Xs = np.column_stack([np.ones(10), np.where(labels == 1, 4.0, -4.0) + 0.5 * rng.standard_normal(10),
                          rng.standard_normal(10)])
    _contract(fn, Xs, labels, 2, dict(lr=0.5, epochs=3, batch_size=4, seed=3),
              "a separable problem (N = 10, D = 3, K = 2: two clusters far apart, 100 % training accuracy after one "
              "epoch)")


@check("check_train_sgd", "train_sgd")
def check_train_sgd(fn, lr=0.1, epochs=10, batch_size=32):
    """Check a student's ``train_sgd``: the prescribed algorithm exactly, then a test accuracy on the digits.

    On a small problem the weights must equal those of :func:`course_utils.train_sgd` (up to round-off) for
    one full-batch step, lr = 0 (all zeros), one epoch of batches of 5 out of 23 samples, three epochs,
    and another seed with batches of 10 and a class no label holds; a known mistake is named.  Then it trains on the standardized, bias-augmented
    digits (``train_test_split(seed=0)``) with ``lr``, ``epochs``, ``batch_size`` and seed 0: the weights
    must reach a test accuracy of at least 0.93 within ``TIME_BUDGET`` seconds.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd(X, y, num_classes, lr, epochs, batch_size, seed)``.
    lr, epochs, batch_size : optional
        The settings of the digits run (the reference reaches about 0.95 with the defaults).
    """
    _check_contract(fn)
    X_tr, y_tr, X_te, y_te = _digits()
    options = {"lr": lr, "epochs": epochs, "batch_size": batch_size, "seed": 0}
    what = f"the standardized digits (N = {X_tr.shape[0]}, D = {X_tr.shape[1]}, K = 10)"
    W, seconds, desc = _train(fn, X_tr, y_tr, 10, options, what)
    if seconds > TIME_BUDGET:
        raise Incorrect(f"train_sgd is too slow: one run took {seconds:.1f} s on {desc} (budget "
                        f"{TIME_BUDGET:.0f} s). Compute each batch's gradient with array operations, "
                        f"not with a Python loop over the samples of the batch.")
    acc = float(np.mean(np.argmax(X_te @ W, axis=1) == y_te))
    if acc < MIN_ACCURACY:
        raise Incorrect(f"train_sgd: test accuracy {acc:.2f} (needs {MIN_ACCURACY:.2f}) after training on {desc}, "
                        "although it follows the prescribed algorithm on a small problem: do the settings differ "
                        "from those the check passes?")
    return CheckResult("check_train_sgd", f"test accuracy {acc:.4f} (needs {MIN_ACCURACY}), the prescribed "
                       "algorithm on 6 runs of small problems", None, 7, accuracy=acc)
