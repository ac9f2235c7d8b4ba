"""JupyterLab for tests/test_browser.py: the server the README starts, and what a user does in it.

``JupyterLabServer`` runs ``<venv>/bin/jupyter lab`` with the options of the
README's first command (so ``--allow-root`` and the repository as root folder:
the tests run as root in CI), with a fixed token, ``--no-browser`` and a free
port on 127.0.0.1.  Test-only additions, none of which changes how notebooks
render or run: ``expose_app_in_browser`` (the
JupyterLab app as ``window.jupyterapp``, as JupyterLab's own Galata tests use
it), no news or update checks, and user settings/workspaces in a temporary
folder with autosave off, so that nothing opened by the tests is ever saved
and the developer's own settings play no part, and notebook windowing off, so
that every cell is attached and rendered at once.  When the tests that use it end, the
server is stopped by its pid (SIGTERM, which shuts its kernels down; SIGKILL to
it and its child processes if it hangs).

The page helpers open a notebook by path, wait for its markdown and math to
settle, run all cells from the Run menu, and read error outputs.
"""

import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from browser_support import evaluate_bounded, math_report, screenshot

ROOT = pathlib.Path(__file__).resolve().parent.parent
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # every cell rendered at once: the default ("contentVisibility") renders the same cells, but costs the
    # math survey's bundle about a third more CPU time
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                      "checkForUpdates": False},
}


