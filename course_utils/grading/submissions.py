"""Finding the submissions of a class and reading each one defensively, without following links.

Layout: ``SUBMISSIONS/<student>/<homework>.ipynb``, nbgrader's
``submitted/<student>/<assignment>/<homework>.ipynb``, or an LMS download
(Canvas' files, Moodle's folders: see :mod:`course_utils.grading.layouts`).  Every notebook-named
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

from . import layouts

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
    timestamp: str = None   # nbgrader's timestamp.txt beside the notebook, when there is one
    late_hint: bool = False  # the LMS's file name says late (Canvas' LATE)


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


def _canvas(entry, homeworks):
    """A Submission for a notebook directly in the submissions folder: a Canvas download, else misplaced."""
    canvas = layouts.canvas_file(entry.name[:-6])
    if canvas is None:
        return Submission(entry.name[:-6], NO_HOMEWORK, entry.path,
                          "a notebook directly in the submissions folder: expected "
                          "SUBMISSIONS/<student>/<homework>.ipynb, or Canvas' <login>_<id>_<id>_<name>.ipynb")
    return Submission(canvas.student, layouts.homework_of(canvas.original, homeworks), entry.path,
                      late_hint=canvas.late)


def _one_each(found):
    """A second notebook of one student for one homework gets its own row, saying so."""
    seen, kept = set(), []
    for sub in found:
        if (sub.student, sub.homework) in seen and sub.homework != NO_HOMEWORK:
            name = os.path.basename(sub.path)
            sub = Submission(sub.student, f"{sub.homework}@{name}", sub.path,
                             f"a second notebook {name} for homework {sub.homework}")
        seen.add((sub.student, sub.homework))
        kept.append(sub)
    return kept


def find_submissions(root, homeworks=()):
    """Every submission under ``root``, sorted; raise :class:`NoSubmissions` if there is none.

    Four layouts are read: ``<student>/<homework>.ipynb``, nbgrader's
    ``submitted/<student>/<assignment>/<homework>.ipynb`` (used when no
    student folder holds a notebook directly), Canvas' and Moodle's downloads.
    A notebook's name is mapped to one of ``homeworks`` as an LMS may alter it
    (see :func:`course_utils.grading.layouts.homework_of`).
    """
    found, folders = [], []
    for entry in _student_entries(root):
        if entry.is_symlink():
            found.append(Submission(entry.name, NO_HOMEWORK, entry.path,
                                    "the student's folder is a symbolic link; submissions must be real folders"))
        elif not entry.is_dir(follow_symlinks=False):
            if entry.name.endswith(".ipynb"):
                found.append(_canvas(entry, homeworks))
        else:
            try:
                folders.append((entry, _entries(entry.path)))
            except OSError as exc:
                found.append(Submission(entry.name, NO_HOMEWORK, entry.path,
                                        f"cannot list the student's folder ({exc.strerror})"))
    nbgrader = not any(c.name.endswith(".ipynb") for _, children in folders for c in children)
    for entry, children in folders:
        student = layouts.moodle_student(entry.name) or entry.name
        notebooks = [(None, c) for c in children if c.name.endswith(".ipynb")]
        inner = [c for c in children if c.is_dir(follow_symlinks=False) and not c.name.endswith(".ipynb")
                 and _holds_notebook(c.path)]
        if nbgrader:
            notebooks = [(a.name, c) for a in inner for c in _entries(a.path) if c.name.endswith(".ipynb")]
        elif not notebooks and inner:
            found.append(Submission(student, NO_HOMEWORK, entry.path,
                                    f"no notebook directly in the student's folder (one is in {inner[0].name}/): "
                                    "expected SUBMISSIONS/<student>/<homework>.ipynb"))
        seen = set()
        for assignment, c in notebooks:
            homework = layouts.homework_of(c.name[:-6], homeworks)
            if homework in seen:
                where = f"in the assignment folder {assignment}/" if assignment else f"also homework {homework}"
                found.append(Submission(student, f"{homework}@{assignment or c.name}", c.path,
                                        f"a second notebook {c.name} ({where})"))
                continue
            seen.add(homework)
            stamp = os.path.join(os.path.dirname(c.path), "timestamp.txt") if assignment else None
            found.append(Submission(student, homework, c.path, timestamp=stamp))
    if not found:
        raise NoSubmissions(f"no submissions found in {root}: expected {root}/<student>/<homework>.ipynb, or "
                            f"nbgrader's {root}/<student>/<assignment>/<homework>.ipynb")
    return sorted(_one_each(sorted(found, key=lambda s: (s.student, s.homework, s.path))),
                  key=lambda s: (s.student, s.homework))


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
