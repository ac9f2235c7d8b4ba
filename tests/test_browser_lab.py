"""The course in JupyterLab, in headless Chromium.

One JupyterLab server (started like the README's first command) serves the
tests of this file; every request that would leave 127.0.0.1 is blocked and fails
the test that made it.  Checked:

- every lecture and worked solution: no MathJax error, no undefined macro
  drawn in red, no TeX left raw (three separate tests per notebook); tiny
  broken notebooks show that each check catches its own fault;
  the markdown of the notebooks is opened as one bundle
  (lab_support.bundle_markdown), which renders each cell as its notebook does;
- lecture 01 (a copy): Run -> Run All Cells gives no error, its two widgets
  render, and changing a control, found by its label, with the keyboard
  redraws its plot; then axe-core's WCAG 2.1 A/AA rules find nothing in the
  course's content (Markdown and outputs), and every figure has its alt.  Every other widget of the lectures is of the same kind
  (an ipywidgets ``interactive``, checked from the saved widget state), and
  every lecture runs top to bottom under nbval.

Screenshots go to build/screenshots/.
"""

import re
import shutil

import nbformat
import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:          # the tests skip (or, under CI, fail) in the browser fixture
    PlaywrightTimeout = TimeoutError

from a11y_support import AXE_EVERYWHERE, axe_violations
from browser_common import (
    BROKEN, CHECKS, LECTURES, NOTEBOOKS, ROOT, RUN_ALL_IN_LAB, failures, rel, widget_kinds, widget_views,
)
from browser_support import BrowserTimeout, OfflineGuard, evaluate_bounded, screenshot
from lab_support import (JupyterLabServer, close_notebook, open_lab, open_notebook, run_all_from_menu, survey_math,
                         wait_for_math, wait_for_run_all)


@pytest.fixture(scope="module")
def lab(browser, workdir):
    """(page, guard): a JupyterLab tab (its own context and workspace) on one server.

    Module-scoped, like the fixtures built on it: the server, its kernel and the tab are gone when this file's
    tests end, instead of polling each other for the rest of the session (about 0.07 CPU-second each second)."""
    server = JupyterLabServer(workdir).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        guard = OfflineGuard(context)
        open_lab(page, server)
        yield page, guard
    finally:
        context.close()
        server.stop()


@pytest.fixture(scope="module")
def lab_math(lab, broken, workdir):
    """{path: math report} of every lecture, solution and broken notebook, their markdown opened in JupyterLab."""
    return survey_math(lab, NOTEBOOKS + list(broken.values()), workdir)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[rel(p) for p in NOTEBOOKS])
def test_no_notebook_defines_tex_macros_so_bundled_cells_render_as_alone(path):
    """The survey opens the markdown of many notebooks as one (lab_support.bundle_markdown); a macro one
    notebook defined would then reach the others, which it cannot when each is opened alone."""
    definitions = re.compile(r"\\(?:newcommand|renewcommand|def|let|DeclareMathOperator|require)\b")
    found = [(i, definitions.search(c.source)[0]) for i, c in enumerate(nbformat.read(path, as_version=4).cells)
             if c.cell_type == "markdown" and definitions.search(c.source)]
    assert not found, f"cells define TeX macros: {found}"


def test_offline_guard_blocks_and_records_what_leaves_the_machine(browser):
    context = browser.new_context()
    guard = OfflineGuard(context)
    try:
        page = context.new_page()
        page.set_content('<img src="https://example.org/a.png"><img src="http://127.0.0.1:9/b.png">')
        page.evaluate("() => new Promise(done => { const ws = new WebSocket('wss://example.org/s'); "
                      "ws.onclose = ws.onerror = () => done(); setTimeout(done, 3000); })")
        page.wait_for_timeout(200)
        assert sorted(guard.take()) == ["https://example.org/a.png", "wss://example.org/s"]
    finally:
        context.close()


