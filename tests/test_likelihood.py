"""Tests of course_utils.likelihood: analytic anchors, underflow, scipy oracle, binary reduction."""

import numpy as np
import pytest
import scipy.special as sp
from conftest import random_problem
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import likelihood, log_likelihood


def oracle_log_likelihood(W, X, y):
    """sum_i log sigma_{y_i}(x_i^T W) computed with scipy.special.log_softmax."""
    return float(np.sum(sp.log_softmax(X @ W, axis=1)[np.arange(len(y)), y]))


@pytest.mark.parametrize("N, K", [(1, 2), (5, 3), (40, 10)])
def test_zero_weights_analytic_anchor(N, K):
    """W = 0 gives every class probability 1/K: log L = -N log K, L = K^-N."""
    rng = np.random.default_rng(N + K)
    X = rng.standard_normal((N, 4))
    y = rng.integers(0, K, size=N)
    W = np.zeros((4, K))
    np.testing.assert_allclose(log_likelihood(W, X, y), -N * np.log(K), rtol=1e-13)
    np.testing.assert_allclose(likelihood(W, X, y), float(K) ** (-N), rtol=1e-12)


def test_likelihood_underflows_but_log_likelihood_does_not():
    """For N = 400, K = 10 the product 10^-400 underflows to exactly 0.0; its log stays finite."""
    N, K = 400, 10
    X, y = np.ones((N, 1)), np.arange(N) % K
    W = np.zeros((1, K))
    assert likelihood(W, X, y) == 0.0
    ll = log_likelihood(W, X, y)
    assert np.isfinite(ll)
    np.testing.assert_allclose(ll, -N * np.log(10.0), rtol=1e-13)


def test_likelihood_underflows_on_random_weights():
    """Underflow is not specific to W = 0: random problem with N = 2000."""
    W, X, y = random_problem(seed=1, N=2000, D=3, K=4)
    assert likelihood(W, X, y) == 0.0
    ll = log_likelihood(W, X, y)
    assert np.isfinite(ll) and ll < -700.0      # exp(ll) is below the smallest float64
    np.testing.assert_allclose(ll, oracle_log_likelihood(W, X, y), rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), N=st.integers(1, 8), K=st.integers(1, 5))
def test_log_of_likelihood_equals_log_likelihood_small_N(seed, N, K):
    """For small N (no underflow) log(likelihood) == log_likelihood."""
    W, X, y = random_problem(seed, N=N, D=3, K=K)
    L = likelihood(W, X, y)
    assert 0.0 < L <= 1.0
    np.testing.assert_allclose(np.log(L), log_likelihood(W, X, y), rtol=1e-10, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), N=st.integers(1, 30), K=st.integers(1, 6),
       scale=st.sampled_from([1e-3, 1.0, 30.0, 1e3]))
def test_log_likelihood_matches_scipy_oracle(seed, N, K, scale):
    """log_likelihood equals sum_i log_softmax(X W)[i, y_i] computed by scipy, at any logit scale."""
    W, X, y = random_problem(seed, N=N, D=4, K=K, scale=scale)
    ll = log_likelihood(W, X, y)
    np.testing.assert_allclose(ll, oracle_log_likelihood(W, X, y), rtol=1e-11, atol=1e-11)
    assert ll <= 0.0


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_two_classes_reduce_to_binary_logistic_regression(seed):
    """K = 2: log L = sum_i log sigmoid(s_i z_i), z = (w1 - w0)^T x, s = +1 if y = 1 else -1."""
    W, X, y = random_problem(seed, N=25, D=4, K=2, scale=2.0)
    z = X @ (W[:, 1] - W[:, 0])
    sign = np.where(y == 1, 1.0, -1.0)
    expected = float(np.sum(sp.log_expit(sign * z)))
    np.testing.assert_allclose(log_likelihood(W, X, y), expected, rtol=1e-12)
    np.testing.assert_allclose(likelihood(W, X, y), np.prod(sp.expit(sign * z)), rtol=1e-11)


@pytest.mark.parametrize("margin", [5.0, 50.0])
def test_confident_model_log_likelihood_near_zero_from_below(margin):
    """Correct class has logit `margin`, others 0: log L = -3 log(1 + 2 e^-margin) <= 0.

    Wrong labels (logit 0 against `margin`) give 3 (-margin - log(1 + 2 e^-margin)).
    The absolute tolerance allows log(1 + 2e-22) to round to 0.
    """
    X = np.eye(3)
    y = np.array([0, 1, 2])
    W = margin * np.eye(3)
    ll = log_likelihood(W, X, y)
    np.testing.assert_allclose(ll, -3 * np.log1p(2 * np.exp(-margin)), rtol=1e-12, atol=1e-15)
    assert ll <= 0.0
    ll_wrong = log_likelihood(W, X, np.array([1, 2, 0]))
    np.testing.assert_allclose(ll_wrong, 3 * (-margin - np.log1p(2 * np.exp(-margin))), rtol=1e-12)


def test_permuting_samples_leaves_log_likelihood_unchanged():
    """log L is a sum over i.i.d. samples: permuting rows of (X, y) together changes nothing."""
    W, X, y = random_problem(seed=4, N=20, D=3, K=3)
    perm = np.random.default_rng(4).permutation(20)
    np.testing.assert_allclose(log_likelihood(W, X[perm], y[perm]), log_likelihood(W, X, y), rtol=1e-13)


def test_inputs_not_modified():
    """W, X and y are left untouched."""
    W, X, y = random_problem(seed=5, N=10, D=3, K=4)
    copies = W.copy(), X.copy(), y.copy()
    likelihood(W, X, y)
    log_likelihood(W, X, y)
    for arr, before in zip((W, X, y), copies):
        np.testing.assert_array_equal(arr, before)
