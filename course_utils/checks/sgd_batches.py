"""What a watched ``train_sgd`` does with its batches and its steps, compared with the prescribed ones.

:func:`batches_message` reads a :class:`~course_utils.checks.sgd_trace.Trace` whose steps are proven (each
moves W by a multiple of the prescribed step direction on its rows, :func:`~course_utils.checks.sgd_steps.factors`)
and says the first way it departs from the exercise: more epochs than asked, an order made wrongly from the
prescribed permutation (:mod:`course_utils.checks.sgd_orders`), batches that overlap, slices one sample short,
the last batch never used, one sample at a time, batches of other sizes or in another order (read by
:mod:`course_utils.checks.sgd_slices`), each batch stepped on several times, or, on the prescribed batches,
steps with another factor; or steps that replace W instead of adding to it.  A sample is said to be unused
only if no product of the call ever had its row.
:func:`empty_message` says what came before an empty batch.  Each says only what the watched steps show.
"""

import numpy as np

from .sgd_orders import observed_order_message
from .sgd_slices import samples_message, span_message, spans_of
from .sgd_steps import REPLACES, factors, replaced


def _prescribed(N, batch_size, seed, epochs):
    """The batches of ``epochs`` epochs of the prescribed algorithm, as lists of sample indices."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(epochs):
        order = rng.permutation(N)
        out += [order[s:s + batch_size].tolist() for s in range(0, N, batch_size)]
    return out


def _same(observed, batches):
    return len(observed) == len(batches) and all(sorted(o) == sorted(b) for o, b in zip(observed, batches))


def _near(a, b):
    return bool(np.all(np.abs(np.asarray(a, dtype=float) - b) <= 1e-6 * np.maximum(1.0, np.abs(b))))


def _scale_message(mult, sizes, N, batch_size, lr, epochs):
    """The diagnosis of the prescribed batches stepped with factor ``mult`` (1: the prescribed step)."""
    sizes = np.asarray(sizes, dtype=float)
    head = "Its batches are the prescribed ones, but "
    if _near(mult, 1.0):
        return None
    if np.any(sizes > 1) and _near(mult, 1.0 / sizes):
        return (head + "each step is divided by the batch's size twice: it is lr / |B|² times the batch's summed "
                "gradient (a mean gradient divided by len(batch) once more). The prescribed step is lr times the "
                "batch's MEAN gradient: the sum divided by |B| once.")
    if np.any(sizes > 1) and _near(mult, sizes):
        return (head + "each step uses the batch's gradient SUMMED over its samples: the prescribed step uses the "
                "batch's MEAN gradient (divide by the number of samples in the batch).")
    if _near(mult, sizes / N):
        return (head + f"each step is divided by N = {N}, the number of ALL samples, instead of by the size of its "
                "batch: the prescribed step is lr times the batch's MEAN gradient.")
    if np.any(sizes != batch_size) and _near(mult, sizes / batch_size):
        return (head + f"each step is divided by batch_size = {batch_size}, also for the last batch, which holds "
                f"only {int(sizes[-1])} samples: divide each batch's gradient by its own size.")
    if _near(mult, -1.0):
        return (head + "every step goes the wrong way: W must move along the gradient of the log-likelihood "
                "(ascent), i.e. against the gradient of the loss.")
    if _near(mult, mult[0]):
        per_epoch = f" (lr / epochs, with epochs = {epochs})" if epochs > 1 and _near(mult[0], 1.0 / epochs) else ""
        return (head + f"every step is {mult[0]:.4g} times the prescribed one, as with a learning rate of "
                f"{mult[0] * lr:.4g}{per_epoch} instead of lr = {lr:g}: the step is lr times the batch's mean "
                "gradient, with no other factor.")
    if np.all(np.asarray(mult) > 0):
        shown = ", ".join(f"{m:.4g}" for m in mult[:6]) + (", ..." if len(mult) > 6 else "")
        return (head + f"its steps are {shown} times the prescribed one (lr times the batch's mean gradient): the "
                "step size changes from step to step. The exercise prescribes the same lr for every step.")
    t = int(np.flatnonzero(np.abs(np.asarray(mult) - 1.0) > 1e-6)[0])
    return (head + f"its step on batch {t + 1} is {mult[t]:.4g} times the prescribed one (lr times the batch's "
            "mean gradient).")


def batches_message(tr, X, y, K, options):
    """The first way the watched steps depart from the prescribed ones, or None.

    Parameters
    ----------
    tr : Trace or None
        One watched call of the student's trainer with ``options``.
    X, y, K : ndarray, ndarray, int
        The problem it was called on.
    options : dict
        lr (> 0), epochs, batch_size, seed of that call.

    Returns
    -------
    str or None
        The diagnosis: steps that replace W, or where proven steps differ from the prescribed ones; None if the
        steps are not proven, or are the prescribed ones, or show nothing simple (after several epochs only the
        prescribed batches, repeated batches and extra epochs are read), or samples that no step used were
        multiplied with W all the same (their steps were dropped: nothing simple either).
    """
    f = factors(tr, X, y, K)
    if f is None and options["lr"] != 0 and replaced(tr, X, y, K):
        return REPLACES
    if f is None or options["lr"] == 0:
        return None
    N, bs, seed, E = len(y), options["batch_size"], options["seed"], options["epochs"]
    observed = [s.rows for s in tr.steps]
    sizes = [len(r) for r in observed]
    if _same(observed, _prescribed(N, bs, seed, E)):
        return _scale_message(np.asarray(f) * sizes / options["lr"], sizes, N, bs, options["lr"], E)
    message = _repeats_message(observed, N, bs, seed, E)
    if message:
        return message
    n = len(_prescribed(N, bs, seed, E))
    for k in (1, 2):        # the extra epochs' rows in their permutation's order: not the same batches again
        longer = _prescribed(N, bs, seed, E + k)
        if _same(observed, longer) and observed[n:] == longer[n:]:
            more = "one more permutation" if k == 1 else f"{k} more permutations"
            return (f"With epochs = {E} it takes the steps of {E + k} epochs: after the prescribed one{'s' * (E > 1)} "
                    f"it goes on through {more} of the generator, {'one' if k == 1 else k} epoch{'s' * (k > 1)} "
                    f"too many. The loop over the epochs runs `epochs` times: range(epochs).")
    if E != 1 or (set(range(N)) - {r for rows in observed for r in rows}) & tr.seen:
        return None
    message = observed_order_message(observed, y, bs, seed)
    if message:
        return message
    spans = spans_of(observed, np.random.default_rng(seed).permutation(N))
    return span_message(spans, N, bs) if spans else samples_message(observed, _prescribed(N, bs, seed, 1), N)


def _repeats_message(observed, N, batch_size, seed, epochs):
    """Every batch stepped on r > 1 times in a row (W updated in between), the batches otherwise prescribed."""
    runs = []
    for rows in observed:
        if runs and sorted(rows) == sorted(runs[-1][0]):
            runs[-1][1] += 1
        else:
            runs.append([rows, 1])
    counts = {c for _, c in runs}
    if len(counts) != 1 or counts == {1}:
        return None
    r = counts.pop()
    for k in range(1, epochs + 1):
        if _same([rows for rows, _ in runs], _prescribed(N, batch_size, seed, k)):
            head = (f"It takes {r} steps in a row on each batch, W updated in between ({len(observed)} steps on "
                    f"{len(runs)} batch{'es' * (len(runs) > 1)}), where the exercise prescribes one step per batch")
            if k == 1 and r == epochs > 1:
                return (f"{head}; and it draws ONE permutation: it repeats each batch `epochs` = {epochs} times "
                        f"instead of running {epochs} epochs. The loop over the epochs is the outer one, a new "
                        f"permutation each epoch, and each batch gets one step.")
            return f"{head}."
    return None


def empty_message(tr, N, batch_size):
    """What came before an empty batch read from X in a watched call.

    Parameters
    ----------
    tr : Trace or None
        The watched call (it may have raised).
    N, batch_size : int
        The number of samples and the batch size of the call.

    Returns
    -------
    str or None
        A hint (without its final period): the indices cut into batches run out early, or a slice past their
        end; None if no batch was empty.
    """
    if tr is None or tr.empty_after is None:
        return None
    rows = [r for s in tr.steps[:tr.empty_after] for r in s.rows]
    L, once = len(rows), len(set(rows)) == len(rows)
    if once and 0 < L < N and sorted(rows) == list(range(L)):
        size = f"batch_size = {L}" if L == batch_size else f"{L}"
        return (f"after batches that held only samples 0 to {L - 1}, each once, it takes an EMPTY batch from X, with "
                f"no rows: the indices it cuts into batches run out after these {size} samples, where the exercise "
                f"prescribes a permutation of all N = {N} samples, rng.permutation(N), cut into batches")
    before = f", after batches that held all N = {N} samples once," if once and L == N else ""
    return (f"it takes an EMPTY batch from X{before} with no rows: does a slice start past the end of the indices it "
            f"cuts? Every epoch cuts rng.permutation(N), all N = {N} samples, into ceil(N / batch_size) batches, "
            f"none of them empty")
