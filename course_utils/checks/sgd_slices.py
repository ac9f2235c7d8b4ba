"""One epoch of a watched ``train_sgd`` read as slices of the epoch's permutation, and what they show.

The watched batches of one epoch (:mod:`course_utils.checks.sgd_trace`, proven steps) are read as slices
(start, stop) of the permutation the exercise prescribes (:func:`spans_of`).  :func:`span_message` compares them
with the prescribed slices: overlapping batches (starts less than batch_size apart), one sample at a time, the
last batch never used (too few batches), slices that leave out their first or last samples, samples never used,
the prescribed batches in another order, batches of other sizes.  :func:`samples_message` speaks of batches
that are not slices: samples never used, or the samples in another order than the prescribed permutation.
"""

import numpy as np


def _listing(spans, limit=4):
    """"positions 0 to 4, 5 to 9, ..." (the first ``limit`` slices)."""
    text = ", ".join(f"{a} to {b - 1}" if b - a > 1 else f"{a}" for a, b in spans[:limit])
    plural = len(spans) > 1 or spans[0][1] - spans[0][0] > 1
    return f"position{'s' * plural} {text}" + (", ..." * (len(spans) > limit))


def spans_of(observed, order):
    """Each batch as the slice of the permutation it holds.

    Parameters
    ----------
    observed : list of list of int
        The sample indices of each watched batch of one epoch.
    order : ndarray of int
        The epoch's prescribed permutation.

    Returns
    -------
    list of (int, int) or None
        (start, stop) positions in ``order`` per batch; None if a batch is empty or not a slice.
    """
    where = np.empty(len(order), dtype=int)
    where[order] = np.arange(len(order))
    out = []
    for rows in observed:
        p = np.sort(where[rows])
        if len(p) == 0 or len(set(p.tolist())) != len(p) or p[-1] - p[0] + 1 != len(p):
            return None
        out.append((int(p[0]), int(p[-1]) + 1))
    return out


def span_message(spans, N, batch_size):
    """The diagnosis of one epoch's batches, slices of the permutation, that differ from the prescribed ones.

    Parameters
    ----------
    spans : list of (int, int)
        The (start, stop) positions of each batch (:func:`spans_of`), in the order the steps took them.
    N, batch_size : int
        The number of samples and the batch size asked for.

    Returns
    -------
    str
        Overlapping batches, one sample at a time, too few batches, slices short of samples, samples never used,
        the batches in another order, or batches of other sizes.
    """
    right = [(s, min(s + batch_size, N)) for s in range(0, N, batch_size)]
    used = np.zeros(N, dtype=int)
    for a, b in spans:
        used[a:b] += 1
    starts = [a for a, _ in spans]
    gaps = set(np.diff(starts).tolist())
    prescribed = (f"The exercise prescribes consecutive slices of batch_size = {batch_size} samples, "
                  f"{_listing(right)}: each sample used once per epoch.")
    if used.max() > 1 and len(spans) > 1 and len(gaps) == 1 and 0 < min(gaps) < batch_size:
        step = gaps.pop()
        return (f"Its batches overlap: in one epoch they start {step} position{'s' * (step > 1)} apart in the "
                f"permutation ({_listing(spans, 3)}): {len(spans)} batches where ceil(N / batch_size) = "
                f"{len(right)} {'is' if len(right) == 1 else 'are'} prescribed, so samples are used in several "
                f"batches of one epoch. Consecutive batches start batch_size = {batch_size} apart: "
                f"range(0, N, batch_size).")
    if len(spans) > 1 and all((a, b) == (0, N) for a, b in spans):
        return (f"Every step uses ALL N = {N} samples (positions 0 to {N - 1} of the permutation), {len(spans)} steps "
                f"an epoch: the batches are cut, but each step's gradient is computed on the whole X and y instead of "
                f"on its batch's rows. {prescribed}")
    if used.max() > 1:
        return f"Its batches overlap: in one epoch they are {_listing(spans)} of the permutation. {prescribed}"
    if all(b - a == 1 for a, b in spans) and batch_size > 1 and used.min() == 1 and starts == sorted(starts):
        return (f"It steps after every sample: the N = {N} samples of an epoch are used one sample at a time, in "
                f"the permutation's order, each a step of its own that changes W before the next sample's gradient "
                f"is taken ({N} steps per epoch where ceil(N / batch_size) = {len(right)} "
                f"{'is' if len(right) == 1 else 'are'} prescribed). "
                f"Compute each batch's gradient from all its samples at the same W, then step once per batch.")
    if used.min() == 0 and spans == right[:len(spans)]:
        rest = N - spans[-1][1]
        what = "the last, smaller batch" if rest < batch_size else "the last batches"
        return (f"It steps on {len(spans)} batches per epoch, not ceil(N / batch_size) = {len(right)}: the last "
                f"{rest} samples of the permutation ({_listing([(spans[-1][1], N)])}, {what}) are never used. "
                f"The number of batches is rounded UP: range(0, N, batch_size), the last batch holding the samples "
                f"that remain.")
    inside = len(spans) == len(right) and all(r[0] <= a and b <= r[1] for (a, b), r in zip(spans, right))
    if used.min() == 0 and inside:
        short = [(o, r) for o, r in zip(spans, right) if o != r]
        heads, tails = {o[0] - r[0] for o, r in short}, {r[1] - o[1] for o, r in short}
        end = "last" if heads == {0} and len(tails) == 1 else "first" if tails == {0} and len(heads) == 1 else None
        m = (heads if end == "first" else tails).pop() if end else 0
        which = (f"the {end} sample" if m == 1 else f"the {end} {m} samples") if end else "some samples"
        unused = np.flatnonzero(used == 0).tolist()
        return (f"Its batches leave out {which} of their slice of the permutation: they hold {_listing(spans, 3)} "
                f"where the exercise prescribes {_listing(right, 3)}, so position{'s' * (len(unused) > 1)} "
                f"{', '.join(map(str, unused[:6]))}{', ...' if len(unused) > 6 else ''} "
                f"{'are' if len(unused) > 1 else 'is'} left out, never used. A batch is the slice "
                f"order[start:start + batch_size], batch_size samples (only the last batch may hold fewer).")
    if used.min() == 0:
        unused = np.flatnonzero(used == 0).tolist()
        return (f"Positions {', '.join(map(str, unused[:6]))}{', ...' if len(unused) > 6 else ''} of each epoch's "
                f"permutation are never used: its batches are {_listing(spans)}. {prescribed}")
    if sorted(spans) == right:
        return (f"It steps on the prescribed batches, but in another order: {_listing(spans)} of the permutation. "
                f"The batches are taken in the permutation's order, from position 0 on.")
    return (f"Each sample is used once per epoch, but in batches of {', '.join(str(b - a) for a, b in spans)} "
            f"samples ({_listing(spans)} of the permutation). {prescribed}")


