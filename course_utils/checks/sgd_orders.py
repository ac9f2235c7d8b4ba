"""Orders of the samples made from the prescribed permutation p in a wrong way, and indices that are no indices.

The exercise's first epoch takes its batches from p = rng.permutation(N), rng = np.random.default_rng(seed).
A slip may keep p but use it wrongly: apply it twice (p[p]: shuffled copies of X and y indexed through p
again), invert it (np.argsort(p): the samples put at the positions p instead of taken from them), read it
backwards, draw one permutation too many first (the generator's second one), or shuffle the labels instead of
the indices (rng.permutation(y) = y[p], used as indices).  Such an order is named by what it is made of, so
that the advice is not to draw rng.permutation(N), which the student does.  :func:`order_message` finds it from
the weights of one epoch (a replay, exact; in the grader's sandbox too), :func:`observed_order_message` from
the batches of a watched call.  :func:`float_index_hint` speaks of indices of float dtype (rng.permutation(X)).
"""

import numpy as np

from .. import training as _training
from .sgd_replay import batch_sizes, replay_epoch, run_again, same_weights
from .sgd_usage import usage

#: The diagnosis of batch indices that are the labels (read off the watched batches, or the per-sample weights).
LABELS_AS_INDICES = ("Its batches take the rows of X whose indices are the LABELS, in a shuffled order: "
                     "rng.permutation(y) shuffles the labels themselves (numbers from 0 to K - 1, so only the first K "
                     "samples are ever used), not the indices of the samples. rng.permutation(N), of the number of "
                     "samples, gives the indices 0 to N - 1.")
_ONCE = "Each sample is used once per epoch, but in another order than rng.permutation(N): "
_WORDS = {
    "twice": _ONCE + "in the order of the permutation applied TWICE (order[order]), as when the rows are shuffled "
                     "once (copies of X and y taken through the permutation) and those shuffled copies are then "
                     "indexed through the same permutation again. Shuffle once: slice the shuffled copies in their "
                     "order, or index the original X and y through the permutation, not both.",
    "inverse": _ONCE + "in the order of the INVERSE permutation (what np.argsort of it gives): sample j goes to "
                       "position order[j], where position i should take sample order[i] (an assignment "
                       "shuffled[order] = X puts the samples in place instead of taking them). Take each batch's "
                       "samples at the indices order[start:start + batch_size].",
    "backwards": _ONCE + "in the permutation's order read BACKWARDS, from its last position to its first. The "
                         "batches are cut from position 0 on: the first holds positions 0 to batch_size - 1.",
    "second": _ONCE + "in the order of the generator's SECOND permutation: a permutation drawn before it, for "
                      "something else or for nothing, uses up the first one (rng.permutation called twice before the "
                      "first batch?). Each epoch draws one permutation and takes its batches from it.",
    "labels": LABELS_AS_INDICES,
}


def _derived(N, seed, y):
    """``[(order, key)]``: the first epoch's orders made wrongly from p (those equal to p left out)."""
    rng = np.random.default_rng(seed)
    p = rng.permutation(N)
    out = [(p[p], "twice"), (np.argsort(p), "inverse"), (p[::-1], "backwards"), (rng.permutation(N), "second"),
           (np.asarray(y)[p], "labels")]
    return [(q, key) for q, key in out if not np.array_equal(q, p)]


def order_message(fn, spec, X, y, K, options, W):
    """The diagnosis of one epoch's weights that are the prescribed steps in an order made wrongly from p.

    Parameters
    ----------
    fn, spec : callable, Spec
        Not called (the signature of the weight diagnoses).
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings; only one epoch of several batches, lr != 0, is judged.
    W : ndarray
        The student's weights.

    Returns
    -------
    str or None
        What the order is made of (see the module's docstring), or None.
    """
    N, bs, lr = len(y), options["batch_size"], options["lr"]
    if options["epochs"] != 1 or bs >= N or lr == 0:
        return None
    for q, key in _derived(N, options["seed"], y):
        if same_weights(W, replay_epoch(np.zeros_like(W), X, y, K, lr, bs, q)):
            return _WORDS[key]
    return None


def unordered_message(fn, spec, X, y, K, options, W):
    """The diagnosis of one epoch that only the order of the samples explains, found by calling ``fn`` again.

    The samples' shares of an epoch (the per-sample weights of a tiny lr) are those of batches of the
    prescribed sizes, each sample in one, and on a problem whose samples are all alike, where no order can
    change the weights, they are the prescribed ones: then the samples, or their labels, are taken in another
    order.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd``, called twice more.
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings; only one epoch of several batches, lr != 0, is judged.
    W : ndarray
        The student's weights (not the prescribed ones).

    Returns
    -------
    str or None
        The diagnosis, or None.
    """
    N, bs, seed = len(y), options["batch_size"], options["seed"]
    if options["epochs"] != 1 or bs >= N or options["lr"] == 0:
        return None
    w = usage(fn, spec, y, K, bs, seed)
    if w is None or not np.allclose(np.sort(w), np.sort(1.0 / batch_sizes(np.arange(N), bs)), rtol=1e-4):
        return None
    Xa, ya = np.repeat(X[:1], N, axis=0), np.full(N, y[0])
    if not same_weights(run_again(fn, spec, Xa, ya, K, **options), _training.train_sgd(Xa, ya, K, **options)):
        return None
    return ("Its samples' shares of an epoch are those of the prescribed batch sizes (read off the weights of a "
            "tiny lr), and on a problem whose samples are all alike its weights are the prescribed ones: so it takes "
            "the samples, or their labels, in another order than the exercise prescribes. Each epoch takes its batches from "
            "rng.permutation(N) of the generator np.random.default_rng(seed), in consecutive slices, the rows of X "
            "and their labels through the same indices.")


def observed_order_message(observed, y, batch_size, seed):
    """The diagnosis of one watched epoch whose batches are the slices of an order made wrongly from p, or None.

    Parameters
    ----------
    observed : list of list of int
        The sample indices of each watched batch of the first epoch.
    y : ndarray
        The labels (their number is N).
    batch_size, seed : int
        The settings of the call.
    """
    got = [sorted(rows) for rows in observed]
    for q, key in _derived(len(y), seed, y):
        if got == [sorted(q[s:s + batch_size].tolist()) for s in range(0, len(q), batch_size)]:
            return _WORDS[key]
    return None


def float_index_hint(tr, N, seed):
    """The hint for an IndexError of indices that are not integers (arrays of float dtype used as indices).

    Parameters
    ----------
    tr : Trace or None
        A watched call (None in the grader's sandbox: then the hint says what to check, not what was seen).
    N, seed : int
        The number of samples and the seed of the call.

    Returns
    -------
    str
        The hint, without its final period.
    """
    indices = "rng.permutation(N), of the number of samples N, gives the indices 0 to N - 1"
    rows = next((r for r in (tr.float_keys if tr is not None else []) if r is not None), None)
    if rows is None:
        return (f"the indices it takes a batch of X with are not integers (an array of floats): {indices}; "
                f"rng.permutation of an array (of X, say) shuffles that array and returns its numbers, not indices")
    p = np.random.default_rng(seed).permutation(N)
    if rows == p[:len(rows)].tolist():
        return (f"it takes a batch of X with ROWS of X as indices, shuffled in the order of rng.permutation(N) (as "
                f"rng.permutation(X), or rng.shuffle of a copy of X, gives them): rows of X are numbers, not "
                f"indices; {indices}")
    return f"it takes a batch of X with ROWS of X as indices (numbers, not indices): {indices}"
