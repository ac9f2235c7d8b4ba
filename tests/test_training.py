"""Tests of course_utils.training: gradient_ascent, sgd, train_sgd, fit_lbfgs, History."""

import warnings

import numpy as np
import pytest

from course_utils import (
    History, accuracy, add_bias, fit_lbfgs, gradient_ascent, load_iris, loss_and_grad, make_blobs_2d,
    sgd, standardize,
)


@pytest.fixture(scope="module")
def blobs():
    """Seeded 3-class 2-D blobs with a bias column, plus a second seed as validation data."""
    X, y = make_blobs_2d(n_per_class=40, num_classes=3, spread=1.0, seed=0)
    Xv, yv = make_blobs_2d(n_per_class=20, num_classes=3, spread=1.0, seed=1)
    return add_bias(X), y, add_bias(Xv), yv


# ---------------------------------------------------------------- gradient_ascent

def test_gradient_ascent_loss_decreases_monotonically(blobs):
    """Small learning rate on a convex objective: the loss never increases, accuracy ends high."""
    X, y, _, _ = blobs
    W, hist = gradient_ascent(X, y, 3, lr=0.1, steps=60)
    loss = np.array(hist.loss)
    assert np.all(np.diff(loss) <= 1e-15)
    assert loss[-1] < 0.5 * loss[0]
    np.testing.assert_allclose(loss[0], np.log(3), rtol=1e-14)       # W0 = 0
    assert hist.accuracy[-1] > 0.9


def test_gradient_ascent_first_step_analytic(blobs):
    """From W = 0 one step is W1 = lr/N X^T (Y - 1/K): an ascent step on the mean log-likelihood."""
    X, y, _, _ = blobs
    lr, N, K = 0.3, X.shape[0], 3
    W1, _ = gradient_ascent(X, y, K, lr=lr, steps=1)
    np.testing.assert_allclose(W1, lr / N * X.T @ (np.eye(K)[y] - 1.0 / K), rtol=1e-12, atol=1e-15)


def test_gradient_ascent_history_lengths_and_content(blobs):
    """History holds steps + 1 records (before the first step and after each), consistent with W."""
    X, y, Xv, yv = blobs
    steps, l2 = 7, 0.01
    W, hist = gradient_ascent(X, y, 3, lr=0.2, steps=steps, l2=l2, validation=(Xv, yv))
    assert isinstance(hist, History)
    assert hist.step == list(range(steps + 1))
    assert len(hist.loss) == len(hist.accuracy) == len(hist.val_accuracy) == steps + 1
    np.testing.assert_allclose(hist.loss[-1], loss_and_grad(W, X, y, l2)[0], rtol=1e-13)
    assert hist.accuracy[-1] == accuracy(W, X, y)
    assert hist.val_accuracy[-1] == accuracy(W, Xv, yv)


def test_gradient_ascent_no_validation_leaves_val_accuracy_empty(blobs):
    """Without validation data nothing is recorded for it."""
    X, y, _, _ = blobs
    _, hist = gradient_ascent(X, y, 3, steps=2)
    assert hist.val_accuracy == []


def test_gradient_ascent_W0_used_and_not_modified(blobs):
    """W0 is the starting point (0 steps away: loss at W0) and is not written to."""
    X, y, _, _ = blobs
    W0 = np.random.default_rng(1).standard_normal((3, 3))
    before = W0.copy()
    W, hist = gradient_ascent(X, y, 3, lr=0.1, steps=3, W0=W0)
    np.testing.assert_array_equal(W0, before)
    np.testing.assert_allclose(hist.loss[0], loss_and_grad(W0, X, y)[0], rtol=1e-14)
    assert not np.shares_memory(W, W0)


def test_l2_shrinks_weights(blobs):
    """A strong penalty gives a smaller ||W|| than none, after the same number of steps."""
    X, y, _, _ = blobs
    W_free, _ = gradient_ascent(X, y, 3, lr=0.5, steps=50)
    W_pen, _ = gradient_ascent(X, y, 3, lr=0.5, steps=50, l2=0.5)
    assert np.linalg.norm(W_pen) < 0.5 * np.linalg.norm(W_free)


# ---------------------------------------------------------------- sgd

def test_sgd_seeded_reproducible(blobs):
    """Two runs with the same seed are identical; another seed gives different weights."""
    X, y, _, _ = blobs
    W1, h1 = sgd(X, y, 3, lr=0.1, epochs=3, batch_size=8, seed=4)
    W2, h2 = sgd(X, y, 3, lr=0.1, epochs=3, batch_size=8, seed=4)
    W3, _ = sgd(X, y, 3, lr=0.1, epochs=3, batch_size=8, seed=5)
    np.testing.assert_array_equal(W1, W2)
    assert h1.loss == h2.loss
    assert not np.allclose(W1, W3)


def test_sgd_full_batch_equals_gradient_ascent(blobs):
    """batch_size >= N: each epoch is one full-batch step, whatever the sample order."""
    X, y, _, _ = blobs
    W_sgd, h_sgd = sgd(X, y, 3, lr=0.2, epochs=5, batch_size=X.shape[0], seed=9)
    W_ga, h_ga = gradient_ascent(X, y, 3, lr=0.2, steps=5)
    np.testing.assert_allclose(W_sgd, W_ga, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h_sgd.loss, h_ga.loss, rtol=1e-12)


