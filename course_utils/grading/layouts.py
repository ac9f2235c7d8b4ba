"""The names LMS downloads give submissions, mapped to a student and a homework of the tests folder.

* Canvas' "Download Submissions" puts every file in one folder, named
  ``<login>_<user id>_<submission id>_<original name>``, with ``LATE`` after
  the login for a late submission (``zack_LATE_12345_67890_hw1.ipynb``); a
  resubmitted file's original name may have gained ``-1``, ``-2``...
* Moodle's "Download all submissions" makes a folder per student,
  ``<Full Name>_<participant id>_assignsubmission_file_``, holding the files
  under their original names.
* nbgrader's ``submitted/<student>/<assignment>/<notebook>.ipynb`` is read by
  :mod:`course_utils.grading.submissions`.

The student is the LMS's login (Canvas) or ID (Moodle); the homework is the
original name when it is one of the tests folder's, else that name without
what an LMS or a browser adds to a repeated file (``-1``, `` (1)``).
"""

import dataclasses
import re

CANVAS = re.compile(r"(?P<login>.+?)_(?:(?P<late>LATE)_)?(?P<user_id>\d+)_(?P<submission_id>\d+)_(?P<name>.+)",
                    re.DOTALL)
MOODLE = re.compile(r"(?P<full_name>.+)_(?P<id>\d+)_assignsubmission_file_?", re.DOTALL)
_REPEATED = re.compile(r"(?P<name>.+?)(?:-\d+| ?\(\d+\))", re.DOTALL)
STUDENT_TEXT = "this notebook's name matches no homework of the course; ask your instructor"


@dataclasses.dataclass(frozen=True)
class CanvasFile:
    student: str
    original: str       # the file's name as the student uploaded it, without .ipynb
    late: bool          # Canvas marked it LATE (a hint: the grader's lateness comes from a time it states)


def canvas_file(stem):
    """The parts of a Canvas download's name (without ``.ipynb``), or None when it is not one."""
    m = CANVAS.fullmatch(stem)
    return CanvasFile(m["login"], m["name"], bool(m["late"])) if m else None


def moodle_student(folder):
    """The student ID in a Moodle submission folder's name, or None when it is not one."""
    m = MOODLE.fullmatch(folder)
    return m["id"] if m else None


def homework_of(stem, homeworks):
    """The homework a notebook named ``stem`` (without ``.ipynb``) is: itself, or itself as an LMS altered it.

    ``stem`` unchanged when no homework matches (the grader then warns and names the file).
    """
    if not homeworks or stem in homeworks:
        return stem
    m = _REPEATED.fullmatch(stem)
    return m["name"] if m and m["name"] in homeworks else stem


def unmatched_text(file_name, homework):
    """What the TA reads about a notebook whose name matches no homework (the student reads STUDENT_TEXT)."""
    return (f"the notebook {file_name!r} matches no homework of the tests folder: "
            f"no tests for homework {homework!r} ({homework}.py missing)")
