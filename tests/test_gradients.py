"""Tests of course_utils.gradients: the ascent gradient X^T (Y - S) and loss_and_grad.

Oracles: central finite differences (course_utils.numerical_gradient and a local one),
scipy.special for the softmax, the binary logistic-regression formula, and
scikit-learn as an independent optimizer.
"""

import numpy as np
import pytest
import scipy.special as sp
from conftest import random_problem
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import (
    gradient_check, grad_log_likelihood, grad_log_likelihood_loop, grad_log_likelihood_sample,
    log_likelihood, loss_and_grad, numerical_gradient,
)


def rel_err(a, b):
    """Norm-wise relative error ||a - b|| / max(||a||, ||b||)."""
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


def oracle_grad(W, X, y):
    """X^T (Y - S) with S from scipy.special.softmax and Y built with np.eye."""
    S = sp.softmax(X @ W, axis=1)
    Y = np.eye(W.shape[1])[y]
    return X.T @ (Y - S)


# ---------------------------------------------------------------- vs finite differences

@pytest.mark.parametrize("seed, N, D, K", [(0, 8, 3, 3), (1, 20, 5, 4), (2, 1, 2, 2), (3, 12, 4, 1)])
def test_grad_log_likelihood_matches_numerical_gradient(seed, N, D, K):
    """grad_log_likelihood is the derivative of log_likelihood (relative error < 1e-6)."""
    W, X, y = random_problem(seed, N=N, D=D, K=K)
    g = grad_log_likelihood(W, X, y)
    num = numerical_gradient(lambda V: log_likelihood(V, X, y), W)
    assert g.shape == W.shape
    if K == 1:       # one class: log L = 0 for every W
        np.testing.assert_allclose(g, 0.0, atol=1e-15)
        np.testing.assert_allclose(num, 0.0, atol=1e-12)
    else:
        assert rel_err(g, num) < 1e-6
        assert gradient_check(lambda V: log_likelihood(V, X, y), g, W).status == "pass"


@pytest.mark.parametrize("l2", [0.0, 0.1, 2.5])
def test_loss_and_grad_matches_finite_differences_of_its_loss(l2):
    """dW of loss_and_grad is the derivative of its own loss, penalty included."""
    W, X, y = random_problem(seed=4, N=15, D=4, K=3)
    loss, dW = loss_and_grad(W, X, y, l2=l2)
    num = numerical_gradient(lambda V: loss_and_grad(V, X, y, l2=l2)[0], W)
    assert rel_err(dW, num) < 1e-6
    np.testing.assert_allclose(dW, num, rtol=1e-6, atol=1e-9)


def test_numerical_comparison_can_fail_wrong_sign():
    """The check is not vacuous: the descent direction -grad or a missing factor fails it."""
    W, X, y = random_problem(seed=5, N=10, D=3, K=3)
    f = lambda V: log_likelihood(V, X, y)   # noqa: E731
    g = grad_log_likelihood(W, X, y)
    assert gradient_check(f, g, W).status == "pass"
    assert gradient_check(f, -g, W).status == "fail"
    assert rel_err(-g, numerical_gradient(f, W)) > 1.0
    assert gradient_check(f, 0.5 * g, W).status == "fail"
    _, dW = loss_and_grad(W, X, y)            # descent gradient of the mean loss, not of log L
    assert gradient_check(f, dW, W).status == "fail"


def test_numerical_comparison_can_fail_wrong_axis():
    """Softmax normalized over the samples (axis=0) instead of the classes fails the check."""
    W, X, y = random_problem(seed=6, N=6, D=3, K=3)
    f = lambda V: log_likelihood(V, X, y)   # noqa: E731
    wrong = X.T @ (np.eye(3)[y] - sp.softmax(X @ W, axis=0))
    assert gradient_check(f, wrong, W).status == "fail"
    assert gradient_check(f, oracle_grad(W, X, y), W).status == "pass"


# ---------------------------------------------------------------- implementations agree

@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), N=st.integers(1, 12), D=st.integers(1, 5), K=st.integers(1, 5),
       scale=st.sampled_from([1e-2, 1.0, 10.0]))