def test_sgd_history_lengths(blobs):
    """History holds epochs + 1 records, step = epoch index."""
    X, y, Xv, yv = blobs
    _, hist = sgd(X, y, 3, epochs=4, batch_size=16, validation=(Xv, yv))
    assert hist.step == [0, 1, 2, 3, 4]
    assert len(hist.loss) == len(hist.accuracy) == len(hist.val_accuracy) == 5


def test_sgd_digits_accuracy(digits_split):
    """10 epochs, lr 0.1, batches of 32 on standardized digits: test accuracy > 0.93, reproducibly."""
    d = digits_split
    W, hist = sgd(d["Xb_tr"], d["y_tr"], 10, lr=0.1, epochs=10, batch_size=32, seed=0)
    W_again, _ = sgd(d["Xb_tr"], d["y_tr"], 10, lr=0.1, epochs=10, batch_size=32, seed=0)
    np.testing.assert_array_equal(W, W_again)
    assert accuracy(W, d["Xb_te"], d["y_te"]) > 0.93
    assert hist.loss[-1] < 0.3 * hist.loss[0]


def test_sgd_W0_not_modified(blobs):
    """sgd copies W0 before updating it in place."""
    X, y, _, _ = blobs
    W0 = np.zeros((3, 3))
    sgd(X, y, 3, epochs=2, W0=W0)
    np.testing.assert_array_equal(W0, np.zeros((3, 3)))


# ---------------------------------------------------------------- fit_lbfgs

def test_fit_lbfgs_matches_scikit_learn_accuracy(digits_split):
    """Same objective as LogisticRegression(C=1) with l2 = 1/(C N): test accuracy within 0.5 pp."""
    from sklearn.linear_model import LogisticRegression

    d = digits_split
    C, N = 1.0, d["X_tr"].shape[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = LogisticRegression(C=C, max_iter=1000, tol=1e-6).fit(d["X_tr"], d["y_tr"])
    W, hist = fit_lbfgs(d["Xb_tr"], d["y_tr"], 10, l2=1.0 / (C * N), max_iter=1000, tol=1e-6)
    acc_sk = model.score(d["X_te"], d["y_te"])
    acc = accuracy(W, d["Xb_te"], d["y_te"])
    assert abs(acc - acc_sk) <= 0.005
    assert acc > 0.93
    assert len(hist.step) == len(hist.loss) == len(hist.accuracy) >= 2
    assert hist.step == list(range(len(hist.step)))


def test_fit_lbfgs_reaches_the_same_optimum_as_scikit_learn():
    """With the bias as a penalized feature (fit_intercept=False) the objectives are identical.

    On standardized iris: the minimum values agree to 1e-8 relative, the weights to 1e-3,
    and our gradient vanishes at scikit-learn's W.
    """
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris()
    Xb = add_bias(standardize(X))
    C, N = 0.5, Xb.shape[0]
    l2 = 1.0 / (C * N)
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=2000, tol=1e-10).fit(Xb, y)
    W_sk = model.coef_.T
    W, _ = fit_lbfgs(Xb, y, 3, l2=l2, max_iter=1000, tol=1e-10)
    loss_sk, grad_at_sk = loss_and_grad(W_sk, Xb, y, l2)
    np.testing.assert_allclose(loss_and_grad(W, Xb, y, l2)[0], loss_sk, rtol=1e-8)
    assert np.abs(grad_at_sk).max() < 1e-6
    np.testing.assert_allclose(W, W_sk, rtol=0, atol=1e-3)   # petal features are collinear: flat valley


def test_fit_lbfgs_loss_never_increases_and_W0_not_modified(blobs):
    """Recorded losses are non-increasing (line search), the result has the shape of W0, W0 untouched."""
    X, y, Xv, yv = blobs
    W0 = np.full((3, 3), 0.5)
    W, hist = fit_lbfgs(X, y, 3, l2=1e-2, W0=W0, validation=(Xv, yv))
    np.testing.assert_array_equal(W0, np.full((3, 3), 0.5))
    assert W.shape == (3, 3)
    assert np.all(np.diff(hist.loss) <= 1e-12)
    assert len(hist.val_accuracy) == len(hist.loss)
    np.testing.assert_allclose(hist.loss[0], loss_and_grad(W0, X, y, 1e-2)[0], rtol=1e-14)
    np.testing.assert_allclose(hist.loss[-1], loss_and_grad(W, X, y, 1e-2)[0], rtol=1e-12)


def test_trainers_accept_read_only_inputs(digits_split):
    """Read-only arrays (the fixture's) are fine: nothing is written into X or y."""
    d = digits_split
    Xs, ys = d["Xb_tr"][:100], d["y_tr"][:100]
    gradient_ascent(Xs, ys, 10, steps=2)
    sgd(Xs, ys, 10, epochs=1)
    fit_lbfgs(Xs, ys, 10, max_iter=3)
