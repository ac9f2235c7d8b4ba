"""The check of lecture 07's coding exercise ``minibatch_gradient(W, X, y, batch)``: it passes every correct
solution with its batch-size experiment, and names each classic slip."""

import re

import numpy as np
import pytest

from course_utils import (
    add_bias, grad_log_likelihood, grad_log_likelihood_sample, loss_and_grad, make_blobs_2d, one_hot, softmax,
)
from course_utils.checks import Forbidden, Incorrect, minibatch
from course_utils.checks.minibatch import check_minibatch_gradient

LINE = re.compile(r"^check_minibatch_gradient: correct \(right on 7 batches; on the blobs, the mean squared error of "
                  r"your estimate is (\S+), (\S+), (\S+) for \|B\| = 1, 10, 100 \(predicted (\S+)/\|B\|\): a batch 10 "
                  r"times larger, 10 times less noise \(and 10 times the cost\)\)\n$")


def vectorized(W, X, y, batch):
    X_B = X[batch]
    return X_B.T @ (softmax(X_B @ W) - one_hot(y[batch], W.shape[1])) / len(batch)


def looped(W, X, y, batch):
    """One sample at a time, as lecture 07 writes the sum over B."""
    dW = np.zeros(W.shape)
    for j in batch:
        sigma = softmax(X[j] @ W)
        sigma[y[j]] -= 1.0
        dW += np.outer(X[j], sigma)
    return dW / len(batch)


def with_add_at(W, X, y, batch):
    counts = np.bincount(batch, minlength=X.shape[0]).astype(float)      # repeats weigh as often as they appear
    R = softmax(X @ W) - one_hot(y, W.shape[1])
    return X.T @ (counts[:, None] * R) / counts.sum()


def oracle(W, X, y, batch):
    """The mean of minus the sample gradients of lecture 07, over the batch, repeats included."""
    return -np.mean([grad_log_likelihood_sample(W, X[j], y[j]) for j in batch], axis=0)


def blobs():
    X_raw, y = make_blobs_2d(n_per_class=50, num_classes=3, spread=2.0, seed=0)
    X = add_bias(X_raw)
    return 0.1 * np.random.default_rng(0).standard_normal((3, 3)), X, y


@pytest.mark.parametrize("batch", [[3], [0, 5, 2], [4, 4, 1, 4], list(range(9))])
def test_the_check_expects_the_mean_of_the_sample_gradients_repeats_included(batch):
    rng = np.random.default_rng(11)
    X = np.hstack([np.ones((9, 1)), rng.standard_normal((9, 3))])
    W, y = rng.standard_normal((4, 5)), rng.integers(0, 5, size=9)
    assert np.allclose(minibatch.reference(W, X, y, np.array(batch)), oracle(W, X, y, batch), rtol=1e-12, atol=1e-14)
    if len(batch) == 9:
        assert np.allclose(minibatch.reference(W, X, y, np.array(batch)), loss_and_grad(W, X, y)[1], rtol=1e-12)


def test_the_checks_batches_have_one_sample_a_few_all_and_repeats_with_d_different_from_k():
    cases = minibatch.cases()
    sizes = [len(c.args[3]) for c in cases]
    assert 1 in sizes and any(len(c.args[3]) == c.args[1].shape[0] for c in cases)
    assert any(len(np.unique(c.args[3])) < len(c.args[3]) for c in cases)
    assert all(c.args[0].shape[0] != c.args[0].shape[1] and np.all(c.args[1][:, 0] == 1) for c in cases)


