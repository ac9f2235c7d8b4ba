"""Lecture 06's coding exercise spot_check(f, G, W, entries, h): its check passes the right function with a line
that teaches how to choose entries, and names each classic slip in its own words."""


import numpy as np
import pytest

import course_utils
from course_utils import add_bias, loss_and_grad, numerical_gradient, relative_error
from course_utils.checks import Forbidden, Incorrect
from course_utils.checks.spot_check import _cases, _differences, check_spot_check

LINE = ("check_spot_check: correct (7 cases, 2 evaluations of f per entry; on lecture 06's problem, a gradient of E "
        "whose bias row (row 0) is left at 0 passes the entries (1, 0), (2, 1), (1, 2), all below 1e-6, but (0, 0), "
        "(1, 1), (2, 2), one per row and column, catch it: relative error 1 at (0, 0). Spot-check entries from every "
        "row and every column)\n")
CUBIC = (r"on the cubic f\(W\) = sum of W\[:, 1:\]\*\*3 with h = 0\.01, G exact \(f does not depend on column 0: "
         r"G and n ")


def relative(error, g, n):
    """The relative error of lecture 06, or a slip of it."""
    if error == "absolute":
        return abs(g - n)
    if error == "signed":
        return (g - n) / max(abs(g), abs(n), 1e-8)
    if error == "sum":
        return abs(g - n) / max(abs(g) + abs(n), 1e-8)
    if error == "over G":
        return abs(g - n) / max(abs(g), 1e-8)
    if error == "no floor":
        return abs(g - n) / max(abs(g), abs(n))                         # 0 / 0 raises ZeroDivisionError
    if error == "no floor numpy":
        return np.abs(g - n) / np.maximum(np.abs(g), np.abs(n))         # 0 / 0 is nan
    return abs(g - n) / max(abs(g), abs(n), 1e-8)


def written(difference="central", error="lecture", copy=True, restore=True, fixed_h=None, extra=0, out=np.array):
    """A student's spot_check, right by default, with one slip chosen by the arguments."""
    def spot_check(f, G, W, entries, h=1e-5):
        h = fixed_h or h
        errors = []
        for d, k in entries:
            Wp = W.copy() if copy else W
            old = Wp[d, k]
            Wp[d, k] = old + h
            f_plus = f(Wp)
            Wp[d, k] = old - h
            f_minus = f(Wp)
            if restore:
                Wp[d, k] = old
            for _ in range(extra):
                f(W)
            if difference == "central":
                n = (f_plus - f_minus) / (2 * h)
            elif difference == "over h":
                n = (f_plus - f_minus) / h
            elif difference == "forward":
                n = (f_plus - f(W)) / h
            else:
                n = (f(W) - f_minus) / h
            errors.append(relative(error, G[d, k], n))
        return out(errors)
    return spot_check


def test_the_right_function_passes_with_a_line_that_says_which_entries_catch_the_bug(capsys):
    result = check_spot_check(written())
    assert capsys.readouterr().out == LINE
    assert result.check == "check_spot_check" and result.n_cases == 7


def test_the_passing_line_tells_the_truth_about_lecture_06s_problem():
    """Independent oracle: the course's numerical_gradient and relative_error on lecture 06's own X, y, W."""
    rng = np.random.default_rng(0)
    X = add_bias(rng.standard_normal((6, 2)))
    W = rng.standard_normal((3, 3))
    y = rng.permutation(np.arange(6) % 3)
    G = loss_and_grad(W, X, y, l2=0.1)[1]
    G[0] = 0.0
    rel = relative_error(G, numerical_gradient(lambda W_: loss_and_grad(W_, X, y, l2=0.1)[0], W))
    assert np.all(rel[1:] < 1e-6) and np.all(rel[0] == 1.0)


def test_the_checks_reference_on_the_cubic_is_the_exact_central_difference():
    """For f = sum of w^3 the central difference is exactly 3 w^2 + h^2: the relative error is h^2 / (3 w^2 + h^2)."""
    case = _cases()[0]
    plus, _, minus = _differences(case, case.h)
    w = np.array([case.W[e] for e in case.entries])
    used = np.array([k != 0 for _, k in case.entries])
    exact = np.where(used, 3 * w ** 2 + case.h ** 2, 0.0)
    assert np.allclose((plus - minus) / (2 * case.h), exact, rtol=1e-12, atol=1e-12)
    rel = case.h ** 2 / exact[used]                  # G = 3 w^2 exactly: the error is the step's own h^2
    assert 1e-6 < rel.min() and rel.max() < 1e-4     # far above round-off, far below any slip


