"""Written scores belong to the answer's text: they survive a regrade and a new gradebook, and a changed
answer is to grade again.

The records here are made as the grader makes them (no sandbox), except in the
last test, which grades a class with ``course-grade`` end to end.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from course_utils.grading import exports, feedback, gradebook, manual
from course_utils.grading.cli import main
from course_utils.grading.grader import finish, new_record
from course_utils.grading.spec import Homework, Question, Written
from grading_support import FIXTURE_TESTS, HOMEWORK, grade_argv, honest, record
from test_grading_exports import WRITTEN, with_answer

HW = Homework("hw", [Question("f", 1)], written=[Written("q1", 2, "Why?")])


def answer_nb(text):
    return {"cells": [{"cell_type": "markdown", "source": text, "metadata": {"nbgrader": {"grade_id": "q1"}}}]}


def regrade(out, answers):
    """Rewrite every record as a regrade does (no written score), then the exports, as ``grade`` ends."""
    for student, text in answers.items():
        gradebook.write_record(out, finish(new_record(student, "hw", "tests-v2"), HW, nb=answer_nb(text)))
    return exports.write_exports(out)


def sheet(out):
    return pd.read_csv(out / "manual" / "hw" / "q1.csv", dtype=str).fillna("")


def enter(out, points, comment):
    table = sheet(out)
    table["points"], table["comment"] = points, comment
    table.to_csv(out / "manual" / "hw" / "q1.csv", index=False)


def by_student(out):
    """``{student: its row of the sheet}``, through the gradebook's key."""
    secret = (out / "manual" / "key").read_text().strip()
    table = sheet(out).set_index("answer")
    return {s: table.loc[manual.code(secret, s, "hw", "q1")] for s in ("ada", "bob")}


def test_a_regrade_keeps_the_scores_and_a_changed_answer_is_to_grade_again(tmp_path):
    out = tmp_path / "out"
    regrade(out, {"ada": "Because $e^a$.", "bob": "No idea."})
    enter(out, "1.5", "Say why: $\\max_c a_c$ cancels.")
    assert manual.merge(out) == (2, 0)
    regrade(out, {"ada": "Because $e^a$.", "bob": "Now I know: it cancels."})     # tests changed, bob resubmitted
    ada, bob = (gradebook.read_record(gradebook.record_path(out, s, "hw")) for s in ("ada", "bob"))
    assert (ada["written"][0]["score"], ada["score"], ada["written_pending"]) == (1.5, 1.5, 0)
    assert (bob["written"][0]["score"], bob["written"][0]["comment"], bob["written_pending"]) == (None, "", 1)
    books = pd.read_csv(out / "gradebook.csv").set_index("student")
    assert books.loc["ada", "hw:q1 (written)"] == 1.5 and pd.isna(books.loc["bob", "hw:q1 (written)"])
    assert pd.read_csv(out / "students.csv").set_index("student").loc["ada", "total"] == 1.5
    assert "1.5 / 2 points" in (out / "feedback" / "ada" / "hw.html").read_text()
    assert "not graded yet" in (out / "feedback" / "bob" / "hw.html").read_text()
    rows = by_student(out)
    assert re.fullmatch("sha256:[0-9a-f]{16}", rows["ada"]["version"])       # text in any spreadsheet
    assert (rows["ada"]["points"], rows["ada"]["status"]) == ("1.5", "")
    assert rows["bob"]["points"] == "" and rows["bob"]["comment"] == ""
    assert rows["bob"]["status"] == ("to grade again: the answer changed; it had 1.5 / 2, "
                                     "comment: Say why: $\\max_c a_c$ cancels.")
    page = (out / "manual" / "hw" / "q1.html").read_text()
    assert page.count("to grade again") == 1 and "it had 1.5 / 2" in page
    assert manual.merge(out) == (1, 1)            # the flagged answer does not count until graded again
    enter(out, "2", "Right.")
    assert manual.merge(out) == (2, 0)
    assert record(out, "bob", "hw")["written"][0]["score"] == 2.0


