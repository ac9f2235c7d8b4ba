"""What ties a TA's written scores to the answer they graded, across regrades, resubmissions and gradebooks.

* The **course key** (``--course-key FILE``, kept by the TA outside any
  gradebook, mode 600) makes the anonymous codes: the same student, homework
  and question get the same code in every gradebook graded with it, so the
  sheets a TA filled in stay valid in a fresh ``--out`` folder.  It is
  installed as ``GRADEBOOK/manual/key``; a gradebook made without one keeps
  its own random key, and a missing course key is created from it.
* Each sheet row carries the **version** of the answer it was written for (a
  hash of the answer's text): a score counts only for that text, so a changed
  answer is "to grade again".
* ``GRADEBOOK/manual/scores.json`` keeps the scores merged from the sheets,
  by code and version, so a regrade, which rewrites the records, puts them
  back at once.
"""

import csv
import hashlib
import io
import json
import os
import pathlib
import re
import secrets

from . import csvsafe, gradebook

SHEET = ("answer", "max_points", "points", "comment", "status", "version")
LEGACY_SHEET = SHEET[:4]      # sheets written before versions: their scores are taken as they are
TO_GRADE_AGAIN = "to grade again"
REGRADE = "regrade requested"      # a status the grading app sets (app_state.reopen): kept until regraded


def version(entry):
    """The version of a written answer: a hash of its text (a blank answer has one too), with a prefix that
    keeps a spreadsheet from reading it as a number (``0012e4...``)."""
    return "sha256:" + hashlib.sha256(str(entry.get("answer", "")).encode()).hexdigest()[:16]


def read_sheet(path):
    """``{code: (line, row)}`` of a grading sheet (empty if there is none yet)."""
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) not in (SHEET, LEGACY_SHEET):
        raise ValueError(f"{path}: the header must be {','.join(SHEET)}; got {','.join(reader.fieldnames or [])}")
    return {csvsafe.restore(row["answer"]).strip(): (line, {k: csvsafe.restore(v or "") for k, v in row.items()})
            for line, row in enumerate(reader, 2)}


def written_for(row, entry):
    """Whether a sheet row was written for this answer's text (rows of a legacy sheet: taken as they are)."""
    return (row.get("version") or "").strip() in ("", version(entry))


def _store_path(out_dir):
    return pathlib.Path(out_dir) / "manual" / "scores.json"


def read_store(out_dir):
    """``{"homework/question/code": {"version", "points", "comment"}}``: the scores merged so far."""
    try:
        store = json.loads(_store_path(out_dir).read_text())
    except FileNotFoundError:
        return {}
    except ValueError as exc:
        raise ValueError(f"{_store_path(out_dir)} is not JSON ({exc}); restore it from a backup or delete it "
                         "and run course-grade manual again") from None
    return store if isinstance(store, dict) else {}


def write_store(out_dir, store):
    gradebook.atomic_write(_store_path(out_dir), json.dumps(store, indent=1, sort_keys=True) + "\n")


def _read_key(path, what):
    text = pathlib.Path(path).read_text().strip()
    if not re.fullmatch(r"[0-9a-f]{32}", text):
        raise ValueError(f"{what} {path}: expected 32 hexadecimal digits (as course-grade writes it); "
                         f"got {len(text)} characters")
    return text


def _create(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text + "\n")


def use_course_key(out_dir, path):
    """Install the course key ``path`` as the gradebook's key (created if missing: from the gradebook's key if
    it has one, else at random); ``ValueError`` when the two disagree or the course key is misplaced."""
    path, out_dir = pathlib.Path(path).absolute(), pathlib.Path(out_dir).absolute()
    if out_dir == path or out_dir in path.parents:
        raise ValueError(f"--course-key {path} is inside the gradebook {out_dir}; keep it outside, "
                         "since it must outlive the gradebook")
    installed = out_dir / "manual" / "key"
    installed.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    own = _read_key(installed, "the gradebook's key") if installed.exists() else None
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(path, own or secrets.token_hex(16))
    if not path.is_file():
        raise ValueError(f"--course-key {path} is not a file: give the file that holds the key (created if missing)")
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ValueError(f"--course-key {path} is readable by others (mode {mode:o}); expected 600: "
                         f"chmod 600 {path}")
    key = _read_key(path, "--course-key")
    if own is None:
        _create(installed, key)
    elif own != key:
        raise ValueError(f"the gradebook {out_dir} was graded with another key than --course-key {path}: "
                         "its anonymous codes differ; grade into a new --out folder with the course key")
    return key