def readme_lab_arguments():
    """The arguments the README's first command gives ``jupyter lab``."""
    import re
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("<!-- command:open -->", 1)[1].split("```bash\n", 1)[1].splitlines()[0]
    return shlex.split(re.split(r"\.venv/bin/jupyter lab", command)[1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLabServer:
    """``jupyter lab`` from this interpreter's venv, on 127.0.0.1, rooted at the repository."""

    def __init__(self, workdir, token="browser-tests-token"):
        self.workdir, self.token, self.port = pathlib.Path(workdir), token, free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = None

    def command(self):
        jupyter = pathlib.Path(sys.executable).parent / "jupyter"
        options = [a for a in readme_lab_arguments() if a.startswith("--")]       # not the notebook to open
        return [str(jupyter), "lab", *options, "--no-browser", f"--IdentityProvider.token={self.token}",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]

    def start(self, timeout=60):
        settings = self.workdir / "lab-settings"
        for name, value in SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(value))
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(self.workdir / "lab-workspaces"))
        self.log = self.workdir / "jupyterlab.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)  # no Ctrl-C prompt
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab not ready after {timeout} s:\n{self.log_tail()}")

    def log_tail(self, n=30):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])

    def stop(self):
        """SIGTERM the server (it shuts its kernels down); if it hangs, SIGKILL it and its children by pid."""
        if self.proc is None or self.proc.poll() is not None:
            return
        children = child_pids(self.proc.pid)
        self.proc.terminate()
        try:
            self.proc.wait(15)
            return
        except subprocess.TimeoutExpired:
            pass
        for pid in [self.proc.pid] + children + child_pids(self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(5)


def child_pids(pid):
    """Pids of the processes whose parent is ``pid`` (its kernels), read from /proc; [] elsewhere."""
    found = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def open_lab(page, server, workspace="tests"):
    """Load JupyterLab (a fresh ``workspace``: one per tab) in ``page`` and wait until it has restored."""
    page.goto(f"{server.url}lab/workspaces/{workspace}?reset&token={server.token}")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
    evaluate_bounded(page, "() => window.jupyterapp.restored.then(() => true)", seconds=60, what="JupyterLab restoring")


OPEN = """async ([path, kernel]) => {
  const app = window.jupyterapp;
  const factory = app.docRegistry.getWidgetFactory('Notebook');
  const prefer = factory.preferKernel;
  factory.preferKernel = kernel;             // false: open without starting a kernel (math needs none)
  try {
    const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    await panel.context.ready;
    await panel.revealed;
    app.shell.activateById(panel.id);
    return panel.id;
  } finally { factory.preferKernel = prefer; }
}"""
PANEL = "[...window.jupyterapp.shell.widgets('main')].find(w => w.id === id)"


def open_notebook(page, path, kernel=True):
    """Open ``path`` (relative to the repository) in the Notebook view; return the panel's DOM id.

    With ``kernel=False`` no kernel is started (the notebook's factory does not prefer one while it opens).
    """
    panel_id = evaluate_bounded(page, OPEN, [str(path), kernel], seconds=60, what=f"opening {path}")
    page.wait_for_selector(f"#{panel_id} .jp-Notebook", timeout=90_000)   # the survey notebook, on a busy machine
    return panel_id


def close_notebook(page, panel_id):
    """Close without saving: mark clean, shut the kernel down, dispose of the panel."""
    evaluate_bounded(page, f"""async (id) => {{ const w = {PANEL}; if (!w) return;
        w.context.model.dirty = false; await w.sessionContext.shutdown(); w.dispose(); }}""", panel_id,
                     what="closing a notebook")


def wait_until_settled(page, probe, arg, timeout=30.0, interval=0.2, repeats=4):
    """Poll the JS ``probe(arg)`` until it returns the same truthy value ``repeats`` times in a row."""
    deadline, last, same = time.monotonic() + timeout, None, 0
    while time.monotonic() < deadline:
        value = page.evaluate(probe, arg)
        same = same + 1 if value and value == last else 0
        if same >= repeats - 1:
            return value
        last = value
        page.wait_for_timeout(int(interval * 1000))
    raise TimeoutError(f"page did not settle in {timeout} s; last probe: {last}")


MARKDOWN_SETTLED = """([id, expected]) => {
  const n = document.getElementById(id);
  const rendered = n.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown').length;
  if (rendered < expected) return null;     // not every markdown cell rendered yet
  return [rendered, n.querySelectorAll('mjx-container').length, n.innerText.length];
}"""


def wait_for_math(page, panel_id, markdown_cells, timeout=30.0):
    """Wait until all ``markdown_cells`` are rendered and MathJax output stops changing."""
    return wait_until_settled(page, MARKDOWN_SETTLED, [panel_id, markdown_cells], timeout)


def open_dialogs(page):
    """The text of every JupyterLab dialog on screen (they block clicks)."""
    return page.evaluate("() => [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText)")


def run_all_from_menu(page, panel_id):
    """Run → Run All Cells, as a user would, with the notebook focused."""
    evaluate_bounded(page, f"async (id) => {{ await {PANEL}.sessionContext.ready; }}", panel_id, seconds=60,
                     what="the kernel starting")
    page.wait_for_function(f"(id) => {{ const k = {PANEL}.sessionContext.session?.kernel; return k && k.status === 'idle'; }}",
                           arg=panel_id, timeout=60_000)
    dialogs = open_dialogs(page)
    if dialogs:
        raise AssertionError(f"a dialog is in the way: {dialogs}")
    page.click(f"#{panel_id} .jp-Notebook")
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


EXECUTION = f"""(id) => {{ const w = {PANEL};
  const code = [...w.content.model.cells].filter(c => c.type === 'code');
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return {{counts: code.map(c => c.executionCount), status: kernel ? kernel.status : 'none',
          errors: code.flatMap((c, i) => c.outputs.toJSON().filter(o => o.output_type === 'error')
                                          .map(o => ({{cell: i, ename: o.ename, evalue: o.evalue}})))}};
}}"""


def wait_for_run_all(page, panel_id, timeout=120.0):
    """Wait until every code cell ran in order in a fresh kernel (counts 1..n) and the kernel is idle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.evaluate(EXECUTION, panel_id)
        done = state["counts"] == list(range(1, len(state["counts"]) + 1)) and state["status"] == "idle"
        if done or state["errors"]:
            return state
        page.wait_for_timeout(250)
    raise TimeoutError(f"Run All did not finish in {timeout} s: {state}; dialogs: {open_dialogs(page)}")


def bundle_markdown(paths, out):
    """Write the markdown cells of ``paths``, in order, as one notebook ``out``; return where each came from.

    JupyterLab renders each markdown cell on its own (same renderer, same MathJax), so a bundle shows
    every cell as its notebook does, as long as no notebook defines TeX macros for the others
    (tests/test_browser_lab.py checks that none does).  Opening a few bundles instead of every notebook
    saves the opening and settling of each.  Returns ``[(path, index of the cell in its notebook)]``,
    one entry per cell of the bundle.
    """
    import nbformat

    bundle, origin = None, []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if bundle is None:
            bundle = nbformat.v4.new_notebook(metadata=nb.metadata)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                copy = nbformat.v4.new_markdown_cell(cell.source)
                if cell.get("attachments"):
                    copy.attachments = cell.attachments
                bundle.cells.append(copy)
                origin.append((path, index))
    nbformat.write(bundle, out)
    return origin


def split_report(report, origin):
    """{path: report} from the math report of a bundle: each finding goes to its notebook, with its own cell index."""
    reports = {path: {"errors": [], "undefined": [], "raw": [], "typeset": 0} for path, _ in origin}
    for check in ("errors", "undefined", "raw"):
        for entry in report[check]:
            path, index = origin[entry["cell"]] if 0 <= entry["cell"] < len(origin) else (origin[0][0], -1)
            reports[path][check].append(dict(entry, cell=index))
    for cell in report["typesetCells"]:
        if 0 <= cell < len(origin):
            reports[origin[cell][0]]["typeset"] += 1
    return reports


# Indices of the markdown cells whose rendering is wider than the cell: JupyterLab lets them scroll sideways,
# a region that no keyboard user can scroll (WCAG 2.1.1, axe's scrollable-region-focusable) and that hides
# the end of a formula.
WIDE_MARKDOWN = """(id) => [...document.querySelectorAll(`#${id} .jp-MarkdownCell`)].map((cell, i) => {
  const r = cell.querySelector('.jp-RenderedMarkdown');
  return r && r.scrollWidth > r.clientWidth + 1 ? i : -1; }).filter(i => i >= 0)"""


def survey_math(tab, paths, folder):
    """Math reports of the notebooks ``paths``, their markdown opened as one bundle (``bundle_markdown``).

    ``tab``: (page, guard).  The bundle is written to ``folder`` (inside the served root) and opened
    without a kernel.  Returns {path: report}; each report has under "blocked" the URLs the guard
    blocked while the bundle opened, and under "scrolls" the cells (indices in the notebook) whose
    markdown is wider than the notebook (WIDE_MARKDOWN).
    """
    page, guard = tab
    out = pathlib.Path(folder) / "math-bundle.ipynb"
    origin = bundle_markdown(paths, out)
    guard.take()
    panel = open_notebook(page, out.relative_to(ROOT), kernel=False)
    wait_for_math(page, panel, len(origin), timeout=120.0)
    report = math_report(page, f"#{panel}", ".jp-MarkdownCell .jp-RenderedMarkdown")
    scrolls = page.evaluate(WIDE_MARKDOWN, panel)
    screenshot(page, "lab-" + out.stem)
    close_notebook(page, panel)
    blocked = guard.take()
    reports = {path: dict(part, blocked=blocked, scrolls=[]) for path, part in split_report(report, origin).items()}
    for cell in scrolls:
        reports[origin[cell][0]]["scrolls"].append(origin[cell][1])
    return reports