def test_a_sheet_written_for_an_older_answer_does_not_count(tmp_path):
    out = tmp_path / "out"
    regrade(out, {"ada": "One.", "bob": "Two."})
    enter(out, "1", "ok")
    kept = (out / "manual" / "hw" / "q1.csv").read_text()
    regrade(out, {"ada": "One.", "bob": "Two, changed."})
    (out / "manual" / "hw" / "q1.csv").write_text(kept)     # the TA's copy, from before the resubmission
    assert manual.merge(out) == (1, 1)
    assert record(out, "bob", "hw")["written"][0]["score"] is None


@pytest.mark.parametrize("setup, message", [
    (lambda out, key: None, None),
    (lambda out, key: (key.write_text("short\n"), os.chmod(key, 0o600)),
     r"--course-key .*key: expected 32 hexadecimal digits \(as course-grade writes it\); got 5 characters"),
    (lambda out, key: (key.write_text("a" * 32), os.chmod(key, 0o644)),
     r"--course-key .*key is readable by others \(mode 644\); expected 600: chmod 600 "),
    (lambda out, key: ((out / "manual").mkdir(parents=True), (out / "manual" / "key").write_text("b" * 32),
                       key.write_text("a" * 32), os.chmod(key, 0o600)),
     r"the gradebook .*out was graded with another key than --course-key .*: its anonymous codes differ; "
     r"grade into a new --out folder with the course key"),
])
def test_the_course_key_is_created_kept_private_and_checked(tmp_path, setup, message):
    from course_utils.grading import manual_keys

    out, key = tmp_path / "out", tmp_path / "private" / "key"
    key.parent.mkdir()
    setup(out, key)
    if message is None:
        secret = manual_keys.use_course_key(out, key)
        assert key.stat().st_mode & 0o777 == 0o600 and re.fullmatch("[0-9a-f]{32}", secret)
        assert (out / "manual" / "key").read_text().strip() == secret
        assert manual_keys.use_course_key(tmp_path / "other", key) == secret     # a fresh --out: the same codes
    else:
        with pytest.raises(ValueError, match=message):
            manual_keys.use_course_key(out, key)


def test_a_course_key_inside_the_gradebook_is_refused_and_a_missing_one_adopts_the_gradebooks(tmp_path):
    from course_utils.grading import manual_keys

    out = tmp_path / "out"
    with pytest.raises(ValueError, match=r"--course-key .*out/k is inside the gradebook .*out; keep it outside"):
        manual_keys.use_course_key(out, out / "k")
    regrade(out, {"ada": "One.", "bob": "Two."})
    own = (out / "manual" / "key").read_text().strip()
    assert manual_keys.use_course_key(out, tmp_path / "course.key") == own


def test_a_course_key_that_is_a_folder_exits_2_naming_it(tmp_path, capsys):
    out = tmp_path / "out"
    regrade(out, {"ada": "One."})
    (tmp_path / "keys").mkdir()
    for command in ("manual", "export"):
        assert main([command, str(out), "--course-key", str(tmp_path / "keys")]) == 2
        assert capsys.readouterr().err == (f"course-grade: --course-key {tmp_path / 'keys'} is not a file: give the "
                                           "file that holds the key (created if missing)\n")


def test_a_sheet_with_another_header_is_refused_naming_both(tmp_path):
    path = tmp_path / "q1.csv"
    path.write_text("code,points\nX,1\n")
    with pytest.raises(ValueError, match=r"q1.csv: the header must be answer,max_points,points,comment,status,"
                                         r"version; got code,points"):
        manual.read_sheet(path)


