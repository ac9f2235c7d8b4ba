"""One full-batch step of a ``train_sgd`` read back sample by sample: what does it use in place of Y - S?

From W = 0 every probability is 1/K, so the prescribed single step on one batch of all N samples is
lr X^T R / N with R = Y - 1/K: a row per sample, 1 - 1/K in its label's column and -1/K in the others.
:func:`residual_message` calls the student's trainer once more on a probe X with more features than samples
(one epoch, one batch of all N samples), where X^T R = N W / lr has exactly one solution R, and reads R back;
a call with twice the lr must give twice the weights (one step from W = 0 is linear in lr, several steps are not).
An R that is a known slip (the class numbers as a column where the one-hot labels are meant, the labels or the
probabilities left out, probabilities not normalized or normalized over the samples) is named; another R is
shown for the sample where it differs most.  Nothing is said unless R is read back exactly.
"""

import numpy as np

from ..numerics import one_hot
from .sgd_orders import LABELS_AS_INDICES
from .sgd_replay import run_again, same_weights

#: What a slip puts in place of R = Y - 1/K at W = 0: (key, R as a function of (Y, y, K, N)).
_SLIPS = (
    ("numbers", lambda Y, y, K, N: np.repeat(y[:, None].astype(float), K, axis=1) - 1.0 / K),
    ("no_probabilities", lambda Y, y, K, N: Y),
    ("no_labels", lambda Y, y, K, N: np.full_like(Y, -1.0 / K)),
    ("unnormalized", lambda Y, y, K, N: Y - 1.0),
    ("over_samples", lambda Y, y, K, N: Y - 1.0 / N),
    ("own_class_only", lambda Y, y, K, N: Y * (1.0 - 1.0 / K)),
    ("all_ones", lambda Y, y, K, N: np.full_like(Y, 1.0 - 1.0 / K)),
)
_WORDS = {
    "numbers": "it subtracts the probabilities from the class NUMBERS, not from the one-hot labels: the row it "
               "uses for a sample of label y_j is y_j - 1/K in EVERY column (the labels as a column, broadcast over "
               "the K columns), where the one-hot row is meant, 1 - 1/K in the label's column and -1/K in the "
               "others. Subtract the probabilities from the one-hot labels of the batch (the provided one_hot, "
               "given the batch's labels and K)",
    "no_probabilities": "the row it uses for each sample is its one-hot label alone: the probabilities are not "
                        "subtracted. The step uses the one-hot labels minus the probabilities",
    "no_labels": "the row it uses for each sample is minus its probabilities alone: the one-hot labels are left "
                 "out. The step uses the one-hot labels minus the probabilities",
    "unnormalized": "the probabilities it subtracts are all 1 where they are 1/K: e^(X W) is not divided by its sum "
                    "over the classes. Use the softmax of the batch's logits, one row per sample",
    "over_samples": "the probabilities it subtracts are 1/N where they are 1/K: the softmax is normalized over the "
                    "samples of the batch (axis 0) instead of over each sample's classes (axis 1)",
    "own_class_only": "only the label's column gets its term (1 - 1/K); the other classes get nothing where they "
                      "get -1/K: the probabilities of the other classes are left out",
    "all_ones": "the one-hot labels it uses are 1 in EVERY column, for every sample, where each row has a single 1, "
                "in its label's column: does it set whole columns to 1 (Y[:, labels] = 1 marks every label's column "
                "in every row)?",
}
_HEAD = ("With one batch of all N = {N} samples its weights are proportional to lr, as one step from W = 0 (every "
         "probability 1/K) is; read back sample by sample (on a probe with more features than samples), that step "
         "is not the prescribed one: ")


def _read(fn, spec, y, K, options):
    """R with W = lr X^T R / N on the probe (see the module's docstring), or None if not read exactly or if W is
    not proportional to lr (a call with twice the lr must give twice the W, as one step from W = 0 does)."""
    N = len(y)
    Xp = np.hstack([np.ones((N, 1)), np.random.default_rng(9043).standard_normal((N, N + 9))])
    lr = options["lr"]
    Wp, W2 = (run_again(fn, spec, Xp, y, K, lr=rate, epochs=1, batch_size=N, seed=options["seed"])
              for rate in (lr, 2 * lr))
    if Wp is None or not same_weights(W2, 2 * Wp, 1e-9):
        return None
    target = Wp * N / lr
    R, *_ = np.linalg.lstsq(Xp.T, target, rcond=None)
    if np.linalg.norm(Xp.T @ R - target) > 1e-7 * max(np.linalg.norm(target), 1e-300):
        return None
    return R


