"""Grade one submission: run its notebook once in a sandbox, then judge each question's function here.

Statuses per question: ``correct``, ``incorrect``, ``not attempted``,
``forbidden import`` (the function used what the question does not allow),
``error`` (crash, missing function, unreadable notebook) and ``timeout``.
Only ``correct`` earns the points.  Every failure is closed: whatever one
question or one submission does, the others are graded.

If the sandbox has to be killed (a cell or a call that ignores its own
alarm, the memory limit), a new sandbox runs the notebook again, stopping
before the cell that could not finish, and grading goes on with the next
question.
"""

import contextlib
import hashlib
import io
import math
import os

from ..checks import forbidden as forbidden_rule
from . import gradebook, layouts, manual, protections
from .sandbox import Sandbox, SandboxFailure
from .submissions import SubmissionError, code_cells, read_notebook, read_submission

HIDDEN_FAILURE = "failed a hidden test (the public checks passed; details are not shown)"
MAX_TEXT = 1000          # characters of any diagnosis kept in a record
MAX_CELL_ERRORS = 20


def cap(text, limit=MAX_TEXT):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + " [...]"


def _verdict(status, points, diagnosis):
    return {"status": status, "score": float(points) if status == "correct" else 0.0, "diagnosis": cap(diagnosis)}


def _number(index):
    """A cell as students count it: from 1, markdown cells included."""
    return index + 1 if isinstance(index, int) else "?"


def _keep_measures(measured, source):
    """Note in ``measured`` what a public check measured (its CheckResult, or the Incorrect it raised)."""
    ratio = getattr(source, "speed_ratio", None)
    if isinstance(ratio, (int, float)) and not isinstance(ratio, bool) and math.isfinite(ratio):
        measured["speed_ratio"] = round(float(ratio), 3)


def _check(sandbox, question, measured=None):
    """Run a question's public then hidden checks on the sandbox's function; return ``(status, diagnosis)``.

    What the public checks measured (``speed_ratio``) is added to the dict ``measured``, and, for a question
    with hidden checks, ``public_passed`` once its public checks passed (the verdict is then the hidden
    checks': :mod:`.gradescope_results` shows it only when grades are published).
    """
    from course_utils.checks import Incorrect, NotAttempted

    measured = {} if measured is None else measured
    out = io.StringIO()
    fn = sandbox.function(question.function, question.check_names())
    try:
        with contextlib.redirect_stdout(out):
            for check in question.public:
                _keep_measures(measured, check(fn))
            if question.hidden:
                measured["public_passed"] = True     # what follows is the hidden tests' (Gradescope shows it later)
            for check in question.hidden:
                try:
                    check(fn)
                except AssertionError:
                    return "incorrect", HIDDEN_FAILURE
    except NotAttempted as exc:
        return "not attempted", str(exc)
    except Incorrect as exc:
        _keep_measures(measured, exc)
        return "incorrect", str(exc)
    except AssertionError as exc:
        return "incorrect", str(exc) or "a check failed"
    except SandboxFailure as exc:
        return exc.status, exc.reason
    except Exception as exc:  # noqa: BLE001 - a check that crashes must not stop the class
        return "error", f"the check could not complete: {type(exc).__name__}: {exc}"
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return "correct", " | ".join(lines) or "correct"


class _Run:
    """The submission's sandbox and what its notebook run gave, restarted when the sandbox had to be killed."""

    def __init__(self, walls, homework, cells):
        self.walls, self.homework, self.cells = walls, homework, cells
        self.sandbox, self.notebook, self.stop_before, self.stop_reason = None, None, None, ""
        self.inside = {}

    def ensure(self):
        """A live sandbox whose notebook has run; ``None`` when none could be made to run it."""
        for _ in range(3):
            if self.sandbox is not None and self.sandbox.alive:
                return self.sandbox
            self.sandbox = Sandbox(self.walls, self.homework.name)
            self.inside = self.inside or self.sandbox.inside
            try:
                self.notebook = self.sandbox.run(self.cells, self.homework.forbidden(), self.stop_before)
                if self.stop_before is not None:
                    self.notebook.stopped_at, self.notebook.stop_reason = self.stop_before, self.stop_reason
                return self.sandbox
            except SandboxFailure as exc:
                if getattr(exc, "stopped_at", None) is None:
                    self.stop_reason = exc.reason
                    break
                self.stop_before, self.stop_reason = exc.stopped_at, exc.reason
        self.sandbox = None
        return None

    def close(self):
        if self.sandbox is not None:
            self.sandbox.close()


