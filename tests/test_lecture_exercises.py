"""The coding exercises of the lectures: each runs blank, names its function's check, and its answer passes.

A lecture's coding exercise is one code cell: the function to write, still ``raise NotImplementedError()``, then
``report(check_<name>, <name>)``, which prints the check's verdict (so Restart and Run All goes on).  The next
cell is its answer, a ``<details>`` block holding the function in one fenced Python block.  Every lecture from 05
to 08 has one.  The checks themselves, and the mistakes they name, are tested in ``tests/test_checks_*.py``.
"""

import ast
import pathlib
import re

import nbformat
import pytest

from course_utils import checks
from course_utils.checks import NotAttempted

ROOT = pathlib.Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WITH_CODING_EXERCISE = ["05", "06", "07", "08"]
REPORT = re.compile(r"^report\((check_\w+), (\w+)\)\s*$", re.MULTILINE)
FENCED = re.compile(r"```python\n(.*?)```", re.DOTALL)


def coding_exercises(nb):
    """[(exercise cell, answer cell, check name, function name)] of a notebook."""
    found = []
    for index, cell in enumerate(nb.cells):
        match = REPORT.search(cell.source) if cell.cell_type == "code" else None
        if match:
            answer = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
            found.append((cell, answer, *match.groups()))
    return found


def exercises_of(prefix):
    path = next(p for p in LECTURES if p.name.startswith(prefix))
    return coding_exercises(nbformat.read(path, as_version=4))


def the_answer(answer_cell, function):
    """The function defined by the answer cell's one fenced Python block."""
    assert answer_cell is not None and answer_cell.cell_type == "markdown", "no answer cell after the exercise"
    assert answer_cell.source.startswith("<details><summary>Answer</summary>"), "the answer must start closed"
    blocks = FENCED.findall(answer_cell.source)
    assert len(blocks) == 1, f"the answer holds {len(blocks)} fenced Python blocks, expected 1"
    namespace = {}
    exec(compile(blocks[0], f"<answer of {function}>", "exec"), namespace)   # the course's own text
    assert callable(namespace.get(function)), f"the answer does not define {function}"
    return namespace[function]


@pytest.mark.parametrize("prefix", WITH_CODING_EXERCISE)
def test_the_lecture_has_a_coding_exercise_whose_check_names_its_function(prefix):
    found = exercises_of(prefix)
    assert found, f"lecture {prefix} has no coding exercise (a cell ending with report(check_<name>, <name>))"
    for _, _, check_name, function in found:
        assert check_name == f"check_{function}", f"{check_name} does not check {function}"


@pytest.mark.parametrize("prefix", WITH_CODING_EXERCISE)
def test_the_exercise_is_stored_blank_and_says_so(prefix):
    for cell, _, _, function in exercises_of(prefix):
        tree = ast.parse(cell.source)
        defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        assert [d.name for d in defs] == [function], f"the exercise cell must define {function} only"
        body = defs[0].body[1:] if ast.get_docstring(defs[0]) else defs[0].body
        assert len(body) == 1 and isinstance(body[0], ast.Raise), f"{function} must be stored blank"
        assert "# YOUR CODE HERE" in cell.source and ast.get_docstring(defs[0]), f"{function}: stub or docstring"
        printed = "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")
        assert printed.startswith(f"Not attempted yet: {function} is not attempted yet"), printed
        assert not [out for out in cell.outputs if out.output_type == "error"]


@pytest.mark.parametrize("prefix", WITH_CODING_EXERCISE)
def test_the_answer_passes_its_check_and_the_blank_does_not(prefix):
    for cell, answer, check_name, function in exercises_of(prefix):
        check = getattr(checks, check_name)
        result = check(the_answer(answer, function))
        assert result.check == check_name
        blank = {}
        exec(compile(cell.source.split("\nreport(")[0], "<blank>", "exec"), {}, blank)
        with pytest.raises(NotAttempted, match=f"{function} is not attempted yet"):
            check(blank[function])


def test_the_exercise_finder_reads_the_shape_it_promises():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("def double(v):\n    raise NotImplementedError()\n\nreport(check_double, double)"),
                nbformat.v4.new_markdown_cell("<details><summary>Answer</summary>\n\n```python\ndef double(v):\n"
                                              "    return 2 * v\n```\n\n</details>"),
                nbformat.v4.new_code_cell("print(report(check_double, double))")]
    [(cell, answer, check_name, function)] = coding_exercises(nb)
    assert (check_name, function) == ("check_double", "double") and the_answer(answer, function)(3) == 6
    answer.source = answer.source.replace("```python", "```")
    with pytest.raises(AssertionError, match="0 fenced Python blocks"):
        the_answer(answer, function)
