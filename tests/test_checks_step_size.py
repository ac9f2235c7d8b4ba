"""The check of lecture 05's coding exercise ``safe_learning_rate(X, l2)``: it passes every correct solution with
its descent on the blobs, and names each classic slip."""

import re

import numpy as np
import pytest

from course_utils import add_bias, grad_log_likelihood, log_likelihood, loss_and_grad, make_blobs_2d, softmax
from course_utils.checks import Forbidden, Incorrect
from course_utils.checks import step_size
from course_utils.checks.step_size import check_safe_learning_rate

LINE = re.compile(r"^check_safe_learning_rate: correct \(correct on 6 inputs; on the blobs \(N = 150, l2 = 0\.01\), 20 "
                  r"descent steps at 0\.99 × your rate lower E from (\S+) to (\S+), at every step\)\n$")
FIRST = r"on a tall X \(N = 40, D = 3, bias column first\), l2 = 0, it returns \S+, expected \S+: "
SECOND = r"on a tall X \(N = 40, D = 3, bias column first\), l2 = 0\.1, it returns \S+, expected \S+: "
SAFE = r"This rate is below the bound: safe, but needlessly small"
UNSAFE = r"This rate is too large: beyond the bound nothing guarantees that E decreases"


def spectral2(X):
    """||X||_2^2 as the largest eigenvalue of X X^T (N, N), not as the check computes it."""
    return float(np.linalg.eigvalsh(X @ X.T).max())


def norm_2(X, l2):
    N = X.shape[0]
    return 4 * N / (np.linalg.norm(X, 2) ** 2 + 2 * N * l2)


def with_eigvalsh(X, l2):
    return 4 / (np.linalg.eigvalsh(X.T @ X)[-1] / len(X) + 2 * l2)


def with_svd(X, l2):
    N = len(X)
    return float(4 * N / (np.linalg.svd(X, compute_uv=False).max() ** 2 + 2 * N * l2))


def with_gram(X, l2):
    """||X^T X||_2 is ||X||_2^2 itself; softmax is allowed (it does nothing here)."""
    N = len(X)
    return 4 * N / (np.linalg.norm(X.T @ X, 2) + 2 * N * l2) * softmax(np.zeros(1))[0]


def blobs():
    X_raw, y = make_blobs_2d(n_per_class=50, num_classes=3, spread=2.0, seed=0)
    return add_bias(X_raw), y


def test_the_expected_rate_is_the_bound_of_lecture_05():
    for _, X, l2 in step_size.cases():
        N = X.shape[0]
        assert np.isclose(step_size.reference(X, l2), 4 * N / (spectral2(X) + 2 * N * l2), rtol=1e-12, atol=0)


def test_the_inputs_are_seeded_tall_and_wide_with_and_without_bias_and_penalty():
    cases = step_size.cases()
    again = step_size.cases()
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(cases, again))
    shapes = [X.shape for _, X, _ in cases]
    assert any(N > D for N, D in shapes) and any(N < D for N, D in shapes)
    bias = [bool(np.all(X[:, 0] == 1)) for _, X, _ in cases]
    assert any(bias) and not all(bias)
    assert {l2 == 0 for _, _, l2 in cases} == {True, False}
    ratios = [np.sum(X**2) / spectral2(X) for _, X, _ in cases]     # ||X||_F^2 / ||X||_2^2
    assert max(ratios) > 2


@pytest.mark.parametrize("fn", [norm_2, with_eigvalsh, with_svd, with_gram])
def test_a_correct_solution_passes_and_reports_its_descent_on_the_blobs(fn, capsys):
    result = check_safe_learning_rate(fn)
    match = LINE.match(capsys.readouterr().out)
    assert match, "the passing line"
    assert result.n_cases == 7
    X, y = blobs()                                   # the descent, redone with the log-likelihood of lecture 02
    N, l2 = X.shape[0], 0.01
    lr = 0.99 * 4 * N / (spectral2(X) + 2 * N * l2)
    W, E = np.zeros((3, 3)), []
    for _ in range(21):
        E.append(-log_likelihood(W, X, y) / N + l2 / 2 * np.sum(W**2))
        W = W + lr * (grad_log_likelihood(W, X, y) / N - l2 * W)
    assert np.all(np.diff(E) < 0)
    assert match.groups() == (f"{np.log(3):.4f}", f"{E[-1]:.4f}")


def test_the_check_is_deterministic(capsys):
    check_safe_learning_rate(norm_2)
    first = capsys.readouterr().out
    check_safe_learning_rate(with_svd)
    assert capsys.readouterr().out == first


def frobenius(X, l2):
    N = len(X)
    return 4 * N / (np.linalg.norm(X) ** 2 + 2 * N * l2)


