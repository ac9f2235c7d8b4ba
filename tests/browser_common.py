"""Shared constants and helpers of the browser tests (tests/test_browser_lab.py, tests/test_browser_site.py).

Their fixtures (``browser``, ``workdir``, ``broken``) are in tests/conftest.py.
"""

import pathlib

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
NOTEBOOKS = LECTURES + SOLUTIONS
WIDGET_LECTURES = ["01_softmax_likelihood", "06_single_sample_sgd"]
CHECKS = ("errors", "undefined", "raw")
BROKEN = {  # fixture notebooks: each must be caught by its own check and by no other
    "errors": r"A TeX error: $x^1^2$ (double exponent) and a fine $y$.",
    "undefined": r"An undefined macro: $\notamacro{x} + \sigma$.",
    "raw": r"An unbalanced dollar: costs $5 and leaves \frac{a}{b} as text.",
}
VIEW = "application/vnd.jupyter.widget-view+json"


def rel(path):
    return str(pathlib.Path(path).relative_to(ROOT))


def markdown_cells(path):
    return sum(c.cell_type == "markdown" for c in nbformat.read(path, as_version=4).cells)


def widget_views(path):
    return sum(VIEW in o.get("data", {}) for c in nbformat.read(path, as_version=4).cells
               if c.cell_type == "code" for o in c.outputs)


def failures(report, check):
    return "\n".join(f"cell {e['cell']}: {e['text']!r} {e.get('message', '')}" for e in report[check])