@pytest.mark.parametrize("fn", [vectorized, with_add_at])
def test_a_correct_solution_passes_with_the_experiment_in_its_line(fn, capsys):
    result = check_minibatch_gradient(fn)
    match = LINE.match(capsys.readouterr().out)
    assert match, "the passing line"
    assert result.n_cases == 7
    measured, predicted = [float(v) for v in match.groups()[:3]], float(match.group(4))
    W, X, y = blobs()
    grad_E = loss_and_grad(W, X, y)[1]
    one = np.mean([np.sum((-grad_log_likelihood_sample(W, X[j], y[j]) - grad_E) ** 2) for j in range(len(y))])
    assert predicted == float(f"{one:.2g}")                                      # 7.9: an independent oracle
    for size, value in zip((1, 10, 100), measured):
        assert one / size / 1.5 <= value <= one / size * 1.5
    assert measured[0] > 5 * measured[1] > 25 * measured[2]


def test_the_check_is_deterministic_and_passes_a_loop_over_the_batch(capsys):
    check_minibatch_gradient(vectorized)
    first = capsys.readouterr().out
    check_minibatch_gradient(looped)
    assert capsys.readouterr().out == first and LINE.match(first)


def summed(W, X, y, batch):
    """The sum over the batch, not the mean."""
    return len(batch) * vectorized(W, X, y, batch)


def over_N(W, X, y, batch):
    """Divides the batch's sum by N."""
    return len(batch) * vectorized(W, X, y, batch) / len(X)


def ascent(W, X, y, batch):
    """X_B^T (Y_B - S_B) / |B|: the ascent direction."""
    return -vectorized(W, X, y, batch)


def ascent_summed(W, X, y, batch):
    """grad_log_likelihood of the batch, written out: the ascent direction, summed."""
    return X[batch].T @ (one_hot(y[batch], W.shape[1]) - softmax(X[batch] @ W))


def every_sample(W, X, y, batch):
    """Ignores the batch: the full gradient of E."""
    return vectorized(W, X, y, np.arange(len(X)))


def every_sample_ascent(W, X, y, batch):
    return -vectorized(W, X, y, np.arange(len(X)))


def unique(W, X, y, batch):
    """np.unique: a repeated index counts once."""
    return vectorized(W, X, y, np.unique(batch))


def masked(W, X, y, batch):
    """A boolean mask of the samples in the batch (repeats count once), divided by len(batch)."""
    mask = np.isin(np.arange(len(X)), batch)
    return X[mask].T @ (softmax(X[mask] @ W) - one_hot(y[mask], W.shape[1])) / len(batch)


def transposed(W, X, y, batch):
    return vectorized(W, X, y, batch).T


def no_return(W, X, y, batch):
    vectorized(W, X, y, batch)


def nan(W, X, y, batch):
    return vectorized(W, X, y, batch) * np.nan


def fixed_K(W, X, y, batch):
    """The one-hot labels of a notebook's K = 3."""
    return X[batch].T @ (softmax(X[batch] @ W) - np.eye(3)[y[batch]]) / len(batch)


ONE = r"on a batch of one sample, batch = \[5\] \(N = 8, D = 4, K = 3\)"
SLIPS = [
    (summed, r"^minibatch_gradient: wrong result on a batch of 3 distinct samples, batch = \[6, 1, 3\] \(N = 8, D = 4, "
             r"K = 3\)\. It is the SUM over the batch, \|B\| = 3 times too large: divide by \|B\| = len\(batch\) for "
             r"the MEAN"),
    (over_N, ONE + r"\. It divides by N = 8, the number of samples, instead of \|B\| = 1, the number of indices in "
                   r"`batch`"),
    (ascent, ONE + r"\. Sign error: it is X_B\^T \(Y_B - S_B\), the ascent direction of the log-likelihood; the "
                   r"function returns the DESCENT gradient of the mean loss E"),
    (ascent_summed, ONE + r"\. Sign error"),
    (every_sample, ONE + r"\. It uses every sample of X and y, not only those in `batch`: the minibatch gradient sums "
                         r"over the rows X\[batch\] and labels y\[batch\] only\.$"),
    (every_sample_ascent, ONE + r"\. It uses every sample of X and y, not only those in `batch`.*\. Also: Sign error"),
    (unique, r"on a batch with a repeated index, batch = \[2, 5, 2, 7\].*\. An index repeated in `batch` counts once: "
             r"each occurrence counts"),
    (masked, r"on a batch with a repeated index.*\. An index repeated in `batch` counts once"),
    (transposed, r"returned an array of shape \(3, 4\) " + ONE + r"; expected shape \(4, 3\): your result is "
                                                                  r"transposed"),
    (no_return, r"returned None " + ONE + r": did you forget the `return` statement\?"),
    (nan, r"returned nan at index \[0, 0\] " + ONE + r" \(expected .*\): something overflowed or divided 0 by 0"),
    (fixed_K, r"on a batch of 6 samples, N = 20, D = 3, K = 5.*it worked on an earlier case where K = 3, but not on "
              r"this one, where K = 5: it seems to use a fixed K"),
]