def samples_message(observed, right, N):
    """The diagnosis of one epoch's batches that are not slices of the prescribed permutation.

    Parameters
    ----------
    observed : list of list of int
        The sample indices of each watched batch.
    right : list of list of int
        The prescribed batches of the epoch.
    N : int
        The number of samples.

    Returns
    -------
    str or None
        Samples never used (the others once), or every sample once but a batch that takes every k-th position
        of the permutation, or not in the prescribed order; None if a sample is used twice.
    """
    counts = np.bincount([r for rows in observed for r in rows], minlength=N)
    if counts.max() == 1 and counts.min() == 0:
        lost = np.flatnonzero(counts == 0).tolist()
        which = ", ".join(map(str, lost[:6])) + (", ..." if len(lost) > 6 else "")
        return (f"Sample{'s' * (len(lost) > 1)} {which} (by index in X) {'are' if len(lost) > 1 else 'is'} never "
                f"used in an epoch: its batches hold {int(counts.sum())} of the N = {N} samples. Every epoch cuts "
                f"a permutation of ALL N samples, rng.permutation(N), into batches.")
    if counts.max() == 1 and len(observed) == len(right):
        k = next(i for i, (o, r) in enumerate(zip(observed, right)) if sorted(o) != sorted(r))
        where = np.empty(N, dtype=int)
        where[[r for rows in right for r in rows]] = np.arange(N)
        p = np.sort(where[observed[k]])
        strides = set(np.diff(p).tolist())
        if len(p) > 1 and len(strides) == 1 and min(strides) > 1:
            return (f"Each sample is used once per epoch, but its batch {k + 1} takes every {min(strides)}th position "
                    f"of the permutation ({', '.join(map(str, p[:6]))}{', ...' if len(p) > 6 else ''}), not a "
                    f"slice of consecutive positions: a batch is order[start:start + batch_size].")
        return (f"Each sample is used once per epoch, but not in the prescribed order: its batch {k + 1} holds samples "
                f"{', '.join(map(str, sorted(observed[k])))}, where the prescribed batch {k + 1} of "
                f"rng.permutation(N), of the generator np.random.default_rng(seed), holds "
                f"{', '.join(map(str, sorted(right[k])))}. Draw each epoch's order with rng.permutation(N).")
    return None
