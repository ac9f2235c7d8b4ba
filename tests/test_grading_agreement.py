"""One verdict: each homework notebook run with nbclient as a student runs it, then graded by ``course-grade``.

Every graded check cell's verdict in the kernel (its printed "correct" line, or the NotAttempted, Incorrect or
Forbidden it raised) must be the grader's status for that question; the only difference allowed is a hidden test,
and the grader's diagnosis then says it is hidden.  The notebooks: each worked homework and each exercise as
handed out, and homework 1 written in the ways where the notebook and the grader used to disagree.
"""

import json
import subprocess
import sys

import nbformat
import pytest

from course_utils.grading.grader import HIDDEN_FAILURE
from course_utils.grading.spec import load_homework
from grading_support import ROOT, record

pytestmark = [pytest.mark.usefixtures("sandbox_available"),
              pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
              pytest.mark.timeout(300)]

HOMEWORK = ("hw1_softmax_likelihood", "hw2_gradients", "hw3_sgd")
HW1 = HOMEWORK[0]
STUB = "def softmax(a, axis=-1):\n    raise NotImplementedError()\n"
SOFTMAX = ("def softmax(a, axis=-1):\n    e = np.exp(a - np.max(a, axis=axis, keepdims=True))\n"
           "    return e / e.sum(axis=axis, keepdims=True)\n")
LOGSUMEXP = ("from scipy.special import logsumexp\n\ndef log_likelihood(W, X, y):\n    A = X @ W\n"
             "    return float(np.sum(A[np.arange(len(y)), y] - logsumexp(A, axis=1)))\n")
#: Homework 1 written as students write it: ``name: ({solution cell id: new source}, cells appended, first line)``.
VARIANTS = {
    "stub_checked_then_real_and_scipy": ({"softmax": STUB, "log_likelihood": LOGSUMEXP}, [SOFTMAX],
                                         "%matplotlib inline\n"),
    "redefined_for_reference_and_course_import": (
        {"log_likelihood": "from course_utils import log_likelihood\n"},
        ["# my first try\ndef softmax(a, axis=-1):\n    return np.exp(a) / np.exp(a).sum()\n"], ""),
    "lists_and_long_doubles": ({"softmax": SOFTMAX.replace("return e / e.sum(axis=axis, keepdims=True)",
                                                           "return (e / e.sum(axis=axis, keepdims=True)).tolist()"),
                                "log_likelihood": LOGSUMEXP.replace("from scipy.special import logsumexp\n\n", "")
                                .replace("logsumexp(A, axis=1)", "np.log(np.exp(A).sum(axis=1))")
                                .replace("return float(", "return np.longdouble(")}, [], ""),
}
KERNEL = {"NotAttempted": "not attempted", "Incorrect": "incorrect", "Forbidden": "forbidden import"}


def _variant(name):
    replace, appended, first = VARIANTS[name]
    nb = nbformat.read(ROOT / "solutions" / f"{HW1}.ipynb", as_version=4)
    imports = next(c for c in nb.cells if c.cell_type == "code")
    imports.source = first + imports.source
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "code" and grade_id in replace:
            cell.source = replace.pop(grade_id)
    assert not replace, f"no solution cell {sorted(replace)}"
    nb.cells += [nbformat.v4.new_code_cell(source) for source in appended]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"variant-{i}"
    return nb


def _kernel_verdicts(nb, questions, folder):
    """Run ``nb`` with nbclient; ``{function: verdict}`` of each graded check cell, as the student saw it."""
    from nbclient import NotebookClient

    # Plain tracebacks: the verdict is the error's name and message, which the traceback mode does not change;
    # IPython's default mode highlights the source of every frame, 1.4 CPU-seconds for a handed-out notebook
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   extra_arguments=["--InteractiveShell.xmode=Plain"],
                   resources={"metadata": {"path": str(folder)}}).execute()
    by_check = {name: q.function for q in questions for name in q.check_names()}
    verdicts = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        (check,) = [name for name in by_check if f"{name}(" in cell.source]
        errors = [o for o in cell.outputs if o.output_type == "error"]
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        verdicts[by_check[check]] = (KERNEL.get(errors[0].ename, f"raised {errors[0].ename}") if errors else
                                     "correct" if f"{check}: correct" in printed else f"printed {printed!r}")
    return verdicts