def test_the_frobenius_norm_is_named_with_both_norms():
    X = step_size.cases()[0][1]
    f, s = np.sum(X**2), spectral2(X)
    with pytest.raises(Incorrect, match=rf"^safe_learning_rate: {FIRST}it uses the Frobenius norm \|\|X\|\|_F "
                                        r"\(np\.linalg\.norm\(X\), NumPy's default for a matrix\), not the spectral "
                                        r"norm \|\|X\|\|_2 = np\.linalg\.norm\(X, 2\), the largest singular value: "
                                        rf"\|\|X\|\|_F\^2 sums ALL the squared singular values, {f:.4g} here against "
                                        rf"\|\|X\|\|_2\^2 = {s:.4g}\. {SAFE}") as info:
        check_safe_learning_rate(frobenius)
    assert f > 2 * s and not isinstance(info.value, Forbidden)


def _rate(norm=lambda X: np.linalg.norm(X, 2) ** 2, numerator=lambda N: 4 * N, penalty=lambda N: 2 * N, n=len):
    return lambda X, l2: numerator(n(X)) / (norm(X) + penalty(n(X)) * l2)


SLIPS = [
    ("unsquared", _rate(norm=lambda X: np.linalg.norm(X, 2)),
     FIRST + r"the norm is not squared: the bound has \|\|X\|\|_2\^2, the largest singular value SQUARED\. " + UNSAFE),
    ("frobenius_unsquared", _rate(norm=np.linalg.norm),
     FIRST + r"it uses the Frobenius norm .*\. Also: the norm is not squared"),
    ("bound_for_l", lambda X, l2: 4 / np.linalg.norm(X, 2) ** 2,
     FIRST + r"N is missing from the numerator: 4/\|\|X\|\|_2\^2 is the bound for l, the log-likelihood SUMMED over "
             r"the samples; E takes the MEAN, -\(1/N\) l, whose curvature is N times smaller, so its safe rate is N "
             r"times larger\. " + SAFE),
    ("bound_for_the_sum", _rate(numerator=lambda N: 4, penalty=lambda N: 2), FIRST + r"N is missing from the numerator"),
    ("no_penalty", _rate(penalty=lambda N: 0),
     SECOND + r"the penalty is forgotten: \(l2/2\)\|\|W\|\|\^2 adds l2 to the curvature of E: the curvature of E is "
              r"at most \|\|X\|\|_2\^2/\(2N\) \+ l2; times 2N, the denominator is \|\|X\|\|_2\^2 \+ 2N l2\. " + UNSAFE),
    ("penalty_without_2", _rate(penalty=lambda N: N),
     SECOND + r"the penalty lacks its factor 2: .*, not \|\|X\|\|_2\^2 \+ N l2\. " + UNSAFE),
    ("penalty_without_N", _rate(penalty=lambda N: 2),
     SECOND + r"the penalty term lacks its N: .*, not \|\|X\|\|_2\^2 \+ 2 l2\. " + UNSAFE),
    ("penalty_l2_alone", _rate(penalty=lambda N: 1), SECOND + r"the penalty term is l2 alone"),
    ("frobenius_of_gram", _rate(norm=lambda X: np.linalg.norm(X.T @ X)),
     FIRST + r"it uses the Frobenius norm of X\^T X \(np\.linalg\.norm\(X\.T @ X\)\), \S+ here, not its largest "
             r"eigenvalue \|\|X\^T X\|\|_2 = \|\|X\|\|_2\^2 = \S+ \(np\.linalg\.norm\(X\.T @ X, 2\)\)\. " + SAFE),
    ("gram_squared", _rate(norm=lambda X: np.linalg.norm(X.T @ X, 2) ** 2),
     FIRST + r"\|\|X\^T X\|\|_2 is already \|\|X\|\|_2\^2: squared again, it is \|\|X\|\|_2\^4\. " + SAFE),
    ("smallest", _rate(norm=lambda X: np.linalg.eigvalsh(X.T @ X)[0]),
     FIRST + r"it uses the SMALLEST singular value of X \(np\.linalg\.eigvalsh sorts the eigenvalues of X\^T X in "
             r"ascending order\): the bound needs the largest, \|\|X\|\|_2\^2\. " + UNSAFE),
    ("D_for_N", _rate(n=lambda X: X.shape[1]),
     FIRST + r"it uses D = X\.shape\[1\] = 3, the number of features, where the bound has N = X\.shape\[0\] = 40, "
             r"the number of samples\. " + SAFE),
    ("half", _rate(numerator=lambda N: 2 * N),
     FIRST + r"that is half the bound: the rate that maximizes the guaranteed decrease \(Exercise 4\)"),
    ("N_twice", lambda X, l2: 4 * len(X) / (np.linalg.norm(X, 2) ** 2 / len(X) + 2 * l2),
     FIRST + r"N counts twice: with \|\|X\|\|_2\^2/N in the denominator the numerator is 4"),
]


@pytest.mark.parametrize("fn, message", [s[1:] for s in SLIPS], ids=[s[0] for s in SLIPS])
def test_each_slip_is_named(fn, message):
    with pytest.raises(Incorrect, match="^safe_learning_rate: " + message) as info:
        check_safe_learning_rate(fn)
    assert not isinstance(info.value, Forbidden)


