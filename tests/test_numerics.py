"""Tests of course_utils.numerics: logsumexp, softmax, log_softmax, one_hot, add_bias.

scipy.special is the independent oracle; the rest are analytic values and properties.
"""

import numpy as np
import pytest
import scipy.special as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_utils import add_bias, log_softmax, logsumexp, one_hot, softmax

FUNCS = [
    (logsumexp, sp.logsumexp),
    (softmax, sp.softmax),
    (log_softmax, sp.log_softmax),
]


def logit_matrices(max_abs=50.0, max_rows=5, max_cols=6):
    """Hypothesis strategy: (N, K) float64 logits, N >= 1, K >= 1, entries in [-max_abs, max_abs]."""
    shapes = st.tuples(st.integers(1, max_rows), st.integers(1, max_cols))
    elems = st.floats(-max_abs, max_abs, allow_nan=False, allow_infinity=False)
    return shapes.flatmap(lambda s: arrays(np.float64, s, elements=elems))


# ---------------------------------------------------------------- scipy oracle

@pytest.mark.parametrize("ours, oracle", FUNCS, ids=["logsumexp", "softmax", "log_softmax"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_scipy_on_random_logits(ours, oracle, seed):
    """Random (N, K) logits of moderate size agree with scipy.special along the class axis."""
    rng = np.random.default_rng(seed)
    A = 5.0 * rng.standard_normal((6, 4))
    np.testing.assert_allclose(ours(A), oracle(A, axis=-1), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("ours, oracle", FUNCS, ids=["logsumexp", "softmax", "log_softmax"])
def test_rows_of_wildly_different_scale_in_one_batch(ours, oracle):
    """Each row is shifted by its own max: tiny, huge, hugely negative and all-negative rows coexist."""
    rng = np.random.default_rng(3)
    base = rng.standard_normal(5)
    A = np.stack([
        1e-3 * base,
        1e4 * base,
        -1e4 + base,                  # every entry around -1e4
        -1e4 * np.abs(base) - 1.0,    # all negative, very spread
        -np.abs(base) - 700.0,        # all negative: naive exp underflows to 0
    ])
    expected = oracle(A, axis=-1)
    got = ours(A)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-300)


def test_row_around_minus_1e4_analytic():
    """A row a = c + b with c = -1e4 has softmax(b) and logsumexp c + logsumexp(b) (naive: log 0)."""
    b = np.array([0.0, np.log(2.0), np.log(5.0)])      # exp(b) = 1, 2, 5, sum 8
    a = -1e4 + b
    np.testing.assert_allclose(softmax(a), [1 / 8, 2 / 8, 5 / 8], rtol=1e-11)
    np.testing.assert_allclose(logsumexp(a), -1e4 + np.log(8.0), rtol=1e-15)
    np.testing.assert_allclose(log_softmax(a), np.log([1 / 8, 2 / 8, 5 / 8]), rtol=1e-10, atol=1e-11)


@pytest.mark.parametrize("big", [1e4, 1e300])
def test_huge_logits_give_finite_exact_results(big):
    """Logits +-big: softmax [1, 0], logsumexp = big, log_softmax [0, -2 big], all finite."""
    a = np.array([big, -big])
    np.testing.assert_array_equal(softmax(a), [1.0, 0.0])
    assert logsumexp(a) == big
    np.testing.assert_array_equal(log_softmax(a), [0.0, -2.0 * big])
    # equal huge logits: uniform distribution and big + log 2
    np.testing.assert_allclose(softmax([big, big]), [0.5, 0.5], rtol=1e-15)
    np.testing.assert_allclose(logsumexp([big, big]), big + np.log(2.0), rtol=1e-15)


def test_minus_inf_entries_have_probability_exactly_zero():
    """-inf logits are allowed when the row has a finite entry: probability 0, log-probability -inf."""
    A = np.array([[0.0, -np.inf, np.log(3.0)],
                  [-np.inf, 2.0, -np.inf]])
    S = softmax(A)
    np.testing.assert_allclose(S, [[0.25, 0.0, 0.75], [0.0, 1.0, 0.0]], rtol=1e-15)
    assert S[0, 1] == 0.0 and S[1, 0] == 0.0 and S[1, 2] == 0.0
    L = log_softmax(A)
    assert np.isneginf(L[0, 1]) and np.isneginf(L[1, 0]) and np.isneginf(L[1, 2])
    np.testing.assert_allclose(L[0, [0, 2]], np.log([0.25, 0.75]), rtol=1e-14)
    assert L[1, 1] == 0.0
    np.testing.assert_allclose(logsumexp(A), [np.log(4.0), 2.0], rtol=1e-15)
    np.testing.assert_allclose(L, sp.log_softmax(A, axis=-1), rtol=1e-14)


def test_all_minus_inf_row():
    """A row of only -inf: logsumexp is -inf (log of 0), softmax/log_softmax have no answer."""
    A = np.array([[0.0, 1.0], [-np.inf, -np.inf]])
    lse = logsumexp(A)
    assert lse[1] == -np.inf
    np.testing.assert_allclose(lse[0], np.log(1.0 + np.e), rtol=1e-15)
    with pytest.raises(ValueError, match="at least one finite logit"):
        softmax(A)
    with pytest.raises(ValueError, match="at least one finite logit"):
        log_softmax(A)


# ---------------------------------------------------------------- axis and keepdims

@pytest.mark.parametrize("ours, oracle", FUNCS, ids=["logsumexp", "softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [0, 1, -1, -2])
def test_axis_argument_matches_scipy(ours, oracle, axis):
    """The reduction/normalization axis is the one asked for, on a non-square 2-D array."""
    rng = np.random.default_rng(4)
    A = 3.0 * rng.standard_normal((3, 5))
    np.testing.assert_allclose(ours(A, axis=axis), oracle(A, axis=axis), rtol=1e-12, atol=1e-14)


def test_axis_0_is_axis_minus_1_of_the_transpose():
    """softmax(A, axis=0) normalizes columns: it is softmax(A.T).T, and columns sum to 1."""
    rng = np.random.default_rng(5)
    A = rng.standard_normal((4, 3))
    S0 = softmax(A, axis=0)
    np.testing.assert_allclose(S0, softmax(A.T).T, rtol=1e-14)
    np.testing.assert_allclose(S0.sum(axis=0), np.ones(3), rtol=1e-14)
    assert not np.allclose(S0.sum(axis=1), 1.0)      # and rows do not
    np.testing.assert_allclose(log_softmax(A, axis=0), log_softmax(A.T).T, rtol=1e-14)


def test_logsumexp_keepdims_shapes_and_values():
    """keepdims keeps a length-1 reduced axis, so the result broadcasts back against A."""
    rng = np.random.default_rng(6)
    A = rng.standard_normal((4, 3))
    assert logsumexp(A).shape == (4,)
    assert logsumexp(A, axis=0).shape == (3,)
    k1 = logsumexp(A, axis=-1, keepdims=True)
    k0 = logsumexp(A, axis=0, keepdims=True)
    assert k1.shape == (4, 1) and k0.shape == (1, 3)
    np.testing.assert_allclose(k1, sp.logsumexp(A, axis=-1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(k0, sp.logsumexp(A, axis=0, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(np.exp(A - k1), softmax(A), rtol=1e-13)   # broadcasting works
    assert logsumexp(np.array([1.0, 2.0])).shape == ()
    assert logsumexp(np.array([1.0, 2.0]), keepdims=True).shape == (1,)


def test_three_dimensional_input_middle_axis():
    """Works on any ndim: the middle axis of a 3-D array agrees with scipy."""
    rng = np.random.default_rng(7)
    A = rng.standard_normal((2, 3, 4))
    np.testing.assert_allclose(softmax(A, axis=1), sp.softmax(A, axis=1), rtol=1e-13)
    np.testing.assert_allclose(logsumexp(A, axis=1), sp.logsumexp(A, axis=1), rtol=1e-13)


# ---------------------------------------------------------------- properties (hypothesis)

@settings(max_examples=75, deadline=None)
@given(logit_matrices(max_abs=1e3))
def test_softmax_is_a_probability_distribution(A):
    """Every entry in [0, 1], every row sums to 1."""
    S = softmax(A)
    assert S.shape == A.shape
    assert np.all((S >= 0.0) & (S <= 1.0))
    np.testing.assert_allclose(S.sum(axis=-1), 1.0, rtol=0, atol=1e-12)


@settings(max_examples=75, deadline=None)
@given(logit_matrices(max_abs=50.0), st.floats(-100.0, 100.0))
def test_softmax_shift_invariance(A, c):
    """softmax(a + c) == softmax(a) and log_softmax likewise: only logit differences matter."""
    np.testing.assert_allclose(softmax(A + c), softmax(A), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(log_softmax(A + c), log_softmax(A), rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(logsumexp(A + c), logsumexp(A) + c, rtol=1e-12, atol=1e-11)


@settings(max_examples=75, deadline=None)
@given(logit_matrices(max_abs=1e3))
def test_log_softmax_is_log_of_softmax_where_not_tiny(A):
    """log_softmax == log(softmax) wherever softmax is not tiny; log_softmax <= 0 everywhere."""
    L, S = log_softmax(A), softmax(A)
    assert np.all(L <= 0.0)
    mask = S > 1e-250
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(L[mask], np.log(S[mask]), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(L, A - logsumexp(A, keepdims=True), rtol=1e-12, atol=1e-12)


@settings(max_examples=75, deadline=None)
@given(logit_matrices(max_abs=1e3))
def test_logsumexp_bounds(A):
    """max_k a_k <= logsumexp(a) <= max_k a_k + log K."""
    lse, m, K = logsumexp(A), A.max(axis=-1), A.shape[-1]
    assert np.all(lse >= m - 1e-12 * np.abs(m))
    assert np.all(lse <= m + np.log(K) + 1e-12 * np.maximum(1.0, np.abs(m)))


# ---------------------------------------------------------------- no mutation, dtypes

@pytest.mark.parametrize("func", [logsumexp, softmax, log_softmax, add_bias])
def test_input_is_not_modified(func):
    """The caller's array is left untouched."""
    rng = np.random.default_rng(8)
    A = 100.0 * rng.standard_normal((4, 3))
    if func is not add_bias:
        A[1, 2] = -np.inf        # logits may hold -inf; inputs of add_bias must be finite
    before = A.copy()
    func(A)
    np.testing.assert_array_equal(A, before)


def test_integer_and_float32_input_give_float64():
    """Integer and float32 logits are promoted to float64 before computing."""
    S = softmax(np.array([[1, 2, 3]]))
    assert S.dtype == np.float64
    np.testing.assert_allclose(S, sp.softmax(np.array([[1.0, 2.0, 3.0]]), axis=-1), rtol=1e-14)
    assert log_softmax(np.array([0.5, 1.5], dtype=np.float32)).dtype == np.float64


def test_docstring_anchor_values():
    """softmax([0, log 3]) = [1/4, 3/4]; logsumexp([1000, 1000]) = 1000 + log 2."""
    np.testing.assert_allclose(softmax([0.0, np.log(3.0)]), [0.25, 0.75], rtol=1e-15)
    np.testing.assert_allclose(logsumexp([1000.0, 1000.0]), 1000.0 + np.log(2.0), rtol=1e-15)


# ---------------------------------------------------------------- one_hot, add_bias

def test_one_hot_values_and_shape():
    """Row i has a single 1 at column y_i; shape (N, K) even when some class is absent."""
    y = np.array([2, 0, 2, 1])
    Y = one_hot(y, 4)
    assert Y.shape == (4, 4) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y, np.eye(4)[y])
    np.testing.assert_array_equal(Y.sum(axis=1), np.ones(4))
    np.testing.assert_array_equal(Y[:, 3], np.zeros(4))        # class 3 absent
    np.testing.assert_array_equal(np.argmax(Y, axis=1), y)


def test_one_hot_accepts_lists_and_numpy_ints():
    """Labels as a list and K as a NumPy integer."""
    Y = one_hot([1, 0], np.int64(2))
    np.testing.assert_array_equal(Y, [[0.0, 1.0], [1.0, 0.0]])


def test_one_hot_does_not_modify_labels():
    """The label array is left untouched."""
    y = np.array([1, 0, 1], dtype=np.int32)
    before = y.copy()
    one_hot(y, 2)
    np.testing.assert_array_equal(y, before)
    assert y.dtype == np.int32


def test_add_bias_matrix():
    """(N, D-1) -> (N, D): a column of ones first, the inputs unchanged after it."""
    rng = np.random.default_rng(9)
    X = rng.standard_normal((5, 3))
    Xb = add_bias(X)
    assert Xb.shape == (5, 4) and Xb.dtype == np.float64
    np.testing.assert_array_equal(Xb[:, 0], np.ones(5))
    np.testing.assert_array_equal(Xb[:, 1:], X)
    assert not np.shares_memory(Xb, X)


def test_add_bias_vector_and_integers():
    """A single sample (D-1,) -> (D,), integer input -> float64."""
    xb = add_bias(np.array([2, 3]))
    assert xb.shape == (3,) and xb.dtype == np.float64
    np.testing.assert_array_equal(xb, [1.0, 2.0, 3.0])


def test_add_bias_makes_affine_scores_linear():
    """add_bias(X) @ [b; W] == X @ W + b: the bias trick of lecture 01."""
    rng = np.random.default_rng(10)
    X, W, b = rng.standard_normal((6, 2)), rng.standard_normal((2, 3)), rng.standard_normal(3)
    np.testing.assert_allclose(add_bias(X) @ np.vstack([b, W]), X @ W + b, rtol=1e-13, atol=1e-14)
