"""The course site built once per test session, for tests/test_site.py and tests/test_browser.py.

``start_build()`` launches ``tools/build_site.py --out <tmp>`` in a subprocess
(so that the browser tests can start JupyterLab meanwhile); ``built_site()``
waits for it and returns the folder (removed when the interpreter exits).
The build uses the stored outputs, as the instructor's default build does.
``page_links(html)`` lists the ``href``/``src`` values of a page;
``build_site_module()`` imports tools/build_site.py.
"""

import atexit
import html.parser
import importlib.util
import pathlib
import shutil
import subprocess
import sys
import tempfile

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
