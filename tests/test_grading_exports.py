"""The instructor's side: plain CSV exports an LMS and pandas read, written answers graded by question, feedback.

A small class of the fixture homework with a written question is graded once;
every export is read with ``pandas.read_csv`` and its default arguments, as a
spreadsheet or an LMS import would.
"""

import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from course_utils.grading.cli import main
from grading_support import FIXTURE_TESTS, HOMEWORK, grade_argv, honest, record

pytestmark = [pytest.mark.usefixtures("sandbox_available"), pytest.mark.timeout(180)]

WRITTEN = ('\nfrom course_utils.grading.spec import Written\n'
           'WRITTEN = [Written("q_shift", 2, "## Why may we subtract the maximum?\\n\\nShow $\\\\sigma(a - c) = '
           '\\\\sigma(a)$.")]\n')
ANSWER = ("Because $e^{a_k - c} / \\sum_j e^{a_j - c} = \\sigma_k(a)$.\n\n<script>alert('x')</script> "
          "[click](javascript:alert(1))")
STUDENTS = {"student_alpha": honest(extra=[]), "student_beta": honest(softmax="def softmax(a, axis=-1):\n"
                                                                            "    raise NotImplementedError\n"),
            "student_gamma": honest(softmax="def softmax(a, axis=-1):\n    return a\n")}
ROSTER = ("folder,first_name,last_name,email,student_id,canvas_id,sis_login_id,section\n"
          "student_alpha,Ada,Lovelace,ada@example.edu,S001,101,ada,A\n"
          "student_beta,Blaise,Pascal,blaise@example.edu,S002,102,blaise,A\n"
          "student_gamma,Carl,Gauss,carl@example.edu,S003,103,carl,B\n"
          "student_delta,Dora,Noether,dora@example.edu,S004,104,dora,B\n")


def with_answer(text, answer):
    nb = json.loads(text)
    nb["cells"].append({"cell_type": "markdown", "id": "answer", "source": answer,
                        "metadata": {"nbgrader": {"grade": True, "grade_id": "q_shift", "points": 2, "solution": True,
                                                  "locked": False, "schema_version": 3, "task": False}}})
    return json.dumps(nb)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("exports")
    shutil.copytree(FIXTURE_TESTS, tmp / "tests")
    with open(tmp / "tests" / f"{HOMEWORK}.py", "a") as fh:
        fh.write(WRITTEN)
    for student, text in STUDENTS.items():
        (tmp / "subs" / student).mkdir(parents=True)
        answer = ANSWER if student == "student_alpha" else "YOUR ANSWER HERE"
        (tmp / "subs" / student / f"{HOMEWORK}.ipynb").write_text(with_answer(text, answer))
    (tmp / "roster.csv").write_text(ROSTER)
    proc = subprocess.run(grade_argv(sys.executable, tmp / "subs", tmp / "tests", tmp / "out", "--roster",
                                     str(tmp / "roster.csv")), capture_output=True, text=True, timeout=170)
    assert proc.returncode == 0, proc.stderr
    return tmp / "out", tmp


def test_every_export_reads_with_pandas_defaults_and_has_its_header_on_line_1(graded):
    out = graded[0]
    book = pd.read_csv(out / "gradebook.csv")
    assert list(book.columns[:6]) == ["student", "homework", "score", "max_score", "written_ungraded", "error"]
    assert f"{HOMEWORK}:q_shift (written)" in book.columns
    row = book.set_index("student").loc["student_alpha"]
    assert (row["score"], row["max_score"], row["written_ungraded"]) == (5, 7, 1)
    students = pd.read_csv(out / "students.csv").set_index("student")
    assert list(students.index) == ["student_alpha", "student_beta", "student_delta", "student_gamma"]
    assert students.loc["student_alpha", "last_name"] == "Lovelace" and students.loc["student_alpha", "total"] == 5
    assert pd.isna(students.loc["student_delta", HOMEWORK]) and students.loc["student_delta", "total"] == 0
    assert set(students["max_total"]) == {7}