@pytest.mark.parametrize("fn, message", SLIPS, ids=[fn.__name__ for fn, _ in SLIPS])
def test_each_slip_is_named(fn, message):
    with pytest.raises(Incorrect, match=message) as info:
        check_minibatch_gradient(fn)
    assert not isinstance(info.value, Forbidden)


def sorts_batch(W, X, y, batch):
    batch.sort()
    return vectorized(W, X, y, batch)


def scales_X(W, X, y, batch):
    X[batch] /= len(batch)
    return vectorized(W, X, y, batch)


@pytest.mark.parametrize("fn, message", [
    (sorts_batch, r"^minibatch_gradient modifies its input `batch` in place: after the call on a batch of 3 distinct "
                  r"samples.*the same entries in another order"),
    (scales_X, r"^minibatch_gradient modifies its input `X` in place: after the call on a batch of 3 distinct samples"
               r".*X\[1, 0\] is 0\.3333 instead of 1\. Compute new arrays"),
])
def test_a_function_that_changes_its_inputs_is_caught(fn, message):
    with pytest.raises(Incorrect, match=message):
        check_minibatch_gradient(fn)


def test_right_on_the_checks_batches_but_wrong_on_the_blobs_names_the_blobs_batch():
    def sums_on_many_samples(W, X, y, batch):
        return vectorized(W, X, y, batch) * (len(batch) if len(X) > 100 else 1)
    with pytest.raises(Incorrect, match=r"wrong result on batch 1 of the 200 batches of \|B\| = 10 drawn from "
                                        r"lecture 07's blobs \(N = 150, D = K = 3\)\. It is the SUM over the batch, "
                                        r"\|B\| = 10"):
        check_minibatch_gradient(sums_on_many_samples)


def test_the_experiment_rejects_errors_far_from_the_prediction():
    predicted = [8.0, 0.8, 0.08]
    assert minibatch.experiment_message([7.5, 0.81, 0.079], predicted) is None
    assert re.match(r"on lecture 07's blobs, the mean squared error of its estimate with \|B\| = 10 is 8, where "
                    r"\(mean squared error of one sample\)/\|B\| = 0\.8 is predicted",
                    minibatch.experiment_message([7.5, 8.0, 0.079], predicted))
    assert minibatch.experiment_message([7.5, 0.81, 0.04], predicted) is not None


@pytest.mark.parametrize("fn, used", [
    (lambda W, X, y, batch: loss_and_grad(W, X[batch], y[batch])[1], "loss_and_grad"),
    (lambda W, X, y, batch: -grad_log_likelihood(W, X[batch], y[batch]) / len(batch), "grad_log_likelihood"),
])
def test_the_courses_own_gradient_is_forbidden(fn, used):
    with pytest.raises(Forbidden, match=rf"^minibatch_gradient uses `course_utils\.{used}`, which this exercise does "
                                        r"not allow \(of course_utils it may use only `one_hot`, `softmax`\): no "
                                        r"credit for it"):
        check_minibatch_gradient(fn)