def grade_question(run, question):
    """Grade one question on the notebook's functions; return its result dict."""
    result = {"function": question.function, "points": float(question.points)}
    sandbox = run.ensure()
    notebook = run.notebook
    forbidden = set(question.all_forbidden())

    def forbidden_text(names, stage):
        return forbidden_rule.message(question.function, names, stage, run.homework.provides)

    if sandbox is None:
        result.update(_verdict("error", 0.0, f"the notebook could not be run: {run.stop_reason}"))
        return result
    checked = any(c in notebook.checked for c in question.check_names())
    denied = set(notebook.denied)        # course_utils names this homework does not provide: all forbidden
    if question.function not in notebook.names and not checked:
        if denied:
            result.update(_verdict("forbidden import", 0.0, forbidden_text(denied, "import")))
        elif notebook.stopped_at is not None:
            status = "timeout" if "time" in notebook.stop_reason else "error"
            result.update(_verdict(status, 0.0, f"the notebook stopped at cell {_number(notebook.stopped_at)} "
                                                f"({notebook.stop_reason}) before defining `{question.function}`"))
        else:
            result.update(_verdict("error", 0.0, f"no function named `{question.function}` is defined in the "
                                                   "notebook (was it renamed, or its cell left with an error?)"))
        return result
    sandbox.begin_question()
    measured = {}
    status, diagnosis = _check(sandbox, question, measured)
    used = (forbidden | denied) & sandbox.used
    if used:
        status, diagnosis = "forbidden import", forbidden_text(used, "call")
    elif denied and status != "correct":
        status, diagnosis = "forbidden import", forbidden_text(denied, "import")
    where = sandbox.where
    if where.get("redefined"):
        diagnosis = (f"{diagnosis} [Graded: the `{question.function}` that the check in cell "
                     f"{_number(where.get('cell'))} received, as your notebook showed it. `{question.function}` "
                     "is defined again after that check ran, and the later version was neither checked nor graded: "
                     "run the check again after your final version.]")
    result.update(_verdict(status, question.points, diagnosis))
    result.update(measured)            # "speed_ratio": what the speed test measured, passed or not
    return result


def new_record(student, homework, tests_hash, error=None):
    """An empty submission record; :func:`grade_submission` fills in the questions."""
    return {"student": student, "homework": homework, "tests_sha256": tests_hash, "notebook_sha256": None,
            "error": error, "notes": [], "cells_with_errors": [], "questions": [], "written": [], "score": 0.0,
            "max_score": 0.0, "protections": []}


def finish(record, homework, reason=None, nb=None):
    """Complete a record: its written answers, and every question an error when it could not be graded at all."""
    if reason is not None:
        record["error"] = cap(reason)
        if homework is None:                        # the TA's detail stays in the record, not on the student's page
            record["student_error"] = layouts.STUDENT_TEXT
        record["questions"] = [{"function": q.function, "points": float(q.points),
                                **_verdict("error", 0.0, f"submission not gradable: {reason}")}
                               for q in (homework.questions if homework else [])]
    record["written"] = manual.written_answers(nb, homework)
    return gradebook.totals(record)


def grade_submission(walls, submission, homework, tests_hash):
    """Grade every question of one notebook; return the submission's record (a JSON-able dict).

    ``homework`` is its :class:`~course_utils.grading.spec.Homework`, None when the tests folder has none.
    """
    record = new_record(submission.student, submission.homework, tests_hash)
    policy = walls.policy       # the time limits that applied, which a timeout's feedback names
    record["limits"] = {"wall_seconds": policy.wall_seconds, "notebook_seconds": policy.notebook_seconds}
    record["notebook_sha256"] = f"unreadable: {submission.problem}" if submission.problem else None
    if submission.problem:
        return finish(record, homework, submission.problem)
    try:
        raw = read_submission(submission.path)
        record["notebook_sha256"] = hashlib.sha256(raw).hexdigest()
        nb = read_notebook(raw)
        cells, record["notes"] = code_cells(nb)
    except SubmissionError as exc:
        record["notebook_sha256"] = record["notebook_sha256"] or f"unreadable: {exc}"
        return finish(record, homework, str(exc))
    if homework is None:
        return finish(record, None, layouts.unmatched_text(os.path.basename(submission.path), submission.homework))
    run = _Run(walls, homework, cells)
    try:
        for question in homework.questions:
            record["questions"].append(grade_question(run, question))
        notebook = run.notebook
        if notebook is not None:
            record["cells_with_errors"] = [
                {"cell": _number(e.get("cell")), "error": cap(e.get("error"), 100),
                 "message": cap(e.get("message"), 300)}
                for e in notebook.errors[:MAX_CELL_ERRORS] if isinstance(e, dict)]
            record["notes"].extend(cap(n, 300) for n in notebook.notes[:10])
            if notebook.stopped_at is not None:
                record["notes"].append(f"the notebook stopped at cell {_number(notebook.stopped_at)}: "
                                       f"{notebook.stop_reason}")
            record["protections"] = protections.active(walls, run.inside)
    finally:
        run.close()
    return finish(record, homework, nb=nb)