def test_a_promise_that_never_settles_times_out_and_says_what_it_waited_for(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        assert evaluate_bounded(page, "async (x) => x + 1", 41, seconds=5) == 42
        with pytest.raises(BrowserTimeout, match=r"^the thing: no answer in 0\.3 s$"):
            evaluate_bounded(page, "() => new Promise(() => {})", seconds=0.3, what="the thing")
        with pytest.raises(Exception, match="boom"):
            evaluate_bounded(page, "async () => { throw new Error('boom'); }", seconds=5)
    finally:
        context.close()


# ---------------------------------------------------------------- JupyterLab: math

NB_IDS = [rel(p) for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_lab_math_has_no_mathjax_error(lab_math, path):
    report = lab_math[path]
    assert report["typeset"] > 0, "no math was typeset at all"
    assert not report["errors"], f"MathJax errors in {rel(path)}:\n{failures(report, 'errors')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_lab_math_has_no_undefined_macro(lab_math, path):
    report = lab_math[path]
    assert not report["undefined"], f"undefined macros (red) in {rel(path)}:\n{failures(report, 'undefined')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_lab_math_leaves_no_raw_tex(lab_math, path):
    report = lab_math[path]
    assert not report["raw"], f"raw TeX in rendered markdown of {rel(path)}:\n{failures(report, 'raw')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_lab_opening_makes_no_external_request(lab_math, path):
    assert lab_math[path]["blocked"] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[rel(p) for p in NOTEBOOKS])
def test_lab_markdown_fits_the_notebook_without_scrolling(lab_math, path):
    """A formula wider than the notebook (at 1280 px) makes its cell a sideways-scrolling region that a keyboard
    cannot scroll (axe: scrollable-region-focusable): split it into two displays."""
    assert not lab_math[path]["scrolls"], f"cells wider than the notebook: {lab_math[path]['scrolls']}"


def test_lab_wide_markdown_is_found(lab, workdir):
    nb = nbformat.v4.new_notebook(metadata=nbformat.read(LECTURES[0], as_version=4).metadata)
    nb.cells = [nbformat.v4.new_markdown_cell("# Wide\n\n**What you'll learn**\n\n- that it is found"),
                nbformat.v4.new_markdown_cell("$$" + " + ".join(f"a_{{{i}}}" for i in range(120)) + "$$")]
    folder = workdir / "wide"
    folder.mkdir(exist_ok=True)
    path = folder / "wide_markdown.ipynb"
    nbformat.write(nb, path)
    assert survey_math(lab, [path], folder)[path]["scrolls"] == [1]


@pytest.mark.parametrize("check", CHECKS)
def test_lab_math_checks_catch_broken_math(lab_math, broken, check):
    report = lab_math[broken[check]]
    assert report[check], f"the {check!r} check missed {BROKEN[check]!r}"
    others = {c: report[c] for c in CHECKS if c != check}
    assert not any(others.values()), f"other checks fired too: {others}"


# ---------------------------------------------------------------- JupyterLab: run all, widgets

PLOT_IMAGE = """([id, k]) => { const box = document.getElementById(id).querySelectorAll('.widget-interact')[k];
  const img = box && box.querySelector('.widget-output img'); return img ? img.src : null; }"""


def test_every_widget_of_the_lectures_is_an_interactive_like_those_moved_here():
    """Lecture 01 is run here and its widgets moved; the other lectures' widgets must be of the same kind
    (ipywidgets ``interactive``: labelled controls above an output redrawn on change), whose front end this
    exercises."""
    kinds = {p.stem: widget_kinds(p) for p in LECTURES if widget_kinds(p)}
    assert RUN_ALL_IN_LAB in kinds and len(kinds[RUN_ALL_IN_LAB]) >= 2
    for stem, found in kinds.items():
        assert all(kind == ("VBoxModel", ["widget-interact"]) for kind in found), f"{stem}: {found}"


@pytest.fixture(scope="module")
def ran_all(lab, workdir):
    """(page, guard, panel, state): lecture 01 (a copy) opened and run with Run -> Run All Cells."""
    page, guard = lab
    guard.take()
    copy = workdir / f"{RUN_ALL_IN_LAB}.ipynb"          # a copy: nothing of the real notebook can be saved
    shutil.copy(ROOT / "notebooks" / copy.name, copy)
    panel = open_notebook(page, rel(copy))
    run_all_from_menu(page, panel)
    yield page, guard, panel, wait_for_run_all(page, panel)
    close_notebook(page, panel)


def test_lab_run_all_renders_widgets_that_respond(ran_all, workdir):
    page, guard, panel, state = ran_all
    stem = RUN_ALL_IN_LAB
    assert not state["errors"], f"error outputs after Run All: {state['errors']}"
    assert state["counts"] == list(range(1, len(state["counts"]) + 1))
    boxes = page.locator(f"#{panel} .jupyter-widgets.widget-interact")
    assert boxes.count() == widget_views(workdir / f"{stem}.ipynb"), "not every widget rendered"
    for k in range(boxes.count()):
        box = boxes.nth(k)
        box.scroll_into_view_if_needed()
        assert box.locator("input").count() > 0, f"widget {k}: no number box to change"
        name = box.locator("input").first.evaluate("e => [...e.labels].map(l => l.textContent.trim()).join(' ')")
        assert name, f"widget {k}: its first control has no <label>, so no accessible name"
        control = box.get_by_label(name, exact=True)             # found as a screen reader user would name it
        assert control.is_visible()
        page.wait_for_function(f"(a) => ({PLOT_IMAGE})(a) !== null", arg=[panel, k], timeout=30_000)
        before = page.evaluate(PLOT_IMAGE, [panel, k])
        control.focus()
        control.press("ArrowUp")                                 # a number box: one step up, applied by Enter
        control.press("Enter")
        try:
            page.wait_for_function(f"([a, old]) => {{ const s = ({PLOT_IMAGE})(a); return s && s !== old; }}",
                                   arg=[[panel, k], before], timeout=30_000)
        except PlaywrightTimeout:
            pytest.fail(f"widget {k}: changing {name!r} with the keyboard did not redraw the plot in 30 s")
        screenshot(page, f"lab-{stem}-widget{k}", box)
    assert guard.take() == [], "requests left 127.0.0.1"


def test_lab_course_content_has_no_axe_violation_and_every_figure_its_alt(ran_all):
    """The course's own content in JupyterLab (rendered Markdown and outputs, widgets and figures included; not
    JupyterLab's own interface), after Run All: axe-core's WCAG 2.1 A/AA rules find nothing, and every figure
    is drawn with its description as alt (JupyterLab draws the figure's <img> HTML: its PNG renderer sets
    none)."""
    page, guard, panel, state = ran_all
    content = [f"#{panel} .jp-RenderedMarkdown", f"#{panel} .jp-OutputArea-output"]
    alts = page.evaluate("(id) => [...document.querySelectorAll(`#${id} .jp-OutputArea-output img`)].map(i => i.alt)",
                         panel)
    stored = nbformat.read(ROOT / "notebooks" / f"{RUN_ALL_IN_LAB}.ipynb", as_version=4)
    described = [o["metadata"]["image/png"]["alt"] for c in stored.cells for o in c.get("outputs", [])
                 if "image/png" in o.get("metadata", {})]
    assert len(described) >= 3 and [a for a in alts if a in described] == described, (alts, described)
    assert all(alts), f"figures without alt in JupyterLab: {alts}"
    violations = axe_violations(page, include=content)
    assert not violations, "axe-core, WCAG 2.1 A and AA, course content in JupyterLab:\n" + "\n".join(violations)


@pytest.mark.parametrize("path", NOTEBOOKS if AXE_EVERYWHERE else [], ids=rel)
def test_lab_stored_content_of_every_notebook_has_no_axe_violation(lab, path):
    """With COURSE_AXE=all: each lecture and worked solution opened as a student first sees it (stored outputs,
    no kernel), its rendered Markdown and outputs checked by axe-core's WCAG 2.1 A/AA rules."""
    page, guard = lab
    panel = open_notebook(page, rel(path), kernel=False)
    try:
        markdown = sum(c.cell_type == "markdown" for c in nbformat.read(path, as_version=4).cells)
        wait_for_math(page, panel, markdown, timeout=60.0)
        violations = axe_violations(page, include=[f"#{panel} .jp-RenderedMarkdown", f"#{panel} .jp-OutputArea-output"])
    finally:
        close_notebook(page, panel)
    assert not violations, "axe-core, WCAG 2.1 A and AA, in JupyterLab:\n" + "\n".join(violations)
