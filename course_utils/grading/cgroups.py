"""Cgroups for a root grader's sandboxes: memory and process count of a sandbox and all its children.

A cgroup (v1 memory + pids hierarchies, or v2) is made under the grader's own
cgroup for each sandbox; every helper raises ``OSError`` when the machine does
not allow it, and the caller records which protections were really active.
"""

import json
import os
import pathlib
import signal
import sys
import time

#: Run by the grader's interpreter before bubblewrap: write its own pid into every ``cgroup.procs`` given, then
#: become bubblewrap, so that every process of the sandbox is counted.
JOIN_THEN_EXEC = ("import json, os, sys\nfor procs in json.loads(sys.argv[1]):\n"
                  "    with open(procs, 'w') as fh:\n        fh.write(str(os.getpid()))\n"
                  "os.execv(sys.argv[2], sys.argv[2:])")


def _own_cgroups():
    """This process's cgroup path per controller ("" for the v2 unified hierarchy)."""
    own = {}
    for line in pathlib.Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for c in controllers.split(",") if controllers else [""]:
            own[c] = path.lstrip("/")
    return own


def _parents():
    """Where sandbox cgroups are created: (version, [parent dirs])."""
    own = _own_cgroups()
    v1 = [pathlib.Path("/sys/fs/cgroup") / c / own[c] for c in ("memory", "pids") if c in own]
    if len(v1) == 2 and all(p.is_dir() for p in v1):
        return 1, v1
    return 2, [pathlib.Path("/sys/fs/cgroup") / own.get("", "")]


def remove_stale_cgroups(prefix="course-grade-"):
    """Remove sandbox cgroups left by a grader that was killed (their owner pid is gone)."""
    for parent in _parents()[1]:
        for d in parent.glob(f"{prefix}*"):
            owner = d.name[len(prefix):].split("-")[0]
            if not owner.isdigit() or pathlib.Path(f"/proc/{owner}").exists():
                continue
            try:
                for pid in (d / "cgroup.procs").read_text().split():
                    os.kill(int(pid), signal.SIGKILL)
                time.sleep(0.01)
                d.rmdir()
            except (OSError, ValueError):
                pass


class Cgroup:
    """A v1 (memory + pids hierarchies) or v2 cgroup under this process's own cgroup."""

    def __init__(self, name, memory_bytes, max_pids):
        self.version, parents = _parents()
        self.dirs = [p / name for p in parents]
        if self.version == 2:
            parent = parents[0]
            if not {"memory", "pids"} <= set((parent / "cgroup.controllers").read_text().split()):
                raise OSError("no cgroup with memory and pids controllers is available")
            (parent / "cgroup.subtree_control").write_text("+memory +pids")
        for d in self.dirs:
            d.mkdir(exist_ok=True)
        if self.version == 1:
            mem, pids = self.dirs
            (mem / "memory.limit_in_bytes").write_text(str(memory_bytes))
            if (mem / "memory.memsw.limit_in_bytes").exists():
                (mem / "memory.memsw.limit_in_bytes").write_text(str(memory_bytes))
            (pids / "pids.max").write_text(str(max_pids))
        else:
            d = self.dirs[0]
            (d / "memory.max").write_text(str(memory_bytes))
            (d / "memory.swap.max").write_text("0")
            (d / "pids.max").write_text(str(max_pids))

    def procs_files(self):
        """The ``cgroup.procs`` files a process writes its pid into to join this cgroup (one per hierarchy)."""
        return [str(d / "cgroup.procs") for d in self.dirs]

    def wrap(self, argv):
        """``argv`` started in this cgroup: join it, then become ``argv``."""
        return [sys.executable, "-I", "-S", "-c", JOIN_THEN_EXEC, json.dumps(self.procs_files()), *argv]

    def start(self, process):
        """Nothing to do once the sandbox runs: the kernel counts it."""

    def pids(self):
        found = set()
        for d in self.dirs:
            try:
                found.update(int(p) for p in (d / "cgroup.procs").read_text().split())
            except OSError:
                pass
        return found

    def memory_exceeded(self):
        """Whether the kernel killed a process of this cgroup for going over its memory limit."""
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        try:
            counts = dict(line.split() for line in (self.dirs[0] / name).read_text().splitlines())
            return int(counts.get("oom_kill", 0)) > 0
        except (OSError, ValueError):
            return False

    def kill_all(self):
        if self.version == 2 and (self.dirs[0] / "cgroup.kill").exists():
            (self.dirs[0] / "cgroup.kill").write_text("1")
        for _ in range(50):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.002)

    def remove(self):
        self.kill_all()
        for d in self.dirs:
            for _ in range(100):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.005)
