"""exercises/ is generated from solutions/: the generator's rules, its agreement with
nbgrader's ClearSolutions, and that the committed exercises are up to date."""

import copy
import json
import pathlib
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_utils.exercises import CODE_STUB, TEXT_STUB, MarkerError, generate, make_exercise, main

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def nbgrader_meta(solution=False, grade=False, grade_id="x", points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def sample_notebook():
    func = (
        "def softmax(a, axis=-1):\n"
        '    """Softmax along axis; a of shape (N, K) -> (N, K)."""\n'
        "    ### BEGIN SOLUTION\n"
        "    e = np.exp(a - a.max(axis=axis, keepdims=True))\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n"
        "    ### END SOLUTION"
    )
    cells = [
        new_markdown_cell("# Homework"),
        new_code_cell("import numpy as np"),
        new_code_cell(func, metadata=nbgrader_meta(solution=True, grade_id="softmax")),
        new_markdown_cell("Derive it.", metadata=nbgrader_meta(solution=True, grade_id="derive")),
        new_markdown_cell("Answer: \n### BEGIN SOLUTION\nsigma (1 - sigma)\n### END SOLUTION\nDone.",
                          metadata=nbgrader_meta(solution=True, grade_id="derive2")),
        new_code_cell("x = 1", metadata=nbgrader_meta(solution=True, grade_id="whole")),
        new_code_cell("check_softmax(softmax)", metadata=nbgrader_meta(grade=True, grade_id="t", points=2)),
    ]
    cells[1].outputs = [nbformat.v4.new_output("stream", text="hi\n")]
    cells[1].execution_count = 1
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    return nb


def test_stub_keeps_signature_docstring_and_indentation():
    ex = make_exercise(sample_notebook())
    assert ex.cells[2].source == (
        "def softmax(a, axis=-1):\n"
        '    """Softmax along axis; a of shape (N, K) -> (N, K)."""\n'
        "    # YOUR CODE HERE\n"
        "    raise NotImplementedError()"
    )


def test_whole_solution_cells_and_markdown_answers_become_stubs():
    ex = make_exercise(sample_notebook())
    assert ex.cells[3].source == TEXT_STUB
    assert ex.cells[4].source == f"Answer: \n{TEXT_STUB}\nDone."
    assert ex.cells[5].source == CODE_STUB


def test_other_cells_unchanged_and_outputs_cleared():
    nb = sample_notebook()
    ex = make_exercise(nb)
    for before, after in zip(nb.cells, ex.cells):
        if not before.metadata.get("nbgrader", {}).get("solution"):
            assert after.source == before.source
            assert after.metadata == before.metadata
    assert ex.cells[1].outputs == [] and ex.cells[1].execution_count is None


def test_input_notebook_not_modified():
    nb = sample_notebook()
    snapshot = copy.deepcopy(nb)
    make_exercise(nb)
    assert nb == snapshot


@pytest.mark.parametrize("source, message", [
    ("### BEGIN SOLUTION\nx = 1\n", r"nb\.ipynb, cell 0 \(code\): '### BEGIN SOLUTION' at line 1 is never closed"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", r"cell 0 \(code\): .* at line 2 is nested"),
    ("x = 1\n### END SOLUTION", r"cell 0 \(code\): '### END SOLUTION' at line 2 has no matching"),
])
def test_bad_markers_name_file_cell_and_line(source, message):
    nb = new_notebook(cells=[new_code_cell(source, metadata=nbgrader_meta(solution=True))])
    with pytest.raises(MarkerError, match=message):
        make_exercise(nb, name="nb.ipynb")


def test_markers_outside_a_solution_cell_are_an_error():
    nb = new_notebook(cells=[new_markdown_cell("t"), new_code_cell("### BEGIN SOLUTION\n### END SOLUTION")])
    with pytest.raises(MarkerError, match=r"hw\.ipynb, cell 1 \(code\): has solution markers but no nbgrader"):
        make_exercise(nb, name="hw.ipynb")


def nbgrader_clear(nb):
    from nbgrader.preprocessors import ClearSolutions

    nb = copy.deepcopy(nb)
    ClearSolutions().preprocess(nb, {})
    return nb


@pytest.mark.parametrize("nb", [sample_notebook()] + [nbformat.read(p, as_version=4) for p in SOLUTIONS],
                         ids=["sample"] + [p.name for p in SOLUTIONS])
def test_cells_equal_nbgrader_clear_solutions(nb):
    ours, theirs = make_exercise(nb), nbgrader_clear(nb)
    assert [c.source for c in ours.cells] == [c.source for c in theirs.cells]


def test_generation_is_deterministic_and_check_mode(tmp_path, capsys):
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    nbformat.write(sample_notebook(), sol / "hw1.ipynb")
    assert main(["--solutions", str(sol), "--exercises", str(ex)]) == 0
    first = (ex / "hw1.ipynb").read_bytes()
    assert generate(sol, ex) == []                       # nothing stale: nothing rewritten
    assert (ex / "hw1.ipynb").read_bytes() == first
    assert main(["--solutions", str(sol), "--exercises", str(ex), "--check"]) == 0
    (ex / "hw1.ipynb").write_text(first.decode().replace("YOUR CODE HERE", "edited by hand"))
    (ex / "old.ipynb").write_text("{}")
    assert main(["--solutions", str(sol), "--exercises", str(ex), "--check"]) == 1
    assert "stale" in capsys.readouterr().out
    assert main(["--solutions", str(sol), "--exercises", str(ex)]) == 0
    assert (ex / "hw1.ipynb").read_bytes() == first and not (ex / "old.ipynb").exists()


def test_cli_reports_marker_errors(tmp_path, capsys):
    sol = tmp_path / "solutions"
    sol.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("### BEGIN SOLUTION", metadata=nbgrader_meta(True))]),
                   sol / "bad.ipynb")
    assert main(["--solutions", str(sol), "--exercises", str(tmp_path / "ex")]) == 2
    assert "bad.ipynb, cell 0 (code): '### BEGIN SOLUTION' at line 1 is never closed" in capsys.readouterr().err


