"""Inside the sandbox: run the submitted notebook top to bottom as Jupyter would, then call its functions.

Started inside bubblewrap by the command line of :mod:`course_utils.grading.walls`,
after :mod:`lockdown` has taken the sandbox's last privileges, with this module,
``lockdown.py``, ``protocol.py``, ``testfunctions.py``, ``timing.py`` and ``tracer.py``
copied into the sandbox (in a zip: :mod:`course_utils.grading.launch`) as the
package ``course_grade_sandbox`` (standard library, NumPy and IPython only:
``course_utils`` is not there).  In order:

1. report what the sandbox looks like from inside (namespaces, uid,
   capabilities, the seccomp filter, the filesystem root, network interfaces), before any
   student code runs;
2. run the notebook's code cells with IPython's ``InteractiveShell`` (magics
   and ``!`` lines as in Jupyter, continuing past a cell that raises) under
   one time limit, which interrupts the running cell when it expires, as
   Jupyter's interrupt does; report each cell as it finishes;
3. call the notebook's functions for the grader (and measure their speed,
   :func:`run_speed`) until it hangs up.
"""

import os
import re
import signal
import socket
import sys
import time

import numpy as np

from . import tracer as _tracer
from .lockdown import inside_view
from .protocol import pack, read_frame
try:
    from .testfunctions import rebuild            # in the sandbox: copied beside this module
except ImportError:                               # in the package: course_utils.checks.testfunctions
    from ..checks.testfunctions import rebuild
try:
    from .timing import SPEED_OPTIONS, speed_ratio  # in the sandbox: copied beside this module
except ImportError:                                 # in the package: course_utils.checks.timing
    from ..checks.timing import SPEED_OPTIONS, speed_ratio

MAX_TEXT = 300            # characters of any student-produced text sent to the grader


class _Deadline(BaseException):
    """Raised by the alarm in the student's code when its time is up."""


def _on_alarm(signum, frame):
    raise _Deadline()


def _arm(seconds):
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(float(seconds), 0.001))


def _disarm():
    signal.setitimer(signal.ITIMER_REAL, 0)


def text(value):
    """A student-produced string, capped at ``MAX_TEXT`` characters."""
    try:
        value = str(value)
    except BaseException:  # noqa: BLE001 - a student's __str__ may raise anything
        value = f"<{type(value).__name__} that cannot be shown>"
    return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + " [...]"


class _Sink:
    """stdout and stderr of the notebook: discarded (the grader judges return values only)."""

    def write(self, s):
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False


MAX_NOTES = 10


class Notes:
    """What the notebook did that grading could not do as Jupyter did, said once per kind of thing and cell."""

    def __init__(self):
        self.items = []

    def add(self, cell, text_):
        note = f"cell {cell + 1 if isinstance(cell, int) else '?'}: {text(text_)}"
        if note not in self.items and len(self.items) < MAX_NOTES:
            self.items.append(note)


def _shell(tracer, notes):
    """IPython's InteractiveShell, as the Jupyter kernel runs cells, minus what has no meaning in a sandbox.

    ``%matplotlib`` (inline, widget, qt...) and GUI event loops: figures are
    drawn with Agg, shown nowhere; ``!cmd``, ``%pip`` and ``%conda``: there
    is no shell, the line does nothing and is noted; ``input()``: nobody
    types, the answer is an empty string, noted.
    """
    import builtins
    import site

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class SandboxShell(InteractiveShell):
        def enable_gui(self, gui=None):
            return None

        def enable_matplotlib(self, gui=None):
            return "agg", "agg"            # MPLBACKEND=Agg in the sandbox's environment

        def system(self, cmd):
            line = re.sub(r"^\S*python[\d.]*\s+-m\s+(pip|conda)\b", r"%\1", str(cmd).strip())   # %pip, %conda
            line = line if line.startswith("%") else f"!{line}"
            notes.add(tracer.cell, f"`{line[:60]}` was not run while grading (no shell, no network): the notebook "
                                   "went on as if it printed nothing")

        def getoutput(self, cmd, split=True, depth=0):
            self.system(cmd)
            return []

    def no_input(prompt=""):
        notes.add(tracer.cell, "input() was called: nobody types while grading, so it returned an empty string")
        return ""

    site.sethelper()             # help(), which ``python -S`` leaves out and Jupyter has
    config = Config()
    config.HistoryManager.enabled = False
    shell = SandboxShell.instance(config=config)
    builtins.input = no_input
    return shell


