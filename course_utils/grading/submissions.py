"""Finding the submissions of a class and reading each one defensively, without following links.

Layout: ``SUBMISSIONS/<student>/<homework>.ipynb``, or nbgrader's
``submitted/<student>/<assignment>/<homework>.ipynb``.  Every notebook-named
entry of a student's folder becomes a :class:`Submission`, whatever it
turns out to be (a folder, a link, an unreadable, empty, binary, huge or
deeply nested file): reading it raises :class:`SubmissionError` with a
reason a TA can act on, and the gradebook gets a row with that reason.
"""

import dataclasses
import hashlib
import json
import os
import stat

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
NO_HOMEWORK = "-"


class SubmissionError(Exception):
    """The submission cannot be graded at all; the message says why."""


class NoSubmissions(Exception):
    """Nothing to grade in the folder; the message says what was expected."""


@dataclasses.dataclass(frozen=True)
class Submission:
    student: str
    homework: str
    path: str
    problem: str = None     # known before reading: a misplaced notebook, a linked student folder


def _entries(path):
    """The entries of a folder, sorted, but hidden folders (``.ipynb_checkpoints``, ``.git``): a hidden
    notebook file is an entry like any other, and gets its row."""
    with os.scandir(path) as it:
        return sorted((e for e in it if not (e.name.startswith(".") and e.is_dir(follow_symlinks=False))),
                      key=lambda e: e.name)


def _holds_notebook(path):
    try:
        return any(n.endswith(".ipynb") for n in os.listdir(path))
    except OSError:
        return False


def _student_entries(root):
    try:
        return _entries(root)
    except OSError as exc:
        raise NoSubmissions(f"cannot list the submissions folder {root}: {exc.strerror}") from None


def find_submissions(root):
    """Every submission under ``root``, sorted; raise :class:`NoSubmissions` if there is none.

    Two layouts are read: ``<student>/<homework>.ipynb``, and nbgrader's
    ``submitted/<student>/<assignment>/<homework>.ipynb`` (used when no
    student folder holds a notebook directly).
    """
    found, folders = [], []
    for entry in _student_entries(root):
        if entry.is_symlink():
            found.append(Submission(entry.name, NO_HOMEWORK, entry.path,
                                    "the student's folder is a symbolic link; submissions must be real folders"))
        elif not entry.is_dir(follow_symlinks=False):
            if entry.name.endswith(".ipynb"):
                found.append(Submission(entry.name[:-6], NO_HOMEWORK, entry.path,
                                        "a notebook directly in the submissions folder: expected "
                                        "SUBMISSIONS/<student>/<homework>.ipynb"))
        else:
            try:
                folders.append((entry, _entries(entry.path)))
            except OSError as exc:
                found.append(Submission(entry.name, NO_HOMEWORK, entry.path,
                                        f"cannot list the student's folder ({exc.strerror})"))
    nbgrader = not any(c.name.endswith(".ipynb") for _, children in folders for c in children)
    for entry, children in folders:
        notebooks = [(None, c) for c in children if c.name.endswith(".ipynb")]
        inner = [c for c in children if c.is_dir(follow_symlinks=False) and not c.name.endswith(".ipynb")
                 and _holds_notebook(c.path)]
        if nbgrader:
            notebooks = [(a.name, c) for a in inner for c in _entries(a.path) if c.name.endswith(".ipynb")]
        elif not notebooks and inner:
            found.append(Submission(entry.name, NO_HOMEWORK, entry.path,
                                    f"no notebook directly in the student's folder (one is in {inner[0].name}/): "
                                    "expected SUBMISSIONS/<student>/<homework>.ipynb"))
        seen = set()
        for assignment, c in notebooks:
            homework = c.name[:-6]
            if homework in seen:
                found.append(Submission(entry.name, f"{homework}@{assignment}", c.path,
                                        f"a second notebook {c.name} (in the assignment folder {assignment}/)"))
                continue
            seen.add(homework)
            found.append(Submission(entry.name, homework, c.path))
    if not found:
        raise NoSubmissions(f"no submissions found in {root}: expected {root}/<student>/<homework>.ipynb, or "
                            f"nbgrader's {root}/<student>/<assignment>/<homework>.ipynb")
    return sorted(found, key=lambda s: (s.student, s.homework))


def read_submission(path):
    """The bytes of a submitted notebook: a regular, non-empty file read without following links."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if os.path.islink(path):
            raise SubmissionError("the notebook is a symbolic link, not a file") from None
        raise SubmissionError(f"cannot open the notebook ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SubmissionError("the notebook is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError("the notebook is not a regular file")
        if info.st_size > MAX_NOTEBOOK_BYTES:
            raise SubmissionError(f"the notebook is {info.st_size} bytes, more than the limit of {MAX_NOTEBOOK_BYTES}")
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read(MAX_NOTEBOOK_BYTES + 1)
    finally:
        os.close(fd)
    if not raw:
        raise SubmissionError("the notebook is an empty file")
    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(f"the notebook is more than {MAX_NOTEBOOK_BYTES} bytes")
    return raw


def notebook_hash(path):
    """sha256 of a submission's bytes, or the reason it cannot be read (so resuming skips it like any other)."""
    try:
        return hashlib.sha256(read_submission(path)).hexdigest()
    except SubmissionError as exc:
        return f"unreadable: {exc}"


def read_notebook(raw):
    """Parse notebook bytes; raise :class:`SubmissionError` with a reason a TA can act on."""
    if b"\0" in raw[:4096]:
        raise SubmissionError("the notebook is binary data, not JSON text")
    try:
        nb = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise SubmissionError("the notebook's JSON is nested too deeply to be a notebook") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise SubmissionError(f"the notebook is not valid JSON (truncated or corrupted?): {str(exc)[:200]}") from None
    if isinstance(nb, dict) and "nbformat" in nb and nb["nbformat"] != 4:
        raise SubmissionError(f"notebook format version must be 4; got {str(nb['nbformat'])[:20]}")
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise SubmissionError("the notebook's JSON has no list of cells")
    return nb


def code_cells(nb):
    """``([(index, source)], notes)``: the code cells in order, and a note for each cell that is not usable."""
    cells, notes = [], []
    for index, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            notes.append(f"cell {index}: its source is not text; skipped")
            continue
        cells.append((index, source))
    return cells, notes
