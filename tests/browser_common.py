"""Shared constants and helpers of the browser tests (tests/test_browser_lab.py, tests/test_browser_site.py).

Their fixtures (``browser``, ``workdir``, ``broken``) are in tests/conftest.py.
"""

import pathlib

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
HOMEWORK = sorted((ROOT / "exercises").glob("hw[0-9]_*.ipynb"))
NOTEBOOKS = LECTURES + SOLUTIONS
# Opened in the browser (the others are covered as tests/test_browser_lab.py and test_browser_site.py explain):
RUN_ALL_IN_LAB = "01_softmax_likelihood"                     # run in JupyterLab, its two widgets moved
PAGES_WITH_WIDGETS_IN_BROWSER = ["01_softmax_likelihood"]     # site pages showing stored widget state
DECKS_IN_BROWSER = ["00_overview", "07_single_sample_sgd"]   # one deck without widgets, one with
CHECKS = ("errors", "undefined", "raw")
BROKEN = {  # fixture notebooks: each must be caught by its own check and by no other
    "errors": r"A TeX error: $x^1^2$ (double exponent) and a fine $y$.",
    "undefined": r"An undefined macro: $\notamacro{x} + \sigma$.",
    "raw": r"An unbalanced dollar: costs $5 and leaves \frac{a}{b} as text.",
}
VIEW = "application/vnd.jupyter.widget-view+json"


def rel(path):
    return str(pathlib.Path(path).relative_to(ROOT))


def widget_kinds(path):
    """[(model name, DOM classes)] of every widget a notebook's stored outputs show, from its saved widget state."""
    nb = nbformat.read(path, as_version=4)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    kinds = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if VIEW in output.get("data", {}):
                model = state.get(output["data"][VIEW]["model_id"], {})
                kinds.append((model.get("model_name"), model.get("state", {}).get("_dom_classes")))
    return kinds


def widget_views(path):
    """How many widget views a notebook's stored outputs show."""
    return len(widget_kinds(path))


def failures(report, check):
    return "\n".join(f"cell {e['cell']}: {e['text']!r} {e.get('message', '')}" for e in report[check])