def test_feedback_renders_the_comment_and_names_the_time_limit():
    r = finish(new_record("ada", "hw", "t"), HW, nb=answer_nb("x"))
    r["limits"] = {"wall_seconds": 20.0, "notebook_seconds": 60.0}
    r["written"][0].update(score=1.0, comment="Use $\\max_c a_c$ and **why**.")
    r["questions"] = [{"function": "f", "points": 1.0, "score": 0.0, "status": "timeout",
                       "diagnosis": "time limit exceeded"},
                      {"function": "g", "points": 1.0, "score": 0.0, "status": "timeout",
                       "diagnosis": "the notebook stopped at cell 3 (time limit exceeded) before defining `g`"}]
    page = feedback.page(gradebook.totals(r))
    assert "$\\max_c a_c$" not in page and "<math" in page and "<strong>why</strong>" in page
    assert "time limit exceeded: the question's checks had 20 s in all (--wall-seconds)" in page
    assert "time limit exceeded: running the notebook had 60 s in all (--notebook-seconds)" in page


@pytest.mark.usefixtures("sandbox_available")
@pytest.mark.timeout(300)
def test_scores_land_on_the_right_answers_through_regrades_and_a_new_gradebook(tmp_path):
    """The TA's scores, a regrade with changed tests, one answer resubmitted, then a fresh --out with the
    course key and the TA's sheets: every score lands on its answer, the changed one is flagged."""
    shutil.copytree(FIXTURE_TESTS, tmp_path / "tests")
    with open(tmp_path / "tests" / f"{HOMEWORK}.py", "a") as fh:
        fh.write(WRITTEN)
    students = {"ada": "It cancels: $e^{-c}$.", "bob": "Shift invariance."}
    for student, answer in students.items():
        (tmp_path / "subs" / student).mkdir(parents=True)
        (tmp_path / "subs" / student / f"{HOMEWORK}.ipynb").write_text(with_answer(honest(), answer))
    key = tmp_path / "ta" / "course.key"

    def grade(out):
        proc = subprocess.run(grade_argv(sys.executable, tmp_path / "subs", tmp_path / "tests", tmp_path / out,
                                         "--course-key", str(key)), capture_output=True, text=True, timeout=250)
        assert proc.returncode == 0, proc.stderr

    def scores(out):
        return {s: record(tmp_path / out, s)["written"][0]["score"] for s in students}

    grade("one")
    assert record(tmp_path / "one", "ada")["limits"] == {"wall_seconds": 1.0, "notebook_seconds": 3.0}
    path = tmp_path / "one" / "manual" / HOMEWORK / "q_shift.csv"
    table = pd.read_csv(path, dtype=str).fillna("")
    secret = key.read_text().strip()
    codes = {s: manual.code(secret, s, HOMEWORK, "q_shift") for s in students}
    table["points"] = table["answer"].map({codes["ada"]: "2", codes["bob"]: "0.5"})
    table.to_csv(path, index=False)
    kept = path.read_text()
    assert main(["manual", str(tmp_path / "one"), "--course-key", str(key)]) == 0
    with open(tmp_path / "tests" / f"{HOMEWORK}.py", "a") as fh:
        fh.write("\n# a changed test\n")
    (tmp_path / "subs" / "bob" / f"{HOMEWORK}.ipynb").write_text(with_answer(honest(), "Shift invariance, shown."))
    grade("one")
    assert scores("one") == {"ada": 2.0, "bob": None}
    grade("two")
    (tmp_path / "two" / "manual" / HOMEWORK / "q_shift.csv").write_text(kept)
    assert main(["manual", str(tmp_path / "two"), "--course-key", str(key)]) == 0
    assert scores("two") == {"ada": 2.0, "bob": None}
    rows = pd.read_csv(tmp_path / "two" / "manual" / HOMEWORK / "q_shift.csv", dtype=str).fillna("")
    flagged = rows.set_index("answer").loc[codes["bob"], "status"]
    assert flagged == "to grade again: the answer changed; it had 0.5 / 2"
    assert json.loads((tmp_path / "two" / "run.json").read_text())["graded"] == 2
