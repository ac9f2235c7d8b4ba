"""Finding a class's submissions and reading each one defensively: every entry a row, every problem a reason."""

import csv
import json
import os
import pathlib
import tempfile
import types

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from course_utils.grading import csvsafe, gradebook
from course_utils.grading.exports import write_exports
from course_utils.grading.grader import finish, new_record

from course_utils.grading.submissions import (
    MAX_NOTEBOOK_BYTES, NoSubmissions, SubmissionError, code_cells, find_submissions, notebook_hash,
    read_notebook, read_submission,
)


def nb(*sources, nbformat=4):
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": [], "execution_count": None}
             for s in sources]
    return json.dumps({"nbformat": nbformat, "nbformat_minor": 5, "metadata": {}, "cells": cells}).encode()


def test_code_cells_keep_every_code_cell_in_order_with_its_index():
    raw = json.loads(nb("%matplotlib inline\nx = 1", ["def f(x):\n", "    return x\n"], 3))
    raw["cells"].insert(1, {"cell_type": "markdown", "source": "# title", "metadata": {}})
    cells, notes = code_cells(raw)
    assert cells == [(0, "%matplotlib inline\nx = 1"), (2, "def f(x):\n    return x\n")]
    assert notes == ["cell 3: its source is not text; skipped"]


