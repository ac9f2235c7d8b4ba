"""What an instructor uploads: the gradebook, a table per student, and Canvas and Moodle import files.

All of them are plain CSV with the header on line 1 (a spreadsheet, pandas'
``read_csv`` and an LMS import read them as they are), rebuilt from the
records by :func:`write_exports`:

* ``gradebook.csv``: a row per submission, each question's score and status;
* ``students.csv``: a row per student, a column per homework, the total and
  its maximum (an empty cell: no submission, counted 0 in the total);
* ``canvas.csv``: Canvas' gradebook import (columns Student, ID, SIS User ID,
  SIS Login ID, Section, then one column per homework; the second row gives
  each homework's Points Possible);
* ``moodle.csv``: Moodle's "Import grades from CSV" (First name, Last name,
  ID number, Email address, then one column per homework; map the user by
  email or ID number and each column to a grade item when importing).

An optional roster (CSV with a ``folder`` column, the name of the student's
submission folder, and any of ``first_name``, ``last_name``, ``email``,
``student_id``, ``canvas_id``, ``sis_login_id``, ``section``) adds the
identifiers and names an LMS needs; without one, the folder name stands in.
"""

import csv
import io
import pathlib

from . import csvsafe, feedback, gradebook, manual

ROSTER_COLUMNS = ("folder", "first_name", "last_name", "email", "student_id", "canvas_id", "sis_login_id", "section")


def read_roster(path):
    """``{folder: row}`` from a roster CSV; ``ValueError`` naming what is wrong with it."""
    text = pathlib.Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    if "folder" not in fields:
        raise ValueError(f"roster {path} must have a 'folder' column (the submission folder of each student); "
                         f"got columns {fields}")
    unknown = sorted(set(fields) - set(ROSTER_COLUMNS))
    if unknown:
        raise ValueError(f"roster {path} has unknown columns {unknown}; expected some of {list(ROSTER_COLUMNS)}")
    roster = {}
    for line, row in enumerate(reader, 2):
        folder = (row.get("folder") or "").strip()
        if not folder or folder in roster:
            raise ValueError(f"roster {path}, line {line}: " + ("empty folder" if not folder else
                                                                 f"folder {folder!r} listed twice"))
        roster[folder] = {k: (row.get(k) or "").strip() for k in ROSTER_COLUMNS}
    return roster


def _students(records, roster):
    """``(students in order, {(student, homework): record}, {homework: max score})``."""
    by_key = {(r["student"], r["homework"]): r for r in records}
    maxima = {}
    for r in records:
        if r["questions"] or r.get("written"):
            maxima[r["homework"]] = max(maxima.get(r["homework"], 0.0), r["max_score"])
    names = sorted({r["student"] for r in records} | set(roster))
    return names, by_key, dict(sorted(maxima.items()))


def tables(records, roster=None):
    """``{file name: CSV text}`` of every export."""
    roster = roster or {}
    students, by_key, maxima = _students(records, roster)
    homeworks = list(maxima)
    total_max = gradebook.fmt_score(sum(maxima.values()))

    def score(student, hw):
        r = by_key.get((student, hw))
        return "" if r is None else gradebook.fmt_score(r["score"])

    def total(student):
        return gradebook.fmt_score(sum(by_key[(student, hw)]["score"] for hw in homeworks if (student, hw) in by_key))

    def who(student, key):
        return roster.get(student, {}).get(key, "")

    table = [["student", "last_name", "first_name", "email", "student_id", *homeworks, "total", "max_total"]]
    table += [[s, who(s, "last_name"), who(s, "first_name"), who(s, "email"), who(s, "student_id"),
               *(score(s, hw) for hw in homeworks), total(s), total_max] for s in students]
    canvas = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *homeworks],
              ["Points Possible", "", "", "", "", *(gradebook.fmt_score(m) for m in maxima.values())]]
    for s in students:
        name = ", ".join(p for p in (who(s, "last_name"), who(s, "first_name")) if p) or s
        canvas.append([name, who(s, "canvas_id"), who(s, "student_id"), who(s, "sis_login_id") or s,
                       who(s, "section"), *(score(s, hw) for hw in homeworks)])
    moodle = [["First name", "Last name", "ID number", "Email address", *homeworks]]
    moodle += [[who(s, "first_name"), who(s, "last_name") or s, who(s, "student_id"), who(s, "email"),
                *(score(s, hw) for hw in homeworks)] for s in students]
    return {"gradebook.csv": gradebook.csv_text(records), "students.csv": csvsafe.text(table),
            "canvas.csv": csvsafe.text(canvas), "moodle.csv": csvsafe.text(moodle)}


def write_exports(out_dir, roster=None):
    """Rebuild every file of ``out_dir`` made from its records: CSVs, feedback pages, written-answer sheets."""
    records = manual.apply_scores(out_dir, gradebook.all_records(out_dir))
    if roster is not None:
        missing = sorted({r["student"] for r in records} - set(roster))
        if missing:
            raise ValueError(f"the roster does not list the submission folders {missing[:10]}"
                             + (f" and {len(missing) - 10} more" if len(missing) > 10 else ""))
    for name, text in tables(records, roster).items():
        gradebook.atomic_write(pathlib.Path(out_dir) / name, text)
    feedback.write_all(out_dir, records)
    manual.write_sheets(out_dir, records)
    return records