def test_canvas_import_file_follows_canvas_columns(graded):
    out = graded[0]
    assert (out / "canvas.csv").read_text().splitlines()[:2] == [
        f"Student,ID,SIS User ID,SIS Login ID,Section,{HOMEWORK}", "Points Possible,,,,,7"]
    canvas = pd.read_csv(out / "canvas.csv")
    alpha = canvas[canvas["SIS Login ID"] == "ada"].iloc[0]
    assert (alpha["Student"], alpha["ID"], alpha["SIS User ID"], alpha["Section"], alpha[HOMEWORK]) == \
        ("Lovelace, Ada", 101, "S001", "A", 5)


def test_moodle_import_file_follows_moodle_columns(graded):
    out = graded[0]
    assert (out / "moodle.csv").read_text().splitlines()[0] == f"First name,Last name,ID number,Email address,{HOMEWORK}"
    moodle = pd.read_csv(out / "moodle.csv").set_index("Email address")
    assert moodle.loc["carl@example.edu", HOMEWORK] == 3 and moodle.loc["ada@example.edu", "ID number"] == "S001"


def test_scores_print_the_same_way_everywhere(graded):
    out = graded[0]
    for name in ("gradebook.csv", "students.csv", "canvas.csv", "moodle.csv"):
        text = (out / name).read_text()
        assert ".0," not in text and not text.replace("\n", ",").count(".0,"), name


def test_the_run_is_described_in_run_json(graded):
    run = json.loads((graded[0] / "run.json").read_text())
    assert run["homework"][HOMEWORK]["points"] == {"code": 5, "written": 2}
    assert run["protections"] and run["python"] and run["submissions"] == 3 and run["graded"] == 3


def test_written_answers_are_one_anonymous_page_per_question(graded):
    out = graded[0]
    page = (out / "manual" / HOMEWORK / "q_shift.html").read_text()
    assert "<math" in page and "Content-Security-Policy" in page and "<script" not in page
    assert "&lt;script&gt;" in page and "javascript:" not in page.replace("[click](javascript:", "")
    assert not any(name in page for name in STUDENTS), "a grading page names a student"
    sheet = pd.read_csv(out / "manual" / HOMEWORK / "q_shift.csv")
    assert list(sheet.columns) == ["answer", "max_points", "points", "comment", "status", "version"]
    assert len(sheet) == 3
    assert sorted(sheet["comment"].fillna("")) == ["", "no answer", "no answer"]
    assert (out / "manual" / "key").stat().st_mode & 0o777 == 0o600


def fill(out, points, comment):
    path = out / "manual" / HOMEWORK / "q_shift.csv"
    sheet = pd.read_csv(path, dtype=str).fillna("")
    answered = sheet["comment"] != "no answer"
    sheet.loc[answered, "points"], sheet.loc[answered, "comment"] = points, comment
    sheet.to_csv(path, index=False)


def test_entered_points_reach_the_gradebook_the_exports_and_the_feedback(graded, capsys):
    out = graded[0]
    fill(out, "1.5", "Right, but say why the factor cancels.")
    assert main(["manual", str(out), "--roster", str(graded[1] / "roster.csv")]) == 0
    assert "3 written answers graded, 0 still to grade" in capsys.readouterr().err
    alpha = record(out, "student_alpha")
    assert alpha["score"] == 6.5 and alpha["written"][0]["comment"].startswith("Right")
    assert pd.read_csv(out / "gradebook.csv").set_index("student").loc["student_alpha", "score"] == 6.5
    assert pd.read_csv(out / "students.csv").set_index("student").loc["student_alpha", "total"] == 6.5
    feedback = (out / "feedback" / "student_alpha" / f"{HOMEWORK}.html").read_text()
    assert "6.5 / 7 points" in feedback and "Right, but say why the factor cancels." in feedback
    assert "1.5 / 2 points" in feedback and "<math" in feedback and "<script" not in feedback
    assert main(["manual", str(out)]) == 0                     # the sheets keep what was entered
    assert record(out, "student_alpha")["score"] == 6.5


