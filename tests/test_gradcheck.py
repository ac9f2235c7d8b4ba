"""Tests of course_utils.gradcheck: numerical_gradient, relative_error, gradient_check."""

import numpy as np
import pytest

from course_utils import GradCheckResult, gradient_check, numerical_gradient, relative_error
from course_utils.gradcheck import FAIL_THRESHOLD, PASS_THRESHOLD, ZERO_FLOOR


# ---------------------------------------------------------------- numerical_gradient

def test_sum_of_squares():
    """d/dW sum(W^2) = 2W (central differences are exact for quadratics up to rounding)."""
    W = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_allclose(numerical_gradient(lambda V: float(np.sum(V ** 2)), W), 2 * W,
                               rtol=1e-8, atol=1e-9)


def test_general_quadratic_form():
    """f(w) = 1/2 w^T A w + b^T w has gradient (A + A^T)/2 w + b, for a non-symmetric A."""
    rng = np.random.default_rng(1)
    A, b, w = rng.standard_normal((5, 5)), rng.standard_normal(5), rng.standard_normal(5)
    g = numerical_gradient(lambda v: 0.5 * v @ A @ v + b @ v, w)
    np.testing.assert_allclose(g, 0.5 * (A + A.T) @ w + b, rtol=1e-8, atol=1e-9)


def test_non_polynomial_function():
    """f(W) = sum(sin(W)) * exp(W[0, 0]): gradient from the product rule."""
    W = np.array([[0.3, -1.2], [2.0, 0.1]])
    f = lambda V: float(np.sum(np.sin(V)) * np.exp(V[0, 0]))   # noqa: E731
    expected = np.cos(W) * np.exp(W[0, 0])
    expected[0, 0] += np.sum(np.sin(W)) * np.exp(W[0, 0])
    np.testing.assert_allclose(numerical_gradient(f, W), expected, rtol=1e-8, atol=1e-9)


def test_shape_and_dtype_preserved_integer_input():
    """Integer W is differentiated in float64 (an int copy would round W +- h back to W)."""
    W = np.array([[1, 2, 3]])
    g = numerical_gradient(lambda V: float(np.sum(V ** 3)), W)
    assert g.shape == (1, 3) and g.dtype == np.float64
    np.testing.assert_allclose(g, 3.0 * W ** 2, rtol=1e-8)


def test_scalar_like_returns_accepted():
    """f may return a Python float, a NumPy scalar, a Python int, or a size-1 array."""
    W = np.array([1.0, 2.0])
    for wrap in (float, np.float64, np.float32, lambda v: np.array([[v]])):
        g = numerical_gradient(lambda V: wrap(V[0] * 3.0 + V[1]), W, h=1e-3)
        np.testing.assert_allclose(g, [3.0, 1.0], rtol=1e-4)
    np.testing.assert_array_equal(numerical_gradient(lambda V: 7, W), [0.0, 0.0])


def test_W_not_modified_on_success():
    """W keeps its values and f sees a different array than the caller's."""
    W = np.random.default_rng(2).standard_normal((2, 3))
    before = W.copy()
    seen = []
    numerical_gradient(lambda V: seen.append(V is W) or float(np.sum(V)), W)
    np.testing.assert_array_equal(W, before)
    assert not any(seen)


def test_W_not_modified_when_f_raises_midway():
    """f raises on its 3rd call (while an entry is perturbed): W is still identical afterwards."""
    W = np.random.default_rng(3).standard_normal((2, 2))
    before = W.copy()
    calls = {"n": 0}

    def f(V):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("boom")
        return float(np.sum(V ** 2))

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, W)
    assert calls["n"] == 3
    np.testing.assert_array_equal(W, before)


def test_f_that_mutates_its_argument_does_not_touch_W():
    """Even an f that writes into the array it receives cannot change the caller's W."""
    W = np.ones(3)

    def f(V):
        V += 1.0          # hostile f
        return float(np.sum(V))

    numerical_gradient(f, W)
    np.testing.assert_array_equal(W, np.ones(3))


