"""What a wrong ``train_sgd`` does within one epoch, read off the per-sample weights of a tiny learning rate.

With a tiny lr every step starts from W ~ 0, where the softmax is uniform, so after one epoch
W / lr = sum_j w_j x_j (e_{y_j} - 1/K)^T, with w_j = (times sample j is used) / (its batch's size).  On a
probe with more features than samples the w_j are read off by least squares (:func:`usage`), and
:func:`first_order_message` says what they show: each step divided by N or by batch_size (not the batch's own
size), summed, samples never used, batches of other sizes, overlapping batches.  Each only when exact.
"""

import numpy as np

from ..numerics import one_hot
from .sgd_mistakes import variant
from .sgd_replay import batch_sizes, run_again, same_weights
from .sums import fit

#: The learning rate of the first-order probe: small enough that W stays ~ 0 for a whole epoch.
PROBE_LR = 1e-8


def usage(fn, spec, y, K, batch_size, seed):
    """The per-sample weights w_j of one epoch at a tiny lr (see the module's docstring), or None."""
    N = len(y)
    rng = np.random.default_rng(9041)
    Xp = np.hstack([np.ones((N, 1)), rng.standard_normal((N, N + 9))])
    Wp = run_again(fn, spec, Xp, y, K, lr=PROBE_LR, epochs=1, batch_size=batch_size, seed=seed)
    if Wp is None:
        return None
    terms = Xp[:, :, None] * (one_hot(y, K) - 1.0 / K)[:, None, :]
    return fit(terms, Wp / PROBE_LR, tol=1e-5)


def unused_message(w, order, right, batch_size):
    """The diagnosis of samples that leave no trace in an epoch's weights (the others used as prescribed), or None.

    A step that replaces W loses the steps before it, so samples missing from the weights are said to be never
    used only if they are not all the samples before the last batch.
    """
    unused = np.abs(w) <= 1e-6
    if not unused.any() or not np.allclose(w[~unused], right[~unused], rtol=1e-4):
        return None
    lost, N = set(np.flatnonzero(unused)), len(order)
    last = N - (N - 1) // batch_size * batch_size
    if lost == set(order[:N - last]):
        return (f"Only the samples of the last batch of each epoch count in the W it returns (read off the weights of "
                f"a tiny lr): the {len(lost)} samples before them leave no trace, their steps never taken or lost "
                f"(a step that replaces W instead of adding to it, or W updated outside the loop over the batches).")
    if lost == set(order[-len(lost):]):
        where = "stops before the last batch" if len(lost) == last else "stops too early"
        return (f"The last {len(lost)} samples of each epoch's order are never used: the loop over the batches "
                f"{where}. Every sample must be used once per epoch (the last batch may be smaller than batch_size).")
    if lost == set(order[:batch_size]):
        return (f"The first {len(lost)} samples of each epoch's order (its first batch) are never used: the loop "
                f"over the batches must start with the batch at position 0.")
    return f"{len(lost)} samples are never used in an epoch: every sample must be used once per epoch."


def _sizes_message(w, order, sizes, batch_size):
    """Every sample used once, each step its batch's mean, but batches of other sizes than the prescribed ones."""
    if np.any(w <= 1e-6):
        return None
    used = 1.0 / w
    if not np.allclose(used, np.round(used), atol=1e-4):
        return None
    got = np.round(used[order]).astype(int)
    counts = []
    p = 0
    while p < len(got):
        size = got[p]
        if p + size > len(got) or not np.all(got[p:p + size] == size):
            return None
        counts.append(int(size))
        p += size
    want = [int(sizes[order[p]]) for p in range(0, len(order), batch_size)]
    if counts == want:
        return None
    return (f"Each sample is used once per epoch, but in batches of {', '.join(map(str, counts))} samples (read off "
            f"the size of each sample's step), not of batch_size = {batch_size} each (only the last may be "
            f"smaller): {', '.join(map(str, want))}. Cut the permutation into consecutive slices of batch_size.")


def first_order_message(fn, spec, X, y, K, options, W):
    """What the per-sample weights of one epoch at a tiny lr show.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd``.
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings (lr, epochs, batch_size, seed).
    W : ndarray
        The student's weights for them.

    Returns
    -------
    str or None
        The diagnosis: each step divided by N or by batch_size (said only if ``W`` is also the prescribed
        algorithm's with that divisor), summed, samples never used, batches of other sizes, overlapping
        batches; None if the weights are right or not a sum over the samples.
    """
    N, batch_size, seed = len(y), options["batch_size"], options["seed"]
    w = usage(fn, spec, y, K, batch_size, seed)
    if w is None:
        return None
    order = np.random.default_rng(seed).permutation(N)
    sizes = batch_sizes(order, batch_size)
    right = 1.0 / sizes
    if np.allclose(w, right, rtol=1e-4, atol=1e-6) or np.allclose(w, 1.0 / batch_sizes(np.arange(N), batch_size),
                                                                  rtol=1e-4, atol=1e-6):
        return None
    last = int(sizes[order[-1]])

    def divided_by(n):
        return np.allclose(w, 1.0 / n, rtol=1e-4) and same_weights(W, variant(X, y, K, **options, divisor=n))

    if divided_by(N):
        return (f"Each step is divided by N = {N}, the number of ALL samples, instead of by the number of samples in "
                f"its batch (here {batch_size}, and {last} in the last batch): the prescribed step is lr times the "
                f"batch's MEAN gradient, the batch's sum divided by its own size.")
    if last != batch_size and divided_by(batch_size):
        return (f"Each step is divided by batch_size = {batch_size}, also for the last batch, which holds only {last} "
                f"samples: divide each batch's gradient by its own size (the number of samples it really holds).")
    if np.allclose(w, 1.0, rtol=1e-4):
        return ("Each step uses the batch's gradient SUMMED over its samples: the prescribed step uses the batch's "
                "MEAN gradient (divide by the number of samples in the batch).")
    message = unused_message(w, order, right, batch_size)
    if message:
        return message
    message = _sizes_message(w, order, sizes, batch_size)
    if message:
        return message
    if np.any(np.abs(w) <= 1e-6) and np.any(w > 1.0 / min(batch_size, last) + 1e-6):
        return ("In one epoch some samples are never used while others are used in two batches or more: the batches "
                "overlap (each drawn on its own, e.g. with rng.choice) instead of partitioning the samples. Draw one "
                "permutation per epoch and cut it into consecutive batches, so that each sample is used exactly once.")
    return None