@pytest.mark.parametrize("fn, message", [
    (written(difference="forward"), CUBIC + r".*your errors are those of a one-sided difference \(f\(W \+ h e\) - "
                                    r"f\(W\)\) / h, whose error is O\(h\): lecture 06 uses the central difference "
                                    r"\(f\(W \+ h e\) - f\(W - h e\)\) / \(2h\), whose error is O\(h\^2\)$"),
    (written(difference="backward"), CUBIC + r".*one-sided difference \(f\(W\) - f\(W - h e\)\) / h, whose error is "
                                     r"O\(h\)"),
    (written(difference="over h"), CUBIC + r".*your errors are those of a numerical estimate n divided by h instead "
                                   r"of 2h, twice too large: the two points W \+ h e and W - h e are 2h apart$"),
    (written(fixed_h=1e-5), CUBIC + r".*your errors are those of the step 1e-5, not of the step passed \(h=0\.01\): "
                            r"use the argument h$"),
    (written(error="absolute"), CUBIC + r".*you return the absolute error \|G - n\|: return the relative error "
                                r"\|G - n\| / max\(\|G\|, \|n\|, 1e-8\), which does not depend on the scale"),
    (written(error="signed"), CUBIC + r".*your relative errors keep the sign of G - n: take the absolute value"),
    (written(error="sum"), CUBIC + r".*you divide by \|G\| \+ \|n\|: lecture 06 divides by the larger of the two, "
                           r"max\(\|G\|, \|n\|, 1e-8\) \(a sign error then gives 2, not 1\)$"),
    (written(error="over G"), r"^spot_check: on f\(W\) = sum\(exp\(W\)\) with h = 1e-4, G halved in column 3, you "
                              r"divide by \|G\| only: lecture 06 divides by the larger of \|G\| and \|n\|"),
])
def test_each_classic_slip_is_named(fn, message):
    with pytest.raises(Incorrect, match=message) as info:
        check_spot_check(fn)
    assert not isinstance(info.value, Forbidden)


@pytest.mark.parametrize("error", ["no floor", "no floor numpy"])
def test_no_floor_is_named_at_the_entry_where_G_and_n_are_both_0(error):
    with pytest.raises(Incorrect, match=r"^spot_check divides 0 by 0 at entry \(1, 0\) of the cubic .* where G and n "
                                        r"are both exactly 0: lecture 06's relative error divides by "
                                        r"max\(\|G\|, \|n\|, 1e-8\), whose floor makes that error 0$"):
        check_spot_check(written(error=error))


def whole_gradient(f, G, W, entries, h=1e-5):
    n = np.empty_like(W)
    for d, k in np.ndindex(W.shape):                 # the whole numerical gradient, written out
        Wp = W.copy()
        Wp[d, k] += h
        f_plus = f(Wp)
        Wp[d, k] -= 2 * h
        n[d, k] = (f_plus - f(Wp)) / (2 * h)
    return np.array([abs(G[e] - n[e]) / max(abs(G[e]), abs(n[e]), 1e-8) for e in entries])


def test_the_whole_numerical_gradient_and_extra_evaluations_are_counted():
    with pytest.raises(Incorrect, match=r"^spot_check evaluated f 24 times for 5 entries on the cubic .*: you computed "
                                        r"the whole numerical gradient\. Spot-checking costs 2 evaluations per entry, "
                                        r"f\(W \+ h e\) and f\(W - h e\): 10 here$"):
        check_spot_check(whole_gradient)
    with pytest.raises(Incorrect, match=r"^spot_check evaluated f 15 times for 5 entries on the cubic .* there\): "
                                        r"Spot-checking costs 2 evaluations per entry"):
        check_spot_check(written(extra=1))


def test_w_not_restored_and_g_changed_are_caught_and_do_not_spoil_later_runs(capsys):
    with pytest.raises(Incorrect, match=r"^spot_check modifies its input `W` in place: after the call on the cubic .*, "
                                        r"W\[0, 1\] is -0\.81 instead of -0\.8\. Leave W and G as they were: perturb "
                                        r"a copy of W \(W\.copy\(\)\), or put each entry back after its two "
                                        r"evaluations of f; spot_check only reads the analytic gradient G$"):
        check_spot_check(written(copy=False, restore=False))

    def writes_G(f, G, W, entries, h=1e-5):
        errors = written()(f, G, W, entries, h)
        G[0, 0] = 5.0
        return errors
    with pytest.raises(Incorrect, match=r"^spot_check modifies its input `G` in place: .* G\[0, 0\] is 5 instead of "
                                        r"0\. Leave W and G as they were: .* spot_check only reads the analytic "
                                        r"gradient G$"):
        check_spot_check(writes_G)
    check_spot_check(written())                      # the check's own arrays were not touched
    assert capsys.readouterr().out == LINE