def test_central_difference_much_more_accurate_than_forward():
    """Central error is O(h^2), forward O(h): at h = 1e-4 central is >= 1000x more accurate."""
    W = np.array([0.7, -0.4, 1.3])
    f = lambda V: float(np.sum(np.exp(V)))   # noqa: E731  (gradient exp(W), f'' = exp(W) != 0)
    h = 1e-4
    exact = np.exp(W)
    central = numerical_gradient(f, W, h=h)
    forward = np.array([(f(W + h * e) - f(W)) / h for e in np.eye(3)])
    err_c = np.abs(central - exact).max()
    err_f = np.abs(forward - exact).max()
    assert err_f > 1e-6                # forward: about h/2 * exp(W) ~ 2e-4
    assert err_c < 1e-3 * err_f
    np.testing.assert_allclose(forward, exact + 0.5 * h * exact, rtol=1e-3)   # leading error term


def test_error_shrinks_like_h_squared():
    """Halving h divides the central-difference truncation error by about 4."""
    W = np.array([0.5])
    f = lambda V: float(np.sin(3 * V[0]))   # noqa: E731
    exact = 3 * np.cos(1.5)
    e1 = abs(numerical_gradient(f, W, h=1e-2)[0] - exact)
    e2 = abs(numerical_gradient(f, W, h=5e-3)[0] - exact)
    np.testing.assert_allclose(e1 / e2, 4.0, rtol=1e-2)


# ---------------------------------------------------------------- relative_error

def test_relative_error_values():
    """|a - b| / max(|a|, |b|, floor): scale-free; exactly 0 where both are 0."""
    a = np.array([1.0, 0.0, 1e6, -2.0, 0.0])
    b = np.array([1.001, 0.0, 1.001e6, 2.0, 1e-12])
    r = relative_error(a, b)
    np.testing.assert_allclose(r[[0, 2]], 0.001 / 1.001, rtol=1e-9)   # same at any scale
    assert r[1] == 0.0
    np.testing.assert_allclose(r[3], 2.0, rtol=1e-15)                  # opposite signs
    np.testing.assert_allclose(r[4], 1e-12 / ZERO_FLOOR, rtol=1e-12)
    np.testing.assert_array_equal(relative_error(a, b), relative_error(b, a))   # symmetric


def test_relative_error_shape_and_empty():
    """Shapes are preserved; empty arrays are allowed and give an empty result."""
    assert relative_error(np.zeros((2, 3)), np.zeros((2, 3))).shape == (2, 3)
    assert relative_error(np.array([]), np.array([])).shape == (0,)


# ---------------------------------------------------------------- gradient_check

def quadratic_problem():
    """f(W) = sum(W^3)/3 + sum(W) at a point with no zero derivative; gradient W^2 + 1."""
    W = np.array([[0.3, -1.1, 2.0], [1.5, -0.2, 0.7]])
    return (lambda V: float(np.sum(V ** 3) / 3 + np.sum(V))), W ** 2 + 1, W


def test_gradient_check_passes_for_correct_gradient():
    """The right gradient: status 'pass', passed True, tiny error."""
    f, g, W = quadratic_problem()
    res = gradient_check(f, g, W)
    assert isinstance(res, GradCheckResult)
    assert res.status == "pass" and res.passed is True
    assert 0.0 <= res.max_rel_error <= PASS_THRESHOLD
    assert "pass" in str(res)


def test_gradient_check_fails_for_wrong_gradient_and_locates_it():
    """A wrong entry gives status 'fail' with worst_index pointing at it."""
    f, g, W = quadratic_problem()
    wrong = g.copy()
    wrong[1, 2] *= 2.0
    res = gradient_check(f, wrong, W)
    assert res.status == "fail" and res.passed is False
    assert res.worst_index == (1, 2)
    np.testing.assert_allclose(res.max_rel_error, 0.5, rtol=1e-6)
    assert res.max_rel_error > FAIL_THRESHOLD
    assert "fail" in str(res) and "(1, 2)" in str(res)


def test_gradient_check_inspect_in_between():
    """A relative error between the thresholds (1e-5) gives 'inspect', not passed."""
    f, g, W = quadratic_problem()
    res = gradient_check(f, g * (1 + 1e-5), W)
    assert res.status == "inspect" and res.passed is False
    assert PASS_THRESHOLD < res.max_rel_error <= FAIL_THRESHOLD


