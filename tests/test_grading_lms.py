"""The LMS files: a roster and an assignments file kept in the gradebook folder, one meaning for a missing
homework in every file, a Moodle file only when Moodle can match its students, and the README's pandas call.

The gradebooks here are made of records written directly (no sandbox), then exported by the command line.
"""

import pathlib
import re

import pandas as pd
import pytest

from course_utils.grading import gradebook
from course_utils.grading.cli import main
from course_utils.grading.grader import new_record

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
ROSTER = ("folder,first_name,last_name,email,student_id,canvas_id,sis_login_id,section\n"
          "alpha,Ada,Lovelace,ada@example.edu,0000123,101,ada,A\n"
          "beta,=HYPERLINK(1),Pascal,blaise@example.edu,0000456,102,blaise,A\n"
          "delta,Dora,Noether,dora@example.edu,0000789,104,dora,B\n")      # delta submitted nothing
ASSIGNMENTS = "homework,canvas_id,moodle_name\nhw1,12345,Homework 1: softmax\nhw2,678,\n"


def _record(student, homework, score, points=3.0):
    record = new_record(student, homework, "tests")
    record["questions"] = [{"function": "softmax", "points": points, "score": score, "status": "correct",
                            "diagnosis": ""}]
    return gradebook.totals(record)


def make_gradebook(folder, records=(("alpha", "hw1", 3.0), ("alpha", "hw2", 1.5), ("beta", "hw1", 2.0))):
    for student, homework, score in records:
        gradebook.write_record(folder, _record(student, homework, score))
    return folder