def test_perturbing_w_in_place_and_restoring_it_is_fine(capsys):
    check_spot_check(written(copy=False))            # saved entry put back: W unchanged afterwards

    def by_arithmetic(f, G, W, entries, h=1e-5):     # += h, -= 2h, += h: W back up to round-off
        errors = []
        for d, k in entries:
            W[d, k] += h
            f_plus = f(W)
            W[d, k] -= 2 * h
            f_minus = f(W)
            W[d, k] += h
            n = (f_plus - f_minus) / (2 * h)
            errors.append(abs(G[d, k] - n) / max(abs(G[d, k]), abs(n), 1e-8))
        return np.array(errors)
    check_spot_check(by_arithmetic)
    assert capsys.readouterr().out == 2 * LINE


@pytest.mark.parametrize("out, message", [
    (lambda e: None, r"^spot_check returned None on the cubic .*: did you forget the `return` statement\?$"),
    (list, r"^spot_check returned a Python list, not a NumPy array, on the cubic"),
    (lambda e: np.array(e)[:, None], r"^spot_check returned an array of shape \(5, 1\) on the cubic .*; expected shape "
                                     r"\(5,\).* Hint: return one relative error per entry of `entries`, in their "
                                     r"order\.$"),
    (lambda e: np.full(len(e), np.nan), CUBIC + r".*the relative error of entry \(0, 1\) is nan, expected 5\.208e-05 "
                                        r"\(there G = 1\.92 and the central difference gives n = 1\.9201\)$"),
    (lambda e: 2 * np.array(e), CUBIC + r".*the relative error of entry \(0, 1\) is 0\.0001042, expected 5\.208e-05"),
])
def test_a_wrong_return_value_gets_a_clear_message(out, message):
    with pytest.raises(Incorrect, match=message):
        check_spot_check(written(out=out))


def test_f_called_with_a_number_or_the_wrong_arguments_is_explained():
    def perturbs_a_number(f, G, W, entries, h=1e-5):
        return np.array([f(W[d, k] + h) for d, k in entries])
    with pytest.raises(Incorrect, match=r"^spot_check: f was called with a float64; f takes the whole matrix W, of "
                                        r"shape \(3, 4\): pass a copy of W with the one entry \(d, k\) moved by h "
                                        r"\(on the cubic"):
        check_spot_check(perturbs_a_number)

    def transposed(f, G, W, entries, h=1e-5):
        return written()(f, G, W, [(k, d) for d, k in entries], h)
    with pytest.raises(Incorrect, match=r"^spot_check raised IndexError: index 3 is out of bounds .* -- on the cubic"):
        check_spot_check(transposed)

    def no_default(f, G, W, entries, h):
        return written()(f, G, W, entries, h)
    with pytest.raises(Incorrect, match=r"missing 1 required positional argument: 'h' -- on the quadratic .* Hint: "
                                        r"check that your function has exactly the signature "
                                        r"spot_check\(f, G, W, entries, h=1e-5\)\.$"):
        check_spot_check(no_default)


def with_numerical_gradient(f, G, W, entries, h=1e-5):
    n = course_utils.numerical_gradient(f, W, h=h)
    return np.array([abs(G[e] - n[e]) / max(abs(G[e]), abs(n[e]), 1e-8) for e in entries])


def with_relative_error(f, G, W, entries, h=1e-5):
    ones = np.ones(len(entries))
    return course_utils.relative_error(ones, ones) + written()(f, G, W, entries, h)


def with_gradient_check(f, G, W, entries, h=1e-5):
    course_utils.gradient_check(f, G, W, h=h)
    return written()(f, G, W, entries, h)


@pytest.mark.parametrize("fn, name", [(with_numerical_gradient, "numerical_gradient"),
                                      (with_relative_error, "relative_error"),
                                      (with_gradient_check, "gradient_check")])
def test_course_utils_gradient_checking_is_forbidden(fn, name):
    with pytest.raises(Forbidden, match=rf"^spot_check uses `course_utils\.{name}`, which this exercise does not "
                                        rf"allow \(of course_utils it may use only `one_hot`, `softmax`\): no credit "
                                        rf"for it\."):
        check_spot_check(fn)


def test_softmax_and_one_hot_are_allowed(capsys):
    def with_softmax(f, G, W, entries, h=1e-5):
        course_utils.softmax(np.zeros(3))
        course_utils.one_hot(np.array([0, 1]), 2)
        return written()(f, G, W, entries, h)
    check_spot_check(with_softmax)
    assert capsys.readouterr().out == LINE


