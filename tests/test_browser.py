"""The course in a real browser: JupyterLab, the offline site and the slides, in headless Chromium.

One Chromium (Debian's, driven by Playwright) and one JupyterLab server
(started like the README's first command) serve the whole session.  Every
request that would leave 127.0.0.1 is blocked and fails the test that made
it.  Checked:

- JupyterLab, every lecture and worked solution: no MathJax error, no
  undefined macro drawn in red, no TeX left raw (three separate tests per
  notebook); tiny broken notebooks show that each check catches its own fault;
- JupyterLab, lectures 01 and 06 (copies): Run → Run All Cells gives no error,
  the widgets render, and moving a slider with the keyboard redraws its plot;
- the built site over a local http.server: the same math checks (MathJax 2),
  widgets rendered from the stored state, every link answers 200;
- the slides: reveal.js starts, math typesets, the next slide can be reached.

Screenshots go to build/screenshots/.  Without /usr/bin/chromium or
Playwright the tests skip, except under CI (CI=true), where they fail.
"""

import pathlib
import shutil
import tempfile
import urllib.request

import nbformat
import pytest

import site_support
from browser_support import (CHROMIUM, CHROMIUM_ARGS, OfflineGuard, StaticServer, browser_unavailable,
                             is_local, math_report, screenshot, under_ci)
from lab_support import (JupyterLabServer, close_notebook, open_lab, open_notebook, run_all_from_menu,
                         wait_for_math, wait_for_run_all)

ROOT = pathlib.Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
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
    if reason:
        (pytest.fail if under_ci() else pytest.skip)(reason + ("" if under_ci() else " (CI=true makes this fail)"))
    site_support.start_build()            # builds the site in a subprocess while JupyterLab starts
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
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# Broken: {check}\n\n**What you'll learn**\n\n- that $x$ is caught"),
                    nbformat.v4.new_markdown_cell(source)]
        paths[check] = workdir / f"broken_{check}.ipynb"
        nbformat.write(nb, paths[check])
    return paths


@pytest.fixture(scope="session")
def lab(browser, workdir):
    server = JupyterLabServer(workdir).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = OfflineGuard(context)
    page = context.new_page()
    try:
        open_lab(page, server)
        yield page, guard
    finally:
        context.close()
        server.stop()


@pytest.fixture(scope="session")
def lab_math(lab):
    """report(path): the math report of a notebook opened in JupyterLab (computed once)."""
    page, guard = lab
    cache = {}

    def report(path):
        if path not in cache:
            guard.take()
            panel = open_notebook(page, rel(path))
            wait_for_math(page, panel, markdown_cells(path))
            cache[path] = math_report(page, f"#{panel}", ".jp-MarkdownCell .jp-RenderedMarkdown")
            screenshot(page, f"lab-{path.stem}")
            close_notebook(page, panel)
            cache[path]["blocked"] = guard.take()
        return cache[path]
    return report


# ---------------------------------------------------------------- JupyterLab: math

