"""Grade one submission: read it, run each question's code in a fresh sandbox, judge here.

Statuses per question: ``correct``, ``incorrect``, ``not attempted``,
``error`` (crash, renamed function, unreadable notebook) and ``timeout``.
Only ``correct`` earns the points.  Every failure is closed: whatever
happens to one question or one submission, the others are graded.
"""

import contextlib
import hashlib
import io
import os
import pathlib

from .extract import SubmissionError, definitions, read_notebook
from .sandbox import SandboxFailure

HIDDEN_FAILURE = "failed a hidden test (the public checks passed; details are not shown)"


UNREADABLE = "unreadable"


def notebook_hash(path):
    """sha256 of a submission's bytes, or ``UNREADABLE`` (so resuming skips it like any other)."""
    try:
        return hashlib.sha256(read_submission(path)).hexdigest()
    except SubmissionError:
        return UNREADABLE


def read_submission(path):
    """Bytes of a submitted notebook; symbolic links and non-files are refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise SubmissionError(f"cannot open the notebook ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        if not pathlib.Path(path).is_file():
            raise SubmissionError("the submission is not a regular file")
        return fh.read()


def _verdict(status, points, diagnosis):
    return {"status": status, "score": points if status == "correct" else 0.0, "diagnosis": diagnosis}


def grade_question(zygote, code, question):
    """Run one question's checks against the function defined by ``code``; return its result dict."""
    from course_utils.checks import Incorrect, NotAttempted

    result = {"function": question.function, "points": float(question.points)}
    sandbox = None
    out = io.StringIO()
    try:
        sandbox = zygote.spawn()
        zygote.protections = sandbox.protections
        names = sandbox.load(code)
        if question.function not in names:
            result.update(_verdict("error", 0.0, f"no function named `{question.function}` is defined in the "
                                                   "notebook (was it renamed, or its cell left with an error?)"))
            return result
        fn = sandbox.function(question.function)
        with contextlib.redirect_stdout(out):
            for check in question.public:
                check(fn)
            for check in question.hidden:
                try:
                    check(fn)
                except AssertionError:
                    result.update(_verdict("incorrect", 0.0, HIDDEN_FAILURE))
                    return result
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        result.update(_verdict("correct", question.points, " | ".join(lines) or "correct"))
    except NotAttempted as exc:
        result.update(_verdict("not attempted", 0.0, str(exc)))
    except Incorrect as exc:
        result.update(_verdict("incorrect", 0.0, str(exc)))
    except SandboxFailure as exc:
        result.update(_verdict(exc.status, 0.0, exc.reason))
    except AssertionError as exc:
        result.update(_verdict("incorrect", 0.0, str(exc) or "a check failed"))
    except Exception as exc:  # noqa: BLE001 - a check that crashes must not stop the class
        result.update(_verdict("error", 0.0, f"the check could not complete: {type(exc).__name__}: {exc}"))
    finally:
        if sandbox is not None:
            sandbox.close()
    return result


def new_record(student, homework, tests_hash, error=None):
    """An empty submission record; :func:`grade_submission` fills in the questions."""
    return {"student": student, "homework": homework, "tests_sha256": tests_hash, "notebook_sha256": None,
            "error": error, "notes": [], "questions": [], "score": 0.0, "max_score": 0.0, "protections": []}


def grade_submission(zygote, path, questions, student, homework, tests_hash):
    """Grade every question of one notebook; return the submission's record (a JSON-able dict)."""
    record = new_record(student, homework, tests_hash)
    try:
        record["notebook_sha256"] = UNREADABLE
        raw = read_submission(path)
        record["notebook_sha256"] = hashlib.sha256(raw).hexdigest()
        code, record["notes"] = definitions(read_notebook(raw))
    except SubmissionError as exc:
        record["error"] = str(exc)
        code = None
    for question in questions:
        if code is None:
            result = {"function": question.function, "points": float(question.points),
                      **_verdict("error", 0.0, f"submission not gradable: {record['error']}")}
        else:
            result = grade_question(zygote, code, question)
        record["questions"].append(result)
    record["protections"] = list(getattr(zygote, "protections", []))
    record["score"] = sum(q["score"] for q in record["questions"])
    record["max_score"] = sum(q["points"] for q in record["questions"])
    return record
