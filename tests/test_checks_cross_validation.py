"""check_validation_loss (lecture 08's coding exercise): the right answer passes with a line worth reading, each
classic slip of k-fold cross-validation gets its own diagnosis, and blank, forbidden, None, NaN and in-place
answers are told apart.

The student functions here build their folds with boolean masks (``np.arange(N) % folds == f``), contiguous
blocks with ``j * folds // N``, and the correct one concatenates the training folds in another row order and
computes the cross-entropy from ``softmax`` and ``one_hot``: an oracle independent of the check's own code.
"""

import contextlib
import io
import re

import numpy as np
import pytest

from course_utils import fit_lbfgs, loss_and_grad, one_hot, softmax
from course_utils.checks import Forbidden, Incorrect
from course_utils.checks.cross_validation import CASES, GRID, PROVIDES, check_validation_loss, problem

ON = "on 60 samples (D = 3, K = 3), l2 = 0.1, folds = 3"      # the first input
FIRST_CASE = re.escape(ON)


def cross_validate(X, y, num_classes, l2, folds, rule="modulo", fit_on="rest", score="ce", per_fold="mean",
                   over_folds="mean", pass_l2=True):
    """k-fold cross-validation with the options of the slips; the defaults are the exercise's contract."""
    N = len(y)
    fold = np.arange(N) % folds if rule == "modulo" else np.arange(N) * folds // N
    scores = []
    for f in range(folds):
        held, rest = fold == f, fold != f
        train = np.ones(N, bool) if fit_on == "all" else rest
        W = fit_lbfgs(X[train], y[train], num_classes, l2=l2)[0] if pass_l2 else fit_lbfgs(
            X[train], y[train], num_classes)[0]
        X_s, y_s = (X[rest], y[rest]) if score == "train" else (X[held], y[held])
        S = softmax(X_s @ W)
        ce = -np.sum(one_hot(y_s, num_classes) * np.log(S), axis=1)
        right = np.argmax(S, axis=1) == y_s
        value = {"ce": ce, "train": ce, "penalty": ce + l2 / 2 * np.sum(W**2), "accuracy": right,
                 "error": 1.0 - right}[score]
        scores.append(value.sum() if per_fold == "sum" else value.mean())
    return float(np.sum(scores) if over_folds == "sum" else np.mean(scores))


def student(**options):
    def validation_loss(X, y, num_classes, l2, folds=5):
        return cross_validate(X, y, num_classes, l2, folds, **options)
    return validation_loss


def correct(X, y, num_classes, l2, folds=5):
    """Right, by another construction: training folds concatenated fold by fold, the cross-entropy by hand."""
    scores = []
    for f in range(folds):
        rest = np.concatenate([np.flatnonzero(np.arange(len(y)) % folds == g) for g in range(folds) if g != f])
        held = np.flatnonzero(np.arange(len(y)) % folds == f)
        W, _ = fit_lbfgs(X[rest], y[rest], num_classes, l2=l2)
        scores.append(-np.mean(np.log(np.sum(softmax(X[held] @ W) * one_hot(y[held], num_classes), axis=1))))
    return float(np.mean(scores))


@pytest.fixture(scope="module")
def passed():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = check_validation_loss(correct)
    return result, out.getvalue()


def test_the_right_answer_passes_and_prints_the_losses_and_the_choice(passed):
    result, printed = passed
    X, y = problem(1, D=11, informative=2)
    losses = [cross_validate(X, y, 3, l2, 5) for l2 in GRID]
    assert losses[1] < min(losses[0], losses[2])                 # the problem shows a U: over- and underfitting
    values = ", ".join(f"{loss:.3f} at l2 = {l2:g}" for loss, l2 in zip(losses, GRID))
    assert printed == (f"check_validation_loss: correct ({len(CASES) + len(GRID)} calls compared; on 60 seeded "
                       f"samples with 10 features, 2 of them informative, your 5-fold loss is {values}: "
                       f"you would choose l2 = 0.1)\n")
    assert result.check == "check_validation_loss" and result.n_cases == len(CASES) + len(GRID)


def test_the_check_allows_the_lectures_tools_and_nothing_else_of_course_utils():
    assert check_validation_loss.provides == PROVIDES == ("fit_lbfgs", "loss_and_grad", "one_hot", "softmax")
    assert check_validation_loss.forbidden == ()


@pytest.mark.parametrize("options, pattern", [
    ({"score": "train"}, r"that is the mean cross-entropy of the TRAINING folds, the ones W was fitted on: optimistic"),
    ({"score": "penalty"}, r"the validation score includes the penalty \(l2/2\)\|\|W\|\|\^2\. "
                          r"The penalty is part of the objective E"),
    ({"score": "accuracy"}, r"that is the held-out ACCURACY\. The score is the mean cross-entropy, a loss"),
    ({"score": "error"}, r"that is the held-out ERROR RATE \(1 - accuracy\)"),
    ({"per_fold": "sum"}, r"that sums the cross-entropy over the samples of each held-out fold: "
                           r"score a fold by its MEAN"),
    ({"over_folds": "sum"}, r"that is the SUM of the 3 fold scores: return their mean"),
    ({"per_fold": "sum", "over_folds": "sum"}, r"that sums over the samples and over the folds: take the mean of both"),
    ({"rule": "blocks"}, r"the folds are contiguous blocks of samples\. Use the docstring's rule.*j % folds == f"),
    ({"fit_on": "all"}, r"W was fitted on ALL the samples, the held-out fold included: the fold leaks into "
                        r"training and the score is optimistic"),
    ({"pass_l2": False}, r"W was fitted with fit_lbfgs's default l2 = 0\.001, not with the given l2: pass l2=l2"),
], ids=["training folds", "penalty", "accuracy", "error rate", "sum over samples", "sum of folds", "both sums",
        "contiguous", "all data", "l2 not passed"])
