"""House rules for the stored notebooks (lectures and worked solutions).

nbval re-executes every notebook and compares outputs; these tests check
what nbval cannot: that each notebook was saved executed and error-free,
matches its jupytext source, starts and ends as a lecture should, and keeps
the house rules (no notebook-defined helpers used later, seeded randomness,
output-comparison exemptions only where honest).
"""

import ast
import pathlib
import re

import jupytext
import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WORKED = sorted((ROOT / "solutions").glob("*.ipynb"))
ALL = LECTURES + WORKED
IDS = [str(p.relative_to(ROOT)) for p in ALL]
EXPECTED_LECTURES = [
    "00_overview", "01_softmax_likelihood", "02_log_likelihood", "03_chain_rule",
    "04_softmax_jacobian", "05_final_gradient", "06_gradient_checking", "07_single_sample_sgd",
    "08_training_real_data", "09_notes_corrected", "10_summary",
]
IGNORE_MARK = "# NBVAL_IGNORE_OUTPUT"


def read(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_the_lecture_sequence_is_complete():
    assert [p.stem for p in LECTURES] == EXPECTED_LECTURES


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_saved_executed_in_order_without_errors(path):
    counts = []
    for index, cell in enumerate(code_cells(read(path))):
        assert cell.execution_count is not None, f"cell {index} was saved unexecuted"
        counts.append(cell.execution_count)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"cell {index} stores an error output: {errors[0].get('ename')}"
        streams = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr")
        assert "Warning" not in streams, f"cell {index} stores a warning: {streams[:200]}"
    assert counts == list(range(1, len(counts) + 1)), "cells were not run top to bottom in one session"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_matches_its_jupytext_source(path):
    src = path.parent / "src" / f"{path.stem}.py"
    assert src.exists(), f"{path.name} has no source {src.relative_to(ROOT)}"
    built, stored = jupytext.read(src), read(path)
    assert [(c.cell_type, c.source) for c in built.cells] == [(c.cell_type, c.source) for c in stored.cells], (
        f"{path.name} differs from its source: rebuild with tools/build_notebooks.py"
    )


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_opens_with_title_and_what_you_will_learn(path):
    first = read(path).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "What you'll learn" in first.source


@pytest.mark.parametrize("index", range(len(EXPECTED_LECTURES)))
def test_lectures_link_to_neighbours(index):
    path = ROOT / "notebooks" / f"{EXPECTED_LECTURES[index]}.ipynb"
    last = read(path).cells[-1]
    assert last.cell_type == "markdown"
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", last.source)
    if index + 1 < len(EXPECTED_LECTURES):
        assert f"{EXPECTED_LECTURES[index + 1]}.ipynb" in links, "last cell must link to the next lecture"
    if index > 0:
        assert f"{EXPECTED_LECTURES[index - 1]}.ipynb" in links, "last cell must link to the previous lecture"
    for link in links:
        assert (path.parent / link).exists(), f"broken link {link}"


PREPARES = {  # lecture -> the homework it prepares (as in lecture 00's table)
    "01_softmax_likelihood": "hw1_softmax_likelihood", "02_log_likelihood": "hw1_softmax_likelihood",
    "03_chain_rule": "hw2_gradients", "04_softmax_jacobian": "hw2_gradients",
    "05_final_gradient": "hw2_gradients", "06_gradient_checking": "hw2_gradients",
    "07_single_sample_sgd": "hw3_sgd", "08_training_real_data": "hw3_sgd",
}


def test_every_homework_is_prepared_by_some_lecture():
    assert sorted(set(PREPARES.values())) == sorted(p.stem for p in (ROOT / "exercises").glob("hw*.ipynb"))


@pytest.mark.parametrize("lecture, homework", sorted(PREPARES.items()))
def test_lecture_ends_with_a_link_to_the_homework_it_prepares(lecture, homework):
    path = ROOT / "notebooks" / f"{lecture}.ipynb"
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", read(path).cells[-1].source)
    assert f"../exercises/{homework}.ipynb" in links, f"{lecture} must end with a link to {homework}"
    assert (path.parent / "../exercises" / f"{homework}.ipynb").exists()
    overview = read(ROOT / "notebooks" / "00_overview.ipynb")
    row = next(line for c in overview.cells for line in c.source.splitlines()
               if f"../exercises/{homework}.ipynb" in line and line.startswith("|"))
    first, last = re.search(r"lectures (\d\d)–(\d\d)", row).groups()
    assert first <= lecture[:2] <= last, f"00's table says {homework} is prepared by lectures {first}–{last}"


def defined_and_used(source):
    tree = ast.parse(source)
    defined = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    defined |= {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Lambda)
                for t in n.targets if isinstance(t, ast.Name)}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return defined, used


def python_source(cell):
    # IPython magics and shell escapes are not Python; blank them out
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in cell.source.splitlines())


@pytest.mark.parametrize("path", LECTURES, ids=[p.name for p in LECTURES])
def test_no_notebook_helper_is_used_by_a_later_cell(path):
    earlier = {}
    for index, cell in enumerate(code_cells(read(path))):
        defined, used = defined_and_used(python_source(cell))
        reused = {name: earlier[name] for name in used if name in earlier and name not in defined}
        assert not reused, f"cell {index} uses helpers defined in earlier cells {reused}: move them to course_utils"
        earlier.update({name: index for name in defined})


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_randomness_is_seeded(path):
    for index, cell in enumerate(code_cells(read(path))):
        assert "default_rng()" not in cell.source, f"cell {index}: unseeded default_rng()"
        assert not re.search(r"np\.random\.(rand|randn|randint|normal|uniform|choice|permutation)\(", cell.source), (
            f"cell {index}: global NumPy random state; use np.random.default_rng(seed)"
        )


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_output_comparison_exempt_only_for_widgets_and_timings(path):
    honest = re.compile(r"perf_counter|timeit|time\.time|_controls?\(|_explorer\(|interactive\(")
    for index, cell in enumerate(code_cells(read(path))):
        if cell.source.startswith(IGNORE_MARK):
            assert honest.search(cell.source), f"cell {index} skips output comparison without a widget or timing"
        else:
            assert IGNORE_MARK not in cell.source, f"cell {index}: the nbval marker must be the first line"