def test_committed_exercises_are_up_to_date():
    assert len(SOLUTIONS) >= 3, "expected at least three homework sets in solutions/"
    stale = generate(ROOT / "solutions", ROOT / "exercises", check=True)
    assert stale == [], f"exercises/ is stale, run `course-exercises`: {[p.name for p in stale]}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_non_solution_cells_identical(path):
    sol = nbformat.read(path, as_version=4)
    ex = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    assert len(sol.cells) == len(ex.cells)
    for s, e in zip(sol.cells, ex.cells):
        assert s.metadata == e.metadata
        if not s.metadata.get("nbgrader", {}).get("solution"):
            assert s.source == e.source


# Each exercise notebook run in a kernel as handed out: tests/test_grading_agreement.py.


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_student_functions_have_the_signatures_of_course_utils(path):
    """Every function a student writes has exactly the signature of the same name in course_utils."""
    import inspect

    import course_utils

    nb = nbformat.read(path, as_version=4)
    graded = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
    assert graded
    for cell in graded:
        namespace = {}
        exec(compile(cell.source, str(path), "exec"), namespace)   # only defines functions
        functions = {k: v for k, v in namespace.items() if inspect.isfunction(v)}
        assert functions, f"solution cell defines no function: {cell.source[:60]!r}"
        for name, fn in functions.items():
            assert str(inspect.signature(fn)) == str(inspect.signature(getattr(course_utils, name))), name


def _relative_links(notebook):
    links = []
    for cell in json.loads(pathlib.Path(notebook).read_text())["cells"]:
        if cell["cell_type"] == "markdown":
            links += [t for t in re.findall(r"\]\(([^)\s]+)\)", "".join(cell["source"]))
                      if not re.match(r"[a-z]+:", t) and not t.startswith("#")]
    return links


@pytest.mark.parametrize("homework", sorted(p.name for p in (ROOT / "exercises").glob("hw*.ipynb")))
def test_homework_links_work_here_and_in_nbgraders_release_layout(homework):
    """Here: exercises/hwN.ipynb beside notebooks/. In nbgrader's release/ (and in a student's course
    folder): hwN/hwN.ipynb beside the lectures released as an assignment named ``notebooks``."""
    links = _relative_links(ROOT / "exercises" / homework)
    assert links, "a homework links to the lectures it builds on"
    for link in links:
        target = link.split("#")[0]
        assert (ROOT / "exercises" / target).resolve().is_file(), link
        release = pathlib.PurePosixPath("release") / homework[:-6] / target
        parts = []
        for part in release.parts:
            parts = parts[:-1] if part == ".." else [*parts, part]
        assert parts[:2] == ["release", "notebooks"] and (ROOT / "notebooks" / parts[2]).is_file(), link
