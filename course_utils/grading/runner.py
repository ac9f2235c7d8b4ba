"""Inside the sandbox: run the submitted notebook top to bottom as Jupyter would, then call its functions.

Started inside bubblewrap by the command line of :mod:`course_utils.grading.walls`,
after :mod:`lockdown` has taken the sandbox's last privileges, with this module,
``lockdown.py``, ``protocol.py``, ``testfunctions.py`` and ``tracer.py``
copied into the sandbox as the package ``course_grade_sandbox`` (standard
library, NumPy and IPython only: ``course_utils`` is not there).  In order:

1. report what the sandbox looks like from inside (namespaces, uid,
   capabilities, the filesystem root, network interfaces), before any
   student code runs;
2. run the notebook's code cells with IPython's ``InteractiveShell`` (magics
   and ``!`` lines as in Jupyter, continuing past a cell that raises) under
   one time limit, which interrupts the running cell when it expires, as
   Jupyter's interrupt does; report each cell as it finishes;
3. call the notebook's functions for the grader until it hangs up.
"""

import os
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


def _shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    # ``!cmd`` and ``x = !cmd``: there is no shell in the sandbox; the notebook goes on, as if it printed nothing
    shell.system = lambda cmd: None
    shell.getoutput = lambda cmd, split=True, depth=0: []
    return shell


def run_notebook(sock, shell, cells, seconds):
    """Run ``[(index, source), ...]`` in order; report each cell; return the summary message."""
    deadline = time.monotonic() + seconds
    errors, interrupted = [], None
    for index, source in cells:
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
    names = sorted(k for k, v in shell.user_ns.items() if callable(v) and not k.startswith("__"))
    return {"ran": True, "errors": errors, "interrupted": interrupted, "names": names}


def run_call(namespace, msg, tracer):
    """Call ``namespace[msg["name"]](*args, **kwargs)`` within ``msg["seconds"]``; return the reply."""
    fn = namespace.get(msg.get("name"))
    if not callable(fn):
        return {"ok": False, "error": "NameError", "message": f"no function named {msg.get('name')!r} is defined"}
    args = [rebuild(a) for a in msg.get("args", [])]
    kwargs = {k: rebuild(v) for k, v in msg.get("kwargs", {}).items()}
    tracer.used.clear()
    try:
        _arm(msg.get("seconds", 10.0))
        value = fn(*args, **kwargs)
        _disarm()
    except _Deadline:
        return {"ok": False, "timeout": True, "used": sorted(tracer.used)}
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are the student's too
        _disarm()
        return {"ok": False, "error": type(exc).__name__, "message": text(exc), "used": sorted(tracer.used)}
    after = [a if isinstance(a, np.ndarray) else None for a in args]
    return {"ok": True, "value": value, "args_after": after, "used": sorted(tracer.used)}


def main(config):
    """Serve the grader on the socket of ``config`` (already locked down by :mod:`lockdown`)."""
    sock = socket.socket(fileno=config["fd"])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)          # started: from now on nothing a notebook writes reaches the grader
    os.close(devnull)
    sock.sendall(pack({"ready": True, "inside": inside_view()}))
    msg = read_frame(sock)
    if not msg or msg.get("op") != "run":
        return 0
    sys.stdout = sys.stderr = _Sink()
    tracer = _tracer.Tracer(msg.get("forbidden", []))
    tracer.install()
    shell = _shell()
    summary = run_notebook(sock, shell, [tuple(c) for c in msg.get("cells", [])], msg.get("seconds", 60.0))
    summary.update(denied=sorted(tracer.denied))
    sock.sendall(pack(summary))
    while True:
        msg = read_frame(sock)
        if msg is None:
            return 0
        reply = run_call(shell.user_ns, msg, tracer) if msg.get("op") == "call" else \
            {"ok": False, "error": "ProtocolError", "message": "unknown operation"}
        try:
            frame = pack(reply)
        except Exception as exc:  # noqa: BLE001 - a value pack cannot describe (a list that contains itself...)
            frame = pack({"ok": False, "error": type(exc).__name__, "message": "the returned value cannot be sent",
                          "used": reply.get("used", [])})
        sock.sendall(frame)
