"""The course site built once per test run, and read in a browser (tests/test_site.py, test_browser_site.py).

``built_site(root)`` builds the site with ``tools/build_site.py --out <root>/site --no-pdf``
(its ``main``, in the test process) once for the whole run (``built_site(root, handouts=True)``, into
``<root>/site-with-handouts`` without ``--no-pdf``): the test files that need it may run in different
pytest-xdist workers, so the first to ask builds it under a lock
(``fcntl.flock``) and the others wait and reuse it.  ``root`` is a folder of the
run's own pytest temporary directory (private to the user), see the
``course_site`` fixture in tests/conftest.py.
The build uses the stored outputs, as the instructor's default build does.
``page_links(html)`` lists the ``href``/``src`` values of a page;
``build_site_module()`` imports tools/build_site.py.  ``SiteTabs`` loads pages of
the served site in browser tabs (one by default, page after page) and reports, per page, the
math checks of browser_support, its links, widget views and plots, whether a
reveal.js deck started and advances, whether each of its slides fits, axe-core's
findings where asked, and what was blocked or failed to load.
"""

import contextlib
import fcntl
import html.parser
import io
import importlib.util
import pathlib
import re

from a11y_support import SLIDE_FIT, axe_violations
from browser_support import BrowserTimeout, OfflineGuard, evaluate_bounded, math_report, screenshot

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD_SITE = ROOT / "tools" / "build_site.py"
_state = {}


def built_site(root, handouts=False):
    """``root/site`` (or, with ``handouts``, ``root/site-with-handouts``), built by tools/build_site.py unless an
    earlier call of this run already did; raises if it failed.  The first is built with ``--no-pdf``; the
    second as the instructor builds it, PDF handouts included (tests/test_site_pdf.py), so that the tests of
    the pages need not wait for Chromium to print."""
    root = pathlib.Path(root)
    root.mkdir(mode=0o700, exist_ok=True)
    name = "site-with-handouts" if handouts else "site"
    out, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            # in this process, which has imported most of what the build needs (a new one would take 3 s more)
            with contextlib.redirect_stdout(io.StringIO()):
                code = build_site_module().main(["--out", str(out)] + ([] if handouts else ["--no-pdf"]))
            if code != 0:
                raise RuntimeError(f"tools/build_site.py --out {out} returned {code}")
            done.touch()
    return out


# What MathJax (tex2jax, processEscapes) reads as math in a markdown cell, outside code spans;
# and the TeX a formula uses: commands, environments, escaped characters.
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")
TEX_TOKEN = re.compile(r"\\begin\{\w+\*?\}|\\[A-Za-z]+|\\.")


def formulas(nb):
    """[(cell index, formula with its delimiters)] of a notebook's markdown cells, in order."""
    return [(index, m.group(0)) for index, cell in enumerate(nb.cells) if cell.cell_type == "markdown"
            for m in MATH.finditer(CODE_SPAN.sub("", cell.source))]


def math_sampler(paths, out):
    """Write ``out``, a notebook with, for every TeX token (command, environment, escape) that the notebooks
    ``paths`` use, the first formula that uses it, in a markdown cell naming where it comes from.
    Returns the number of formulas."""
    import nbformat

    seen, cells = set(), []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for index, formula in formulas(nb):
            new = set(TEX_TOKEN.findall(formula)) - seen
            if new:
                seen |= new
                cells.append(nbformat.v4.new_markdown_cell(f"{pathlib.Path(path).stem}, cell {index}: {formula}"))
    first = nbformat.read(paths[0], as_version=4)
    sampler = nbformat.v4.new_notebook(metadata=first.metadata)
    sampler.cells = [nbformat.v4.new_markdown_cell("# TeX sampler\n\n**What you'll learn**\n\n- nothing")] + cells
    nbformat.write(sampler, out)
    return len(cells)


def solution_lines():
    """Every line of code (over 12 characters) the worked homework writes between its solution markers."""
    import nbformat

    found = set()
    for path in (ROOT / "solutions").glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            inside = False
            for line in cell.source.splitlines():
                if "### BEGIN SOLUTION" in line or "### END SOLUTION" in line:
                    inside = "BEGIN" in line
                elif inside and len(line.strip()) > 12:
                    found.add(line.strip())
    return found


