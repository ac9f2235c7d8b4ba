"""Regrade requests from students, as a CSV, for the grading app's answers (``course-grade manual --regrades``).

Each line names a student, a homework, a written question and a reason; the answer is reopened (see
:meth:`.app_state.Question.reopen`): its status says a regrade was requested, with the reason and the points it
had, and the history keeps who asked and when.  All lines are taken, or none.
"""

import csv

from . import csvsafe, manual
from .app_state import Question

REQUESTS = ("student", "homework", "question", "reason")


def reopen_requests(out_dir, path, who="regrade request"):
    """Reopen the answers named in the CSV ``path`` (student, homework, question, reason); all or none.

    Returns how many were reopened.  A line naming no written answer of the gradebook is refused, with its
    line number, before anything changes.
    """
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != REQUESTS:
            raise ValueError(f"{path}: the header must be {','.join(REQUESTS)}; got {','.join(reader.fieldnames or [])}")
        rows = list(enumerate(reader, 2))
    key = manual._key(out_dir)
    found, problems, questions = [], [], {}
    for line, row in rows:
        student, homework, name = (csvsafe.restore(row[c] or "").strip() for c in REQUESTS[:3])
        if (homework, name) not in questions:            # each question's answers read once
            try:
                questions[homework, name] = Question(out_dir, homework, name).read()
            except ValueError:
                questions[homework, name] = None
        q = questions[homework, name]
        answer = manual.code(key, student, homework, name)
        if q is None or answer not in q.answers:
            problems.append(f"{path}, line {line}: no written answer of {student!r} to {homework}/{name}")
        else:
            found.append((homework, name, answer, csvsafe.restore(row["reason"] or "").strip()))
    if problems:
        raise ValueError("no regrade request was taken:\n  " + "\n  ".join(problems))
    for homework, name, answer, reason in found:
        with Question(out_dir, homework, name).locked() as q:
            q.reopen(answer, who, reason or "no reason given")
    return len(found)
