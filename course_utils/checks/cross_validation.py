"""Check of lecture 08's coding exercise: choosing the L2 strength ``l2`` (lambda) by k-fold cross-validation.

The student writes ``validation_loss(X, y, num_classes, l2, folds=5)``.  The N samples are split into
``folds`` folds by a fixed rule, so that the answer is unique: fold f holds the samples j with
``j % folds == f``.  For each fold, W of shape (D, K) is fitted on the other folds with
``fit_lbfgs(X_rest, y_rest, num_classes, l2=l2)``, and the held-out fold is scored by its mean
cross-entropy, ``loss_and_grad(W, X_held, y_held)[0]``: the mean negative log-likelihood, a loss to
minimize (lower is better), WITHOUT the penalty (l2/2)||W||^2, which belongs to the training objective E,
not to the error on new samples.  The result is the mean of the ``folds`` scores, one float.

The exercise's function
-----------------------
X : ndarray of shape (N, D)
    Bias-augmented inputs (column 0 all ones).
y : ndarray of int, shape (N,)
    Labels in 0..K-1.
num_classes : int
    K.
l2 : float
    The L2 strength lambda (>= 0) every fold is fitted with.
folds : int, default 5
    The number of folds.
returns : float
    The mean over the folds of the held-out mean cross-entropy.

:func:`check_validation_loss` compares it (relative tolerance :data:`RTOL`) on small seeded problems and
names the classic slips from the value returned: scoring the training folds, adding the penalty, the
accuracy or error rate, sums instead of means, contiguous folds, fitting on all the data, a forgotten
``l2`` or ``folds``.  The student may use ``fit_lbfgs``, ``loss_and_grad``, ``softmax`` and ``one_hot``
(:data:`PROVIDES`); any other ``course_utils`` function is forbidden.

Examples
--------
>>> import numpy as np
>>> from course_utils import fit_lbfgs, loss_and_grad
>>> def validation_loss(X, y, num_classes, l2, folds=5):
...     fold = np.arange(len(y)) % folds
...     scores = [loss_and_grad(fit_lbfgs(X[fold != f], y[fold != f], num_classes, l2=l2)[0],
...                             X[fold == f], y[fold == f])[0] for f in range(folds)]
...     return float(np.mean(scores))
>>> result = check_validation_loss(validation_loss)          # doctest: +ELLIPSIS
check_validation_loss: correct (7 calls compared; ... you would choose l2 = 0.1)

>>> def on_all_data(X, y, num_classes, l2, folds=5):
...     W, _ = fit_lbfgs(X, y, num_classes, l2=l2)
...     fold = np.arange(len(y)) % folds
...     return float(np.mean([loss_and_grad(W, X[fold == f], y[fold == f])[0] for f in range(folds)]))
>>> check_validation_loss(on_all_data)                       # doctest: +ELLIPSIS
Traceback (most recent call last):
...
course_utils.checks.Incorrect: validation_loss: on 60 samples ... W was fitted on ALL the samples, ...
"""

import numpy as np

from ..training import fit_lbfgs
from ..gradients import loss_and_grad
from .compare import first_mistake
from .core import CheckResult, Incorrect, NotAttempted, Spec, check
from .custom import _Guarded, expect_close
from .forbidden import RULES
from .returns import one_number

#: The ``course_utils`` names the exercise may use; any other ``course_utils`` function is forbidden.
PROVIDES = RULES["check_validation_loss"].provides
RTOL = 1e-6                                   # L-BFGS is deterministic; row order changes it by ~1e-13
SIGNATURE = "validation_loss(X, y, num_classes, l2, folds=5)"
CASES = ((1, 1e-1, 3), (1, 1e-3, None), (4, 1e-1, 5), (4, 1e-3, 3))   # (seed, l2, folds); None: the default 5
GRID = (1e-3, 1e-1, 10.0)                     # the passing line's l2 values, on problem(1, D=11, informative=2)