@pytest.mark.parametrize("raw, message", [
    (b'{"cells": [', "not valid JSON"),
    (b"\xff\xfe{}", "not valid JSON"),
    (b"\x89PNG\r\n\x1a\n\0\0", "binary data"),
    (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
    (b'{"nbformat": 4}', "no list of cells"),
    (b"[1, 2]", "no list of cells"),
    (nb("x = 1", nbformat=3), "format version must be 4; got 3"),
])
def test_unreadable_notebooks_are_refused_with_a_reason(raw, message):
    with pytest.raises(SubmissionError, match=message):
        read_notebook(raw)


def test_files_that_are_not_notebooks_are_refused_without_being_followed_or_read(tmp_path):
    (tmp_path / "dir.ipynb").mkdir()
    (tmp_path / "real.ipynb").write_bytes(nb("x = 1"))
    (tmp_path / "link.ipynb").symlink_to(tmp_path / "real.ipynb")
    (tmp_path / "empty.ipynb").write_bytes(b"")
    os.mkfifo(tmp_path / "fifo.ipynb")
    with open(tmp_path / "huge.ipynb", "wb") as fh:
        fh.truncate(MAX_NOTEBOOK_BYTES + 1)
    for name, reason in [("dir", "is a folder, not a file"), ("link", "is a symbolic link"),
                         ("empty", "is an empty file"), ("fifo", "not a regular file"),
                         ("huge", "more than the limit"), ("missing", "cannot open the notebook")]:
        with pytest.raises(SubmissionError, match=reason):
            read_submission(tmp_path / f"{name}.ipynb")
        assert notebook_hash(tmp_path / f"{name}.ipynb").startswith("unreadable: ")
    assert read_submission(tmp_path / "real.ipynb") == nb("x = 1")


def test_every_notebook_named_entry_is_a_submission_and_misplaced_ones_get_rows(tmp_path):
    for student in ("ann", "bob"):
        (tmp_path / student).mkdir()
        (tmp_path / student / "hw1.ipynb").write_bytes(nb("x = 1"))
    (tmp_path / "bob" / "hw2.ipynb").mkdir()                       # a folder: a row, refused when read
    (tmp_path / "bob" / ".ipynb_checkpoints").mkdir()               # hidden: not a submission
    (tmp_path / "cid").symlink_to(tmp_path / "ann")
    (tmp_path / "dee.ipynb").write_bytes(nb("x = 1"))
    (tmp_path / "eve" / "hw1").mkdir(parents=True)
    (tmp_path / "eve" / "hw1" / "hw1.ipynb").write_bytes(nb("x = 1"))
    (tmp_path / "notes.txt").write_text("not a submission")
    found = {(s.student, s.homework): s.problem for s in find_submissions(tmp_path)}
    assert found[("ann", "hw1")] is None and found[("bob", "hw1")] is None and found[("bob", "hw2")] is None
    assert "symbolic link" in found[("cid", "-")]
    assert "directly in the submissions folder" in found[("dee", "-")]
    assert "one is in hw1/" in found[("eve", "-")]
    assert len(found) == 6


def test_no_submissions_is_an_error_that_says_what_was_expected(tmp_path):
    with pytest.raises(NoSubmissions, match=r"no submissions found in .*: expected .*/<student>/<homework>\.ipynb, "
                                            r"or nbgrader's .*/<student>/<assignment>/<homework>\.ipynb"):
        find_submissions(tmp_path)
    with pytest.raises(NoSubmissions, match="cannot list the submissions folder"):
        find_submissions(tmp_path / "missing")


def test_nbgraders_submitted_layout_is_read(tmp_path):
    """submitted/<student>/<assignment>/<notebook>.ipynb: the notebook names the homework."""
    for student in ("ann", "bob"):
        (tmp_path / student / "hw1").mkdir(parents=True)
        (tmp_path / student / "hw1" / "hw1_softmax.ipynb").write_bytes(nb("x = 1"))
        (tmp_path / student / "hw1" / "timestamp.txt").write_text("2026-11-30 23:59:00")
    (tmp_path / "bob" / "hw1b").mkdir()
    (tmp_path / "bob" / "hw1b" / "hw1_softmax.ipynb").write_bytes(nb("x = 2"))
    found = {(s.student, s.homework): s for s in find_submissions(tmp_path)}
    assert set(found) == {("ann", "hw1_softmax"), ("bob", "hw1_softmax"), ("bob", "hw1_softmax@hw1b")}
    assert found[("ann", "hw1_softmax")].path.endswith("ann/hw1/hw1_softmax.ipynb")
    assert "a second notebook hw1_softmax.ipynb (in the assignment folder hw1b/)" in \
        found[("bob", "hw1_softmax@hw1b")].problem


_NAME = st.text(st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)), min_size=1, max_size=40)
_NAMES = _NAME.filter(lambda n: n not in (".", "..")) | st.sampled_from(
    ["_helper", "_x", "..x", ".hidden", "-rf", "=cmd|' \\C calc'!A0", "a\nb", "<script>x<\\script>", "\u00fc" * 100,
     "y" * 249, "\u6f22" * 80, "@SUM(1)", "+1", "\t", " ", "\r"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.dictionaries(_NAMES.filter(lambda n: not n.startswith(".") and len(n.encode()) <= 255),
                              st.lists(_NAMES.filter(lambda n: len(n.encode()) <= 249), min_size=1, max_size=3,
                                       unique=True), min_size=1, max_size=4))
def test_any_file_name_gets_exactly_one_row(layout):
    """Whatever names a class's folders and notebooks have, every notebook gets one submission, one record
    and one row of gradebook.csv, read back as a spreadsheet would (the names land in files and CSV cells)."""
    with tempfile.TemporaryDirectory() as folder:
        root, out = pathlib.Path(folder) / "subs", pathlib.Path(folder) / "out"
        for student, notebooks in layout.items():
            (root / student).mkdir(parents=True)
            for name in notebooks:
                (root / student / f"{name}.ipynb").write_bytes(nb("x = 1"))
        found = find_submissions(root)
        assert sorted((s.student, s.homework) for s in found) == sorted(
            (student, name) for student, notebooks in layout.items() for name in notebooks)
        for sub in found:
            gradebook.write_record(out, finish(new_record(sub.student, sub.homework, "no tests"), None, "no tests"))
        records = write_exports(out)
        assert sorted((r["student"], r["homework"]) for r in records) == sorted(
            (s.student, s.homework) for s in found)
        with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(found)
        shown = {csvsafe.neutral(s.student).replace("\r\n", "\n").replace("\r", "\n") for s in found}
        assert {r["student"] for r in rows} == shown        # a formula quoted, a carriage return a line feed


HOMEWORKS = ("hw1_softmax_likelihood", "hw2_gradients")


def test_canvas_downloads_are_mapped_to_the_login_and_the_homework(tmp_path):
    """Canvas: <login>_[LATE_]<user id>_<submission id>_<original name>, all in one folder; -1 on a resubmission."""
    for name in ("zack_12345_67890_hw1_softmax_likelihood.ipynb", "amy_LATE_111_222_hw1_softmax_likelihood-1.ipynb",
                 "amy_111_223_hw2_gradients.ipynb", "bob_333_444_homework one.ipynb"):
        (tmp_path / name).write_bytes(nb("x = 1"))
    found = {(s.student, s.homework): s for s in find_submissions(tmp_path, HOMEWORKS)}
    assert sorted(found) == [("amy", "hw1_softmax_likelihood"), ("amy", "hw2_gradients"),
                             ("bob", "homework one"), ("zack", "hw1_softmax_likelihood")]
    assert all(s.problem is None for s in found.values())
    assert found[("amy", "hw1_softmax_likelihood")].late_hint and not found[("zack", "hw1_softmax_likelihood")].late_hint
    assert found[("zack", "hw1_softmax_likelihood")].path.endswith("zack_12345_67890_hw1_softmax_likelihood.ipynb")


def test_moodle_folders_are_mapped_to_the_id_and_the_homework(tmp_path):
    """Moodle: <Full Name>_<id>_assignsubmission_file_/<original name>.ipynb."""
    for folder, name in (("Zack Smith_4242_assignsubmission_file_", "hw1_softmax_likelihood.ipynb"),
                         ("Amy Lee_77_assignsubmission_file_", "hw2_gradients (1).ipynb"),
                         ("Amy Lee_77_assignsubmission_file_", "hw1_softmax_likelihood-2.ipynb")):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_bytes(nb("x = 1"))
    found = {(s.student, s.homework): s.problem for s in find_submissions(tmp_path, HOMEWORKS)}
    assert found == {("4242", "hw1_softmax_likelihood"): None, ("77", "hw2_gradients"): None,
                     ("77", "hw1_softmax_likelihood"): None}


def test_a_second_notebook_for_one_homework_gets_its_own_row(tmp_path):
    (tmp_path / "ann").mkdir()
    for name in ("hw2_gradients.ipynb", "hw2_gradients-1.ipynb"):
        (tmp_path / "ann" / name).write_bytes(nb("x = 1"))
    found = {(s.student, s.homework): s.problem for s in find_submissions(tmp_path, HOMEWORKS)}
    assert found == {("ann", "hw2_gradients"): None, ("ann", "hw2_gradients@hw2_gradients.ipynb"):
                     "a second notebook hw2_gradients.ipynb (also homework hw2_gradients)"}


def test_two_canvas_files_of_one_student_for_one_homework_give_two_rows(tmp_path):
    for name in ("zack_1_2_hw2_gradients.ipynb", "zack_1_3_hw2_gradients-1.ipynb"):
        (tmp_path / name).write_bytes(nb("x = 1"))
    found = {(s.student, s.homework): s.problem for s in find_submissions(tmp_path, HOMEWORKS)}
    assert found == {("zack", "hw2_gradients"): None, ("zack", "hw2_gradients@zack_1_3_hw2_gradients-1.ipynb"):
                     "a second notebook zack_1_3_hw2_gradients-1.ipynb for homework hw2_gradients"}


def test_a_notebook_matching_no_homework_keeps_the_detail_from_the_student(tmp_path):
    """The record (and the TA) get the detail; the student's page only that the name matches no homework."""
    from course_utils.grading import feedback
    from course_utils.grading.grader import grade_submission
    from course_utils.grading.layouts import STUDENT_TEXT
    from course_utils.grading.submissions import Submission

    (tmp_path / "zack_1_2_hw1.ipynb").write_bytes(nb("x = 1"))
    walls = types.SimpleNamespace(policy=types.SimpleNamespace(wall_seconds=1.0, notebook_seconds=3.0))
    rec = grade_submission(walls, Submission("zack", "hw1", str(tmp_path / "zack_1_2_hw1.ipynb")), None, "no tests")
    assert rec["error"] == ("the notebook 'zack_1_2_hw1.ipynb' matches no homework of the tests folder: "
                            "no tests for homework 'hw1' (hw1.py missing)")
    page = feedback.page(rec)
    assert STUDENT_TEXT == "this notebook's name matches no homework of the course; ask your instructor"
    assert f"This notebook could not be graded: {STUDENT_TEXT}</p>" in page
    assert "py missing" not in page and "tests folder" not in page