def build_site_module():
    """tools/build_site.py imported as a module (tools/ is not a package)."""
    if "module" not in _state:
        spec = importlib.util.spec_from_file_location("build_site", BUILD_SITE)
        _state["module"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_state["module"])
    return _state["module"]


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def page_links(text):
    """[(tag, attribute, value)] for every href= and src= in an HTML page.

    >>> page_links('<a href="02_x.html">n</a><script src="assets/r.js"></script>')
    [('a', 'href', '02_x.html'), ('script', 'src', 'assets/r.js')]
    """
    parser = _Links()
    parser.feed(text)
    return parser.links


SITE_FACTS = """() => ({
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  widgets: document.querySelectorAll('.jupyter-widgets.widget-interact').length,
  plots: document.querySelectorAll('.widget-interact .widget-output img').length,
  slides: document.querySelector('.reveal.ready') ? document.querySelectorAll('.reveal .slides > section').length : 0,
})"""
PRESENT = "() => [...document.querySelectorAll('.reveal .slides > section')].findIndex(s => s.classList.contains('present'))"


def advance_slide(page, presses=30):
    """Press the right arrow (next fragment, then next slide) until slide 2 shows; True if it did."""
    if page.evaluate(PRESENT) != 0:
        return False
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
        if page.evaluate(PRESENT) == 1:
            return True
    return False


class SiteTabs:
    """Load pages of a local static site in ``n`` tabs side by side, each its own context and guard.

    One tab (the default) takes about 13 % less CPU time than three for the same pages: each tab is a
    renderer of its own that loads and compiles MathJax, require.js and the widget manager again, while one
    tab reuses them from page to page (each page is still a new document, its requests and failed
    responses recorded on their own).  On the test command's two busy cores, CPU time is what counts.
    """

    def __init__(self, browser, url, n=1):
        self.url, self.tabs = url, []
        for _ in range(n):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = {"context": context, "guard": OfflineGuard(context), "page": context.new_page(), "bad": []}
            tab["page"].on("response", lambda r, bad=tab["bad"]: r.status >= 400 and bad.append(f"{r.status} {r.url}"))
            self.tabs.append(tab)

    def load(self, pages, audit=()):
        """{name: report} for ``pages`` = [(name, number of widget views stored)]; each tab takes the next
        page as soon as its last one is checked.  The pages named in ``audit`` are also checked by axe-core
        (report["axe"]); a deck's print view (``?print-pdf``: every slide and fragment shown) is loaded as a
        page of its own, and every deck's normal view measures whether each slide fits (report["fit"])."""
        self.audit = set(audit)
        reports, queue, current = {}, list(pages), {}

        def start(k):
            if queue:
                current[k] = queue.pop(0)
                self.tabs[k]["guard"].take()
                self.tabs[k]["bad"].clear()
                self.tabs[k]["page"].goto(self.url + current[k][0], wait_until="commit")

        for k in range(len(self.tabs)):
            start(k)
        while current:
            for k in list(current):
                name, widgets = current.pop(k)
                reports[name] = self._finish(self.tabs[k], name, widgets)
                start(k)
        return reports

    def _finish(self, tab, name, widgets):
        from playwright.sync_api import TimeoutError as Timeout

        page, timeouts = tab["page"], []
        waits = [("load", lambda: page.wait_for_load_state("load")),
                 ("MathJax", lambda: page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=30_000)),
                 ("typeset", lambda: evaluate_bounded(page, "() => new Promise(done => MathJax.Hub.Queue([done]))",
                                                      what="MathJax typesetting"))]
        if widgets:
            waits.append(("widgets", lambda: page.wait_for_function(
                "(n) => document.querySelectorAll('.widget-interact .widget-output img').length >= n",
                arg=widgets, timeout=30_000)))
        deck, print_view = name.split("?")[0].endswith(".slides.html"), name.endswith("?print-pdf")
        if deck:
            waits.append(("reveal", lambda: page.wait_for_selector(".reveal.ready", timeout=30_000)))
        for what, wait in waits:
            try:
                wait()
            except (Timeout, BrowserTimeout):
                timeouts.append(what)
        report = math_report(page)
        report.update(page.evaluate(SITE_FACTS), origin=self.url, timeouts=timeouts)
        screenshot(page, name)
        if deck and not print_view and "reveal" not in timeouts:
            report["fit"] = page.evaluate(SLIDE_FIT)
        if name in self.audit:
            report["axe"] = axe_violations(page)
        report["advanced"] = bool(report["slides"]) and not print_view and advance_slide(page)
        if report["advanced"]:
            screenshot(page, name + "-slide2")
        report.update(blocked=tab["guard"].take(), bad=list(tab["bad"]))
        return report

    def close(self):
        for tab in self.tabs:
            tab["context"].close()
