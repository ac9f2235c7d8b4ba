"""Steps that never reach the returned W: each step replaces W, or only the last batch's step is kept.

With a tiny lr such a trainer looks as if it used only the last batch of each epoch, but the other batches may
well be used, their steps then lost: :func:`lost_steps_message` tells the cases apart by replaying them on
the prescribed batches, each exact on the stage's weights:

* every step replaces W by its own step (``=`` where ``+=`` is meant; ``=+`` is ``= +``);
* each epoch gives one step, on its last batch, from the W the epoch started with (the step outside the loop
  over the batches, or every batch's step computed from a W that is never updated and only the last kept);
* one step on the last batch of the last epoch from W = 0 (W never updated at all).

For the last two, a watched call (:mod:`course_utils.checks.sgd_trace`) tells whether the other batches were
multiplied with W at all (no: the step is outside their loop; yes: their steps are computed and dropped); when
it cannot tell, as in the grader's sandbox, both causes are given.
"""

import numpy as np

from ..numerics import one_hot, softmax
from .sgd_replay import same_weights
from .sgd_steps import REPLACES
from .sgd_trace import trace


def _step(W, X, y, K, lr, b):
    return lr * X[b].T @ (one_hot(y[b], K) - softmax(X[b] @ W)) / len(b)


def _batches(N, options):
    """The prescribed batches, epoch by epoch."""
    rng, bs = np.random.default_rng(options["seed"]), options["batch_size"]
    return [[order[s:s + bs] for s in range(0, N, bs)] for order in (rng.permutation(N)
                                                                       for _ in range(options["epochs"]))]


def _replay(X, y, K, options, mode):
    """The weights of the ``mode`` slip ("replace", "last", "unkept") on the prescribed batches."""
    lr = options["lr"]
    W = np.zeros((X.shape[1], K))
    for batches in _batches(len(y), options):
        if mode == "replace":
            for b in batches:
                W = _step(W, X, y, K, lr, b)
        else:
            start = W if mode == "last" else np.zeros_like(W)
            W = start + _step(start, X, y, K, lr, batches[-1])
    return W


def _cause(fn, X, y, K, options):
    """Why only the last batch's step is kept, as far as a watched call shows it (both causes if it shows
    neither, or cannot be watched)."""
    tr, N = trace(fn, X, y, K, options), len(y)
    last = {int(r) for batches in _batches(N, options) for r in batches[-1]}
    if tr is not None and len(tr.seen) == N:
        return (" It multiplies every batch with W, yet W stays the same from one batch to the next: is each step "
                "added to another variable than W (or W made again inside the loop over the batches), or is the "
                "update itself after that loop? Each batch's step is added to W itself, which is made once, before "
                "the loops.")
    if tr is not None and tr.seen and tr.seen <= last:
        return (" The other batches are never multiplied with W: the step is outside the loop over the batches "
                "(indented one level too little?), so it runs once, with the last batch the loop left.")
    return (" Either the step is outside the loop over the batches (it runs once, with the last batch the loop left), "
            "or every batch's step is computed from a W that never changes and only the last one is kept (the step "
            "added to another variable than W, or W made again inside the loop).")


def lost_steps_message(fn, spec, X, y, K, options, W):
    """The diagnosis of weights made by steps that replace W, or by the last batch's step alone.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd`` (watched once more when only the last batch's step is kept).
    spec : Spec
        How to call it (the signature of the weight diagnoses; a watched call needs no more).
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings; only several batches per epoch and lr != 0 are judged.
    W : ndarray
        The student's weights.

    Returns
    -------
    str or None
        Which slip of the module's docstring the weights are, or None.
    """
    N, E = len(y), options["epochs"]
    if options["lr"] == 0 or options["batch_size"] >= N:
        return None
    if same_weights(W, _replay(X, y, K, options, "replace")):
        return REPLACES
    for mode in ("last", "unkept"):
        if same_weights(W, _replay(X, y, K, options, mode)):
            what = ("one step, on the epoch's last batch, from W = 0" if E == 1 else
                    "one step per epoch, on its last batch, from the W the epoch started with" if mode == "last" else
                    f"one step, on the last batch of the last epoch, from W = 0 (as if the {E} epochs never "
                    f"changed W)")
            return (f"The W it returns is {what}: the steps on the other batches never reach it."
                    f"{_cause(fn, X, y, K, options)}")
    return None
