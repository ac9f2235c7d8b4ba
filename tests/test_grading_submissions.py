"""Finding a class's submissions and reading each one defensively: every entry a row, every problem a reason."""

import csv
import json
import os
import pathlib
import tempfile

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
