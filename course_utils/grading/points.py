"""At start: the points a grading module states agree with the nbgrader metadata of the notebooks it grades.

Each graded cell of a homework carries ``nbgrader: {grade: true, grade_id, points}``: a code cell calling a
question's public check (``check_softmax(softmax)``), or a written answer (its ``grade_id`` is a
``Written.id``).  The reference is the submitted notebooks themselves, by majority: a question's points
disagree when more than half of the submissions that carry a graded cell for it give it other points than
the module.  So a module that disagrees with the notebook the class received stops the grader, while one
student's tampered notebook (outvoted by the class) cannot.  Notebooks without nbgrader metadata take no part.
"""

import ast
import collections

from .submissions import read_notebook, read_submission


def _called(source):
    try:
        return {n.func.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Name)}
    except Exception:  # noqa: BLE001 - any source (too deep, null bytes...) only takes no part
        return set()


def graded_cells(path):
    """``[(grade_id, names the cell calls, points)]`` of a notebook's graded cells (none if unreadable)."""
    try:
        cells = read_notebook(read_submission(path))["cells"]   # a regular file, of bounded size, never a link
        found = []
        for cell in cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") and isinstance(meta.get("points"), (int, float)):
                source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                found.append((meta.get("grade_id"), _called(source) if cell["cell_type"] == "code" else set(),
                              float(meta["points"])))
        return found
    except Exception:  # noqa: BLE001 - any notebook (too deep, not a notebook...) only takes no part
        return []


def _items(homework):
    """``(name, points, matches(grade_id, called))`` for each question and written answer of a homework."""
    for q in homework.questions:
        names = set(q.check_names())
        yield q.function, float(q.points), lambda gid, called, names=names: gid in names or bool(called & names)
    for w in homework.written:
        yield w.id, float(w.points), lambda gid, called, wid=w.id: gid == wid


def mismatches(homeworks, submissions):
    """Why each question's points disagree with the majority of its submissions' metadata (``[]`` if none)."""
    votes = collections.defaultdict(collections.Counter)
    for sub in submissions:
        homework = homeworks.get(sub.homework)
        if homework is None or sub.problem:
            continue
        cells = graded_cells(sub.path)
        for name, _, matches in _items(homework):
            for points in {p for gid, called, p in cells if matches(gid, called)}:
                votes[sub.homework, name][points] += 1
    found = []
    for hw_name, homework in sorted(homeworks.items()):
        for name, stated, _ in _items(homework):
            counter = votes.get((hw_name, name))
            if not counter:
                continue
            points, count = counter.most_common(1)[0]
            if points != stated and count * 2 > sum(counter.values()):
                found.append(f"{hw_name}: question {name} is worth {stated:g} points in its grading module but "
                             f"{points:g} in the nbgrader metadata of {count} of {sum(counter.values())} "
                             "submitted notebooks")
    return found