@pytest.fixture(scope="module")
def agreement(tmp_path_factory):
    """Every notebook run in a kernel and graded: ``{(student, homework): (kernel verdicts, grader record, the
    notebook as the kernel left it)}``."""
    tmp = tmp_path_factory.mktemp("agreement")
    notebooks = {("worked", hw): nbformat.read(ROOT / "solutions" / f"{hw}.ipynb", as_version=4) for hw in HOMEWORK}
    notebooks |= {("handed_out", hw): nbformat.read(ROOT / "exercises" / f"{hw}.ipynb", as_version=4)
                  for hw in HOMEWORK}
    notebooks |= {(name, HW1): _variant(name) for name in VARIANTS}
    questions = {hw: load_homework(ROOT / "grading" / f"{hw}.py").questions for hw in HOMEWORK}
    verdicts = {}
    for (student, hw), nb in notebooks.items():
        folder = tmp / "subs" / student
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{hw}.ipynb")          # as handed in: before the kernel adds outputs
        verdicts[student, hw] = _kernel_verdicts(nb, questions[hw], ROOT / "exercises")
    proc = subprocess.run([sys.executable, "-m", "course_utils.grading.cli", "grade", str(tmp / "subs"),
                           "--tests", str(ROOT / "grading"), "--out", str(tmp / "out"), "--workers", "2",
                           "--wall-seconds", "60"], capture_output=True, text=True, timeout=200)
    assert proc.returncode == 0, proc.stderr
    return {key: (verdicts[key], record(tmp / "out", *key), notebooks[key]) for key in notebooks}


def test_the_notebook_and_the_grader_give_one_verdict(agreement):
    disagree = {}
    for (student, hw), (kernel, graded, _) in agreement.items():
        for question in graded["questions"]:
            function, status = question["function"], question["status"]
            hidden = status == "incorrect" and question["diagnosis"].startswith(HIDDEN_FAILURE)
            if kernel.get(function) != status and not (hidden and kernel.get(function) == "correct"):
                disagree[student, hw, function] = (kernel.get(function), status, question["diagnosis"][:200])
    assert not disagree, json.dumps({"/".join(k): v for k, v in disagree.items()}, indent=1)


def test_every_check_cell_was_read_and_the_cases_are_what_they_claim(agreement):
    """The test would see a disagreement: each kind of verdict occurs, and every graded question was compared."""
    seen = set()
    for (student, hw), (kernel, graded, _) in agreement.items():
        assert set(kernel) == {q["function"] for q in graded["questions"]}, (student, hw)
        seen |= set(kernel.values())
    assert seen == {"correct", "not attempted", "incorrect", "forbidden import"}
    assert set(agreement["worked", "hw2_gradients"][0].values()) == {"correct"}
    assert agreement["stub_checked_then_real_and_scipy", HW1][0] == {"softmax": "not attempted",
                                                                     "log_likelihood": "forbidden import"}
    assert agreement["redefined_for_reference_and_course_import", HW1][0] == {"softmax": "correct",
                                                                              "log_likelihood": "forbidden import"}
    assert set(agreement["lists_and_long_doubles", HW1][0].values()) == {"incorrect"}


@pytest.mark.parametrize("hw", HOMEWORK)
def test_the_handed_out_notebooks_run_to_the_end_with_every_check_not_attempted(agreement, hw):
    """A fresh student notebook runs top to bottom; each check says 'not attempted', no other cell fails."""
    kernel, graded, nb = agreement["handed_out", hw]
    assert set(kernel.values()) == {"not attempted"} and graded["cells_with_errors"] == []
    for index, cell in enumerate(nb.cells):
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            assert "is not attempted yet" in errors[0].evalue
        else:
            assert not errors, f"cell {index} ({cell.source[:40]!r}) raised {errors[0].ename}: {errors[0].evalue}"


@pytest.mark.parametrize("hw", HOMEWORK)
def test_the_worked_homework_gets_full_marks_and_the_exercises_none(agreement, hw):
    """Code points from the checks, written points pending for the TA (answered in the worked notebook only)."""
    spec = load_homework(ROOT / "grading" / f"{hw}.py")
    code, written = sum(q.points for q in spec.questions), sum(w.points for w in spec.written)
    solved, blank = agreement["worked", hw][1], agreement["handed_out", hw][1]
    assert solved["auto_score"] == code and solved["max_score"] == code + written, solved["questions"]
    assert solved["written_pending"] == len(spec.written) and all(w["answered"] for w in solved["written"])
    assert blank["score"] == 0 and {q["status"] for q in blank["questions"]} == {"not attempted"}
    assert not any(w["answered"] for w in blank["written"])
    assert solved["cells_with_errors"] == [] and blank["cells_with_errors"] == []