def test_each_slip_is_named_on_the_first_input_with_the_right_and_returned_values(options, pattern):
    X, y = problem(CASES[0][0])
    got, expected = cross_validate(X, y, 3, 0.1, 3, **options), cross_validate(X, y, 3, 0.1, 3)
    assert abs(got - expected) > 1e-3 * expected
    with pytest.raises(Incorrect, match=f"^validation_loss: {FIRST_CASE}, it returns {got:.6g}, "
                                        f"expected {expected:.6g}: {pattern}") as info:
        check_validation_loss(student(**options))
    assert not isinstance(info.value, Forbidden)


def test_a_fixed_five_folds_is_named():
    def five(X, y, num_classes, l2, folds=5):
        return cross_validate(X, y, num_classes, l2, 5)
    with pytest.raises(Incorrect, match=f"{FIRST_CASE}, .*that is the value for 5 folds, not 3: use the argument"):
        check_validation_loss(five)


def test_another_fold_rule_gets_the_input_expected_and_got():
    def shuffled(X, y, num_classes, l2, folds=5):
        order = np.random.default_rng(0).permutation(len(y))
        return cross_validate(X[order], y[order], num_classes, l2, folds)
    X, y = problem(CASES[0][0])
    with pytest.raises(Incorrect, match=f"^validation_loss: the result {FIRST_CASE} is "
                                        rf"[\d.]+, expected {cross_validate(X, y, 3, 0.1, 3):.6g} \(relative error"):
        check_validation_loss(shuffled)


def test_the_fold_scores_instead_of_their_mean_are_named():
    def per_fold(X, y, num_classes, l2, folds=5):
        return np.array([cross_validate(X, y, num_classes, l2, folds)] * folds)
    with pytest.raises(Incorrect, match=f"{FIRST_CASE}, it returns 3 numbers, one per fold: return their mean"):
        check_validation_loss(per_fold)


def test_none_and_nan_get_clear_messages():
    with pytest.raises(Incorrect, match=r"returned None on 60 samples .*did you forget the `return` statement"):
        check_validation_loss(lambda X, y, num_classes, l2, folds=5: None)
    def empty_fold(X, y, num_classes, l2, folds=5):
        return float(np.mean([]))                                       # nan
    with pytest.raises(Incorrect, match=f"{FIRST_CASE}, it returns nan: the mean of an empty array is nan"):
        check_validation_loss(empty_fold)


@pytest.mark.parametrize("argument", ["X", "y"])
def test_an_input_changed_in_place_is_caught(argument):
    def mutating(X, y, num_classes, l2, folds=5):
        value = cross_validate(X, y, num_classes, l2, folds)
        (X[:, 1:] if argument == "X" else y)[:] = 0                     # e.g. "standardized" in place
        return value
    with pytest.raises(Incorrect, match=f"it changed its argument {argument} in place \\({FIRST_CASE}\\): "
                                        "the caller's data must stay as it was"):
        check_validation_loss(mutating)


def test_an_exception_names_the_input():
    def broken(X, y, num_classes, l2, folds=5):
        return X[len(y)]
    with pytest.raises(Incorrect, match=r"validation_loss raised IndexError: .* -- on the input \(an array of "
                                        r"shape \(60, 3\), an array of shape \(60,\), 3, 0.1, 3\)"):
        check_validation_loss(broken)


def test_other_course_utils_functions_are_forbidden():
    from course_utils import accuracy, train_test_split
    def with_accuracy(X, y, num_classes, l2, folds=5):
        fold = np.arange(len(y)) % folds
        return float(np.mean([accuracy(fit_lbfgs(X[fold != f], y[fold != f], num_classes, l2=l2)[0],
                                       X[fold == f], y[fold == f]) for f in range(folds)]))
    with pytest.raises(Forbidden, match=r"validation_loss uses `course_utils.accuracy`, which this exercise does "
                                        r"not allow \(of course_utils it may use only `fit_lbfgs`, `loss_and_grad`, "
                                        r"`one_hot`, `softmax`\)"):
        check_validation_loss(with_accuracy)
    def with_split(X, y, num_classes, l2, folds=5):
        X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_fraction=1 / folds, seed=0)
        return loss_and_grad(fit_lbfgs(X_tr, y_tr, num_classes, l2=l2)[0], X_val, y_val)[0]
    with pytest.raises(Forbidden, match=r"uses `course_utils.train_test_split`"):
        check_validation_loss(with_split)


SLIPS = [{"score": "train"}, {"score": "penalty"}, {"score": "accuracy"}, {"score": "error"}, {"per_fold": "sum"},
         {"over_folds": "sum"}, {"per_fold": "sum", "over_folds": "sum"}, {"rule": "blocks"}, {"fit_on": "all"},
         {"pass_l2": False}]


@pytest.mark.parametrize("seed, l2, folds", CASES)
def test_on_every_input_the_slips_give_values_apart_from_the_answer_and_from_each_other(seed, l2, folds):
    X, y = problem(seed)
    folds = folds or 5
    values = [cross_validate(X, y, 3, l2, folds)] + [cross_validate(X, y, 3, l2, folds, **o) for o in SLIPS]
    if l2 == 1e-3:                                   # fit_lbfgs's default: forgetting l2=l2 is harmless here
        values.pop()
    if folds != 5:
        values.append(cross_validate(X, y, 3, l2, 5))
    gaps = np.abs(np.subtract.outer(values, values)) / np.abs(np.add.outer(values, values))
    assert gaps[~np.eye(len(values), dtype=bool)].min() > 1e-4
