"""The course site built once per test session, and read in a browser (tests/test_site.py, test_browser.py).

``start_build()`` launches ``tools/build_site.py --out <tmp>`` in a subprocess
(so that the browser tests can start JupyterLab meanwhile); ``built_site()``
waits for it and returns the folder (removed when the interpreter exits).
The build uses the stored outputs, as the instructor's default build does.
``page_links(html)`` lists the ``href``/``src`` values of a page;
``build_site_module()`` imports tools/build_site.py.  ``SiteTabs`` loads pages of
the served site in a few browser tabs side by side and reports, per page, the
math checks of browser_support, its links, widget views and plots, whether a
reveal.js deck started and advances, and what was blocked or failed to load.
"""

import atexit
import html.parser
import importlib.util
import pathlib
import shutil
import subprocess
import sys
import tempfile

from browser_support import OfflineGuard, math_report, screenshot

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD_SITE = ROOT / "tools" / "build_site.py"
_state = {}


def start_build():
    """Start building the site into a temporary folder, once per session."""
    if "proc" not in _state:
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="course-site-"))
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        out = tmp / "site"
        _state.update(out=out, log=tmp / "build.log")
        with open(_state["log"], "wb") as log:
            _state["proc"] = subprocess.Popen([sys.executable, str(BUILD_SITE), "--out", str(out)],
                                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    return _state["out"]


def built_site(timeout=300):
    """The built site's folder; raises if tools/build_site.py failed."""
    out = start_build()
    code = _state["proc"].wait(timeout)
    if code != 0:
        raise RuntimeError(f"tools/build_site.py exited with {code}:\n{_state['log'].read_text()[-3000:]}")
    return out


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
    """Load pages of a local static site in a few tabs side by side, each its own context and guard."""

    def __init__(self, browser, url, n=3):
        self.url, self.tabs = url, []
        for _ in range(n):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = {"context": context, "guard": OfflineGuard(context), "page": context.new_page(), "bad": []}
            tab["page"].on("response", lambda r, bad=tab["bad"]: r.status >= 400 and bad.append(f"{r.status} {r.url}"))
            self.tabs.append(tab)

    def load(self, pages):
        """{name: report} for ``pages`` = [(name, number of widget views stored)]; each tab takes the next
        page as soon as its last one is checked."""
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
                 ("typeset", lambda: page.evaluate("() => new Promise(done => MathJax.Hub.Queue([done]))"))]
        if widgets:
            waits.append(("widgets", lambda: page.wait_for_function(
                "(n) => document.querySelectorAll('.widget-interact .widget-output img').length >= n",
                arg=widgets, timeout=30_000)))
        if name.endswith(".slides.html"):
            waits.append(("reveal", lambda: page.wait_for_selector(".reveal.ready", timeout=30_000)))
        for what, wait in waits:
            try:
                wait()
            except Timeout:
                timeouts.append(what)
        report = math_report(page)
        report.update(page.evaluate(SITE_FACTS), origin=self.url, timeouts=timeouts)
        screenshot(page, name)
        report["advanced"] = bool(report["slides"]) and advance_slide(page)
        if report["advanced"]:
            screenshot(page, name + "-slide2")
        report.update(blocked=tab["guard"].take(), bad=list(tab["bad"]))
        return report

    def close(self):
        for tab in self.tabs:
            tab["context"].close()
