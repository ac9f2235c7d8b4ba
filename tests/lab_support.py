"""JupyterLab for tests/test_browser.py: the server the README starts, and what a user does in it.

``JupyterLabServer`` runs ``<venv>/bin/jupyter lab`` (the README's first
command, less the notebook argument) with a fixed token, ``--no-browser``, a
free port on 127.0.0.1 and ``--ServerApp.root_dir`` the repository.  Test-only
additions, none of which changes how notebooks render or run:
``--allow-root`` when run as root (CI is), ``expose_app_in_browser`` (the
JupyterLab app as ``window.jupyterapp``, as JupyterLab's own Galata tests use
it), no news or update checks, and user settings/workspaces in a temporary
folder with autosave off, so that nothing opened by the tests is ever saved
and the developer's own settings play no part.  The server runs in its own
process group (kernels included), killed by its id when the session ends.

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

ROOT = pathlib.Path(__file__).resolve().parent.parent
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                      "checkForUpdates": False},
}


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
        cmd = [str(jupyter), "lab", "--no-browser", f"--ServerApp.token={self.token}",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--ServerApp.root_dir={ROOT}", "--LabApp.expose_app_in_browser=True",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        return cmd + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])

    def start(self, timeout=60):
        settings = self.workdir / "lab-settings"
        for name, value in SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(value))
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(self.workdir / "lab-workspaces"))
        self.log = self.workdir / "jupyterlab.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
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
        """Stop the server and its kernels: SIGTERM to its process group, SIGKILL if still there."""
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        try:   # kernels left in the group after the server exited
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def open_lab(page, server):
    """Load JupyterLab (fresh workspace) in ``page`` and wait until it has restored."""
    page.goto(f"{server.url}lab?reset&token={server.token}")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
    page.evaluate("() => window.jupyterapp.restored.then(() => true)")


OPEN = """async (path) => {
  const panel = await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await panel.context.ready;
  await panel.revealed;
  window.jupyterapp.shell.activateById(panel.id);
  return panel.id;
}"""
PANEL = "[...window.jupyterapp.shell.widgets('main')].find(w => w.id === id)"


def open_notebook(page, path):
    """Open ``path`` (relative to the repository) in the Notebook view; return the panel's DOM id."""
    panel_id = page.evaluate(OPEN, str(path))
    page.wait_for_selector(f"#{panel_id} .jp-Notebook")
    return panel_id


def close_notebook(page, panel_id):
    """Close without saving: mark clean, shut the kernel down, dispose of the panel."""
    page.evaluate(f"""async (id) => {{ const w = {PANEL}; if (!w) return;
        w.context.model.dirty = false; await w.sessionContext.shutdown(); w.dispose(); }}""", panel_id)


def wait_until_settled(page, probe, arg, timeout=30.0, interval=0.25, repeats=3):
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
    raise TimeoutError(f"Run All did not finish in {timeout} s: {state}")
