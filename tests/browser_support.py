"""Helpers for tests/test_browser.py: headless Chromium, an offline guard, math checks.

The browser is Debian's ``/usr/bin/chromium`` driven by Playwright for Python
(``pip install playwright``; never ``playwright install``, which would
download a browser).  ``browser_unavailable()`` says why the tests cannot run;
under CI (``CI=true``) that is a failure, elsewhere a skip.

``OfflineGuard`` routes every request and WebSocket of a browser context: ones
to 127.0.0.1/localhost (and ``data:``/``blob:``/``file:`` URLs) go through,
every other one is aborted and recorded, and the tests fail on any record.

``MATH_REPORT`` is the in-page check of typeset math, for MathJax 3 (what
JupyterLab 4 uses) and MathJax 2 (the exported site), returning three separate
lists: TeX ``errors`` (MathJax 3 ``mjx-merror``/``data-mjx-error``; MathJax 2
with noErrors ``.mjx-noError``, else ``.mjx-merror``/``.MathJax_Error``),
``undefined`` macros (the noundefined extension draws an unknown ``\\macro``
as an mtext coloured red: computed colour rgb(255, 0, 0)), and ``raw`` TeX
(text of rendered markdown, outside math, code and scripts, that still holds
``$``, ``\\name``, ``\\(`` or ``\\[``).  Each entry names the cell index;
``typesetCells`` gives the cell of every typeset formula.
"""

import functools
import http.server
import os
import pathlib
import re
import threading
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHROMIUM = pathlib.Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "build" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "file", "about"}


def under_ci():
    return os.environ.get("CI", "").strip().lower() == "true"


def require(reason):
    """If ``reason`` (why a test's tools are missing) is set: skip, or under CI, where they must be there, fail."""
    import pytest

    if reason and under_ci():
        pytest.fail(reason)
    if reason:
        pytest.skip(reason + " (under CI=true this fails instead)")


def browser_unavailable():
    """Why Chromium + Playwright cannot run here (a string), or None when they can."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python (pip install playwright; do not run `playwright install`)")
    return "browser tests need " + " and ".join(missing) if missing else None


def is_local(url):
    """True for URLs that stay on this machine: 127.0.0.1/localhost, data:, blob:, file:, about:.

    >>> is_local("http://127.0.0.1:8888/lab"), is_local("https://cdn.jsdelivr.net/x.js")
    (True, False)
    >>> is_local("ws://localhost:1/api/kernels"), is_local("data:image/png;base64,AA")
    (True, True)
    >>> urls = ["http://127.0.0.1:1/a", "https://localhost/", "http://127.0.0.1.evil.com/", "https://unpkg.com/x"]
    >>> [bool(NON_LOCAL.match(u)) != is_local(u) for u in urls]   # the in-browser pattern agrees
    [True, True, True, True]
    """
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


# every URL that is_local() rejects; matched inside the browser driver, so local traffic costs nothing
NON_LOCAL = re.compile(r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/?#]|$))"
                       r"(?!(?:data|blob|file|about):)")


class OfflineGuard:
    """Abort and record every request and WebSocket of a Playwright context that would leave this machine."""

    def __init__(self, context):
        self.blocked = []
        context.route(NON_LOCAL, self._route)
        context.route_web_socket(NON_LOCAL, self._websocket)

    def _route(self, route):
        self.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def _websocket(self, ws):
        self.blocked.append(ws.url)
        ws.close()

    def take(self):
        """The URLs blocked since the last call."""
        blocked, self.blocked = self.blocked, []
        return blocked


def screenshot(page, name, element=None):
    """Save the viewport (or ``element``) as build/screenshots/<name>.jpg, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", name) + ".jpg")
    (element or page).screenshot(path=str(path), type="jpeg", quality=70)
    return path


