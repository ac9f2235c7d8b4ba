"""The known mistakes of homework 3's ``train_sgd``: the weights each gives, and its diagnosis.

:func:`variant` is the prescribed algorithm with one part changed (its
defaults are the algorithm itself); :func:`mistakes` lists, for one call of
the student's trainer, the weights of every known mistake with its diagnosis.
Two mistakes that give the same weights share one diagnosis that names both
(a permutation drawn once, before the epoch loop, and a generator made again
inside it both visit the samples in the same order every epoch).
"""

import numpy as np

from ..numerics import one_hot, softmax
from .sgd_slices import span_message


def _batches(N, batch_size, order, style):
    if style == "array_split":
        return np.array_split(order, -(-N // batch_size))
    starts = range(0, N, style if isinstance(style, int) else batch_size)
    if style == "drop_last":
        starts = range(0, N - batch_size + 1, batch_size)
    elif style == "first_only":
        starts = range(0, min(N, 1))
    return [order[s:s + batch_size] for s in starts]


def _orders(N, epochs, batch_size, seed, generator, y_apart, only=None):
    """Per epoch ``(order of X, order of y, index groups)`` of the ``generator`` mistake (or none)."""
    rng = np.random.RandomState(seed) if generator == "global" else np.random.default_rng(seed)
    first = rng.permutation(N) if generator == "per_epoch" else None
    order = np.arange(N)
    for _ in range(epochs):
        if generator == "replacement":
            yield order, order, [rng.integers(0, N, size=min(batch_size, N - s)) for s in range(0, N, batch_size)]
            continue
        if generator == "per_epoch":
            order = first
        elif generator == "cumulative":
            order = order[rng.permutation(N)]
        elif generator != "none":
            order = rng.permutation(N)
        y_order = rng.permutation(N) if y_apart else order
        if only == "X":
            y_order = np.arange(N)
        elif only == "y":
            order = np.arange(N)
        yield order, y_order, None


def variant(X, y, K, lr, epochs, batch_size, seed, mean=True, sign=1.0, generator="once",
            batches="consecutive", shuffle_y_apart=False, full_steps=False, stale=False, only=None, divisor=None,
            sample_steps=False):
    """What a trainer with a known mistake returns (the defaults are the prescribed algorithm).

    ``generator``: "once" (prescribed), "per_epoch" (the same permutation every epoch), "global"
    (np.random.seed then np.random.permutation), "none" (no shuffle), "cumulative" (each epoch shuffles
    the previous epoch's order again), "replacement" (batches of random indices drawn with replacement).
    ``shuffle_y_apart``: y shuffled by the permutation drawn after that of X.
    ``full_steps``: every step on all N samples (as many steps as batches).
    ``stale``: every gradient of an epoch taken at the W of the start of the epoch.
    ``only``: "X" (y) shuffled, the other kept in its stored order.
    ``divisor``: every batch's gradient sum divided by this number instead of the batch's size.
    ``batches``: an int g: batches of batch_size starting every g positions (they overlap for g < batch_size).
    ``sample_steps``: a step after every sample of a batch, its term divided by the batch's size.
    """
    N = X.shape[0]
    W = np.zeros((X.shape[1], K))
    for x_order, y_order, groups in _orders(N, epochs, batch_size, seed, generator, shuffle_y_apart, only):
        Xe, ye = X[x_order], y[y_order]
        start = W
        for b in groups if groups is not None else _batches(N, batch_size, np.arange(N), batches):
            b = np.arange(N) if full_steps else b
            for part in ([b[i:i + 1] for i in range(len(b))] if sample_steps else []):
                W = W + lr * Xe[part].T @ (one_hot(ye[part], K) - softmax(Xe[part] @ W)) / len(b)
            if sample_steps:
                continue
            G = Xe[b].T @ (one_hot(ye[b], K) - softmax(Xe[b] @ (start if stale else W)))
            W = W + sign * lr * (G / (divisor or len(b)) if mean else G)
    return W


SAME_ORDER = ("Every epoch visits the samples in the SAME order: either the permutation is drawn once, before the "
              "epoch loop, or the generator is made again from `seed` inside the epoch loop (a new generator "
              "restarts the same permutation). Make the generator once, before the first epoch, and draw a new "
              "permutation from it every epoch.")


def mistakes(X, y, K, lr, epochs, batch_size, seed):
    """``[(lazy weights, diagnosis)]`` of the known mistakes for one call."""
    N = X.shape[0]

    def v(**kw):
        return lambda: variant(X, y, K, **{**dict(lr=lr, epochs=epochs, batch_size=batch_size, seed=seed), **kw})
    found = [
        (v(mean=False), "It steps along the batch gradient SUMMED over the batch: the prescribed step uses the "
                        "batch's MEAN gradient (divide by the number of samples in the batch), so that lr means "
                        "the same whatever the batch size."),
        (v(sign=-1.0), "The update goes the wrong way: W must move along the gradient of the log-likelihood "
                       "(ascent), i.e. against the gradient of the loss."),
        (v(lr=0.1), f"It trains with lr = 0.1 whatever `lr` says (here lr = {lr:g}): use the argument."),
        (v(lr=0.01), f"It trains with lr = 0.01 whatever `lr` says (here lr = {lr:g}): use the argument."),
        (v(batch_size=1), f"It steps one sample at a time whatever `batch_size` says (here {batch_size}): cut "
                          "each epoch's order into batches of batch_size."),
        (v(batch_size=N), f"It takes one step per epoch, on all N = {N} samples, whatever `batch_size` says (here "
                          f"{batch_size}): that is full-batch gradient ascent, not SGD. Cut each epoch's "
                          "permutation into batches of batch_size and step once per batch."),
        (v(full_steps=True), "Every step uses all N samples instead of the samples of its batch: the number of "
                             "steps is right, but each is a full-batch step. Compute each step's gradient on the "
                             "samples of its batch only."),
        (v(epochs=1), f"It runs one epoch whatever `epochs` says (here {epochs}), or stops once something is reached "
                      f"(a break once the training accuracy is 100 % or the loss stops improving): every one of the "
                      f"`epochs` epochs runs."),
        (v(stale=True), "Every gradient of an epoch is taken at the W of the start of the epoch (the steps are made "
                        "on a copy, or added up and applied at the end): each step must use the current W, the one "
                        "left by the step before it."),
        (v(seed=0), f"It shuffles with seed 0 whatever `seed` says (here {seed}): make the generator from `seed`."),
        (v(generator="per_epoch"), SAME_ORDER),
        (v(generator="cumulative"), "From the second epoch on, the order differs from the prescribed one: each "
                                    "epoch shuffles the previous epoch's order again (the same index array, or "
                                    "the same copies of X and y, shuffled in place every epoch). The exercise "
                                    "prescribes a fresh permutation of the N samples every epoch, rng.permutation(N)."),
        (v(generator="global"), "It shuffles with NumPy's global random state (np.random.seed and "
                                "np.random.permutation): the exercise prescribes a generator of its own, "
                                "np.random.default_rng(seed), which nothing else in the notebook can disturb."),
        (v(generator="none"), "It never shuffles: every epoch visits the samples in their stored order. Draw a "
                              "permutation of the samples every epoch."),
        (v(generator="replacement"), "Its batches are random indices drawn WITH replacement: some samples come "
                                     "twice in an epoch, others never. Each epoch must visit every sample exactly "
                                     "once: a permutation, cut into consecutive batches."),
        (v(shuffle_y_apart=True), "The labels no longer belong to their samples: X and y are shuffled with two "
                                  "different permutations (two shuffles draw two orders). Shuffle them with the "
                                  "SAME permutation (index both with one array of indices)."),
        (v(only="X"), "The labels no longer belong to their samples: each sample is paired with another's label, as "
                      "when the rows of X are taken in the shuffled order but the labels in their stored order. Index "
                      "X and y with the same indices."),
        (v(only="y"), "The labels no longer belong to their samples: each sample is paired with another's label, as "
                      "when the labels are taken in the shuffled order but the rows of X in their stored order. Index "
                      "X and y with the same indices."),
        (v(batches="drop_last"), "It leaves out the last, smaller batch of each epoch: every sample must be used "
                                 "in every epoch (the last batch may be smaller than batch_size)."),
        (v(batches="first_only"), "It takes one batch per epoch and leaves the others out: step on every batch."),
        (v(batches="array_split"), "Its batches are of (nearly) equal size, as np.array_split makes them: the "
                                   "prescribed batches hold batch_size samples each, only the last may be smaller."),
    ]
    if batch_size > 1:           # said as when the steps are watched: a step per sample, batches that overlap
        found.append((v(sample_steps=True), span_message([(i, i + 1) for i in range(N)], N, batch_size)))
    found += [(v(batches=gap), span_message([(s, min(s + batch_size, N)) for s in range(0, N, gap)], N, batch_size))
              for gap in range(1, min(batch_size, N))]
    if 32 < N:
        found.append((v(batch_size=32), f"It uses batches of 32 whatever `batch_size` says (here {batch_size}): "
                                        "use the argument."))
    return found