def residual_message(fn, spec, X, y, K, options, W, fallback=False):
    """The diagnosis of a wrong single full-batch step from what it uses in place of Y - S.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd``, called again on the probe.
    spec : Spec
        How to call and name it.
    X, y, K : ndarray, ndarray, int
        The stage's problem.
    options : dict
        The stage's settings; only one epoch of one batch of every sample, lr != 0, is judged.
    W : ndarray
        The student's weights (not used: the probe's are read).
    fallback : bool
        Also show an R that is no known slip (the last resort, after the diagnoses of watched steps).

    Returns
    -------
    str or None
        A known slip, or (``fallback``) the row of the sample where R differs most; None if R is not read
        exactly or is the prescribed one (up to a factor, which other diagnoses name).
    """
    N = len(y)
    if options["batch_size"] < N or options["epochs"] != 1 or options["lr"] == 0:
        return None
    R = _read(fn, spec, y, K, options)
    if R is None:
        return None
    Y = one_hot(y, K).astype(float)
    right = Y - 1.0 / K
    if _scale(R, right) is not None:
        return None
    for key, make in _SLIPS:
        c = _scale(R, make(Y, y, K, N))
        if c is not None and (abs(c - 1.0) < 1e-6 or abs(c - N) < 1e-6 * N):
            summed = ("; and it is summed over the batch where the step uses the batch's MEAN (divide by the number "
                      "of samples in the batch)") if abs(c - 1.0) >= 1e-6 else ""
            return f"{_HEAD.format(N=N)}{_WORDS[key]}{summed}" + "." * (not _WORDS[key].endswith("?"))
    if not fallback:
        return None
    unused = _samples_words(R, right, np.random.default_rng(options["seed"]).permutation(N), y)
    if unused:
        return f"{_HEAD.format(N=N)}{unused}"
    j = int(np.argmax(np.abs(R - right).max(axis=1)))
    row, want = (", ".join(f"{v:.4g}" for v in r) for r in (R[j], right[j]))
    return (f"{_HEAD.format(N=N)}for sample {j} (label {int(y[j])}), where it differs most, it uses the row [{row}] "
            f"where the prescribed row is [{want}] (1 - 1/K in the label's column, -1/K in the others).")


def _samples_words(R, right, order, y):
    """Every row a multiple of the prescribed one: the samples taken as often as the labels' values occur (the
    labels used as indices), or some never used and the others alike; in words (with the final period)."""
    c = np.sum(R * right, axis=1) / np.sum(right * right, axis=1)
    if np.linalg.norm(R - c[:, None] * right) > 1e-7 * np.linalg.norm(R):
        return None
    if np.allclose(c, np.bincount(y, minlength=len(y)), rtol=1e-6, atol=1e-9):
        return f"sample j counts as often as the label j occurs. {LABELS_AS_INDICES}"
    zero = np.abs(c) <= 1e-9 * np.max(np.abs(c))
    kept = c[~zero]
    if not zero.any() or not np.allclose(kept, kept[0], rtol=1e-6):
        return None
    N, lost = len(c), np.flatnonzero(zero).tolist()
    if N - len(lost) == 1 and not zero[order[-1]]:
        return (f"only one sample's term is in it, that of sample {order[-1]}, the batch's last in the permutation's "
                f"order: does a loop over the batch's samples assign (=) each sample's term where it adds it (+=)?")
    which = ", ".join(map(str, lost[:6])) + (", ..." if len(lost) > 6 else "")
    for end, part in (("first", order[:len(lost)]), ("last", order[N - len(lost):])):
        if set(lost) == set(part.tolist()):
            n = "" if len(lost) == 1 else f" {len(lost)}"
            return (f"the {end}{n} sample{'s' * bool(n)} of the batch, in the permutation's order, "
                    f"{'are' if n else 'is'} never used (sample{'s' * bool(n)} {which}, by index in X): the batch is "
                    f"the slice of the permutation from position start to start + batch_size, not{n or ' one'} "
                    f"sample{'s' * bool(n)} {'later' if end == 'first' else 'shorter'}.")
    return (f"sample{'s' * (len(lost) > 1)} {which} (by index in X) {'are' if len(lost) > 1 else 'is'} never used: "
            f"the step holds {N - len(lost)} of the N = {N} samples. Every epoch cuts a permutation of ALL N "
            f"samples, rng.permutation(N), into batches.")


def _scale(R, C):
    """c with R = c C exactly, or None."""
    cc = float(np.sum(C * C))
    if cc == 0.0:
        return None
    c = float(np.sum(R * C)) / cc
    return c if np.linalg.norm(R - c * C) <= 1e-7 * max(np.linalg.norm(R), 1e-300) else None