def test_gradient_check_sign_error_fails():
    """The classic bug (descent vs ascent direction) fails loudly."""
    f, g, W = quadratic_problem()
    res = gradient_check(f, -g, W)
    assert res.status == "fail"
    np.testing.assert_allclose(res.max_rel_error, 2.0, rtol=1e-6)


def test_gradient_check_W_not_modified():
    """gradient_check leaves W and grad untouched."""
    f, g, W = quadratic_problem()
    W0, g0 = W.copy(), g.copy()
    gradient_check(f, g, W)
    np.testing.assert_array_equal(W, W0)
    np.testing.assert_array_equal(g, g0)


def test_gradient_check_exact_zero_gradient_entries_pass():
    """An entry that f does not depend on has gradient exactly 0 on both sides: error 0."""
    f = lambda V: float(V[0] ** 2)   # noqa: E731
    res = gradient_check(f, np.array([2.0, 0.0]), np.array([1.0, 5.0]))
    assert res.status == "pass"


def test_entries_below_zero_floor_are_compared_absolutely():
    """Below ZERO_FLOOR the denominator is the floor: |a - b| / ZERO_FLOOR, and exactly 0 for 0 vs 0."""
    np.testing.assert_allclose(relative_error([3e-10, 0.0], [4e-10, 0.0]), [1e-10 / ZERO_FLOOR, 0.0], rtol=1e-12)


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("h", [0, 0.0, -1e-5, float("nan"), float("inf"), True, "1e-5"])
def test_bad_step_size_rejected(h):
    """h must be a finite number > 0 (bool and strings are not numbers here)."""
    with pytest.raises(ValueError, match=r"h must be a finite number > 0; got"):
        numerical_gradient(lambda V: float(np.sum(V)), np.ones(2), h=h)
    with pytest.raises(ValueError, match=r"h must be a finite number > 0; got"):
        gradient_check(lambda V: float(np.sum(V)), np.ones(2), np.ones(2), h=h)


@pytest.mark.parametrize("ret", [np.ones(2), [1.0], "1.0", None, True, 1 + 2j, np.array([1 + 0j])],
                         ids=["vector", "list", "str", "None", "bool", "complex", "complex-array"])
def test_f_returning_non_scalar_rejected(ret):
    """f must return one real number."""
    with pytest.raises(ValueError, match="f must return a real scalar; got"):
        numerical_gradient(lambda V: ret, np.ones(2))


@pytest.mark.parametrize("ret", [float("nan"), float("inf"), -np.inf, np.array(np.nan)])
def test_f_returning_nan_or_inf_rejected(ret):
    """f must return a finite number (NaN or inf would poison the difference quotient)."""
    with pytest.raises(ValueError, match="f must return a finite scalar; got"):
        numerical_gradient(lambda V: ret, np.ones(2))


def test_f_nan_only_at_perturbed_point_rejected():
    """NaN appearing only at W + h e_i (e.g. log of a negative number) is caught too."""
    f = lambda V: float(np.sqrt(V[0]) if V[0] >= 0 else np.nan)   # noqa: E731
    with pytest.raises(ValueError, match="f must return a finite scalar; got nan"):
        numerical_gradient(f, np.array([0.0]))


def test_gradient_check_shape_mismatch():
    """grad must have the shape of W."""
    with pytest.raises(ValueError, match=r"grad must have the shape of W, \(2, 3\); got \(3, 2\)"):
        gradient_check(lambda V: float(np.sum(V)), np.ones((3, 2)), np.ones((2, 3)))


def test_relative_error_shape_mismatch():
    """a and b must have the same shape (no silent broadcasting)."""
    with pytest.raises(ValueError, match=r"a and b must have the same shape; got \(3,\) and \(1,\)"):
        relative_error(np.ones(3), np.ones(1))


@pytest.mark.parametrize("bad, msg", [
    (np.array([1.0, np.nan]), "W must be finite"),
    (np.array([]), "W must not be empty"),
    (np.array([True, False]), "W must be a real numeric array"),
])
def test_numerical_gradient_bad_W(bad, msg):
    """W must be a non-empty finite real array."""
    with pytest.raises(ValueError, match=msg):
        numerical_gradient(lambda V: 0.0, bad)
