"""Grading specs: what load_homework accepts, and that the course's grading/ matches its solutions/.

Every graded code cell of a worked homework (an nbgrader cell with points that
calls ``check_<f>(<f>)``) must have a Question for ``f`` in grading/ with the
same points, and every Question a graded cell: a question added to one side
only would be graded by one tool and not the other, or not at all.
"""

import ast
import json
import pathlib

import pytest

from course_utils.grading.spec import Homework, Question, load_homework, written_questions

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOMEWORK = sorted(p.stem for p in (ROOT / "solutions").glob("hw*.ipynb"))


def graded_checks(notebook):
    """``{function: points}`` of the notebook's graded code cells, from the check each one calls."""
    found = {}
    for cell in json.loads(pathlib.Path(notebook).read_text())["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        calls = [n for n in ast.walk(ast.parse("".join(cell["source"]))) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name) and n.func.id.startswith("check_")]
        assert len(calls) == 1, f"{notebook}: graded cell {meta.get('grade_id')} must call one check"
        found[calls[0].func.id[len("check_"):]] = meta["points"]
    return found


@pytest.mark.parametrize("homework", HOMEWORK)
def test_every_graded_cell_has_its_question_with_the_same_points_and_back(homework):
    spec = load_homework(ROOT / "grading" / f"{homework}.py")
    in_grading = {q.function: q.points for q in spec.questions}
    assert graded_checks(ROOT / "solutions" / f"{homework}.ipynb") == in_grading


def test_every_homework_has_a_grading_module():
    assert HOMEWORK and {p.stem for p in (ROOT / "grading").glob("hw*.py")} == set(HOMEWORK)


def test_a_forgotten_question_is_caught(tmp_path):
    """The comparison above fails when a graded cell has no question (here: a question removed)."""
    spec = load_homework(ROOT / "grading" / "hw1_softmax_likelihood.py")
    trimmed = {q.function: q.points for q in spec.questions[1:]}
    assert graded_checks(ROOT / "solutions" / "hw1_softmax_likelihood.ipynb") != trimmed


def test_the_courses_own_function_is_always_forbidden():
    question = Question("softmax", 3, forbidden=["scipy.special.softmax"])
    assert question.all_forbidden() == ("scipy.special.softmax", "course_utils.softmax")
    homework = Homework("hw", [question, Question("f", 1)])
    assert homework.forbidden() == ["course_utils.f", "course_utils.softmax", "scipy.special.softmax"]


@pytest.mark.parametrize("text, message", [
    ("QUESTIONS = []", r"must define QUESTIONS, a non-empty list of Question; got \[\]"),
    ("QUESTIONS = ['softmax']", r"must define QUESTIONS, a non-empty list of Question; got \['softmax'\]"),
    ("from course_utils.grading.spec import Question\nQUESTIONS = [Question('f', 1)]\nPROVIDES = ('fit_lbfgs',)",
     r"hw9: PROVIDES may only name functions of course_utils.numerics or course_utils.data .*; got fit_lbfgs"),
])
def test_a_broken_spec_is_refused_with_what_was_expected(tmp_path, text, message):
    (tmp_path / "hw9.py").write_text(text)
    with pytest.raises(ValueError, match=message):
        load_homework(tmp_path / "hw9.py")


@pytest.mark.parametrize("homework", HOMEWORK)
@pytest.mark.parametrize("folder", ["solutions", "exercises"])
def test_each_homework_says_how_many_points_its_written_answers_and_its_code_carry(homework, folder):
    import re

    cells = json.loads((ROOT / folder / f"{homework}.ipynb").read_text())["cells"]
    points = {"markdown": 0, "code": 0}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            points[cell["cell_type"]] += meta["points"]
    intro = "".join(cells[0]["source"])
    stated = re.search(r"written questions \((\d+) points\) are graded by hand.*code exercises \((\d+) points\) "
                       r"by their checks.*Total: (\d+) points", intro, re.S)
    assert stated, "the first cell must say how the written answers and the code are graded"
    assert tuple(map(int, stated.groups())) == (points["markdown"], points["code"], sum(points.values()))


@pytest.mark.parametrize("homework", HOMEWORK)
def test_automatic_and_written_points_add_up_to_the_notebooks_metadata(homework):
    spec = load_homework(ROOT / "grading" / f"{homework}.py")
    total = sum(c["metadata"]["nbgrader"]["points"]
                for c in json.loads((ROOT / "solutions" / f"{homework}.ipynb").read_text())["cells"]
                if c.get("metadata", {}).get("nbgrader", {}).get("grade"))
    assert sum(q.points for q in spec.questions) + sum(w.points for w in spec.written) == total
    assert spec.written and all(w.prompt.startswith("## Question") for w in spec.written)


@pytest.mark.parametrize("homework", HOMEWORK)
def test_the_written_answers_a_module_carries_are_those_of_the_worked_notebook(homework):
    """A module states its written answers itself (a tests folder stands alone); they must not drift."""
    spec = load_homework(ROOT / "grading" / f"{homework}.py")
    assert list(spec.written) == written_questions(ROOT / "solutions" / f"{homework}.ipynb")


def test_a_copy_of_grading_alone_loads_without_solutions_beside_it(tmp_path):
    """The layout the README and docs/grading/ advise: a private copy of grading/, nothing else."""
    import shutil

    shutil.copytree(ROOT / "grading", tmp_path / "private" / "grading")
    for homework in HOMEWORK:
        spec = load_homework(tmp_path / "private" / "grading" / f"{homework}.py")
        assert spec.written == load_homework(ROOT / "grading" / f"{homework}.py").written
