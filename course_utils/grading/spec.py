"""What an instructor writes to grade a homework: its questions and their checks.

A tests folder holds one Python module per homework, named like the
exercise notebook (``hw1_softmax.py`` grades ``hw1_softmax.ipynb``), with a
list ``QUESTIONS`` of :class:`Question` and, optionally, ``PROVIDES``: the
names of ``course_utils`` the exercise hands out as building blocks
(``("one_hot", "softmax")``), the only ones a notebook can import from it
while graded, and ``WRITTEN``: the answers graded by hand, a list of
:class:`Written` stated in the module itself (what :func:`written_questions`
reads from the worked notebook), so that a copy of the tests folder stands
alone, without ``solutions/`` beside it.  It lives with the instructor only:
the grader imports it in its own process, never in a sandbox.
"""

import ast
import dataclasses
import hashlib
import json
import importlib.util
import pathlib
import sys
from typing import Callable, Sequence

from . import standin


@dataclasses.dataclass(frozen=True)
class Question:
    """One graded function.

    Parameters
    ----------
    function : str
        The name the student must define (the exercise's signature).
    points : float
        Awarded in full when every check passes, else 0.
    public : sequence of callables
        Checks the students also have (``course_utils.checks``); their
        diagnosis is reported.
    hidden : sequence of callables
        Instructor-only checks; a failure is reported without details.
    forbidden : sequence of str
        Dotted names of functions that must not do the work, e.g.
        ``"scipy.special.softmax"``, besides those of the public checks'
        own rule (``check.forbidden``, from
        :data:`course_utils.checks.forbidden.RULES`, which the notebook's
        check enforces too).  A notebook whose function calls one while
        graded gets the status ``forbidden import`` and no credit.
        ``course_utils.<function>`` is always forbidden.
    """

    function: str
    points: float
    public: Sequence[Callable] = ()
    hidden: Sequence[Callable] = ()
    forbidden: Sequence[str] = ()

    def check_names(self):
        """The names of the public checks, as a notebook calls them (``check_softmax``): the grader grades the
        function the notebook's own call of one of them received."""
        return tuple(n for n in (getattr(c, "__name__", None) for c in self.public) if isinstance(n, str))

    def all_forbidden(self):
        """The question's forbidden names: its own, its public checks', and the course's own implementation."""
        from_checks = (name for check in self.public for name in getattr(check, "forbidden", ()))
        return tuple(dict.fromkeys((*self.forbidden, *from_checks, f"course_utils.{self.function}")))


@dataclasses.dataclass(frozen=True)
class Written:
    """A written answer, graded by hand: the nbgrader ``grade_id`` of its answer cell, its points, the question."""

    id: str
    points: float
    prompt: str = ""


@dataclasses.dataclass(frozen=True)
class Homework:
    """A homework's grading spec: its questions, its written answers, the ``course_utils`` names it provides."""

    name: str
    questions: Sequence[Question]
    provides: Sequence[str] = ()
    written: Sequence[Written] = ()

    def forbidden(self):
        return sorted({name for q in self.questions for name in q.all_forbidden()})


def _cells(notebook):
    return [dict(c, source="".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for c in json.loads(pathlib.Path(notebook).read_text())["cells"]]


def written_questions(notebook):
    """The written answers of the instructor's ``notebook``: every graded markdown cell (nbgrader metadata
    ``grade`` and ``solution``), with its points and, as its question, the markdown cell just above it."""
    cells, found = _cells(notebook), []
    for i, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "markdown" and meta.get("grade") and meta.get("solution"):
            prompt = cells[i - 1]["source"] if i and cells[i - 1]["cell_type"] == "markdown" else ""
            found.append(Written(meta["grade_id"], float(meta["points"]), prompt))
    return found


def notebook_check(notebook, name):
    """The check ``name`` defined in a cell of the instructor's (solution) ``notebook``, for a Question.

    A check written in the homework notebook itself with
    :func:`course_utils.checks.make_check` (so that students run it) is used
    by the grader too, without writing it twice: the cells made only of
    imports run first, then the cell that defines ``name``.  Read from the
    instructor's copy, never from a submission.
    """
    sources = [c["source"] for c in _cells(notebook) if c.get("cell_type") == "code"]
    imports, defining = [], []
    for source in sources:
        body = [n for n in ast.parse(source).body]
        if body and all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in body):
            imports.append(source)
        elif any(name in {t.id for t in getattr(n, "targets", []) if isinstance(t, ast.Name)}
                 or getattr(n, "name", None) == name for n in body):
            defining.append(source)
    if len(defining) != 1:
        raise ValueError(f"{notebook} must define {name} in exactly one code cell; found {len(defining)}")
    return _define([*imports, defining[0]], name, f"{notebook}:{name}")


def source_check(source, name):
    """The check ``name`` defined by ``source``, the text of the notebook cell that defines it (with its own
    imports), copied into the grading module: the module then needs nothing beside it.  The check remembers
    ``source`` (``check.cell_source``), so that a test can compare it with the worked notebook's cell."""
    check = _define([source], name, f"<cell defining {name}>")
    check.cell_source = source
    return check


def _define(sources, name, where):
    namespace = {"__name__": f"notebook_check.{name}"}
    for source in sources:
        exec(compile(source, where, "exec"), namespace)
    if not callable(namespace.get(name)):
        raise ValueError(f"{where}: {name} is not callable")
    return namespace[name]


def load_homework(path):
    """Import a homework's test module from ``path`` and return its :class:`Homework`."""
    path = pathlib.Path(path).resolve()
    spec = importlib.util.spec_from_file_location(f"course_grading_tests.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))  # for helpers shared by the tests folder's modules
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - any error of the module is the instructor's to fix
        raise ValueError(f"grading module {path} cannot be imported: {type(exc).__name__}: {exc}") from None
    finally:
        sys.path.remove(str(path.parent))
    questions = list(getattr(module, "QUESTIONS", []))
    if not questions or not all(isinstance(q, Question) for q in questions):
        raise ValueError(f"{path} must define QUESTIONS, a non-empty list of Question; got {questions!r}")
    provides = tuple(getattr(module, "PROVIDES", ()))
    standin.check_provides(provides, path.stem)
    written = tuple(getattr(module, "WRITTEN", ()))
    if not all(isinstance(w, Written) for w in written):
        raise ValueError(f"{path}: WRITTEN must be a list of Written (see written_questions); got {written!r}")
    return Homework(path.stem, questions, provides, written)


def tests_fingerprint(path, homework=None):
    """Hash of a homework's tests (its folder's Python files, its written questions) and of course_utils:
    a change means regrading."""
    path = pathlib.Path(path)
    digest = hashlib.sha256(path.name.encode() + repr(homework.written if homework else ()).encode())
    for source in sorted(path.parent.glob("*.py")):
        digest.update(source.name.encode() + source.read_bytes())
    package = pathlib.Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode() + source.read_bytes())
    return digest.hexdigest()
