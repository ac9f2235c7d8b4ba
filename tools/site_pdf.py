"""Print the course site's pages as PDF handouts, with the Chromium the browser tests use.

Used by tools/build_site.py (``--no-pdf`` skips it).  Each page
(``NN_name.html``, ``hwN_name.html``) is served from the built site by a
local http.server on 127.0.0.1, opened in headless Chromium (Debian's
``/usr/bin/chromium``, or ``$COURSE_CHROMIUM``, driven by Playwright; every
request that would leave 127.0.0.1 is refused), and printed once its math is
typeset and its widgets are drawn:

- A4, with the page's print style (tools/site_templates/course_shared/course_print.css):
  no navigation, code wrapped, figures and tables within the margins;
- every figure's description opened under it, and the PDF tagged, so a
  screen reader reads each figure's alt text;
- page numbers and the lecture's title in the footer.

A page whose content is wider than the paper is not printed: the build stops
and names it and its widest element, rather than hand out a page cut at the
margin.  Every wait is bounded (``seconds`` per page).
"""

import contextlib
import functools
import http.server
import os
import pathlib
import threading
import urllib.parse

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MARGIN_MM = 15
LOCAL = {"127.0.0.1", "localhost"}

# True once MathJax has typeset everything it queued, every stored widget view is drawn and the fonts are in
READY = """() => {
  const hub = window.MathJax && MathJax.Hub;
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  const drawn = document.querySelectorAll('.jupyter-widgets.widget-interact, .jupyter-widgets.widget-output').length;
  return (!window.MathJax || (MathJax.isReady && hub.queue.pending === 0 && !hub.queue.running))
         && drawn >= views && document.fonts.status === 'loaded';
}"""
# Elements wider than the printable width, in print layout: they would be cut at the margin.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && getComputedStyle(e).position !== 'absolute'
           && !e.closest('.MJX_Assistive_MathML');
  }).slice(0, 3).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}: `
                          + e.textContent.trim().slice(0, 60));
}"""


class PrintError(RuntimeError):
    """A page that cannot be printed whole."""


def chromium_path():
    return pathlib.Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))


@contextlib.contextmanager
def _served(folder):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _local_only(route):
    url = urllib.parse.urlsplit(route.request.url)
    if url.scheme in ("data", "blob") or url.hostname in LOCAL:
        route.continue_()
    else:
        route.abort()


def footer(title):
    import html

    return ('<div style="font-size: 9px; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;'
            f' color: #333"><span>{html.escape(title)}</span>'
            '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')


def print_pdfs(site, pages, out=None, seconds=60.0):
    """Print ``pages`` = [(stem, title)] of the built ``site`` to ``out/stem.pdf`` (default ``site/pdf``).

    Returns the written paths.  Raises PrintError naming the page if Chromium or Playwright is missing, a
    page does not settle within ``seconds``, or its content is wider than the paper.  Runs in a thread of its
    own, so that it works where an event loop is running (a notebook, or a test that drives a browser).
    """
    result = {}

    def work():
        try:
            result["paths"] = _print(site, pages, out, seconds)
        except BaseException as exc:          # handed to the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=work, name="print-pdfs")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["paths"]


def _print(site, pages, out, seconds):
    site = pathlib.Path(site)
    out = pathlib.Path(out) if out else site / "pdf"
    if not chromium_path().exists():
        raise PrintError(f"PDF handouts need Chromium at {chromium_path()} (apt-get install chromium, or set "
                         "COURSE_CHROMIUM); build without them with --no-pdf")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PrintError("PDF handouts need Playwright for Python (pip install -e '.[test]'); "
                         "build without them with --no-pdf") from None
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with _served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS,
                                             timeout=seconds * 1000)
        try:
            context = browser.new_context()
            context.route("**/*", _local_only)
            page = context.new_page()
            page.set_default_timeout(seconds * 1000)
            page.emulate_media(media="print")
            # the printable width of A4 (210 mm) with its margins, in CSS pixels (96 per inch)
            page.set_viewport_size({"width": round((210 - 2 * MARGIN_MM) / 25.4 * 96), "height": 1000})
            for stem, title in pages:
                try:
                    page.goto(url + f"{stem}.html", wait_until="load")
                    page.wait_for_function(READY, polling=200)
                    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
                except PlaywrightError as exc:
                    raise PrintError(f"{stem}.html did not settle in {seconds:g} s: {exc}") from None
                wide = page.evaluate(TOO_WIDE)
                if wide:
                    raise PrintError(f"{stem}.html is wider than the paper and would be cut at the margin: {wide}")
                target = out / f"{stem}.pdf"
                page.pdf(path=str(target), format="A4", print_background=True, tagged=True, outline=True,
                         margin={side: f"{MARGIN_MM}mm" for side in ("top", "bottom", "left", "right")},
                         display_header_footer=True, header_template="<span></span>", footer_template=footer(title))
                written.append(target)
        finally:
            browser.close()
    return written