@pytest.mark.parametrize("points, message", [("3", r"points must be between 0 and 2; got 3"),
                                             ("abc", r"points must be a number; got 'abc'")])
def test_a_bad_entry_is_refused_with_its_line_and_nothing_is_merged(graded, capsys, points, message):
    out = graded[0]
    before = record(out, "student_alpha")
    fill(out, points, "x")
    assert main(["manual", str(out)]) == 2
    err = capsys.readouterr().err
    assert "q_shift.csv, line" in err and re.search(message, err)
    assert record(out, "student_alpha") == before
    fill(out, "1.5", "Right, but say why the factor cancels.")


def test_feedback_says_what_each_question_got(graded):
    out = graded[0]
    gamma = (out / "feedback" / "student_gamma" / f"{HOMEWORK}.html").read_text()
    assert "incorrect" in gamma and "softmax: wrong" in gamma and "no answer" in gamma
    beta = (out / "feedback" / "student_beta" / f"{HOMEWORK}.html").read_text()
    assert "not attempted" in beta
    assert sorted(p.name for p in (out / "feedback").iterdir()) == sorted(STUDENTS)


@pytest.mark.parametrize("roster, message", [
    ("name,email\nx,y\n", r"must have a 'folder' column"),
    ("folder,nickname\na,b\n", r"unknown columns \['nickname'\]"),
    ("folder\nstudent_alpha\nstudent_alpha\n", r"line 3: folder 'student_alpha' listed twice"),
    ("folder\nstudent_alpha\n", r"the roster does not list the submission folders \['student_beta', 'student_gamma'\]"),
])
def test_a_bad_roster_is_refused_with_what_is_wrong(graded, tmp_path, capsys, roster, message):
    (tmp_path / "roster.csv").write_text(roster)
    assert main(["export", str(graded[0]), "--roster", str(tmp_path / "roster.csv")]) == 2
    assert re.search(message, capsys.readouterr().err)


def test_grading_keeps_the_roster_for_the_commands_after_it(graded):
    """``grade --roster`` keeps it: ``export`` as the README shows it still lists the student who sent nothing."""
    out, tmp = graded
    assert (out / "roster.csv").read_text().splitlines() == ROSTER.splitlines()
    assert main(["export", str(out)]) == 0
    canvas = pd.read_csv(out / "canvas.csv", dtype=str, keep_default_na=False)
    assert list(canvas["ID"]) == ["", "101", "102", "104", "103"]


def test_export_rewrites_everything_from_the_records(graded):
    out = graded[0]
    (out / "students.csv").unlink()
    shutil.rmtree(out / "feedback")
    assert main(["export", str(out)]) == 0
    assert (out / "students.csv").exists() and len(list((out / "feedback").glob("*/*.html"))) == 3
    assert main(["export", str(out / "missing")]) == 2



def test_written_answers_are_found_by_their_cell_id_whatever_the_json_around_them():
    from course_utils.grading.manual import written_answers
    from course_utils.grading.spec import Homework, Question, Written

    homework = Homework("hw", [Question("f", 1)], written=[Written("q1", 2), Written("q2", 1), Written("q3", 1)])
    nb = {"cells": [
        {"cell_type": "markdown", "source": ["My ", "answer $x$"], "metadata": {"nbgrader": {"grade_id": "q1"}}},
        {"cell_type": "markdown", "source": "YOUR ANSWER HERE", "metadata": {"nbgrader": {"grade_id": "q2"}}},
        {"cell_type": "markdown", "source": 3, "metadata": ["not", "a", "dict"]}, "not a cell",
        {"cell_type": "markdown", "source": "x", "metadata": {"nbgrader": "q3"}}]}
    got = {e["id"]: (e["answered"], e["answer"], e["points"], e["score"]) for e in written_answers(nb, homework)}
    assert got == {"q1": (True, "My answer $x$", 2.0, None), "q2": (False, "", 1.0, None),
                   "q3": (False, "", 1.0, None)}
    assert written_answers(["junk"], homework)[0]["answered"] is False
