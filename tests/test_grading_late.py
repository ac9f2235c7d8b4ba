"""Late work: the time a notebook was submitted (nbgrader's timestamp.txt, else the file's time), the policy given
on the command line, and the adjusted score in the record, the CSVs and the feedback page."""

import csv
import datetime
import os

import pytest

from course_utils.grading import feedback, gradebook, late
from course_utils.grading.cli import main
from course_utils.grading.exports import write_exports
from course_utils.grading.grader import new_record
from course_utils.grading.submissions import find_submissions

DUE = "2026-03-01T12:00"


def graded(out, student, score=4.0):
    """A record of ``student`` with one correct question worth ``score`` and one wrong one worth 1."""
    record = new_record(student, "hw1", "tests")
    record["questions"] = [{"function": "f", "points": score, "status": "correct", "score": score, "diagnosis": ""},
                           {"function": "g", "points": 1.0, "status": "incorrect", "score": 0.0, "diagnosis": ""}]
    gradebook.write_record(out, gradebook.totals(record))


def nbgrader_class(root, stamps):
    for student, stamp in stamps.items():
        (root / student / "hw1").mkdir(parents=True)
        (root / student / "hw1" / "hw1.ipynb").write_text("{}")
        if stamp is not None:
            (root / student / "hw1" / "timestamp.txt").write_text(stamp)
    return find_submissions(root, ("hw1",))


def test_late_submissions_lose_the_penalty_and_keep_the_raw_score_everywhere(tmp_path):
    subs = nbgrader_class(tmp_path / "submitted", {
        "ontime": "2026-03-01 11:59:59.000001 UTC", "oneday": "2026-03-01 12:00:01.5 UTC",
        "threedays": "2026-03-03 13:00:00 UTC", "aftercut": "2026-03-09 00:00:00.000000 UTC", "nostamp": None})
    os.utime(tmp_path / "submitted" / "nostamp" / "hw1" / "hw1.ipynb",
             (0, datetime.datetime(2026, 3, 2, tzinfo=datetime.timezone.utc).timestamp()))
    out = tmp_path / "out"
    for sub in subs:
        graded(out, sub.student)
    rules = late.policy(late.parse_time(DUE), late.parse_penalty("10"), late.parse_cutoff("7"))
    late.stamp(out, subs, rules)
    records = {r["student"]: r for r in write_exports(out)}
    assert {s: (r["late"]["days_late"], r["late"]["deducted_percent"], r["score"], r["late"]["raw_score"])
            for s, r in records.items()} == {
        "ontime": (0, 0.0, 4.0, 4.0), "oneday": (1, 10.0, 3.6, 4.0), "threedays": (3, 30.0, 2.8, 4.0),
        "aftercut": (8, 100.0, 0.0, 4.0), "nostamp": (1, 10.0, 3.6, 4.0)}
    assert records["oneday"]["late"]["source"] == "nbgrader's timestamp.txt"
    assert records["nostamp"]["late"]["source"] == "the notebook file's modification time"
    policy = ("due 2026-03-01T12:00:00+00:00; 10% of the score deducted per day late (each day begun counts); "
              "0 after 2026-03-08T12:00:00+00:00")
    assert records["threedays"]["late"]["policy"] == policy
    page = feedback.page(records["threedays"])
    assert (f"<b>Late policy:</b> {policy}. This notebook was submitted 2026-03-03T13:00:00+00:00 (from nbgrader's "
            "timestamp.txt), 3 days late; 30% deducted: 1.2 of 4 points.") in page
    assert "2.8 / 5 points" in page
    with open(out / "gradebook.csv", newline="") as fh:
        assert {r["student"]: r["score"] for r in csv.DictReader(fh)}["threedays"] == "2.8"
    with open(out / "students.csv", newline="") as fh:
        assert {r["student"]: r["hw1"] for r in csv.DictReader(fh)}["threedays"] == "2.8"
    gradebook.totals(records["threedays"])          # written answers re-total a record: the deduction stays
    assert records["threedays"]["score"] == 2.8
    late.stamp(out, subs, None)                     # no --due: no lateness, the raw score
    assert gradebook.read_record(gradebook.record_path(out, "threedays", "hw1"))["score"] == 4.0


def test_a_timestamp_that_is_not_a_time_falls_back_to_the_file_time_and_says_why(tmp_path):
    (sub,) = nbgrader_class(tmp_path, {"ann": "yesterday"})
    when, source = late.submitted_at(sub)
    assert source == ("the notebook file's modification time (timestamp.txt holds 'yesterday', not a time like "
                      "2026-03-01 12:34:56.789012 UTC)")
    assert abs(when.timestamp() - os.stat(sub.path).st_mtime) < 1e-3


def test_a_due_date_without_a_penalty_records_lateness_and_deducts_nothing():
    rules = late.policy(late.parse_time("2026-03-01 12:00+01:00"))
    when = datetime.datetime(2026, 3, 5, tzinfo=datetime.timezone.utc)
    got = late.lateness(rules, when, "x")
    assert got["policy"] == "due 2026-03-01T12:00:00+01:00; lateness recorded, nothing deducted"
    assert (got["days_late"], got["deducted_percent"]) == (4, 0.0)


@pytest.mark.parametrize("options, message", [
    (["--due", "tomorrow"], "argument --due: --due: expected a date and time like 2026-03-01T23:59 or "
                            "2026-03-01 23:59+01:00 (UTC when no zone is given); got 'tomorrow'"),
    (["--due", DUE, "--late-penalty", "0"], "argument --late-penalty: --late-penalty: expected a percentage per "
                                            "day late, more than 0 and at most 100; got '0'"),
    (["--due", DUE, "--late-penalty", "ten"], "expected a percentage per day late, more than 0 and at most 100; "
                                              "got 'ten'"),
    (["--due", DUE, "--late-penalty", "150"], "got '150'"),
    (["--due", DUE, "--late-cutoff", "-1"], "--late-cutoff: expected a date and time, or days after --due "
                                            "(0 or more); got '-1'"),
    (["--due", DUE, "--late-cutoff", "2026-02-01"], "--late-cutoff 2026-02-01T00:00:00+00:00 is before --due "
                                                    "2026-03-01T12:00:00+00:00"),
    (["--late-penalty", "10"], "--late-penalty and --late-cutoff need --due (the due date and time)"),
])
def test_bad_late_options_exit_2_with_what_was_expected(options, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", "x", "--tests", "t", "--out", "o", *options])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