def test_loop_vectorized_and_per_sample_sum_agree(seed, N, D, K, scale):
    """grad_log_likelihood == loop oracle == sum_j grad_log_likelihood_sample == scipy formula."""
    W, X, y = random_problem(seed, N=N, D=D, K=K, scale=scale)
    vec = grad_log_likelihood(W, X, y)
    loop = grad_log_likelihood_loop(W, X, y)
    per_sample = sum(grad_log_likelihood_sample(W, X[j], int(y[j])) for j in range(N))
    tol = dict(rtol=1e-10, atol=1e-11 * max(1.0, np.abs(X).max()))
    np.testing.assert_allclose(vec, loop, **tol)
    np.testing.assert_allclose(vec, per_sample, **tol)
    np.testing.assert_allclose(vec, oracle_grad(W, X, y), **tol)


def test_sample_gradient_is_outer_product():
    """grad of one sample is x (e_y - sigma)^T, and the derivative of log sigma_y(W^T x)."""
    rng = np.random.default_rng(7)
    W, x = rng.standard_normal((3, 4)), rng.standard_normal(3)
    g = grad_log_likelihood_sample(W, x, 2)
    r = np.eye(4)[2] - sp.softmax(x @ W)
    np.testing.assert_allclose(g, np.outer(x, r), rtol=1e-13, atol=1e-15)
    num = numerical_gradient(lambda V: float(sp.log_softmax(x @ V)[2]), W)
    assert rel_err(g, num) < 1e-6
    # numpy integer labels work like Python ints
    np.testing.assert_array_equal(grad_log_likelihood_sample(W, x, np.int64(2)), g)


def test_loss_and_grad_relation_to_log_likelihood():
    """loss = -log L / N + l2/2 ||W||^2 and dW = -grad log L / N + l2 W."""
    W, X, y = random_problem(seed=8, N=30, D=5, K=4)
    N, l2 = X.shape[0], 0.37
    loss, dW = loss_and_grad(W, X, y, l2=l2)
    np.testing.assert_allclose(loss, -log_likelihood(W, X, y) / N + 0.5 * l2 * np.sum(W ** 2), rtol=1e-12)
    np.testing.assert_allclose(dW, -grad_log_likelihood(W, X, y) / N + l2 * W, rtol=1e-11, atol=1e-14)
    loss0, dW0 = loss_and_grad(W, X, y)     # l2 defaults to 0
    np.testing.assert_allclose(loss0, -log_likelihood(W, X, y) / N, rtol=1e-12)
    np.testing.assert_allclose(dW0, -oracle_grad(W, X, y) / N, rtol=1e-11, atol=1e-14)