NOTEBOOKS = LECTURES + SOLUTIONS
NB_IDS = [rel(p) for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_lab_math_has_no_mathjax_error(lab_math, path):
    report = lab_math(path)
    assert report["typeset"] > 0, "no math was typeset at all"
    assert not report["errors"], f"MathJax errors in {rel(path)}:\n{failures(report, 'errors')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_lab_math_has_no_undefined_macro(lab_math, path):
    report = lab_math(path)
    assert not report["undefined"], f"undefined macros (red) in {rel(path)}:\n{failures(report, 'undefined')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_lab_math_leaves_no_raw_tex(lab_math, path):
    report = lab_math(path)
    assert not report["raw"], f"raw TeX in rendered markdown of {rel(path)}:\n{failures(report, 'raw')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_lab_opening_makes_no_external_request(lab_math, path):
    assert lab_math(path)["blocked"] == []


@pytest.mark.parametrize("check", CHECKS)
def test_lab_math_checks_catch_broken_math(lab_math, broken, check):
    report = lab_math(broken[check])
    assert report[check], f"the {check!r} check missed {BROKEN[check]!r}"
    others = {c: report[c] for c in CHECKS if c != check}
    assert not any(others.values()), f"other checks fired too: {others}"


# ---------------------------------------------------------------- JupyterLab: run all, widgets

SLIDER_IMAGE = """([id, k]) => { const box = document.getElementById(id).querySelectorAll('.widget-interact')[k];
  const img = box && box.querySelector('.widget-output img'); return img ? img.src : null; }"""


@pytest.mark.parametrize("stem", WIDGET_LECTURES)
def test_lab_run_all_renders_widgets_that_respond(lab, workdir, stem):
    page, guard = lab
    guard.take()
    copy = workdir / f"{stem}.ipynb"          # a copy: nothing of the real notebook can be saved
    shutil.copy(ROOT / "notebooks" / copy.name, copy)
    panel = open_notebook(page, rel(copy))
    try:
        run_all_from_menu(page, panel)
        state = wait_for_run_all(page, panel)
        assert not state["errors"], f"error outputs after Run All: {state['errors']}"
        assert state["counts"] == list(range(1, len(state["counts"]) + 1))
        boxes = page.locator(f"#{panel} .jupyter-widgets.widget-interact")
        assert boxes.count() == widget_views(copy), "not every widget rendered"
        for k in range(boxes.count()):
            box = boxes.nth(k)
            box.scroll_into_view_if_needed()
            assert box.locator(".widget-slider").first.is_visible()
            page.wait_for_function(f"(a) => ({SLIDER_IMAGE})(a) !== null", arg=[panel, k], timeout=30_000)
            before = page.evaluate(SLIDER_IMAGE, [panel, k])
            handle = box.locator(".widget-slider .noUi-handle").first
            handle.focus()
            handle.press("ArrowRight")
            page.wait_for_function(f"([a, old]) => {{ const s = ({SLIDER_IMAGE})(a); return s && s !== old; }}",
                                   arg=[[panel, k], before], timeout=30_000)
            screenshot(page, f"lab-{stem}-widget{k}", box)
    finally:
        close_notebook(page, panel)
    assert guard.take() == [], "requests left 127.0.0.1"


# ---------------------------------------------------------------- the built site

@pytest.fixture(scope="session")
def site(browser):
    out = site_support.built_site()
    server = StaticServer(out)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = OfflineGuard(context)
    page = context.new_page()
    bad_responses = []
    page.on("response", lambda r: r.status >= 400 and bad_responses.append(f"{r.status} {r.url}"))
    yield server.url, page, guard, bad_responses
    context.close()
    server.close()


def load(site, name, wait_selector=None):
    """Open a site page, wait for MathJax 2 to finish; return its math report plus links and problems."""
    url, page, guard, bad = site
    guard.take()
    bad.clear()
    page.goto(url + name)
    page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.isReady", timeout=30_000)
    page.evaluate("() => new Promise(done => MathJax.Hub.Queue([done]))")
    if wait_selector:
        page.wait_for_selector(wait_selector, timeout=30_000)
    report = math_report(page)
    report["links"] = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    report["blocked"], report["bad"] = guard.take(), list(bad)
    screenshot(page, "site-" + name.replace("/", "-"))
    return report


PAGES = ["index.html"] + [f"{p.stem}.html" for p in LECTURES]


@pytest.fixture(scope="session")
def site_pages(site):
    """report(name): the report of a site page (loaded once)."""
    cache = {}

    def report(name):
        if name not in cache:
            cache[name] = load(site, name)
        return cache[name]
    return report


@pytest.mark.parametrize("name", PAGES)
def test_site_math_has_no_mathjax_error(site_pages, name):
    report = site_pages(name)
    assert report["typeset"] > 0 and not report["errors"], failures(report, "errors")


@pytest.mark.parametrize("name", PAGES)
def test_site_math_has_no_undefined_macro(site_pages, name):
    assert not site_pages(name)["undefined"], failures(site_pages(name), "undefined")


@pytest.mark.parametrize("name", PAGES)
def test_site_math_leaves_no_raw_tex(site_pages, name):
    assert not site_pages(name)["raw"], failures(site_pages(name), "raw")


@pytest.mark.parametrize("name", PAGES)
def test_site_page_is_offline_and_its_links_resolve(site_pages, site, name):
    report = site_pages(name)
    assert report["blocked"] == [] and report["bad"] == [], (report["blocked"], report["bad"])
    for link in report["links"]:
        assert is_local(link) and link.startswith(site[0]), f"external link {link}"
        with urllib.request.urlopen(link.split("#")[0]) as response:
            assert response.status == 200, link


@pytest.mark.parametrize("stem", WIDGET_LECTURES)
def test_site_widgets_render_from_stored_state(site, stem):
    report = load(site, f"{stem}.html", ".widget-interact .widget-slider")
    page = site[1]
    views = widget_views(ROOT / "notebooks" / f"{stem}.ipynb")
    assert page.locator(".jupyter-widgets.widget-interact").count() == views
    assert page.locator(".widget-interact .widget-output img").count() == views, "stored plots not shown"
    assert report["blocked"] == [] and report["bad"] == []


@pytest.mark.parametrize("check", CHECKS)
def test_site_math_checks_catch_broken_math(browser, broken, workdir, check):
    out = workdir / "broken-site"
    if not out.exists():
        site_support.build_site_module().build(out, lectures=sorted(broken.values()))
    server = StaticServer(out)
    context = browser.new_context()
    try:
        report = load((server.url, context.new_page(), OfflineGuard(context), []), f"broken_{check}.html")
    finally:
        context.close()
        server.close()
    assert report[check], f"the {check!r} check missed {BROKEN[check]!r}"
    assert not any(report[c] for c in CHECKS if c != check), {c: report[c] for c in CHECKS}


# ---------------------------------------------------------------- slides

@pytest.mark.parametrize("stem", [p.stem for p in LECTURES])
def test_slides_render_offline_and_advance(site, stem):
    report = load(site, f"slides/{stem}.slides.html", ".reveal.ready .slides section")
    page = site[1]
    assert page.locator(".reveal .slides > section").count() > 1
    assert report["typeset"] > 0 and not report["errors"] and not report["undefined"] and not report["raw"], (
        {c: report[c] for c in CHECKS})
    assert report["blocked"] == [] and report["bad"] == []
    current = "() => [...document.querySelectorAll('.reveal .slides > section')].findIndex(s => s.classList.contains('present'))"
    assert page.evaluate(current) == 0
    for _ in range(30):                      # right arrow: the next fragment, then the next slide
        page.keyboard.press("ArrowRight")
        if page.evaluate(current) == 1:
            break
    assert page.evaluate(current) == 1, "the right arrow never reached slide 2"
    screenshot(page, f"slides-{stem}-next")
