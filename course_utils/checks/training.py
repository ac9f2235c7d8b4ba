"""Check of homework 3's trainer ``train_sgd``: the algorithm the exercise prescribes, then the digits (lecture 07).

The exercise fixes the algorithm, so for a given seed the weights are fixed
up to round-off: W = 0 of shape (D, K); ONE generator
``np.random.default_rng(seed)``, made before the first epoch; every epoch a
permutation ``rng.permutation(N)``, cut into consecutive batches of
``batch_size`` (the last may be smaller); for every batch B the ascent step
W <- W + lr X_B^T (Y_B - S_B) / |B|.  The check compares the student's weights
with :func:`course_utils.train_sgd` on a small problem, one part of the
contract at a time (one full-batch step, lr = 0, the batches of one epoch,
several epochs, another seed), naming a known mistake by the weights it gives
(:func:`_variant`), and only then trains on the digits (test accuracy >= 0.93,
a consequence of a correct trainer with the fixed settings, and a time budget).
"""

import functools
import time

import numpy as np

from .. import training as _training
from ..data import load_digits, standardize, train_test_split
from ..numerics import add_bias, one_hot, softmax
from .call import call
from .core import Case, CheckResult, Incorrect, Spec, check, fmt_num, problem
from .diagnose import max_relative_error, shape_message, to_array

MIN_ACCURACY = 0.93
#: Seconds one training run may take (the reference needs about 0.05 s).
TIME_BUDGET = 10.0
#: Relative agreement with the prescribed weights (the order of floating-point operations may differ).
CONTRACT_TOL = 1e-8

TRAIN_SGD = Spec(
    "train_sgd", "train_sgd(X, y, num_classes, lr, epochs, batch_size, seed)",
    ("X", "y"),
    index_hint="labels run from 0 to K - 1; X is (N, D), W is (D, K), and the last batch of an "
               "epoch may be smaller than batch_size",
    shape_hint="X is (N, D), W is (D, K) and a batch of X is (B, D)",
)
PRESCRIBED = ("the exercise prescribes W = 0 of shape (D, K); one generator np.random.default_rng(seed), made "
              "once before the first epoch; every epoch rng.permutation(N), cut into consecutive batches of "
              "batch_size (only the last may be smaller); for every batch the step lr times the batch's MEAN "
              "log-likelihood gradient, added to W")