def read(path):
    """Every cell as the text the file holds (the README's call)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture
def book(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER)
    (tmp_path / "assignments.csv").write_text(ASSIGNMENTS)
    return make_gradebook(tmp_path / "out"), tmp_path


def test_the_roster_is_kept_and_manual_and_export_use_it(book):
    out, tmp = book
    assert main(["export", str(out), "--roster", str(tmp / "roster.csv")]) == 0
    before = {name: (out / name).read_text() for name in ("students.csv", "canvas.csv", "moodle.csv")}
    for command in (["manual", str(out)], ["export", str(out)]):        # as the README shows them: no --roster
        assert main(command) == 0
        assert {name: (out / name).read_text() for name in before} == before, command
    canvas = read(out / "canvas.csv").set_index("SIS Login ID")
    assert list(canvas.index) == ["", "ada", "blaise", "dora"]        # the Points Possible row, then the roster
    assert canvas.loc["dora", "ID"] == "104" and canvas.loc["ada", "SIS User ID"] == "0000123"
    assert read(out / "moodle.csv").set_index("Email address").loc["dora@example.edu", "ID number"] == "0000789"
    assert read(out / "students.csv").set_index("student").loc["beta", "first_name"] == "'=HYPERLINK(1)"


def test_a_new_roster_replaces_the_kept_one(book):
    out, tmp = book
    assert main(["export", str(out), "--roster", str(tmp / "roster.csv")]) == 0
    (tmp / "new.csv").write_text("folder,email\nalpha,a@new.edu\nbeta,b@new.edu\n")
    assert main(["export", str(out), "--roster", str(tmp / "new.csv")]) == 0
    assert main(["export", str(out)]) == 0
    assert list(read(out / "moodle.csv")["Email address"]) == ["a@new.edu", "b@new.edu"]
    assert (out / "roster.csv").read_text().splitlines()[1:] == ["alpha,,,a@new.edu,,,,", "beta,,,b@new.edu,,,,"]


def test_merge_uses_the_roster_its_shards_keep(book):
    out, tmp = book
    shards = [make_gradebook(tmp / "s1", [("alpha", "hw1", 3.0)]), make_gradebook(tmp / "s2", [("beta", "hw1", 2.0)])]
    for index, shard in enumerate(shards, 1):
        gradebook.write_run(shard, {"options": {"shard": [index, 2]}, "isolation": True, "homework": {}})
        assert main(["export", str(shard), "--roster", str(tmp / "roster.csv")]) == 0
    assert main(["merge", "--out", str(tmp / "all"), *map(str, shards)]) == 0
    assert list(read(tmp / "all" / "canvas.csv")["ID"]) == ["", "101", "102", "104"]


def test_canvas_headers_carry_the_assignment_ids_and_moodle_the_grade_items(book):
    out, tmp = book
    assert main(["export", str(out), "--roster", str(tmp / "roster.csv"), "--assignments",
                 str(tmp / "assignments.csv")]) == 0
    assert main(["manual", str(out)]) == 0                                               # kept too
    assert (out / "canvas.csv").read_text().splitlines()[:2] == [
        "Student,ID,SIS User ID,SIS Login ID,Section,hw1 (12345),hw2 (678)", "Points Possible,,,,,3,3"]
    assert (out / "moodle.csv").read_text().splitlines()[0] == (
        "First name,Last name,ID number,Email address,Homework 1: softmax,hw2")


@pytest.mark.parametrize("assignments, message", [
    ("name,canvas_id\nhw1,1\n", r"assignments file .* must have a 'homework' column; got columns \['name', "
                                r"'canvas_id'\]"),
    ("homework,canvas\nhw1,1\n", r"unknown columns \['canvas'\]; expected some of \['homework', 'canvas_id', "
                                 r"'moodle_name'\]"),
    ("homework,canvas_id\nhw1,HW-1\n", r"a canvas_id is the assignment's number \(12345\); got \{'hw1': 'HW-1'\}"),
    ("homework,canvas_id\nhw1,1\nhw1,2\n", r"line 3: homework 'hw1' listed twice"),
    (None, r"assignments file .*nowhere.csv cannot be read: No such file or directory"),
    ("homework,canvas_id\nhw9,1\n", r"the assignments file names homework \['hw9'\] that no submission has; "
                                    r"expected some of \['hw1', 'hw2'\]"),
])
def test_a_bad_assignments_file_is_refused_with_what_is_wrong(book, capsys, assignments, message):
    out, tmp = book
    if assignments:
        (tmp / "bad.csv").write_text(assignments)
    assert main(["export", str(out), "--assignments", str(tmp / ("bad.csv" if assignments else "nowhere.csv"))]) == 2
    assert re.search(message, capsys.readouterr().err)
    assert not (out / "assignments.csv").exists()


@pytest.mark.parametrize("missing, cell", [("zero", "0"), ("blank", "")])
def test_a_missing_homework_means_one_thing_in_every_file(book, missing, cell):
    out, tmp = book
    assert main(["export", str(out), "--roster", str(tmp / "roster.csv"), "--missing", missing]) == 0
    assert main(["export", str(out)]) == 0                                               # kept
    students = read(out / "students.csv").set_index("student")
    assert list(students.loc["delta", ["hw1", "hw2"]]) == [cell, cell] and students.loc["beta", "hw2"] == cell
    assert list(students["total"]) == ["4.5", "2", "0"]
    canvas = read(out / "canvas.csv").set_index("SIS Login ID")
    assert list(canvas.loc["dora", ["hw1", "hw2"]]) == [cell, cell] and canvas.loc["blaise", "hw2"] == cell
    moodle = read(out / "moodle.csv").set_index("Email address")
    assert list(moodle.loc["dora@example.edu", ["hw1", "hw2"]]) == [cell, cell]
    book_rows = read(out / "gradebook.csv")
    unsent = book_rows[book_rows["error"] == "not submitted"]
    expected = [("beta", "hw2", "0"), ("delta", "hw1", "0"), ("delta", "hw2", "0")] if missing == "zero" else []
    assert list(unsent[["student", "homework", "score"]].itertuples(index=False, name=None)) == expected


def test_the_readme_states_what_a_missing_homework_is_in_every_file():
    text = " ".join(README.read_text().split())
    assert "`--missing blank` (the default): an empty cell in every file" in text
    assert "`--missing zero`: 0 in every file" in text


@pytest.mark.parametrize("roster", [None, "folder,first_name\nalpha,Ada\nbeta,Blaise\n",
                                    "folder,email,student_id\nalpha,a@x.edu,\nbeta,,S2\n"])
def test_no_moodle_file_moodle_cannot_match_and_a_loud_warning(book, capsys, roster):
    out, tmp = book
    (out / "moodle.csv").write_text("stale\n")
    if roster:
        (tmp / "r.csv").write_text(roster)
    assert main(["export", str(out), *(["--roster", str(tmp / "r.csv")] if roster else [])]) == 0
    assert not (out / "moodle.csv").exists()
    err = capsys.readouterr().err
    assert re.search(r"course-grade: WARNING: moodle.csv not written: Moodle matches a student by email address or "
                     r"ID number, and the roster gives neither for every student \(no email: \[.*'beta'\]; "
                     r"no student_id: \[('alpha', )?'.*\]\); give --roster with an email or a student_id for every "
                     r"submission folder", err), err


def test_the_readme_pandas_call_keeps_ids_as_text(book):
    """The README's call, copied from it verbatim, reads ``0000123`` as ``0000123`` in every export."""
    out, tmp = book
    assert main(["export", str(out), "--roster", str(tmp / "roster.csv")]) == 0
    assert pd.read_csv(out / "students.csv")["student_id"].iloc[0] == 123          # what the defaults do
    text = README.read_text()
    assert "read it as it is" not in text and "reads it as it is" not in text
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "pd.read_csv(" in b]
    assert len(blocks) == 1, blocks
    for name, column in (("students.csv", "student_id"), ("canvas.csv", "SIS User ID"), ("moodle.csv", "ID number")):
        scope = {}
        exec(blocks[0].replace("GRADEBOOK/students.csv", str(out / name)), scope)   # noqa: S102 - the README's own
        table = scope["students"]
        assert "0000123" in list(table[column]), name
        assert all(isinstance(v, str) for v in table.to_numpy().ravel()), name