MATH_REPORT = r"""
([scopeSelector, markdownSelector]) => {
  const scope = scopeSelector ? document.querySelector(scopeSelector) : document;
  if (!scope) return {missing: true, errors: [], undefined: [], raw: [], typeset: 0};
  const cells = [...scope.querySelectorAll('.jp-Cell')];
  const cellOf = el => cells.indexOf(el.closest('.jp-Cell'));
  const containerOf = el => el.closest('mjx-container, .MathJax_CHTML, .mjx-chtml') || el;
  const glyphs = el => [...el.querySelectorAll('mjx-c')].map(c => {
      const m = /mjx-c([0-9A-F]+)/.exec(c.className); return m ? String.fromCodePoint(parseInt(m[1], 16)) : '';
    }).join('');
  const text = el => ((el.textContent || '').trim() || glyphs(el)).replace(/\s+/g, ' ').slice(0, 80);
  const unique = list => [...new Set(list)];

  const errorNodes = scope.querySelectorAll(
    'mjx-merror, [data-mjx-error], .mjx-noError, .mjx-merror, .MathJax_Error');
  const errors = unique([...errorNodes].map(containerOf)).map(c => {
    const e = c.querySelector('[data-mjx-error]');
    return {cell: cellOf(c), text: text(c), message: e ? e.getAttribute('data-mjx-error') : ''};
  });

  const mtexts = [...scope.querySelectorAll('mjx-mtext, .mjx-mtext')]
    .filter(el => !el.closest('mjx-merror, .mjx-merror, .mjx-noError, mjx-assistive-mml, .MJX_Assistive_MathML'));
  const undefined_ = mtexts.filter(el => getComputedStyle(el).color === 'rgb(255, 0, 0)')
    .map(el => ({cell: cellOf(el), text: text(el)}));

  const SKIP = 'mjx-container, .MathJax, .MathJax_CHTML, .mjx-chtml, .MathJax_Preview, .MathJax_Display, ' +
               'mjx-assistive-mml, .MJX_Assistive_MathML, script, style, code, pre';
  const RAW = /\$|\\[A-Za-z]+|\\[()[\]]/;
  const raw = [];
  for (const md of scope.querySelectorAll(markdownSelector)) {
    const walker = document.createTreeWalker(md, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const m = RAW.exec(node.data);
      if (m && !node.parentElement.closest(SKIP)) {
        const at = Math.max(0, m.index - 30);
        raw.push({cell: cellOf(node.parentElement), text: node.data.slice(at, at + 80).replace(/\s+/g, ' ')});
      }
    }
  }
  const containers = [...scope.querySelectorAll('mjx-container, .MathJax_CHTML')];
  return {missing: false, errors, undefined: undefined_, raw, typeset: containers.length,
          typesetCells: containers.map(cellOf)};
}
"""


class BrowserTimeout(AssertionError):
    """A promise in the page did not settle in time."""


def evaluate_bounded(page, function, arg=None, seconds=30.0, what="the page"):
    """``page.evaluate(function, arg)`` for a ``function`` that returns a promise, which Playwright would await
    without limit: the promise races a timer, and a ``BrowserTimeout`` naming ``what`` is raised if it loses."""
    race = f"""async (arg) => {{
      let timer;
      const late = new Promise((_, reject) => {{ timer = setTimeout(() => reject(new Error("__late__")), {seconds * 1000}); }});
      try {{ return await Promise.race([({function})(arg), late]); }} finally {{ clearTimeout(timer); }}
    }}"""
    try:
        return page.evaluate(race, arg)
    except Exception as exc:
        if "__late__" in str(exc):
            raise BrowserTimeout(f"{what}: no answer in {seconds:g} s") from None
        raise


def math_report(page, scope=None, markdown=".jp-RenderedMarkdown"):
    """Run MATH_REPORT in ``page`` over ``scope`` (a CSS selector; None = whole document)."""
    return page.evaluate(MATH_REPORT, [scope, markdown])


class StaticServer:
    """A quiet ``http.server`` on 127.0.0.1 (a free port) serving ``folder`` from a thread."""

    def __init__(self, folder):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):   # a tab navigating away mid-download
                pass

        self.httpd = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

