"""Shared fixtures and helpers of the browser tests (tests/test_browser_lab.py, tests/test_browser_site.py).

One Chromium per test process (Debian's, driven by Playwright).  Without
/usr/bin/chromium or Playwright the browser fixture skips, except under CI
(CI=true), where it fails.
"""

import pathlib
import shutil
import tempfile

import nbformat
import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, browser_unavailable, under_ci

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


# ---------------------------------------------------------------- session fixtures

@pytest.fixture(scope="session")
def browser():
    reason = browser_unavailable()
    if reason and under_ci():
        pytest.fail(reason)
    if reason:
        pytest.skip(reason + " (under CI=true this fails instead)")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def workdir():
    """A scratch folder inside the served root (build/ is gitignored), removed at the end."""
    (ROOT / "build").mkdir(exist_ok=True)
    path = pathlib.Path(tempfile.mkdtemp(prefix="browser-tests-", dir=ROOT / "build"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def broken(workdir):
    """{check: path of a notebook whose math only that check should reject}."""
    paths = {}
    for check, source in BROKEN.items():
        nb = nbformat.v4.new_notebook(metadata=nbformat.read(LECTURES[0], as_version=4).metadata)
        nb.cells = [nbformat.v4.new_markdown_cell(f"# Broken: {check}\n\n**What you'll learn**\n\n- that $x$ is caught"),
                    nbformat.v4.new_markdown_cell(source)]
        paths[check] = workdir / f"broken_{check}.ipynb"
        nbformat.write(nb, paths[check])
    return paths
