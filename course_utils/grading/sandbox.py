"""Grader side of the sandbox: one bubblewrap sandbox per submission, driven over a socket.

A :class:`Sandbox` runs ``runner.py`` inside bubblewrap (see
:mod:`course_utils.grading.walls` for the command line), sends it the
notebook's code cells, then calls the functions the notebook defined through
:meth:`Sandbox.function`, which returns a plain Python callable: the checks
of ``course_utils.checks`` run unchanged, in the grader, on the values the
sandbox returns.  Killing the bubblewrap process ends the sandbox's PID
namespace, and with it every process the student's code started.
"""

import builtins
import dataclasses
import math
import os
import select
import socket
import subprocess
import time

import numpy as np

from . import launch
from .protocol import FrameTimeout, ProtocolError, pack, read_frame
from ..checks.testfunctions import TestFunction
from ..checks.timing import SPEED_OPTIONS

START_SECONDS = 30.0     # starting Python, NumPy and IPython in a fresh sandbox on a loaded machine
MAX_MESSAGE = 300        # characters of a student's exception message passed on to the checks
GRACE_SECONDS = 1.0      # how long after its own alarm the sandbox may take to answer before it is killed


@dataclasses.dataclass(frozen=True)
class Policy:
    """Limits of one submission's sandbox: memory and processes of all its processes together (what holds them:
    :mod:`course_utils.grading.memlimit`)."""

    wall_seconds: float = 20.0          # per question: all the calls of its checks
    notebook_seconds: float = 60.0      # running the notebook top to bottom
    memory_bytes: int = 1 << 30
    address_space_bytes: int = 4 << 30  # per process (rlimit) where a cgroup holds memory_bytes (memlimit)
    processes: int = 32
    file_size_bytes: int = 16 << 20
    open_files: int = 256
    tmpfs_bytes: int = 64 << 20         # each of /tmp, /var/tmp and /dev/shm


class SandboxFailure(BaseException):
    """The sandbox stopped answering: it crashed, ran out of time or memory, or broke the protocol.

    A ``BaseException`` on purpose: checks catch ``Exception`` from student
    functions to diagnose them, and this must pass through them to the grader.
    """

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status, self.reason = status, reason


class SandboxStartError(Exception):
    """The sandbox did not start: a problem of the machine or of the grader, not of the submission."""


@dataclasses.dataclass
class NotebookRun:
    """What running the notebook gave: cells that raised, where it stopped, the functions it defined."""

    errors: list
    names: list
    denied: list
    stopped_at: int = None       # the cell interrupted by the time or memory limit (None: ran to the end)
    stop_reason: str = ""
    notes: list = dataclasses.field(default_factory=list)     # what grading could not do as Jupyter did
    checked: dict = dataclasses.field(default_factory=dict)   # check name -> the cell that last called it


def _list(value):
    return list(value) if isinstance(value, list) else []


def _strings(value):
    return [v for v in _list(value) if isinstance(v, str)]


MAX_SPEED_REPEATS = 1000


def _speed_measurement(speed, shape):
    """The sandbox's speed measurement (``timing.speed_ratio``'s dict), checked; nonsense is an error of the question.

    The ratio is computed here from the two times; outputs that are not float64
    arrays of the gradient's shape become None (a wrong result for the check).
    """
    def seconds(value, low):
        return isinstance(value, float) and math.isfinite(value) and low <= value <= 1e4

    def integer(value, low, high):
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high

    bad = SandboxFailure("error", "the sandbox's speed measurement is not valid")
    if not isinstance(speed, dict):
        raise bad
    student, calibration, repeats = speed.get("student_seconds"), speed.get("calibration_seconds"), speed.get("repeats")
    seed, outputs, clock = speed.get("seed"), speed.get("outputs"), speed.get("clock")
    if not (seconds(student, 0.0) and seconds(calibration, 1e-9) and integer(repeats, 1, MAX_SPEED_REPEATS)
            and clock in ("cpu", "wall")
            and isinstance(seed, list) and 1 <= len(seed) <= 8 and all(integer(s, 0, 2 ** 64) for s in seed)
            and isinstance(outputs, list) and len(outputs) <= repeats):
        raise bad
    outputs = [o if isinstance(o, np.ndarray) and o.dtype == np.float64 and o.shape == shape[1:] else None
               for o in outputs]
    return {"ratio": student / calibration, "student_seconds": student, "calibration_seconds": calibration,
            "repeats": repeats, "clock": clock, "seed": seed, "outputs": outputs}