def test_a_wrong_rate_no_slip_explains_gets_the_formula_and_its_numbers():
    s = spectral2(step_size.cases()[0][1])
    with pytest.raises(Incorrect, match=rf"^safe_learning_rate: on a tall X \(N = 40, D = 3, bias column first\), l2 = "
                                        rf"0, it returns \S+, expected 4N/\(\|\|X\|\|_2\^2 \+ 2N l2\) = {160 / s:.6g} "
                                        rf"with N = X\.shape\[0\] = 40, \|\|X\|\|_2\^2 = np\.linalg\.norm\(X, 2\)\*\*2 = "
                                        rf"{s:.6g} and l2 = 0 \(lecture 05, 'The version used for training'\)\. {SAFE}"):
        check_safe_learning_rate(_rate(numerator=lambda N: 3 * N))
    with pytest.raises(Incorrect, match=r"expected 4N/.*\. A learning rate is positive\.$"):
        check_safe_learning_rate(lambda X, l2: -norm_2(X, l2))


@pytest.mark.parametrize("fn, message", [
    (lambda X, l2: None, r"^safe_learning_rate returned None on a tall X .*: did you forget the `return` statement\?$"),
    (lambda X, l2: np.nan, r"^safe_learning_rate: on a tall X .*, it returns nan, expected \S+: the rate is a finite "
                           r"positive number"),
    (lambda X, l2: np.full(X.shape[1], norm_2(X, l2)), r"^safe_learning_rate returned an array of shape \(3,\) on a "
                                                       r"tall X .*; expected a single number"),
    (lambda X, l2: np.float32(norm_2(X, l2)), r"^safe_learning_rate returns float32 numbers"),
    (lambda X, l2: 4 * len(X) / (np.linalg.norm(X, 2) ** 2 + 2 * len(X) * l2[0]),
     r"^safe_learning_rate raised TypeError: 'float' object is not subscriptable -- on a tall X \(N = 40"),
], ids=["None", "nan", "shape", "float32", "raises"])
def test_an_odd_result_gets_a_clear_message(fn, message):
    with pytest.raises(Incorrect, match=message):
        check_safe_learning_rate(fn)


def scales_X(X, l2):
    """The right number, computed by scaling the caller's X in place."""
    X /= np.sqrt(len(X))
    return 4 / (np.linalg.norm(X, 2) ** 2 + 2 * l2)


def test_a_function_that_changes_X_is_caught_even_with_the_right_number():
    assert np.isclose(scales_X(np.ones((4, 2)), 0.1), norm_2(np.ones((4, 2)), 0.1))
    with pytest.raises(Incorrect, match=r"^safe_learning_rate modifies its input `X` in place: after the call on a "
                                        r"tall X \(N = 40, D = 3, bias column first\), l2 = 0, X\[0, 0\] is 0\.1581 "
                                        r"instead of 1\. Compute new arrays"):
        check_safe_learning_rate(scales_X)


def test_right_on_the_inputs_but_wrong_on_the_blobs_names_the_blobs():
    def frobenius_on_large(X, l2):
        return (frobenius if len(X) > 100 else norm_2)(X, l2)
    with pytest.raises(Incorrect, match=r"^safe_learning_rate: on the blobs \(N = 150, D = 3\), l2 = 0\.01, it returns "
                                        r"\S+, expected \S+: it uses the Frobenius norm"):
        check_safe_learning_rate(frobenius_on_large)


def test_descent_beyond_the_bound_is_reported():
    X, _ = blobs()
    rate = norm_2(X, 0.01)
    assert step_size.descent_message(step_size.descent(0.99 * rate), 0.99 * rate) is None
    E = step_size.descent(10 * rate)
    assert len(E) == 21 and E[0] == pytest.approx(np.log(3), rel=1e-12)
    assert re.match(r"on the blobs, descent at 0\.99 × its rate \(lr = \S+\) does not lower E at step \d+: \S+ -> \S+\. "
                    r"Below the bound 4N/\(\|\|X\|\|_2\^2 \+ 2N l2\) every step must lower E",
                    step_size.descent_message(E, 10 * rate))


@pytest.mark.parametrize("fn, used", [
    (lambda X, l2: norm_2(X, l2) + 0 * loss_and_grad(np.zeros((X.shape[1], 2)), X, np.zeros(len(X), int))[0],
     "loss_and_grad"),
    (lambda X, l2: norm_2(add_bias(X)[:, 1:], l2), "add_bias"),
])
def test_other_course_functions_are_forbidden(fn, used):
    with pytest.raises(Forbidden, match=rf"^safe_learning_rate uses `course_utils\.{used}`, which this exercise does "
                                        r"not allow \(of course_utils it may use only `one_hot`, `softmax`\): no "
                                        r"credit for it"):
        check_safe_learning_rate(fn)


