"""A grader's record as Gradescope's ``results.json`` (its autograder specification), checked and written.

Top level: ``score`` (the record's, which is the course's own grade of the notebook), ``execution_time``,
``output`` (what was graded, the cells that raised, the notes, and the protections that were active or that
there was no sandbox), ``visibility`` ``visible``, ``stdout_visibility`` ``hidden`` (the grader's log is the
instructor's), ``extra_data`` and ``tests``, per question:

* a question without hidden checks: one test, visible, with its points and diagnosis;
* a question with hidden checks: a visible test ``<function>: public checks`` (0 points) with the public
  checks' diagnosis, or only that they passed, and a test ``<function>`` with the points and the verdict,
  ``after_published`` (a hidden failure says no more than :data:`~.grader.HIDDEN_FAILURE`);
* a written answer: a test with ``max_score`` 0 saying it is graded by hand in Gradescope.
"""

import json
import math

from . import feedback, gradebook

VISIBILITY = ("hidden", "after_due_date", "after_published", "visible")
TOP_KEYS = {"score": (int, float), "execution_time": (int,), "output": (str,), "visibility": (str,),
            "stdout_visibility": (str,), "extra_data": (dict,), "tests": (list,)}
TEST_KEYS = {"score": (int, float), "max_score": (int, float), "name": (str,), "number": (str,),
             "output": (str,), "visibility": (str,)}
PUBLIC_PASSED = ("the public checks passed; this question's points, and whether its hidden tests passed, are "
                 "shown when grades are published")
WRITTEN = "graded by hand in Gradescope ({points} point{s}); not part of the autograder's score"


def _test(number, name, score, max_score, output, visibility):
    return {"number": number, "name": name, "score": float(score), "max_score": float(max_score),
            "output": output, "visibility": visibility}


def tests(record, homework):
    """Gradescope's ``tests`` for a record of ``homework`` (its :class:`~.spec.Homework`)."""
    hidden = {q.function: bool(q.hidden) for q in homework.questions}
    found = []
    for number, q in enumerate(record["questions"], 1):
        verdict = "\n".join(t for t in (f"{q['status']}: {q['diagnosis']}", feedback.time_limit(record, q)) if t)
        if hidden.get(q["function"], True):
            public = PUBLIC_PASSED if q.get("public_passed") else verdict
            found.append(_test(f"{number}.1", f"{q['function']}: public checks", 0, 0, public, "visible"))
            found.append(_test(f"{number}.2", q["function"], q["score"], q["points"], verdict, "after_published"))
        else:
            found.append(_test(str(number), q["function"], q["score"], q["points"], verdict, "visible"))
    for number, w in enumerate(record.get("written", []), len(record["questions"]) + 1):
        points = gradebook.fmt_score(w["points"])
        text = WRITTEN.format(points=points, s="" if points == "1" else "s")
        found.append(_test(str(number), f"{w['id']} (written)", 0, 0, text, "visible"))
    return found


def summary(record, notebook, sandbox, later=False):
    """The top-level ``output``: the notebook graded (None: none was) or why it could not be, that some verdicts
    come ``later`` (when grades are published), the cells that raised, the notes, and ``sandbox``, the
    protections that were active."""
    error = record.get("student_error") or record.get("error")
    expected = f"{record['homework']}.ipynb"
    shown = notebook and repr(notebook[:120]) + ("" if notebook == expected else f" (as {expected})")
    lines = [f"Nothing was graded: {error}" if notebook is None else f"{shown} could not be graded: {error}"
             if error else f"{shown}: graded with the course's checks, as the course's gradebook grades it."]
    if later:
        lines.append("Each question's public checks are shown now; its points, and whether its hidden tests "
                     "passed, when grades are published.")
    lines += [f"Cell {c['cell']} raised {c['error']}: {c['message']}" for c in record.get("cells_with_errors", [])]
    lines += [f"Note: {n}" for n in record.get("notes", [])]
    return "\n".join([*lines, sandbox])


def results(record, homework, notebook, sandbox, seconds, extra=None):
    """The whole ``results.json`` of a record (see the module's docstring), checked by :func:`check`."""
    found = tests(record, homework)
    later = any(t["visibility"] == "after_published" for t in found)
    top = {"score": float(record["score"]), "execution_time": max(0, int(round(seconds))),
           "output": summary(record, notebook, sandbox, later), "visibility": "visible",
           "stdout_visibility": "hidden", "extra_data": extra or {}, "tests": found}
    check(top)
    return top


def _typed(where, value, types):
    if isinstance(value, bool) or not isinstance(value, types):
        raise ValueError(f"results.json: {where} must be {' or '.join(t.__name__ for t in types)}; "
                         f"got {type(value).__name__} {str(value)[:60]!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"results.json: {where} must be a finite number; got {value}")


def _fields(where, item, keys, required):
    if not isinstance(item, dict):
        raise ValueError(f"results.json: {where} must be an object; got {type(item).__name__}")
    unknown, lacking = sorted(set(item) - set(keys)), sorted(set(required) - set(item))
    if unknown or lacking:
        raise ValueError(f"results.json: {where} has keys {sorted(item)}; expected {sorted(required)} "
                         f"(unknown: {unknown}, missing: {lacking})")
    for key, value in item.items():
        _typed(f"{where}.{key}", value, keys[key])
        if key.endswith("visibility") and value not in VISIBILITY:
            raise ValueError(f"results.json: {where}.{key} must be one of {', '.join(VISIBILITY)}; got {value!r}")


def check(found):
    """Raise ValueError unless ``found`` is a results.json of Gradescope's specification as this module writes
    it: every key of :data:`TOP_KEYS` and, in each test, of :data:`TEST_KEYS`, of its type; visibilities of
    :data:`VISIBILITY`; each test's score within 0..max_score; the score the sum of the tests' scores."""
    _fields("the top level", found, TOP_KEYS, TOP_KEYS)
    for i, test in enumerate(found["tests"]):
        _fields(f"tests[{i}]", test, TEST_KEYS, TEST_KEYS)
        if not 0 <= test["score"] <= test["max_score"]:
            raise ValueError(f"results.json: tests[{i}].score must be within 0..{test['max_score']}; "
                             f"got {test['score']}")
    total = sum(t["score"] for t in found["tests"])
    if not math.isclose(found["score"], total, abs_tol=1e-9):
        raise ValueError(f"results.json: the score {found['score']} must be the sum of the tests' scores, {total}")
    json.dumps(found, allow_nan=False)


def write(path, found):
    """Check ``found`` and write it to ``path`` atomically (a reader sees the old file or the whole new one)."""
    check(found)
    gradebook.atomic_write(path, json.dumps(found, indent=1, allow_nan=False) + "\n")