def _raise_student_error(name, message):
    """Re-raise a student's exception under its own built-in type where there is one."""
    cls = getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            raise cls(message)
        except TypeError:
            pass
    raise type(name, (RuntimeError,), {})(message)


class Sandbox:
    """A running sandbox for one submission: :meth:`run` its notebook, call its functions, then :meth:`close`.

    ``homework`` names the stand-in ``course_utils`` it gets (None: the checks' stubs only).
    """

    def __init__(self, walls, homework):
        self.walls, self.policy = walls, walls.policy
        self.limit = walls.new_limit()     # holds memory and processes: a cgroup, a systemd scope, or a watch
        self.sock, theirs = socket.socketpair()
        theirs_fd = theirs.fileno()
        try:
            argv, passed = launch.start(walls, homework, theirs_fd)
        except BaseException:
            self._remove_limit()
            self.sock.close()
            theirs.close()
            raise
        argv = self.limit.wrap(argv)
        try:
            self.process = subprocess.Popen(argv, pass_fds=[theirs.fileno(), *passed], stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                            start_new_session=True, env=walls.outer_env(), cwd=walls.cwd())
        except OSError as exc:
            self._remove_limit()
            raise SandboxStartError(f"cannot start the sandbox: {exc}") from None
        finally:
            theirs.close()
            for fd in passed:
                os.close(fd)
        self.limit.start(self.process)
        self.used, self.where, self.bwrap_said, self.started = set(), {}, "", False
        try:
            self.sock.sendall(launch.config_message(walls.config(homework, theirs_fd)))
        except OSError:
            pass        # the runner is gone already: the first request says why
        self.deadline = time.monotonic() + START_SECONDS
        try:
            ready = self._request(None)
        except SandboxFailure as exc:
            raise SandboxStartError(f"the sandbox did not start ({exc.reason}): {self.bwrap_said}") from None
        self.started = True
        self.inside = ready.get("inside", {})

    def _stderr(self):
        """What bubblewrap or Python said before the runner started (its last 2000 characters); nothing after."""
        stream = self.process.stderr
        if stream is not None and not stream.closed:
            chunks = []
            while sum(map(len, chunks)) < 1 << 16 and select.select([stream], [], [], 1.0)[0]:
                chunk = stream.read1(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
            said = b"".join(chunks).decode(errors="replace").strip()
            self.bwrap_said += said[-2000:]             # the end of a traceback says the most
        return self.bwrap_said

    def _request(self, message, grace=GRACE_SECONDS):
        if message is not None:
            try:
                self.sock.sendall(pack(message))
            except OSError:
                raise self._failure("the sandbox closed its connection") from None
        deadline = self.deadline + grace
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
            raise self._failure("no answer")
        try:
            reply = read_frame(self.sock, deadline=deadline)       # the whole frame by the deadline, not each byte
        except FrameTimeout:
            raise self._failure("no whole answer", timed_out=True) from None
        except (ProtocolError, OSError) as exc:
            raise self._failure(f"the sandbox broke the protocol ({exc})") from None
        if reply is None:
            raise self._failure("the sandbox process ended unexpectedly")
        return reply

    def _failure(self, reason, timed_out=False):
        memory = self.limit is not None and self.limit.memory_exceeded()
        self.close()
        if memory:
            return SandboxFailure("error", "memory limit exceeded")
        if timed_out or time.monotonic() >= self.deadline:
            return SandboxFailure("timeout", "time limit exceeded")
        return SandboxFailure("error", reason)

    def run(self, cells, forbidden, stop_before=None):
        """Run ``[(index, source)]`` (those before ``stop_before``), within the notebook's time limit."""
        cells = [c for c in cells if stop_before is None or c[0] < stop_before]
        self.deadline = time.monotonic() + self.policy.notebook_seconds
        last_done = -1
        message = {"op": "run", "cells": cells, "forbidden": sorted(forbidden),
                   "seconds": self.policy.notebook_seconds}
        try:
            reply = self._request(message)
            while "cell_done" in reply:
                last_done = reply["cell_done"]
                reply = self._request(None)
        except SandboxFailure as exc:
            pending = [i for i, _ in cells if i > last_done]
            exc.stopped_at = pending[0] if pending else None
            raise
        checked = reply.get("checked") if isinstance(reply.get("checked"), dict) else {}
        run = NotebookRun(errors=_list(reply.get("errors")), names=_strings(reply.get("names")),
                          denied=_strings(reply.get("denied")), notes=_strings(reply.get("notes")),
                          checked={str(k): v for k, v in checked.items() if isinstance(v, int) or v is None})
        if reply.get("interrupted") is not None:
            run.stopped_at, run.stop_reason = reply["interrupted"], "time limit exceeded"
        return run

    def begin_question(self):
        """Start the clock of one question: its checks' calls share ``policy.wall_seconds``."""
        self.deadline = time.monotonic() + self.policy.wall_seconds
        self.used, self.where = set(), {}

    def function(self, name, checks=()):
        """A callable that runs the question's function in the sandbox; arrays mutated there are mutated here too.

        The function is the one the notebook's check (any of ``checks``) last
        received, else the final definition of ``name`` (see
        ``runner.function_for``); :attr:`where` says which, after a call.
        Its attribute ``speed_ratio(shape, seed, **options)`` measures the
        function's speed inside the sandbox (``runner.run_speed``), as
        ``course_utils.checks.timing.speed_ratio`` does in a notebook; the
        reply is checked by :func:`_speed_measurement`.
        """

        def ask(message):
            """Send one operation on the function with the question's remaining time; the reply, once it is ok."""
            reply = self._request({**message, "name": name, "checks": list(checks),
                                   "seconds": max(self.deadline - time.monotonic(), 0.001)})
            self.used.update(_strings(reply.get("used")))
            if isinstance(reply.get("where"), dict):
                self.where = reply["where"]
            if reply.get("timeout"):      # the sandbox's own alarm interrupted the call: it is still usable
                raise SandboxFailure("timeout", "time limit exceeded")
            if not reply.get("ok"):
                _raise_student_error(str(reply.get("error"))[:100], str(reply.get("message"))[:MAX_MESSAGE])
            return reply

        def call(*args, **kwargs):
            if any(callable(a) and not isinstance(a, TestFunction) for a in args):
                raise TypeError("only course_utils.checks.TestFunction can be passed to a sandbox")
            encoded = [a.spec() if isinstance(a, TestFunction) else a for a in args]
            reply = ask({"op": "call", "args": encoded, "kwargs": kwargs})
            for original, after in zip(args, reply.get("args_after") or []):
                if isinstance(original, np.ndarray) and isinstance(after, np.ndarray) \
                        and after.shape == original.shape and original.flags.writeable:
                    np.copyto(original, after, casting="unsafe")
            return reply.get("value")

        def speed_ratio(shape, seed, **options):
            """``course_utils.checks.timing.speed_ratio`` of the function, measured inside the sandbox."""
            reply = ask({"op": "speed", "shape": [int(n) for n in shape], "seed": int(seed),
                         **{k: options[k] for k in SPEED_OPTIONS if k in options}})
            return _speed_measurement(reply.get("speed"), tuple(int(n) for n in shape))

        call.__name__ = name
        call._course_grade_remote = True       # the sandbox's tracer, not the checks' Watch, sees what it uses
        call.speed_ratio = speed_ratio
        return call

    @property
    def alive(self):
        return self.sock.fileno() != -1 and self.process.poll() is None

    def _remove_limit(self):
        if self.limit is not None:
            self.limit.remove()
            self.limit = None

    def close(self):
        """Kill the sandbox: bubblewrap's death ends its PID namespace and every process in it."""
        try:
            self.sock.close()
        except OSError:
            pass
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if not self.started:
            self._stderr()
        if self.process.stderr is not None:
            self.process.stderr.close()
        self._remove_limit()
