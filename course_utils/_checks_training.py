"""Check of the homework's training loop ``train_sgd`` on the digits (lectures 06-07)."""

import functools
import time

import numpy as np

from .data import load_digits, standardize, train_test_split
from .numerics import add_bias
from ._checks_call import call
from ._checks_core import Case, CheckResult, Incorrect, Spec, check
from ._checks_diagnose import shape_message, to_array

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


def _train(fn, X, y, K, options, seed):
    """One timed run on fresh copies of the data; returns (W as an array, seconds)."""
    kwargs = dict(options, seed=seed)
    desc = (f"the standardized digits (N = {X.shape[0]}, D = {X.shape[1]}, K = {K}) with "
            + ", ".join(f"{k}={v}" for k, v in kwargs.items()))
    case = Case(desc, (X.copy(), y.copy(), K), None, kwargs=kwargs)
    t0 = time.perf_counter()
    out = call(fn, TRAIN_SGD, case)
    seconds = time.perf_counter() - t0
    shape = (X.shape[1], K)
    W = to_array(out, TRAIN_SGD, case, shape)
    if W.shape != shape:
        raise Incorrect(shape_message(TRAIN_SGD, case, W, shape, {shape: f"(D, K) = {shape}"})
                        + " train_sgd must return only the trained weights W.")
    return W.astype(np.float64), seconds, desc


@check("check_train_sgd", "train_sgd")
def check_train_sgd(fn, lr=0.1, epochs=10, batch_size=32):
    """Check a student's ``train_sgd`` on the digits: accuracy, determinism, use of ``seed``.

    Trains on the standardized, bias-augmented digits (``load_digits``,
    ``train_test_split(seed=0)``, ``standardize``, ``add_bias``) with seed 0,
    again with seed 0, and with seed 1.  The weights must be finite, reach a test
    accuracy of at least 0.93, be identical for equal seeds, differ for
    different seeds, and each run must take under ``TIME_BUDGET`` seconds.
    The required signature is the one of :func:`course_utils.training.train_sgd`.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd(X, y, num_classes, lr, epochs, batch_size, seed)``.
    lr, epochs, batch_size : optional
        The settings passed to ``fn`` (the reference reaches about 0.95 with the defaults).

    Returns
    -------
    CheckResult

    Raises
    ------
    NotAttempted, Incorrect
    """
    X_tr, y_tr, X_te, y_te = _digits()
    K = 10
    options = {"lr": lr, "epochs": epochs, "batch_size": batch_size}
    W, seconds, desc = _train(fn, X_tr, y_tr, K, options, seed=0)
    if seconds > TIME_BUDGET:
        raise Incorrect(f"train_sgd is too slow: one run took {seconds:.1f} s on {desc} (budget "
                        f"{TIME_BUDGET:.0f} s). Compute each batch's gradient with array operations, "
                        f"not with a Python loop over the samples of the batch.")
    if not np.all(np.isfinite(W)):
        raise Incorrect(f"train_sgd diverged (NaN or inf weights) on {desc}: is the step too large "
                        f"(learning rate, or a gradient summed instead of averaged over the batch), "
                        f"or does the softmax overflow? Check also the sign of the update.")
    if not np.any(W):
        raise Incorrect(f"train_sgd returned weights that are all 0 on {desc}: W is never updated "
                        f"(or the initial W is returned instead of the trained one).")
    acc = float(np.mean(np.argmax(X_te @ W, axis=1) == y_te))
    if acc < MIN_ACCURACY:
        sign = (" That is no better than guessing: the update probably goes the wrong way (it must "
                "increase the log-likelihood, i.e. decrease the loss)." if acc < 0.2 else "")
        raise Incorrect(f"train_sgd: test accuracy too low: {acc:.2f} (needs {MIN_ACCURACY:.2f}) "
                        f"after training on {desc} -- check the learning rate / the gradient sign "
                        f"and that every batch of every epoch is used.{sign}")
    W_again = _train(fn, X_tr, y_tr, K, options, seed=0)[0]
    if not np.allclose(W, W_again, rtol=1e-12, atol=1e-14):
        raise Incorrect("train_sgd is not deterministic: two runs with seed=0 gave different weights. "
                        "Draw the shuffling from a random generator created from `seed`, not from "
                        "the global random state.")
    W_other = _train(fn, X_tr, y_tr, K, options, seed=1)[0]
    if np.array_equal(W, W_other):
        raise Incorrect("train_sgd seems to ignore `seed`: seeds 0 and 1 gave identical weights. "
                        "Shuffle the samples at the start of every epoch, with a random generator "
                        "created from `seed`.")
    return CheckResult("check_train_sgd", f"test accuracy {acc:.4f} (needs {MIN_ACCURACY}), "
                       f"deterministic for a fixed seed", None, 3, accuracy=acc)
