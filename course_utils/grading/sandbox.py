"""Grader side of the sandbox: start a zygote, spawn a locked-down process per question, call into it.

The student's code never runs in the grader's process.  A :class:`Sandbox`
is a fresh process forked by the worker's zygote (see ``zygote.py``) under
the limits of a :class:`Policy`.  Its functions are called through
:meth:`Sandbox.function`, which returns a plain Python callable, so the
checks of ``course_utils.checks`` run unchanged in the trusted process on
the values the sandbox returns.
"""

import builtins
import dataclasses
import os
import select
import socket
import subprocess
import sys
import time

import numpy as np

from . import _linux
from .calls import TestFunction
from .protocol import ProtocolError, pack, read_frame

SANDBOX_UID_BASE = 61000


@dataclasses.dataclass(frozen=True)
class Policy:
    """Limits for one question's sandbox (all of its processes together where cgroups allow)."""

    wall_seconds: float = 20.0
    cpu_seconds: int = 20
    memory_bytes: int = 1 << 30
    address_space_bytes: int = 4 << 30
    processes: int = 16
    file_size_bytes: int = 16 << 20
    open_files: int = 64


class SandboxFailure(BaseException):
    """The sandbox stopped answering: its code crashed, timed out or broke the protocol.

    A ``BaseException`` on purpose: checks catch ``Exception`` from student
    functions to diagnose them, and this must pass through them to the grader.
    """

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status, self.reason = status, reason


def _clean_env():
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV")}
    keep.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", MPLBACKEND="Agg")
    return keep


class Zygote:
    """One pre-loaded fork server per grader worker; start it before loading hidden tests."""

    def __init__(self, worker_index=0, hide=(), policy=Policy()):
        self.policy, self.hide = policy, [os.path.abspath(p) for p in hide]
        self.root = os.geteuid() == 0
        self.uid = SANDBOX_UID_BASE + worker_index if self.root else None
        self.name = f"course-grade-{os.getpid()}"
        self.serial = 0
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "course_utils.grading.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], env=_clean_env(), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
        theirs.close()
        self.control = ours
        if read_frame(self.control) is None:
            raise RuntimeError("the sandbox zygote failed to start")
        self.namespaces = self._probe_namespaces()
        self.cgroups = self.root and self._probe_cgroups()

    def _probe_namespaces(self):
        pid = os.fork()
        if pid == 0:
            try:
                flags = _linux.CLONE_NEWNS | _linux.CLONE_NEWNET
                _linux.unshare(flags if self.root else flags | _linux.CLONE_NEWUSER)
                os._exit(0)
            except BaseException:  # noqa: BLE001
                os._exit(1)
        return os.waitpid(pid, 0)[1] == 0

    def _probe_cgroups(self):
        try:
            _linux.remove_stale_cgroups()
            _linux.Cgroup(f"{self.name}-probe", self.policy.memory_bytes, self.policy.processes).remove()
            return True
        except OSError:
            return False

    def spawn(self):
        """Fork a new locked-down sandbox process and return its :class:`Sandbox`."""
        self.serial += 1
        cgroup = None
        if self.cgroups:
            cgroup = _linux.Cgroup(f"{self.name}-{self.serial}", self.policy.memory_bytes, self.policy.processes)
        if self.uid is not None:
            _linux.kill_uid(self.uid)  # nothing of an earlier sandbox survives
        req = {"op": "spawn", "uid": self.uid, "gid": self.uid, "namespaces": self.namespaces,
               "hide": self.hide, "policy": dataclasses.asdict(self.policy),
               "cgroup_procs": [str(d / "cgroup.procs") for d in cgroup.dirs] if cgroup else []}
        self.control.sendall(pack(req))
        _, fds, _, _ = socket.recv_fds(self.control, 1, 1)
        pid = read_frame(self.control)["pid"]
        return Sandbox(socket.socket(fileno=fds[0]), pid, self, cgroup)

    def close(self):
        if self.uid is not None:
            _linux.kill_uid(self.uid)
        self.control.close()  # the zygote reaps what is left and exits
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


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
    """A running sandbox: load code once, call its functions, then :meth:`close`."""

    def __init__(self, sock, pid, zygote, cgroup):
        self.sock, self.pid, self.zygote, self.cgroup = sock, pid, zygote, cgroup
        self.deadline = time.monotonic() + zygote.policy.wall_seconds
        self.protections = self._request(None)["protections"]

    def _request(self, message):
        if message is not None:
            try:
                self.sock.sendall(pack(message))
            except OSError:
                raise self._failure("the sandbox closed its connection") from None
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
            self.close()
            raise SandboxFailure("timeout", f"time limit of {self.zygote.policy.wall_seconds:g} s exceeded")
        self.sock.settimeout(max(self.deadline - time.monotonic(), 0.01))
        try:
            reply = read_frame(self.sock)
        except (ProtocolError, OSError) as exc:
            raise self._failure(f"the sandbox broke the protocol ({exc})") from None
        if reply is None:
            raise self._failure("the sandbox process ended unexpectedly")
        return reply

    def _failure(self, reason):
        memory = self.cgroup is not None and self.cgroup.memory_exceeded()
        self.close()
        if memory:
            return SandboxFailure("error", "memory limit exceeded")
        if time.monotonic() >= self.deadline:
            return SandboxFailure("timeout", f"time limit of {self.zygote.policy.wall_seconds:g} s exceeded")
        return SandboxFailure("error", reason)

    def load(self, code):
        """Execute the submission's definitions; return the names of the callables it defines."""
        reply = self._request({"op": "load", "code": code})
        if not reply.get("ok"):
            raise SandboxFailure("error", f"the notebook's definitions raised {reply.get('error')}: "
                                          f"{reply.get('message')}")
        return list(reply.get("names", []))

    def function(self, name):
        """A callable that runs ``name`` in the sandbox; arrays mutated there are mutated here too."""

        def call(*args, **kwargs):
            encoded = [a.spec() if isinstance(a, TestFunction) else a for a in args]
            if any(callable(a) and not isinstance(a, TestFunction) for a in args):
                raise TypeError("only course_utils.grading.calls.TestFunction can be passed to a sandbox")
            reply = self._request({"op": "call", "name": name, "args": encoded, "kwargs": kwargs})
            if not reply.get("ok"):
                _raise_student_error(str(reply.get("error")), str(reply.get("message")))
            for original, after in zip(args, reply.get("args_after") or []):
                if isinstance(original, np.ndarray) and isinstance(after, np.ndarray) \
                        and after.shape == original.shape and original.flags.writeable:
                    np.copyto(original, after, casting="unsafe")
            return reply.get("value")

        call.__name__ = name
        return call

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        if self.cgroup is not None:
            self.cgroup.remove()
            self.cgroup = None
        if self.zygote.uid is not None:
            _linux.kill_uid(self.zygote.uid)
        else:
            try:
                os.killpg(self.pid, 9)
            except (ProcessLookupError, PermissionError):
                pass
