"""What a wrong ``train_sgd`` does with one batch of every sample, found from its weights and by calling it again.

For the prescribed algorithm see :mod:`course_utils.checks.training`; the diagnoses of one epoch of smaller
batches are in :mod:`course_utils.checks.sgd_usage`, those of later epochs in
:mod:`course_utils.checks.sgd_epochs`.  Each is stated only when the student's weights fit it exactly:

* :func:`step_scale_message`: one full-batch step from W = 0 that is the right step times a factor;
* :func:`no_step_message`: no step at all when one batch holds every sample (one epoch too few, or a batch
  left out, as the per-sample weights then show).
"""

import numpy as np

from .sgd_replay import batch_sizes, replay_epoch, run_again, same_weights
from .sgd_usage import unused_message, usage
from .sums import fit, scale_words


def step_scale_message(X, y, K, options, W):
    """The diagnosis of one full-batch step from W = 0 that is the right step times a factor.

    Parameters
    ----------
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
    words = scale_words(float(c[0]), {"N": N, "D": X.shape[1], "K": K})
    factor = words or f"{float(c[0]):.4g} times the prescribed step"
    return (f"Its single step (one batch holding all N = {N} samples, from W = 0) points the right way but is "
            f"{factor}: the step is lr times the batch's MEAN gradient, with no other factor.")


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
