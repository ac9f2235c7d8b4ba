"""An instructor's own check from a plain comparison (make_check, expect_close), and its use by the grader
(notebook_check): the three outcomes, each with a message that says what is wrong."""

import nbformat
import numpy as np
import pytest

from course_utils.checks import Incorrect, NotAttempted, expect_close, make_check
from course_utils.grading.spec import notebook_check


def compare_row_sums(fn):
    expect_close(fn(np.array([[1.0, 2.0], [3.0, 4.0]])), [3.0, 7.0], on="a 2x2 matrix")
    assert fn(np.zeros((0, 3))).shape == (0,), "a matrix without rows has no row sums: return an empty array"


check_row_sums = make_check("row_sums", compare_row_sums, signature="row_sums(M)")


def test_a_correct_function_prints_one_line(capsys):
    result = check_row_sums(lambda M: M.sum(axis=1))
    assert capsys.readouterr().out == "check_row_sums: correct (2 calls compared)\n"
    assert result.n_cases == 2


def test_an_unattempted_function_is_not_attempted_wherever_it_raises():
    def row_sums(M):
        raise NotImplementedError
    with pytest.raises(NotAttempted, match=r"^row_sums is not attempted yet: replace `raise NotImplementedError`"):
        check_row_sums(row_sums)


@pytest.mark.parametrize("fn, message", [
    (lambda M: M.sum(axis=0), r"^row_sums: the result on a 2x2 matrix at index \[0\] is 4, expected 3 "
                              r"\(relative error 0\.33, allowed 1e-09\)$"),
    (lambda M: M.sum(), r"returned a single number on a 2x2 matrix; expected an array of shape \(2,\)"),
    (lambda M: None, r"returned None on a 2x2 matrix: did you forget the `return` statement\?"),
    (lambda M: M.sum(axis=1) if len(M) else np.zeros(3), r"^row_sums: a matrix without rows has no row sums"),
    (lambda M: M[5], r"^row_sums raised IndexError: index 5 is out of bounds .* -- on the input "
                     r"\(an array of shape \(2, 2\)\)\. Hint: axis 0 of the indexed array has size 2, so its "
                     r"indices run from 0 to 1 \(or down to -2\): 5 is past its end\.$"),
    (lambda: 0, r"raised TypeError.*Hint: check that your function has exactly the signature row_sums\(M\)"),
])
def test_a_wrong_function_is_told_what_is_wrong(fn, message):
    with pytest.raises(Incorrect, match=message):
        check_row_sums(fn)


@pytest.mark.parametrize("fn, message", [
    (lambda M: M.sum(axis=1).tolist(), r"^row_sums: the result returned a Python list, not a NumPy array, on a 2x2 "
                                       r"matrix \(did you call \.tolist\(\)\? return the array itself\)$"),
    (lambda M: tuple(M.sum(axis=1)), r"^row_sums: the result returned a tuple of 2 items on a 2x2 matrix"),
    (lambda M: M.sum(axis=1).astype(np.float32), r"^row_sums: the result returns float32 numbers \(on a 2x2 matrix\)"),
    pytest.param(lambda M: M.sum(axis=1).astype(np.longdouble),
                 r"^row_sums: the result returns float(96|128) \(long double\) numbers \(on a 2x2 matrix\).*return "
                 r"float64\.$",
                 marks=pytest.mark.skipif(np.dtype(np.longdouble).itemsize == 8, reason="long double is float64")),
])
def test_expect_close_judges_return_types_as_the_checks_do(fn, message):
    """expect_close takes a NumPy array (or a number for a scalar): lists, tuples and other float types are told
    so, even where their numbers would be close enough (3 and 7 are exact in float32)."""
    with pytest.raises(Incorrect, match=message):
        check_row_sums(fn)


def test_expect_close_accepts_numbers_and_arrays_for_a_number(capsys):
    def compare_total(fn):
        expect_close(fn(np.arange(4.0)), 6.0, on="[0, 1, 2, 3]")
    for total in (lambda v: float(v.sum()), lambda v: v.sum(), lambda v: np.array([v.sum()]), lambda v: 6):
        make_check("total", compare_total)(total)
    assert capsys.readouterr().out.count("check_total: correct") == 4
    with pytest.raises(Incorrect, match=r"^total: the result returned a Python list of 1 item, not a single number"):
        make_check("total", compare_total)(lambda v: [v.sum()])


def test_a_plain_assert_without_a_message_still_names_the_comparison():
    namespace = {}
    exec("def compare(fn):\n    assert fn(1) == 2", namespace)      # as in a notebook: no assertion rewriting
    compare = namespace["compare"]
    with pytest.raises(Incorrect, match=r"^double: a comparison failed \(compare\)$"):
        make_check("double", compare)(lambda x: x)


def notebook(tmp_path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    path = tmp_path / "hw.ipynb"
    path.write_text(nbformat.writes(nb))
    return path


def test_the_grader_uses_the_check_the_notebook_defines(tmp_path, capsys):
    path = notebook(tmp_path, "import numpy as np\nfrom course_utils.checks import expect_close, make_check",
                    "def compare_double(fn):\n    expect_close(fn(np.arange(3.0)), [0, 2, 4], on='[0, 1, 2]')\n"
                    "check_double = make_check('double', compare_double)",
                    "def double(x):\n    raise NotImplementedError", "check_double(double)", "print('not run')")
    check = notebook_check(path, "check_double")
    check(lambda x: 2 * x)
    assert capsys.readouterr().out == "check_double: correct (1 calls compared)\n"
    with pytest.raises(Incorrect, match=r"double: the result on \[0, 1, 2\] at index \[0\] is 1, expected 0 "
                                        r"\(expected exactly 0 up to 0\)"):
        check(lambda x: x + 1)
    with pytest.raises(Incorrect, match=r"at index \[2\] is 3, expected 4 \(relative error 0\.25, allowed 1e-09\)"):
        check(lambda x: 2 * x + np.array([0, 0, -1]))


def test_a_check_defined_twice_or_never_is_an_error(tmp_path):
    path = notebook(tmp_path, "check_x = print", "check_x = print")
    with pytest.raises(ValueError, match=r"must define check_x in exactly one code cell; found 2"):
        notebook_check(path, "check_x")
    with pytest.raises(ValueError, match=r"must define check_y in exactly one code cell; found 0"):
        notebook_check(path, "check_y")
