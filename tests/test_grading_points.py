"""At start the grader checks its modules against the notebooks: the points of every question and written
answer (majority of the submissions' nbgrader metadata), and that every module imports at all."""

import json
import pathlib
import shutil

import pytest

from course_utils.grading import points
from course_utils.grading.cli import main
from course_utils.grading.spec import load_homework
from course_utils.grading.submissions import find_submissions

ROOT = pathlib.Path(__file__).resolve().parent.parent
HW = "hw1_softmax_likelihood"


def with_points(grade_id, value):
    """The worked homework 1 with the graded cell ``grade_id`` worth ``value`` points."""
    nb = json.loads((ROOT / "solutions" / f"{HW}.ipynb").read_text())
    (cell,) = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id]
    cell["metadata"]["nbgrader"]["points"] = value
    return json.dumps(nb)


def make_class(root, texts):
    for i, text in enumerate(texts):
        (root / "subs" / f"s{i}").mkdir(parents=True)
        (root / "subs" / f"s{i}" / f"{HW}.ipynb").write_text(text)
    shutil.copytree(ROOT / "grading", root / "tests")
    return root / "subs", root / "tests"


def grade(capsys, subs, tests, out):
    code = main(["grade", str(subs), "--tests", str(tests), "--out", str(out), "--workers", "1"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("homework", sorted(p.stem for p in (ROOT / "solutions").glob("hw*.ipynb")))
@pytest.mark.parametrize("folder", ["solutions", "exercises"])
def test_the_courses_modules_agree_with_the_notebooks_they_grade(tmp_path, homework, folder):
    (tmp_path / "s").mkdir()
    shutil.copy(ROOT / folder / f"{homework}.ipynb", tmp_path / "s")
    spec = load_homework(ROOT / "grading" / f"{homework}.py")
    assert points.graded_cells(tmp_path / "s" / f"{homework}.ipynb")
    assert points.mismatches({homework: spec}, find_submissions(tmp_path)) == []


@pytest.mark.parametrize("grade_id, item", [("check_softmax", "softmax"), ("q2_log_softmax", "q2_log_softmax")])
def test_a_module_that_disagrees_with_the_class_notebook_stops_the_grader(tmp_path, capsys, grade_id, item):
    stated = 3 if item == "softmax" else 1
    subs, tests = make_class(tmp_path, [with_points(grade_id, 5)] * 3)
    code, err = grade(capsys, subs, tests, tmp_path / "out")
    assert code == 2
    assert err == ("course-grade: the grading modules' points disagree with the notebooks (fix the module or the "
                   f"notebook):\n  {HW}: question {item} is worth {stated} points in its grading module but 5 in "
                   "the nbgrader metadata of 3 of 3 submitted notebooks\n")
    assert not (tmp_path / "out").exists()


def test_one_tampered_notebook_is_outvoted_by_the_class(tmp_path):
    honest = (ROOT / "solutions" / f"{HW}.ipynb").read_text()
    subs, tests = make_class(tmp_path, [honest, with_points("check_softmax", 300), honest])
    homeworks = {HW: load_homework(tests / f"{HW}.py")}
    assert points.mismatches(homeworks, find_submissions(subs)) == []
    (subs / "s0" / f"{HW}.ipynb").write_text(with_points("check_softmax", 300))
    assert points.mismatches(homeworks, find_submissions(subs)) == [
        f"{HW}: question softmax is worth 3 points in its grading module but 300 in the nbgrader metadata of 2 of 3 "
        "submitted notebooks"]


@pytest.mark.parametrize("source, error", [
    ("QUESTIONS = [", "SyntaxError: '[' was never closed (hw9.py, line 1)"),
    ("import no_such_module_xyz", "ModuleNotFoundError: No module named 'no_such_module_xyz'"),
    ("x = 1 / 0", "ZeroDivisionError: division by zero"),
    ("import sys\nsys.exit(3)", "SystemExit: 3"),
    ("QUESTIONS = [Question('f', 1, public=[notebook_check(SOLUTIONS / 'hw.ipynb', 'check_f')])]",
     "NameError: name 'Question' is not defined"),
])
def test_a_broken_grading_module_exits_2_with_its_error_and_no_traceback(tmp_path, capsys, source, error):
    (tmp_path / "subs" / "s0").mkdir(parents=True)
    (tmp_path / "subs" / "s0" / "hw9.ipynb").write_text((ROOT / "solutions" / f"{HW}.ipynb").read_text())
    (tmp_path / "tests").mkdir()
    path = tmp_path / "tests" / "hw9.py"
    path.write_text(source + "\n")
    code, err = grade(capsys, tmp_path / "subs", tmp_path / "tests", tmp_path / "out")
    assert (code, err) == (2, f"course-grade: grading module {path} cannot be imported: "
                              f"{error}\n")


def test_a_module_without_questions_exits_2_naming_it(tmp_path, capsys):
    (tmp_path / "subs" / "s0").mkdir(parents=True)
    (tmp_path / "subs" / "s0" / "hw9.ipynb").write_text("{}")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "hw9.py").write_text("PROVIDES = ()\n")
    code, err = grade(capsys, tmp_path / "subs", tmp_path / "tests", tmp_path / "out")
    assert (code, err) == (2, f"course-grade: {tmp_path / 'tests' / 'hw9.py'} must define QUESTIONS, a non-empty "
                              "list of Question; got []\n")
