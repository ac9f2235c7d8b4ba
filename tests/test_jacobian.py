"""Tests of course_utils.jacobian: J = diag(s) - s s^T against finite differences and its properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_utils import softmax, softmax_jacobian, softmax_jvp


def fd_softmax_jacobian(a, h=1e-6):
    """Central finite differences: column k is (softmax(a + h e_k) - softmax(a - h e_k)) / (2h)."""
    K = a.shape[-1]
    J = np.empty(a.shape + (K,))
    for k in range(K):
        e = np.zeros(K)
        e[k] = h
        J[..., :, k] = (softmax(a + e) - softmax(a - e)) / (2 * h)
    return J


def logits(K_min=2, K_max=6, max_abs=5.0):
    """Hypothesis strategy: a 1-D logit vector of length K in [K_min, K_max]."""
    elems = st.floats(-max_abs, max_abs, allow_nan=False, allow_infinity=False)
    return st.integers(K_min, K_max).flatmap(lambda K: arrays(np.float64, (K,), elements=elems))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_jacobian_matches_finite_differences_single(seed):
    """J[i, k] = d sigma_i / d a_k for one logit vector (K,)."""
    a = 2.0 * np.random.default_rng(seed).standard_normal(5)
    J = softmax_jacobian(softmax(a))
    assert J.shape == (5, 5)
    np.testing.assert_allclose(J, fd_softmax_jacobian(a), rtol=0, atol=1e-9)


def test_jacobian_matches_finite_differences_batched():
    """(N, K) probabilities give (N, K, K) Jacobians, each the derivative of its own row."""
    A = 2.0 * np.random.default_rng(3).standard_normal((4, 3))
    J = softmax_jacobian(softmax(A))
    assert J.shape == (4, 3, 3)
    np.testing.assert_allclose(J, fd_softmax_jacobian(A), rtol=0, atol=1e-9)
    for i in range(4):          # batched == one at a time
        np.testing.assert_array_equal(J[i], softmax_jacobian(softmax(A[i])))


def test_jacobian_two_class_analytic():
    """K = 2: J = p(1-p) [[1, -1], [-1, 1]] (the sigmoid derivative)."""
    p = 0.3
    J = softmax_jacobian([p, 1 - p])
    np.testing.assert_allclose(J, p * (1 - p) * np.array([[1.0, -1.0], [-1.0, 1.0]]), rtol=1e-14)


def test_jacobian_vertex_is_zero():
    """At a one-hot (certain) distribution softmax is flat: J = 0."""
    np.testing.assert_array_equal(softmax_jacobian([0.0, 1.0, 0.0]), np.zeros((3, 3)))


@settings(max_examples=75, deadline=None)
@given(logits())
def test_jacobian_symmetric_rows_sum_to_zero_psd(a):
    """J is symmetric, each row sums to 0 (probabilities stay normalized), and J is PSD."""
    s = softmax(a)
    J = softmax_jacobian(s)
    np.testing.assert_allclose(J, J.T, rtol=0, atol=0)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(J @ np.ones_like(s), 0.0, rtol=0, atol=1e-15)
    assert np.linalg.eigvalsh(J).min() >= -1e-12


@settings(max_examples=75, deadline=None)
@given(logits())
def test_jacobian_rank_K_minus_1_for_positive_s(a):
    """For s > 0 the null space is exactly span(1): rank K - 1, the 2nd eigenvalue >= min(s)."""
    s = softmax(a)
    assert np.all(s > 0)
    J = softmax_jacobian(s)
    K = s.size
    assert np.linalg.matrix_rank(J, tol=1e-10) == K - 1
    eig = np.sort(np.linalg.eigvalsh(J))
    assert abs(eig[0]) <= 1e-12
    # interlacing for the rank-one downdate diag(s) - s s^T: eig[1] >= min(s)
    assert eig[1] >= s.min() * (1 - 1e-9) - 1e-15


@settings(max_examples=75, deadline=None)
@given(logits(), st.integers(0, 2**32 - 1))
def test_jvp_equals_jacobian_times_vector_1d(a, seed):
    """softmax_jvp(s, v) == J @ v (and == v^T J, J being symmetric)."""
    s = softmax(a)
    v = np.random.default_rng(seed).standard_normal(s.size)
    J = softmax_jacobian(s)
    out = softmax_jvp(s, v)
    assert out.shape == s.shape
    np.testing.assert_allclose(out, J @ v, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(out, v @ J, rtol=1e-12, atol=1e-14)


def test_jvp_batched():
    """(N, K) input: row i of the result is J_i @ v_i."""
    rng = np.random.default_rng(4)
    S = softmax(rng.standard_normal((5, 4)))
    V = rng.standard_normal((5, 4))
    expected = np.einsum("nij,nj->ni", softmax_jacobian(S), V)
    np.testing.assert_allclose(softmax_jvp(S, V), expected, rtol=1e-12, atol=1e-14)


def test_jvp_is_directional_derivative():
    """softmax_jvp(s, v) is the derivative of softmax along v: (softmax(a + h v) - softmax(a - h v)) / 2h."""
    rng = np.random.default_rng(5)
    a, v = rng.standard_normal(4), rng.standard_normal(4)
    h = 1e-6
    fd = (softmax(a + h * v) - softmax(a - h * v)) / (2 * h)
    np.testing.assert_allclose(softmax_jvp(softmax(a), v), fd, rtol=0, atol=1e-9)


def test_jvp_uniform_shift_is_zero():
    """A uniform change of all logits changes nothing: J @ 1 = 0."""
    s = softmax(np.array([0.1, -2.0, 3.0]))
    np.testing.assert_allclose(softmax_jvp(s, np.ones(3)), 0.0, rtol=0, atol=1e-16)


def test_inputs_not_modified():
    """s and v are left untouched."""
    rng = np.random.default_rng(6)
    S, V = softmax(rng.standard_normal((3, 4))), rng.standard_normal((3, 4))
    S0, V0 = S.copy(), V.copy()
    softmax_jacobian(S)
    softmax_jvp(S, V)
    np.testing.assert_array_equal(S, S0)
    np.testing.assert_array_equal(V, V0)


# ---------------------------------------------------------------- wrong inputs

def test_logits_out_of_range_rejected():
    """Logits with entries outside [0, 1] are recognized as not being probabilities."""
    with pytest.raises(ValueError, match=r"s must hold probabilities in \[0, 1\] \(softmax outputs, not logits\)"):
        softmax_jacobian(np.array([2.0, -1.0, 0.5]))
    with pytest.raises(ValueError, match=r"got values from -1 to 2"):
        softmax_jvp(np.array([2.0, -1.0, 0.5]), np.ones(3))


def test_logits_in_unit_interval_not_summing_to_one_rejected():
    """Logits that happen to lie in [0, 1] are caught by the row-sum check."""
    with pytest.raises(ValueError, match=r"s must sum to 1 along its last axis \(softmax outputs, not logits\)"):
        softmax_jacobian(np.array([[0.2, 0.3], [0.5, 0.5]]))
    with pytest.raises(ValueError, match=r"got a row summing to 0\.5"):
        softmax_jvp(np.array([[0.2, 0.3], [0.5, 0.5]]), np.ones((2, 2)))


def test_row_sum_tolerance_is_1e_6():
    """Rounding-level deviations (1e-9) are accepted, 1e-4 is not."""
    softmax_jacobian(np.array([0.5, 0.5 + 1e-9]))
    with pytest.raises(ValueError, match="must sum to 1"):
        softmax_jacobian(np.array([0.5, 0.5 + 1e-4]))


def test_jvp_shape_mismatch():
    """v must have the shape of s (same ndim, same shape)."""
    s = softmax(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"v must have the shape of s, \(2, 3\); got \(2, 2\)"):
        softmax_jvp(s, np.ones((2, 2)))
    with pytest.raises(ValueError, match="v must have ndim 2"):
        softmax_jvp(s, np.ones(3))


def test_jacobian_ndim_checked():
    """Only (K,) or (N, K) probabilities: 3-D and scalars are rejected."""
    with pytest.raises(ValueError, match="s must have ndim 1 or 2; got ndim 3"):
        softmax_jacobian(np.full((2, 2, 2), 0.5))
    with pytest.raises(ValueError, match="s must have ndim 1 or 2; got ndim 0"):
        softmax_jacobian(1.0)
