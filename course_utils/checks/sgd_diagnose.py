"""Why the weights of a ``train_sgd`` differ from the prescribed ones: the diagnoses, tried in turn.

:func:`wrong_weights` is what :mod:`course_utils.checks.training` raises for one call whose weights are not the
prescribed ones.  First the weights of the known mistakes (:mod:`~course_utils.checks.sgd_mistakes`); then what
the weights show, each diagnosis exact or silent: one full-batch step scaled, on changed columns, or read back
sample by sample (``sgd_explain``, ``sgd_residual``), steps lost (``sgd_lost``), an order made wrongly from the
prescribed permutation (``sgd_orders``); then the per-sample weights of a tiny lr (``sgd_usage``), the first
wrong epoch (``sgd_epochs``) and the watched steps of one more call (``sgd_trace``, ``sgd_batches``); last, the
single step read back whatever it shows, a difference that only the order of the samples explains, and the
largest difference with the list of what the exercise prescribes.
"""

import numpy as np

from .core import Incorrect, fmt_num
from .diagnose import max_relative_error
from .sgd_batches import batches_message, empty_message
from .sgd_epochs import epoch_message, extra_epoch_message
from .sgd_explain import columns_message, no_step_message, step_scale_message
from .sgd_lost import lost_steps_message
from .sgd_mistakes import mistakes as _mistakes
from .sgd_orders import order_message, unordered_message
from .sgd_residual import residual_message
from .sgd_trace import trace
from .sgd_usage import first_order_message

#: Relative agreement with the prescribed weights (the order of floating-point operations may differ).
CONTRACT_TOL = 1e-8
PRESCRIBED = ("the exercise prescribes W = 0 of shape (D, K); one generator np.random.default_rng(seed), made "
              "once before the first epoch; every epoch rng.permutation(N), cut into consecutive batches of "
              "batch_size (only the last may be smaller); for every batch the step lr times the batch's MEAN "
              "log-likelihood gradient, added to W")


def close(got, expected):
    """True if the weights ``got`` are ``expected`` up to :data:`CONTRACT_TOL`."""
    return got.shape == expected.shape and max_relative_error(got, expected, 1e-12)[0] <= CONTRACT_TOL


def wrong_weights(fn, spec, X, y, K, options, W, expected, desc, again):
    """Raise the diagnosis of weights ``W`` that are not the prescribed ``expected``.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd`` (called again, and watched, by some diagnoses).
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The problem of the call.
    options : dict
        lr, epochs, batch_size, seed of the call.
    W, expected : ndarray
        Its weights and the prescribed ones.
    desc : str
        The call in words ("a small problem (...) with lr=0.5, ...").
    again : callable
        ``again()``: the weights of the same call made once more (for determinism).

    Raises
    ------
    Incorrect
        Always: the first diagnosis that holds, else the largest difference and what the exercise prescribes.
    """
    for candidate, message in _mistakes(X, y, K, **options):
        if close(W, candidate()):
            raise Incorrect(f"train_sgd: wrong weights on {desc}. {message}")
    if not np.all(np.isfinite(W)):
        empty = empty_message(trace(fn, X, y, K, options), len(y), options["batch_size"])
        if empty:
            raise Incorrect(f"train_sgd returned NaN or inf weights on {desc}: {empty}.")
        raise Incorrect(f"train_sgd diverged (NaN or inf weights) on {desc}: is the step too large (a gradient "
                        "summed instead of averaged over the batch), or does the softmax overflow?")
    if options["lr"] == 0:
        raise Incorrect(f"train_sgd: with lr = 0 no step moves W, so it must return the initial W = 0, all zeros; "
                        f"on {desc} the largest |W| is {fmt_num(np.max(np.abs(W)))}. Start from zeros and "
                        f"scale every step by lr.")
    message = next(filter(None, (explain(fn, spec, X, y, K, options, W) for explain in (
        no_step_message, extra_epoch_message, step_scale_message, columns_message, residual_message,
        lost_steps_message, order_message))), None)
    if message:
        raise Incorrect(f"train_sgd: wrong weights on {desc}. {message}")
    if not np.any(W):
        raise Incorrect(f"train_sgd returned weights that are all 0 on {desc}: W is never updated (or the "
                        "initial W is returned instead of the trained one).")
    if np.max(np.abs(W)) <= 1e-12 * np.max(np.abs(expected)):
        raise Incorrect(f"train_sgd returned weights that are all 0 up to round-off (at most "
                        f"{fmt_num(np.max(np.abs(W)))}) on {desc}: its steps add nothing, or what cancels out. The "
                        f"entries of the log-likelihood gradient sum to 0 over the classes (each sample's residuals do), "
                        f"so a step made of ONE number for every weight, the mean or the sum of the whole gradient, "
                        f"is 0: each weight moves by its own entry of the gradient.")
    if not np.array_equal(W, again()):
        zero = (" Seed 0 is a seed like any other, but a FALSY one: a test such as `if seed` or `seed or None` "
                "takes it for no seed at all." if options["seed"] == 0 else "")
        raise Incorrect(f"train_sgd is not deterministic: two runs on {desc} gave different weights. Draw the "
                        "shuffling from a generator made from `seed` (np.random.default_rng(seed)), not from "
                        f"the global random state.{zero}")
    if options["epochs"] == 1 and options["batch_size"] < len(y):
        message = first_order_message(fn, spec, X, y, K, options, W)
    else:
        message = epoch_message(fn, spec, X, y, K, options, lambda: batches_message(
            trace(fn, X, y, K, options), X, y, K, options)) if options["epochs"] > 1 else None
    one = {**options, "epochs": 1}
    message = (message or batches_message(trace(fn, X, y, K, one), X, y, K, one)
               or residual_message(fn, spec, X, y, K, options, W, fallback=True)
               or unordered_message(fn, spec, X, y, K, options, W))
    if message:
        raise Incorrect(f"train_sgd: wrong weights on {desc}. {message}")
    err, idx = max_relative_error(W, expected, 1e-12)
    raise Incorrect(f"train_sgd: its weights differ from the prescribed ones on {desc}: W[{idx[0]}, {idx[1]}] is "
                    f"{fmt_num(W[idx])} instead of {fmt_num(expected[idx])} (max relative error {err:.2g}). Check "
                    f"each part of the algorithm: {PRESCRIBED}.")