def run_notebook(sock, shell, cells, seconds, tracer):
    """Run ``[(index, source), ...]`` in order; report each cell; return the summary message."""
    deadline = time.monotonic() + seconds
    errors, interrupted = [], None
    for index, source in cells:
        tracer.cell = index
        try:
            _arm(deadline - time.monotonic())
            result = shell.run_cell(source, store_history=True)
            _disarm()
            error = result.error_before_exec or result.error_in_exec
        except _Deadline as exc:
            error = exc
        _disarm()
        if isinstance(error, _Deadline):
            interrupted = index
            break
        if error is not None:
            errors.append({"cell": index, "error": type(error).__name__, "message": text(error)})
        sock.sendall(pack({"cell_done": index}))
    tracer.cell = None
    names = sorted(k for k, v in shell.user_ns.items() if callable(v) and not k.startswith("__"))
    checked = {name: cell for name, (_, cell) in tracer.checked.items()}
    return {"ran": True, "errors": errors, "interrupted": interrupted, "names": names, "checked": checked}


def function_for(namespace, msg, tracer):
    """The function a question grades, and how it was found: ``(fn, where)``.

    The function the notebook's own check last received (one of
    ``msg["checks"]``), as nbgrader grades the check cell where it stands;
    only when no such check ran, the final definition of ``msg["name"]``.
    ``where`` tells the grader which: ``{"check": name, "cell": index,
    "redefined": bool}`` or ``{}``.
    """
    name = msg.get("name")
    final = namespace.get(name)
    for check in msg.get("checks", []):
        if check in tracer.checked:
            fn, cell = tracer.checked[check]
            return fn, {"check": check, "cell": cell, "redefined": final is not fn}
    return (final if callable(final) else None), {}


def _run(namespace, msg, tracer, work):
    """``work(fn)`` on the question's function (:func:`function_for`) within ``msg["seconds"]``; the reply:
    ``{"ok": True, **what work returned}``, or the error or the timeout, with what was used and ``where``."""
    fn, where = function_for(namespace, msg, tracer)
    if fn is None:
        return {"ok": False, "error": "NameError", "message": f"no function named {msg.get('name')!r} is defined"}
    tracer.used.clear()
    try:
        _arm(msg.get("seconds", 10.0))
        reply = work(fn)
        _disarm()
    except _Deadline:
        return {"ok": False, "timeout": True, "used": sorted(tracer.used), "where": where}
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are the student's too
        _disarm()
        return {"ok": False, "error": type(exc).__name__, "message": text(exc), "used": sorted(tracer.used),
                "where": where}
    return {"ok": True, **reply, "used": sorted(tracer.used), "where": where}


def run_call(namespace, msg, tracer):
    """Call the question's function (:func:`function_for`) within ``msg["seconds"]``; return the reply."""
    args = [rebuild(a) for a in msg.get("args", [])]
    kwargs = {k: rebuild(v) for k, v in msg.get("kwargs", {}).items()}

    def call(fn):
        value = fn(*args, **kwargs)
        return {"value": value, "args_after": [a if isinstance(a, np.ndarray) else None for a in args]}

    return _run(namespace, msg, tracer, call)


def run_speed(namespace, msg, tracer):
    """Measure the speed of the question's function (:func:`function_for`) here, within ``msg["seconds"]``.

    The measurement of ``check_grad_log_likelihood``
    (:func:`course_utils.checks.timing.speed_ratio`, on problems of
    ``msg["shape"]`` seeded by ``msg["seed"]``), made in the sandbox, where
    the function runs, rather than across the socket; the reply is
    ``{"ok": True, "speed": {...}}``, or an error or a timeout as :func:`run_call`'s.
    """
    options = {k: msg[k] for k in SPEED_OPTIONS if k in msg}
    return _run(namespace, msg, tracer,
                lambda fn: {"speed": speed_ratio(fn, msg.get("shape"), msg.get("seed", 0), **options)})


def main(config):
    """Serve the grader on the socket of ``config`` (already locked down by :mod:`lockdown`)."""
    sock = socket.socket(fileno=config["fd"])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)          # started: from now on nothing a notebook writes reaches the grader
    os.close(devnull)
    sock.sendall(pack({"ready": True, "inside": inside_view(config.get("probes", ()))}))
    msg = read_frame(sock)
    if not msg or msg.get("op") != "run":
        return 0
    sys.stdout = sys.stderr = _Sink()
    tracer = _tracer.Tracer(msg.get("forbidden", []))
    tracer.install()
    notes = Notes()
    shell = _shell(tracer, notes)
    summary = run_notebook(sock, shell, [tuple(c) for c in msg.get("cells", [])], msg.get("seconds", 60.0), tracer)
    summary.update(denied=sorted(tracer.denied), notes=notes.items)
    sock.sendall(pack(summary))
    while True:
        msg = read_frame(sock)
        if msg is None:
            return 0
        op = msg.get("op")
        if op == "call":
            reply = run_call(shell.user_ns, msg, tracer)
        elif op == "speed":
            reply = run_speed(shell.user_ns, msg, tracer)
        else:
            reply = {"ok": False, "error": "ProtocolError", "message": "unknown operation"}
        try:
            frame = pack(reply)
        except Exception as exc:  # noqa: BLE001 - a value pack cannot describe (a list that contains itself...)
            frame = pack({"ok": False, "error": type(exc).__name__, "message": "the returned value cannot be sent",
                          "used": reply.get("used", [])})
        sock.sendall(frame)
