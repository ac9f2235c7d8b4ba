"""What students write around their work in Jupyter, and where a question is graded, through ``course-grade``.

Each notebook idiom of grading_support.IDIOMS (``%matplotlib inline`` first in the import cell, ``%timeit``,
``interact``, ``input()``, ``!pip install``...) around the worked fixture homework gets full marks, as root here
and as an ordinary user in tests/test_grading_user.py.  A question is graded on the function the notebook's own
check received, as nbgrader grades the check cell where it stands (README, "How a notebook is graded").
"""

import sys

import pytest

from grading_support import BOTH, HOMEWORK, IDIOMS, SOFTMAX, STANDS, grade_idioms, idiom_notebook, record, statuses

pytestmark = [pytest.mark.usefixtures("sandbox_available"),
              pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
              pytest.mark.timeout(180)]

@pytest.fixture(scope="module")
def idioms_graded(tmp_path_factory):
    out, proc = grade_idioms(sys.executable, tmp_path_factory.mktemp("idioms"), capture_output=True, text=True,
                             timeout=170)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("idiom", sorted(IDIOMS))
def test_each_notebook_idiom_gets_full_marks(idioms_graded, idiom):
    got = record(idioms_graded, idiom)
    assert statuses(idioms_graded, idiom) == {q: next(iter(s)) for q, s in BOTH.items()}, got["questions"]
    assert got["cells_with_errors"] == [], got["cells_with_errors"]


def test_what_grading_cannot_do_as_jupyter_did_is_noted(idioms_graded):
    """``input()`` gets an empty answer and ``!pip``/``%pip`` do nothing: each said once, with its cell, no host path."""
    (typed,) = record(idioms_graded, "input_left_in")["notes"]
    assert typed.startswith("cell 7: input() was called") and "empty string" in typed
    pip = record(idioms_graded, "pip_install")["notes"]
    assert pip == ["cell 2: `!pip install numpy scipy` was not run while grading (no shell, no network): the "
                   "notebook went on as if it printed nothing",
                   "cell 2: `%pip install matplotlib` was not run while grading (no shell, no network): the "
                   "notebook went on as if it printed nothing"]
    assert record(idioms_graded, "matplotlib_inline_and_config")["notes"] == []


@pytest.mark.parametrize("student", sorted(STANDS))
def test_a_question_is_graded_where_its_check_stands(idioms_graded, student):
    assert statuses(idioms_graded, student) == STANDS[student][1], record(idioms_graded, student)["questions"]


def test_a_redefinition_after_the_check_is_said_in_the_feedback(idioms_graded):
    """The later definition is neither graded nor silently ignored: the diagnosis names the check's cell."""
    for student in ("redefined_after_check", "stub_checked_real_later"):
        softmax = record(idioms_graded, student)["questions"][0]
        assert "the check in cell 4 received" in softmax["diagnosis"], softmax
        assert "defined again after that check ran" in softmax["diagnosis"]
        page = (idioms_graded / "feedback" / student / f"{HOMEWORK}.html").read_text()
        assert "defined again after that check ran" in page
    log_likelihood = record(idioms_graded, "redefined_after_check")["questions"][1]
    assert "defined again" not in log_likelihood["diagnosis"]
    assert "defined again" not in record(idioms_graded, "checks_never_called")["questions"][0]["diagnosis"]


def test_the_idioms_are_written_as_students_write_them():
    """A magic comes first in the import cell, where a failure would cost every import after it, and the worked
    functions are there."""
    import nbformat
    cells = [c.source for c in nbformat.reads(idiom_notebook("matplotlib_inline_and_config"), 4).cells]
    assert cells[1].startswith("%matplotlib inline\n") and "\nimport numpy as np\n" in cells[1] and SOFTMAX in cells