def problem(seed, N=60, D=3, K=3, informative=None, separation=1.5):
    """A seeded problem ``(X, y)``: X of shape (N, D) with the bias column first, y of shape (N,) with N/K
    samples of each class; the first ``informative`` features (default all D-1) are shifted by a class mean
    of scale ``separation``, the others are pure noise."""
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(N) % K)
    means = np.zeros((K, D - 1))
    informative = D - 1 if informative is None else informative
    means[:, :informative] = separation * rng.standard_normal((K, informative))
    return np.hstack([np.ones((N, 1)), means[y] + rng.standard_normal((N, D - 1))]), y


def modulo_folds(N, folds):
    """The exercise's rule: fold f holds the sample indices j with j % folds == f (a list of ``folds`` arrays)."""
    return [np.arange(f, N, folds) for f in range(folds)]


def block_folds(N, folds):
    """The slip: ``folds`` contiguous blocks of indices."""
    return np.array_split(np.arange(N), folds)


def fold_scores(X, y, K, l2, parts, fit=None):
    """Per fold, the rows (held-out mean cross-entropy, training-folds mean cross-entropy, (l2/2)||W||^2,
    held-out accuracy, held-out size), each of shape (folds,).  ``fit(rest) -> W`` (D, K) replaces the fit
    on the other folds with l2 (to fingerprint a slip)."""
    rows = []
    for held in parts:
        rest = np.setdiff1d(np.arange(len(y)), held)
        W = fit(rest) if fit else fit_lbfgs(X[rest], y[rest], K, l2=l2)[0]
        rows.append((loss_and_grad(W, X[held], y[held])[0], loss_and_grad(W, X[rest], y[rest])[0],
                     l2 / 2 * np.sum(W**2), np.mean(np.argmax(X[held] @ W, axis=1) == y[held]), len(held)))
    return np.array(rows).T


def slips(X, y, K, l2, folds, scores):
    """Yield ``(value, diagnosis)`` of the classic slips on this input, the cheapest first (lazily: each
    costs L-BFGS fits only when the earlier ones did not match).  ``scores``: :func:`fold_scores` of the rule."""
    ce, ce_rest, penalty, acc, n = scores
    yield ce_rest.mean(), ("that is the mean cross-entropy of the TRAINING folds, the ones W was fitted on: "
                           "optimistic, as a model fits its own training samples better than new ones. Score "
                           "fold f, the one left out of the fit")
    yield (ce + penalty).mean(), ("the validation score includes the penalty (l2/2)||W||^2. The penalty is part "
                                  "of the objective E that fit_lbfgs minimizes, not of the error on new samples: "
                                  "score the held-out fold by its mean cross-entropy alone, "
                                  "loss_and_grad(W, X_held, y_held)[0] with l2 = 0")
    yield acc.mean(), ("that is the held-out ACCURACY. The score is the mean cross-entropy, a loss to minimize "
                       "(lower is better), which moves smoothly with l2 where accuracy moves in steps of one sample")
    yield 1 - acc.mean(), ("that is the held-out ERROR RATE (1 - accuracy). The score is the mean cross-entropy "
                           "of the held-out fold, which moves smoothly with l2 where the error rate moves in "
                           "steps of one sample")
    yield (n * ce).mean(), ("that sums the cross-entropy over the samples of each held-out fold: score a fold "
                            "by its MEAN cross-entropy (divide by its size)")
    yield ce.sum(), f"that is the SUM of the {folds} fold scores: return their mean"
    yield (n * ce).sum(), "that sums over the samples and over the folds: take the mean of both"
    yield fold_scores(X, y, K, l2, block_folds(len(y), folds))[0].mean(), (
        "the folds are contiguous blocks of samples. Use the docstring's rule, so that the answer is unique: "
        "fold f holds the samples j with j % folds == f")
    W_all = fit_lbfgs(X, y, K, l2=l2)[0]
    yield fold_scores(X, y, K, l2, modulo_folds(len(y), folds), fit=lambda rest: W_all)[0].mean(), (
        "W was fitted on ALL the samples, the held-out fold included: the fold leaks into training and the "
        "score is optimistic. Fit W on the other folds only")
    yield fold_scores(X, y, K, l2, modulo_folds(len(y), folds),
                      fit=lambda rest: fit_lbfgs(X[rest], y[rest], K)[0])[0].mean(), (
        "W was fitted with fit_lbfgs's default l2 = 0.001, not with the given l2: pass l2=l2 to fit_lbfgs")
    if folds != 5:
        yield fold_scores(X, y, K, l2, modulo_folds(len(y), 5))[0].mean(), (
            f"that is the value for 5 folds, not {folds}: use the argument folds, not a fixed 5")


