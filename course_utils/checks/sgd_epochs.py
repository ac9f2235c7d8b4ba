"""What a ``train_sgd`` whose first epochs are right does wrong in a later one, found by calling it again.

:func:`epoch_message` calls the student's trainer with 1, 2, ... epochs; at the first epoch e whose weights
differ from the prescribed ones (the epochs before being right), it replays epoch e from the right weights
and reads off what changed: a restart from W = 0, another learning rate (fitted), or the order of the first
permutation of a new generator (seeds tried).  Each is stated only when the replay matches exactly.
:func:`extra_epoch_message` names weights that are those of one epoch more than asked.
"""

import numpy as np

from .. import training as _training
from .sgd_replay import replay_epoch, run_again, same_weights


def _fit_lr(start, X, y, K, batch_size, order, target, lr):
    """The learning rate that turns ``start`` into ``target`` in one epoch, or None (golden-section search)."""
    def loss(rate):
        return float(np.sum((replay_epoch(start, X, y, K, rate, batch_size, order) - target) ** 2))
    lo, hi = 0.0, 4.0 * lr
    g = (np.sqrt(5.0) - 1) / 2
    for _ in range(80):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        lo, hi = (lo, b) if loss(a) < loss(b) else (a, hi)
    rate = (lo + hi) / 2
    return rate if same_weights(replay_epoch(start, X, y, K, rate, batch_size, order), target, 1e-7) else None


def _first(e):
    """"Its first epoch is" / "Its first 2 epochs are" (the epochs before epoch e)."""
    return "Its first epoch is" if e == 2 else f"Its first {e - 1} epochs are"


def epoch_message(fn, spec, X, y, K, options, telling=None):
    """Which epoch first goes wrong when the earlier ones are right, and how.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd``, called again with 1, 2, ... epochs.
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings (several epochs).
    telling : callable, optional
        A diagnosis asked for (``telling()``: a message or None) before the one that only says that something
        changes between epochs.

    Returns
    -------
    str or None
        A restart from W = 0, another learning rate, the first permutation of a new generator, or (none of
        those) ``telling()`` or that something changes between epochs; None if the first epoch is already wrong.
    """
    N, lr, bs, seed = len(y), options["lr"], options["batch_size"], options["seed"]
    rng = np.random.default_rng(seed)
    orders = [rng.permutation(N) for _ in range(options["epochs"])]
    right = np.zeros((X.shape[1], K))
    for e in range(1, options["epochs"] + 1):
        before, right = right, replay_epoch(right, X, y, K, lr, bs, orders[e - 1])
        got = run_again(fn, spec, X, y, K, **{**options, "epochs": e})
        if got is None or (e == 1 and not same_weights(got, right)):
            return None
        if same_weights(got, right):
            continue
        if same_weights(replay_epoch(np.zeros_like(before), X, y, K, lr, bs, orders[e - 1]), got):
            return (f"{_first(e)} exactly right, but epoch {e} starts again from W = 0: its weights are those of one "
                    f"epoch, on epoch {e}'s permutation, from zeros. W is made once, before the epoch loop, and "
                    f"every epoch continues from the weights the one before left.")
        rate = _fit_lr(before, X, y, K, bs, orders[e - 1], got, lr)
        if rate is not None:
            return (f"{_first(e)} exactly right, but epoch {e} steps with a "
                    f"learning rate of {rate:.4g} instead of lr = {lr:g} ({rate / lr:.3g} times lr): the learning rate "
                    f"changes between epochs. The exercise prescribes the same lr for every step of every epoch.")
        for s in sorted(set(range(0, 64)) | {seed + k for k in range(-4, 33)} | {seed * e}):
            if s >= 0 and same_weights(replay_epoch(before, X, y, K, lr, bs, np.random.default_rng(s).permutation(N)), got):
                return (f"{_first(e)} exactly right, but epoch {e} visits the "
                        f"samples in the order of the FIRST permutation of a new generator made from {s} (seed "
                        f"{'+' if s >= seed else '-'} {abs(s - seed)}): it seems to make a new generator every epoch. "
                        f"Make ONE generator from seed before the first epoch and draw each epoch's permutation from it.")
        extra = _extra_draw(before, X, y, K, lr, bs, seed, e, got)
        if extra:
            return (f"{_first(e)} exactly right, but epoch {e} visits the samples in the order the generator gives "
                    f"when something else also draws from it once per epoch ({extra}, say for a spot check or "
                    f"noise): every other draw moves the generator on, so later permutations differ. Draw only the "
                    f"permutations from it (use another generator for anything else).")
        return (telling and telling()) or (f"{_first(e)} exactly right, but epoch {e} is not: something "
                f"changes from one epoch to the next. The generator is made once, before the first epoch, and each "
                f"epoch draws the next permutation from it; lr and the batches stay the same.")
    return None


#: Other draws a student may take from the epochs' generator once per epoch: (words, draw).
_DRAWS = (("a random integer, as rng.integers draws", lambda rng, N: rng.integers(N)),
          ("a random number, as rng.random draws", lambda rng, N: rng.random()),
          ("a normal draw, as rng.standard_normal draws", lambda rng, N: rng.standard_normal()),
          ("a random choice, as rng.choice draws", lambda rng, N: rng.choice(N)))


def _extra_draw(before, X, y, K, lr, bs, seed, e, got):
    """The words of another draw taken once per epoch (after or before each permutation) that gives epoch ``e``'s
    weights ``got`` from ``before``, or None."""
    N = len(y)
    for words, draw in _DRAWS:
        for after in (True, False):
            rng = np.random.default_rng(seed)
            for _ in range(e):
                if not after:
                    draw(rng, N)
                order = rng.permutation(N)
                if after:
                    draw(rng, N)
            if same_weights(replay_epoch(before, X, y, K, lr, bs, order), got):
                return words
    return None


def extra_epoch_message(fn, spec, X, y, K, options, W):
    """The diagnosis of weights that are those of ``epochs + 1`` epochs, or None.

    Where one batch holds every sample, an extra epoch and a second step on the same batch give the same
    weights: then a call with smaller batches must also give those of one epoch more.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd`` (called again only where one batch holds every sample).
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings.
    W : ndarray
        The student's weights for them.
    """
    E, N = options["epochs"], len(y)
    if options["lr"] == 0 or not same_weights(W, _training.train_sgd(X, y, K, **{**options, "epochs": E + 1})):
        return None
    if options["batch_size"] >= N:
        smaller = {**options, "batch_size": max(1, N // 4)}
        if not same_weights(run_again(fn, spec, X, y, K, **smaller),
                            _training.train_sgd(X, y, K, **{**smaller, "epochs": E + 1})):
            return None
    return (f"Its weights are those of {E + 1} epochs where `epochs` says {E}: it runs one epoch too many. The loop "
            f"over the epochs runs `epochs` times: range(epochs).")
