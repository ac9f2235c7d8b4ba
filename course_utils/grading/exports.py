"""What an instructor uploads: the gradebook, a table per student, and Canvas and Moodle import files.

All of them are plain CSV with the header on line 1, rebuilt from the records
by :func:`write_exports`; read them with ``pandas.read_csv(path, dtype=str,
keep_default_na=False)`` to keep IDs such as ``0000123`` as text:

* ``gradebook.csv``: a row per submission, each question's score and status;
* ``students.csv``: a row per student, a column per homework, the total and
  its maximum;
* ``canvas.csv``: Canvas' gradebook import (columns Student, ID, SIS User ID,
  SIS Login ID, Section, then one column per homework, ``HW1 (12345)`` when
  the assignments file gives its Canvas ID; the second row gives each
  homework's Points Possible);
* ``moodle.csv``: Moodle's "Import grades from CSV" (First name, Last name,
  ID number, Email address, then one column per homework, named after its
  grade item when the assignments file gives one; map the user by email or ID
  number).  Not written, with a warning, when the roster gives neither for
  every student: Moodle would refuse the whole file.

A homework a student did not submit is, in every file, ``missing="blank"``:
an empty cell, no grade (an LMS leaves the grade as it is; the total counts
only what was graded), or ``missing="zero"``: 0, and a ``not submitted`` row
of gradebook.csv.  The roster, the assignments file and the rule are kept in
the gradebook folder (see :mod:`course_utils.grading.keep`).
"""

import csv
import io
import pathlib

from . import csvsafe, feedback, gradebook, manual
from .keep import read_roster  # noqa: F401 - read here by the command line


def _students(records, roster):
    """``(students in order, {(student, homework): record}, {homework: max score})``."""
    by_key = {(r["student"], r["homework"]): r for r in records}
    maxima = {}
    for r in records:
        if r["questions"] or r.get("written"):
            maxima[r["homework"]] = max(maxima.get(r["homework"], 0.0), r["max_score"])
    names = sorted({r["student"] for r in records} | set(roster))
    return names, by_key, dict(sorted(maxima.items()))


def moodle_problem(records, roster):
    """Why Moodle could not match the students (``None`` when it can): its import maps a student by email
    address or ID number, one column for the whole file."""
    roster = roster or {}
    students = _students(records, roster)[0]
    lacking = {key: [s for s in students if not roster.get(s, {}).get(key)] for key in ("email", "student_id")}
    if not students or not all(lacking.values()):
        return None
    names = {key: who[:5] + ([f"{len(who) - 5} more"] if len(who) > 5 else []) for key, who in lacking.items()}
    return ("moodle.csv not written: Moodle matches a student by email address or ID number, and the roster gives "
            f"neither for every student (no email: {names['email']}; no student_id: {names['student_id']}); "
            "give --roster with an email or a student_id for every submission folder")


def tables(records, roster=None, assignments=None, missing="blank"):
    """``{file name: CSV text}`` of every export (no moodle.csv when :func:`moodle_problem` says why)."""
    roster, assignments = roster or {}, assignments or {}
    students, by_key, maxima = _students(records, roster)
    homeworks = list(maxima)
    total_max = gradebook.fmt_score(sum(maxima.values()))
    unsubmitted = "0" if missing == "zero" else ""

    def score(student, hw):
        r = by_key.get((student, hw))
        return unsubmitted if r is None else gradebook.fmt_score(r["score"])

    def total(student):
        return gradebook.fmt_score(sum(by_key[(student, hw)]["score"] for hw in homeworks if (student, hw) in by_key))

    def who(student, key):
        return roster.get(student, {}).get(key, "")

    def column(hw, key):
        found = assignments.get(hw, {}).get(key)
        return hw if not found else f"{hw} ({found})" if key == "canvas_id" else found

    table = [["student", "last_name", "first_name", "email", "student_id", *homeworks, "total", "max_total"]]
    table += [[s, who(s, "last_name"), who(s, "first_name"), who(s, "email"), who(s, "student_id"),
               *(score(s, hw) for hw in homeworks), total(s), total_max] for s in students]
    canvas = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
               *(column(hw, "canvas_id") for hw in homeworks)],
              ["Points Possible", "", "", "", "", *(gradebook.fmt_score(m) for m in maxima.values())]]
    for s in students:
        name = ", ".join(p for p in (who(s, "last_name"), who(s, "first_name")) if p) or s
        canvas.append([name, who(s, "canvas_id"), who(s, "student_id"), who(s, "sis_login_id") or s,
                       who(s, "section"), *(score(s, hw) for hw in homeworks)])
    moodle = [["First name", "Last name", "ID number", "Email address",
               *(column(hw, "moodle_name") for hw in homeworks)]]
    moodle += [[who(s, "first_name"), who(s, "last_name") or s, who(s, "student_id"), who(s, "email"),
                *(score(s, hw) for hw in homeworks)] for s in students]
    unsent = [{"student": s, "homework": hw, "score": 0.0, "max_score": maxima[hw], "questions": [], "written": [],
               "error": "not submitted"}
              for s in students for hw in homeworks if (s, hw) not in by_key] if missing == "zero" else []
    files = {"gradebook.csv": gradebook.csv_text(records + unsent), "students.csv": csvsafe.text(table),
             "canvas.csv": csvsafe.text(canvas), "moodle.csv": csvsafe.text(moodle)}
    if moodle_problem(records, roster):
        del files["moodle.csv"]
    return files


def write_exports(out_dir, roster=None, assignments=None, missing="blank"):
    """Rebuild every file of ``out_dir`` made from its records: CSVs, feedback pages, written-answer sheets."""
    records = manual.apply_scores(out_dir, gradebook.all_records(out_dir))
    if roster is not None:
        missing_folders = sorted({r["student"] for r in records} - set(roster))
        if missing_folders:
            raise ValueError(f"the roster does not list the submission folders {missing_folders[:10]}"
                             + (f" and {len(missing_folders) - 10} more" if len(missing_folders) > 10 else ""))
    unknown = sorted(set(assignments or {}) - {r["homework"] for r in records})
    if unknown:
        raise ValueError(f"the assignments file names homework {unknown} that no submission has; "
                         f"expected some of {sorted({r['homework'] for r in records})}")
    files = tables(records, roster, assignments, missing)
    for name, text in files.items():
        gradebook.atomic_write(pathlib.Path(out_dir) / name, text)
    if "moodle.csv" not in files:
        (pathlib.Path(out_dir) / "moodle.csv").unlink(missing_ok=True)    # never a stale file to upload
    feedback.write_all(out_dir, records)
    manual.write_sheets(out_dir, records)
    return records