def _batches(N, batch_size, order, style):
    if style == "array_split":
        return np.array_split(order, -(-N // batch_size))
    starts = range(0, N, batch_size)
    if style == "drop_last":
        starts = range(0, N - batch_size + 1, batch_size)
    elif style == "first_only":
        starts = range(0, min(N, 1))
    return [order[s:s + batch_size] for s in starts]


def _variant(X, y, K, lr, epochs, batch_size, seed, mean=True, sign=1.0, generator="once",
             batches="consecutive", shuffle_y_apart=False):
    """What a trainer with a known mistake returns (the defaults are the prescribed algorithm).

    ``generator``: "once" (prescribed), "per_epoch" (re-created every epoch), "global" (np.random.seed then
    np.random.permutation), "none" (no shuffle), "fixed" (one permutation for all epochs), "replacement"
    (batches of random indices drawn with replacement).
    """
    N = X.shape[0]
    W = np.zeros((X.shape[1], K))
    rng = np.random.RandomState(seed) if generator == "global" else np.random.default_rng(seed)
    fixed = rng.permutation(N)
    if generator != "fixed":
        rng = np.random.RandomState(seed) if generator == "global" else np.random.default_rng(seed)
    for _ in range(epochs):
        if generator == "per_epoch":
            rng = np.random.default_rng(seed)
        Xe, ye = X, y
        if generator == "replacement":
            groups = [rng.integers(0, N, size=min(batch_size, N - s)) for s in range(0, N, batch_size)]
        else:
            order = fixed if generator == "fixed" else np.arange(N) if generator == "none" else rng.permutation(N)
            if shuffle_y_apart:
                Xe, ye, order = X[order], y[rng.permutation(N)], np.arange(N)
            groups = _batches(N, batch_size, order, batches)
        for b in groups:
            G = Xe[b].T @ (one_hot(ye[b], K) - softmax(Xe[b] @ W))
            W = W + sign * lr * (G / len(b) if mean else G)
    return W


def _mistakes(X, y, K, lr, epochs, batch_size, seed):
    """``[(lazy weights, diagnosis)]`` of the known mistakes for one call."""
    def v(**kw):
        return lambda: _variant(X, y, K, **{**dict(lr=lr, epochs=epochs, batch_size=batch_size, seed=seed), **kw})
    return [
        (v(mean=False), "It steps along the batch gradient SUMMED over the batch: the prescribed step uses the "
                        "batch's MEAN gradient (divide by the number of samples in the batch), so that lr means "
                        "the same whatever the batch size."),
        (v(sign=-1.0), "The update goes the wrong way: W must move along the gradient of the log-likelihood "
                       "(ascent), i.e. against the gradient of the loss."),
        (v(lr=0.1), f"It trains with lr = 0.1 whatever `lr` says (here lr = {lr:g}): use the argument."),
        (v(lr=0.01), f"It trains with lr = 0.01 whatever `lr` says (here lr = {lr:g}): use the argument."),
        (v(batch_size=1), f"It steps one sample at a time whatever `batch_size` says (here {batch_size}): cut "
                          "each epoch's order into batches of batch_size."),
        (v(batch_size=32), f"It uses batches of 32 whatever `batch_size` says (here {batch_size}): use the "
                           "argument."),
        (v(epochs=1), f"It runs one epoch whatever `epochs` says (here {epochs}): loop over the epochs."),
        (v(seed=0), f"It shuffles with seed 0 whatever `seed` says (here {seed}): make the generator from `seed`."),
        (v(generator="per_epoch"), "Every epoch visits the samples in the SAME order: the generator is made again "
                                   "from `seed` inside the epoch loop. Make it once, before the first epoch, and "
                                   "draw a new permutation from it every epoch."),
        (v(generator="fixed"), "Every epoch visits the samples in the SAME order: one permutation is drawn before "
                               "the loop and reused. Draw a new permutation every epoch."),
        (v(generator="global"), "It shuffles with NumPy's global random state (np.random.seed and "
                                "np.random.permutation): the exercise prescribes a generator of its own, "
                                "np.random.default_rng(seed), which nothing else in the notebook can disturb."),
        (v(generator="none"), "It never shuffles: every epoch visits the samples in their stored order. Draw a "
                              "permutation of the samples every epoch."),
        (v(generator="replacement"), "Its batches are random indices drawn WITH replacement: some samples come "
                                     "twice in an epoch, others never. Each epoch must visit every sample exactly "
                                     "once: a permutation, cut into consecutive batches."),
        (v(shuffle_y_apart=True), "The labels no longer belong to their samples: X and y are shuffled with two "
                                  "different permutations. Shuffle them with the SAME permutation (index both "
                                  "with one array of indices)."),
        (v(batches="drop_last"), "It leaves out the last, smaller batch of each epoch: every sample must be used "
                                 "in every epoch (the last batch may be smaller than batch_size)."),
        (v(batches="first_only"), "It takes one batch per epoch and leaves the others out: step on every batch."),
        (v(batches="array_split"), "Its batches are of (nearly) equal size, as np.array_split makes them: the "
                                   "prescribed batches hold batch_size samples each, only the last may be smaller."),
    ]


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
    case = Case(desc, (X.copy(), y.copy(), K), None, kwargs=dict(options))
    t0 = time.perf_counter()
    out = call(fn, TRAIN_SGD, case)
    seconds = time.perf_counter() - t0
    shape = (X.shape[1], K)
    W = to_array(out, TRAIN_SGD, case, shape)
    if W.shape != shape:
        raise Incorrect(shape_message(TRAIN_SGD, case, W, shape, {shape: f"(D, K) = {shape}"})
                        + " train_sgd must return only the trained weights W.")
    return W.astype(np.float64), seconds, desc


def _close(got, expected):
    return got.shape == expected.shape and max_relative_error(got, expected, 1e-12)[0] <= CONTRACT_TOL


def _contract(fn, X, y, K, options, what):
    """Compare one call with the prescribed weights; raise the diagnosis of a difference."""
    W, _, desc = _train(fn, X, y, K, options, what)
    expected = _training.train_sgd(X, y, K, **options)
    if _close(W, expected):
        return
    for candidate, message in _mistakes(X, y, K, **options):
        if _close(W, candidate()):
            raise Incorrect(f"train_sgd: wrong weights on {desc}. {message}")
    if not np.all(np.isfinite(W)):
        raise Incorrect(f"train_sgd diverged (NaN or inf weights) on {desc}: is the step too large (a gradient "
                        "summed instead of averaged over the batch), or does the softmax overflow?")
    if options["lr"] == 0:
        raise Incorrect(f"train_sgd: with lr = 0 no step moves W, so it must return the initial W = 0, all zeros; "
                        f"on {desc} the largest |W| is {fmt_num(np.max(np.abs(W)))}. Start from zeros and "
                        f"scale every step by lr.")
    if not np.any(W):
        raise Incorrect(f"train_sgd returned weights that are all 0 on {desc}: W is never updated (or the "
                        "initial W is returned instead of the trained one).")
    if not np.array_equal(W, _train(fn, X, y, K, options, what)[0]):
        raise Incorrect(f"train_sgd is not deterministic: two runs on {desc} gave different weights. Draw the "
                        "shuffling from a generator made from `seed` (np.random.default_rng(seed)), not from "
                        "the global random state.")
    err, idx = max_relative_error(W, expected, 1e-12)
    raise Incorrect(f"train_sgd: its weights differ from the prescribed ones on {desc}: W[{idx[0]}, {idx[1]}] is "
                    f"{fmt_num(W[idx])} instead of {fmt_num(expected[idx])} (max relative error {err:.2g}). Check "
                    f"each part of the algorithm: {PRESCRIBED}.")


def _check_contract(fn):
    X, y = problem(901, N=23, D=4, K=3)[1:]
    small = "a small problem (N = 23 samples, D = 4, K = 3)"
    _contract(fn, X, y, 3, dict(lr=0.0, epochs=2, batch_size=5, seed=7), small)     # W = 0, steps scaled by lr
    _contract(fn, X, y, 3, dict(lr=0.5, epochs=1, batch_size=23, seed=7), small)    # one full-batch step
    _contract(fn, X, y, 3, dict(lr=0.5, epochs=1, batch_size=5, seed=7), small)     # the batches of one epoch
    _contract(fn, X, y, 3, dict(lr=0.5, epochs=3, batch_size=5, seed=7), small)     # one generator, all epochs
    _contract(fn, X, y, 3, dict(lr=0.5, epochs=3, batch_size=5, seed=8), small)     # the seed is used


@check("check_train_sgd", "train_sgd")
def check_train_sgd(fn, lr=0.1, epochs=10, batch_size=32):
    """Check a student's ``train_sgd``: the prescribed algorithm exactly, then a test accuracy on the digits.

    On a small problem the weights must equal those of :func:`course_utils.train_sgd` (up to round-off) for
    one full-batch step, lr = 0 (all zeros), one epoch of batches of 5 out of 23 samples, three epochs,
    and another seed; a known mistake is named.  Then it trains on the standardized, bias-augmented
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
                       "algorithm on 5 runs of a small problem", None, 6, accuracy=acc)
