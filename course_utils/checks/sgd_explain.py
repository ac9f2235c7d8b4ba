"""What a wrong ``train_sgd`` does with one batch of every sample, found from its weights and by calling it again.

For the prescribed algorithm see :mod:`course_utils.checks.training`; the diagnoses of one epoch of smaller
batches are in :mod:`course_utils.checks.sgd_usage`, those of later epochs in
:mod:`course_utils.checks.sgd_epochs`.  Each is stated only when the student's weights fit it exactly:

* :func:`step_scale_message`: one full-batch step from W = 0 that is the right step times a factor (a factor
  1/N, which there is also 1 / |B|, told apart by the per-sample weights of smaller batches);
* :func:`columns_message`: one full-batch step from W = 0 that is the right step on X with its columns shifted
  and rescaled (standardized inside the trainer);
* :func:`no_step_message`: no step at all when one batch holds every sample (one epoch too few, or a batch
  left out, as the per-sample weights then show).
"""

import numpy as np

from .sgd_replay import batch_sizes, replay_epoch, run_again, same_weights
from .sgd_usage import unused_message, usage
from .sums import fit, scale_words


def _twice(fn, spec, y, K, options):
    """With one batch of all N samples a step divided by N is also one divided by |B| once more: the per-sample
    weights of smaller batches tell which (the words for it, or None)."""
    N = len(y)
    smaller = max(1, N // 4)
    w = usage(fn, spec, y, K, smaller, options["seed"])
    if w is None or smaller == 1:
        return None
    sizes = batch_sizes(np.random.default_rng(options["seed"]).permutation(N), smaller)
    if np.allclose(w, 1.0 / sizes ** 2, rtol=1e-4):
        return (f"divided by the size of its batch twice: with batch_size = {smaller} too, each sample's share of a "
                f"step (read off the weights of a tiny lr) is 1 / |B|² of its gradient, the batch's mean gradient "
                f"divided by len(batch) once more. The step is lr times the batch's MEAN gradient, the sum divided "
                f"by |B| once")
    if np.allclose(w, 1.0 / (N * sizes), rtol=1e-4):
        return (f"divided by N = {N} (the number of samples) on top of the batch's mean, as smaller batches show "
                f"too: the step is lr times the batch's MEAN gradient, with no other factor")
    if np.any(sizes != smaller) and np.allclose(w, 1.0 / (smaller * sizes), rtol=1e-4):
        return (f"divided by batch_size on top of the batch's mean: with batch_size = {smaller}, each step is the "
                f"batch's mean gradient divided by {smaller} again, also for the last batch of {int(sizes.min())} "
                f"(read off the weights of a tiny lr). The step is lr times the batch's MEAN gradient, with no other "
                f"factor")
    return None


def step_scale_message(fn, spec, X, y, K, options, W):
    """The diagnosis of one full-batch step from W = 0 that is the right step times a factor.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd`` (called again when the factor is 1/N, which here is also 1 / |B|).
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings; only batch_size = N and one epoch are judged.
    W : ndarray
        The student's weights.

    Returns
    -------
    str or None
        The factor, in words where it is N, D, K or 2, or None.
    """
    N = len(y)
    if options["batch_size"] < N or options["epochs"] != 1 or options["lr"] == 0 or not np.any(W):
        return None
    right = replay_epoch(np.zeros_like(W), X, y, K, options["lr"], N, np.arange(N))
    c = fit(right[None], W)
    if c is None or abs(c[0] - 1.0) < 1e-6:
        return None
    head = f"Its single step (one batch holding all N = {N} samples, from W = 0) points the right way but is "
    if N > 1 and abs(c[0] * N - 1.0) < 1e-6:
        twice = _twice(fn, spec, y, K, options)
        if twice:
            return f"{head}{twice}."
        return (f"{head}divided by N = {N} once more (here N is also the size of the batch): the step is lr times "
                f"the batch's MEAN gradient, the sum divided by |B| once, with no other factor.")
    words = scale_words(float(c[0]), {"N": N, "D": X.shape[1], "K": K})
    factor = words or f"{float(c[0]):.4g} times the prescribed step"
    return f"{head}{factor}: the step is lr times the batch's MEAN gradient, with no other factor."


def columns_message(fn, spec, X, y, K, options, W):
    """The diagnosis of one full-batch step from W = 0 taken on X with every column shifted and rescaled.

    With a column of ones in X (the bias), row d of such a step is a_d times the prescribed row plus b_d times
    the bias row, for the column x_d mapped to a_d x_d + b_d.  A row of the step is a combination of the
    K-vectors e_y - 1/K, which span only K - 1 dimensions, so two weights per row are proven only with K > 3:
    the trainer is called again on the same X with labels of 5 classes, and the fit must be exact, row by row.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd``, called again.
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The stage's problem (its first column all ones).
    options : dict
        The stage's settings; only batch_size = N and one epoch are judged.
    W : ndarray
        The student's weights.

    Returns
    -------
    str or None
        Standardized, centred or min-max scaled columns (named when a_d, b_d are exactly those), or shifted and
        rescaled ones; None if the step is not such a one, or is the prescribed one.
    """
    N, classes = len(y), 5
    if (options["batch_size"] < N or options["epochs"] != 1 or options["lr"] == 0 or not np.any(W)
            or not np.all(X[:, 0] == 1.0)):
        return None
    labels = np.random.default_rng(9054).permutation(np.arange(N) % classes)
    W = run_again(fn, spec, X, labels, classes, **options)
    right = replay_epoch(np.zeros((X.shape[1], classes)), X, labels, classes, options["lr"], N, np.arange(N))
    if W is None or same_weights(W, right):
        return None
    coef = [fit(right[None, 0], W[0])]
    coef += [fit(np.stack([right[d], right[0]]), W[d]) for d in range(1, X.shape[1])]
    if any(c is None for c in coef):
        return None
    a, b = np.array([c[0] for c in coef[1:]]), np.array([c[1] for c in coef[1:]])
    if np.any(np.abs(a) < 1e-6):          # a feature that no longer counts: not a rescaled column
        return None
    if np.allclose(a, 1.0, atol=1e-6) and np.allclose(b, 0.0, atol=1e-6) and abs(coef[0][0] - 1.0) < 1e-6:
        return None
    ones = "" if abs(coef[0][0] - 1.0) < 1e-6 else (", the bias column of ones becoming zeros"
                                                    if abs(coef[0][0]) < 1e-6 else ", the bias column rescaled")
    mean, what = X[:, 1:].mean(axis=0), "shifted and rescaled"
    for ddof in (0, 1):
        std = X[:, 1:].std(axis=0, ddof=ddof)
        if np.allclose(a, 1.0 / std, rtol=1e-6) and np.allclose(b, -mean / std, rtol=1e-6, atol=1e-9):
            what = "STANDARDIZED, shifted to mean 0 and divided by their standard deviation"
    if np.allclose(a, 1.0, rtol=1e-6) and np.allclose(b, -mean, rtol=1e-6, atol=1e-9):
        what = "centred, their means subtracted"
    low, span = X[:, 1:].min(axis=0), np.ptp(X[:, 1:], axis=0)
    if np.allclose(a, 1.0 / span, rtol=1e-6) and np.allclose(b, -low / span, rtol=1e-6, atol=1e-9):
        what = "rescaled to run from 0 to 1 (min-max scaling)"
    return (f"Its single step (one batch holding all N = {N} samples, from W = 0) is the prescribed step on X with "
            f"its columns {what}{ones}: it changes X before training. train_sgd trains on X exactly as it is given "
            f"(the notebook prepares the data, standardize then add_bias, before calling it).")


def no_step_message(fn, spec, X, y, K, options, W):
    """The diagnosis of all-zero weights where one batch holds every sample.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd``.
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings; only batch_size = N and lr != 0 are judged.
    W : ndarray
        The student's weights.

    Returns
    -------
    str or None
        One epoch too few (epochs = 2 gives one epoch's weights), or a batch left out (smaller batches move W;
        which one, from the per-sample weights); None otherwise.
    """
    N = len(y)
    if np.any(W) or options["lr"] == 0 or options["batch_size"] < N:
        return None
    one_more = run_again(fn, spec, X, y, K, **{**options, "epochs": options["epochs"] + 1})
    if options["epochs"] == 1 and same_weights(one_more, replay_epoch(np.zeros_like(W), X, y, K, options["lr"], N,
                                                          np.random.default_rng(options["seed"]).permutation(N))):
        return ("With epochs = 1 it takes no step, and with epochs = 2 it returns the weights of ONE epoch: it runs one "
                "epoch fewer than `epochs` says. The loop over the epochs must run `epochs` times, range(epochs).")
    smaller = max(1, N // 4)
    other = run_again(fn, spec, X, y, K, **{**options, "batch_size": smaller})
    if other is None or not np.any(other):
        return None
    head = (f"With batch_size = N = {N} (one batch holding every sample) it takes no step at all, while with "
            f"batch_size = {smaller} it does")
    w = usage(fn, spec, y, K, smaller, options["seed"])
    order = np.random.default_rng(options["seed"]).permutation(N)
    found = unused_message(w, order, 1.0 / batch_sizes(order, smaller), smaller) if w is not None else None
    if found:
        return f"{head}. With batch_size = {smaller}: {found[0].lower()}{found[1:]}"
    return (f"{head}: the loop over the batches leaves a batch out (check the range of the batch starts: the first "
            f"batch starts at 0, the last one below N).")