def test_zero_weights_anchor():
    """W = 0: loss = log K and dW = X^T (1/K - Y) / N (every sigma_k = 1/K)."""
    rng = np.random.default_rng(9)
    X, y, K = rng.standard_normal((10, 3)), rng.integers(0, 5, size=10), 5
    loss, dW = loss_and_grad(np.zeros((3, K)), X, y)
    np.testing.assert_allclose(loss, np.log(K), rtol=1e-14)
    np.testing.assert_allclose(dW, X.T @ (1.0 / K - np.eye(K)[y]) / 10, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_two_classes_reduce_to_binary_logistic_gradient(seed):
    """K = 2: dW[:, 1] = sum_i (1{y_i=1} - sigmoid(z_i)) x_i with z = (w1 - w0)^T x, dW[:, 0] = -dW[:, 1]."""
    W, X, y = random_problem(seed, N=20, D=4, K=2, scale=2.0)
    z = X @ (W[:, 1] - W[:, 0])
    g1 = X.T @ ((y == 1) - sp.expit(z))
    dW = grad_log_likelihood(W, X, y)
    np.testing.assert_allclose(dW[:, 1], g1, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(dW[:, 0], -g1, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(dW.sum(axis=1), 0.0, atol=1e-12)


def test_columns_of_gradient_sum_to_zero():
    """sum_k dW[:, k] = X^T (Y - S) 1 = 0: shifting all w_k by the same vector changes nothing."""
    W, X, y = random_problem(seed=10, N=17, D=4, K=5)
    np.testing.assert_allclose(grad_log_likelihood(W, X, y).sum(axis=1), 0.0, atol=1e-12)


# ---------------------------------------------------------------- extreme logits

@pytest.mark.parametrize("scale", [1e3, 1e5])
def test_extreme_logits_stay_finite_and_correct(scale):
    """X scaled by 1e3 (logits ~1e3, naive exp overflows): finite, equal to the scipy oracle."""
    W, X, y = random_problem(seed=11, N=12, D=4, K=3)
    Xs = X * scale
    loss, dW = loss_and_grad(W, Xs, y, l2=0.01)
    g = grad_log_likelihood(W, Xs, y)
    assert np.isfinite(loss) and np.all(np.isfinite(dW)) and np.all(np.isfinite(g))
    A = Xs @ W
    expected_loss = -np.mean(sp.log_softmax(A, axis=1)[np.arange(12), y]) + 0.005 * np.sum(W ** 2)
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-12)
    np.testing.assert_allclose(g, oracle_grad(W, Xs, y), rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(dW, -oracle_grad(W, Xs, y) / 12 + 0.01 * W, rtol=1e-12, atol=1e-12 * scale)


# ---------------------------------------------------------------- at the optimum

def test_gradient_vanishes_at_the_maximum_likelihood_estimate():
    """On non-separable data (random labels) the MLE exists; scikit-learn's optimum zeroes our gradient.

    scikit-learn's unpenalized multinomial LogisticRegression (no intercept, on bias-augmented X)
    maximizes the same log-likelihood.  Also: at the optimum predicted class totals match counts.
    """
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(12)
    N = 300
    X = np.column_stack([np.ones(N), rng.standard_normal((N, 2))])
    y = (rng.random(N) * 3).astype(int)        # labels independent of x: far from separable
    model = LogisticRegression(C=np.inf, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)
    W_opt = model.coef_.T
    g_opt = grad_log_likelihood(W_opt, X, y) / N
    assert np.abs(g_opt).max() < 1e-6
    # moment matching of the bias row: sum_i S[i, k] == n_k
    S = sp.softmax(X @ W_opt, axis=1)
    np.testing.assert_allclose(S.sum(axis=0), np.bincount(y, minlength=3), rtol=0, atol=1e-4)
    # not vacuous: away from the optimum the gradient is clearly nonzero
    assert np.abs(grad_log_likelihood(np.zeros_like(W_opt) + np.eye(3), X, y) / N).max() > 1e-2


# ---------------------------------------------------------------- no mutation

def test_inputs_not_modified():
    """W, X, y keep their values after every gradient function."""
    W, X, y = random_problem(seed=13, N=9, D=3, K=3)
    copies = [W.copy(), X.copy(), y.copy()]
    grad_log_likelihood(W, X, y)
    grad_log_likelihood_loop(W, X, y)
    grad_log_likelihood_sample(W, X[0], int(y[0]))
    loss_and_grad(W, X, y, l2=0.5)
    for arr, before in zip((W, X, y), copies):
        np.testing.assert_array_equal(arr, before)


def test_read_only_and_non_contiguous_inputs():
    """Read-only and Fortran-ordered / strided views are accepted and give the same result."""
    W, X, y = random_problem(seed=14, N=9, D=3, K=3)
    expected = grad_log_likelihood(W, X, y)
    Wf, Xf = np.asfortranarray(W), np.asfortranarray(X)
    Wf.setflags(write=False)
    Xf.setflags(write=False)
    np.testing.assert_allclose(grad_log_likelihood(Wf, Xf, y), expected, rtol=1e-13, atol=1e-15)
    X2 = np.repeat(X, 2, axis=0)[::2]            # strided view equal to X
    np.testing.assert_allclose(loss_and_grad(W, X2, y)[1], loss_and_grad(W, X, y)[1], rtol=1e-13, atol=1e-15)


def test_result_is_a_fresh_array():
    """The returned gradient does not alias W or X (writing to it changes neither)."""
    W, X, y = random_problem(seed=15, N=5, D=3, K=3)
    W0 = W.copy()
    for g in (grad_log_likelihood(W, X, y), loss_and_grad(W, X, y, l2=1.0)[1]):
        assert not np.shares_memory(g, W) and not np.shares_memory(g, X)
        g[...] = 0.0
    np.testing.assert_array_equal(W, W0)


# ---------------------------------------------------------------- NaN/inf detection

@pytest.mark.parametrize("func", ["grad_log_likelihood", "loss_and_grad"])
def test_infinite_weight_producing_only_minus_inf_logits_is_rejected(func):
    """+inf in W must raise 'W must be finite' even when the logits it produces are all -inf."""
    X = np.array([[1.0, -1.0], [1.0, -2.0]])
    y = np.array([1, 1])
    W = np.array([[0.0, 0.0], [np.inf, 0.0]])
    with pytest.raises(ValueError, match="W must be finite"):
        log_likelihood(W, X, y)          # the reference behaviour
    with pytest.raises(ValueError, match="W must be finite"):
        grad_log_likelihood_loop(W, X, y)
    with pytest.raises(ValueError, match="W must be finite"):
        {"grad_log_likelihood": grad_log_likelihood, "loss_and_grad": loss_and_grad}[func](W, X, y)