def compare_one(fn, X, y, K, l2, folds):
    """Call ``fn`` on copies of (X, y), check that they are unchanged and the value; return the value."""
    X_copy, y_copy = X.copy(), y.copy()
    got = fn(X_copy, y_copy, K, l2) if folds is None else fn(X_copy, y_copy, K, l2, folds)
    on = (f"{len(y)} samples (D = {X.shape[1]}, K = {K}), l2 = {l2:g}, "
          + ("folds left to its default 5" if folds is None else f"folds = {folds}"))
    folds = folds or 5
    for name, before, after in (("X", X, X_copy), ("y", y, y_copy)):
        if not np.array_equal(before, after):
            raise AssertionError(f"it changed its argument {name} in place (on {on}): the caller's data must "
                                 "stay as it was. Work on new arrays (X[rest] is already a copy).")
    scores = fold_scores(X, y, K, l2, modulo_folds(len(y), folds))
    expected, value = scores[0].mean(), one_number(got)
    if value is not None and np.isfinite(value) and not np.isclose(value, expected, rtol=RTOL, atol=0):
        diagnosis = first_mistake(value, expected, slips(X, y, K, l2, folds, scores), RTOL, 1e-300)
        if diagnosis:
            raise AssertionError(f"on {on}, it returns {value:.6g}, expected {expected:.6g}: {diagnosis}.")
    if np.shape(got) == (folds,) and folds > 1:
        raise AssertionError(f"on {on}, it returns {folds} numbers, one per fold: return their mean, one float.")
    if value is not None and np.isnan(value):
        raise AssertionError(f"on {on}, it returns nan: the mean of an empty array is nan (is a held-out fold "
                             "empty? fold f holds the samples j with j % folds == f, for f = 0, ..., folds-1).")
    expect_close(got, expected, on=on, name="the result", rtol=RTOL)
    return value


@check("check_validation_loss", "validation_loss")
def check_validation_loss(fn):
    """Check lecture 08's ``validation_loss(X, y, num_classes, l2, folds=5)``, the k-fold cross-validated mean
    cross-entropy (a loss to minimize) of the L-BFGS fits with ``l2``: on :data:`CASES` (60 samples, D = 3,
    K = 3, folds 3 and 5, l2 1e-3 and 0.1), then on :data:`GRID`, whose values and choice the passing line
    reports.  A wrong value that one of :func:`slips` gives is named; an input changed in place, None, NaN or
    a wrong shape too.  Only ``fit_lbfgs``, ``loss_and_grad``, ``softmax`` and ``one_hot`` of course_utils may
    be used."""
    guarded = _Guarded(fn, Spec("validation_loss", SIGNATURE, ("X", "y", "num_classes", "l2", "folds")))
    try:
        for seed, l2, folds in CASES:
            compare_one(guarded, *problem(seed), 3, l2, folds)
        X, y = problem(1, D=11, informative=2)
        losses = [compare_one(guarded, X, y, 3, l2, 5) for l2 in GRID]
    except (NotAttempted, Incorrect):
        raise
    except AssertionError as exc:
        raise Incorrect(f"validation_loss: {exc}") from None
    values = ", ".join(f"{loss:.3f} at l2 = {l2:g}" for loss, l2 in zip(losses, GRID))
    return CheckResult("check_validation_loss", f"{guarded.calls} calls compared; on {len(y)} seeded samples with "
                       f"{X.shape[1] - 1} features, 2 of them informative, your 5-fold loss is {values}: you "
                       f"would choose l2 = {GRID[int(np.argmin(losses))]:g}", None, guarded.calls)
