"""Thin Linux-only helpers for the sandbox: namespaces, mounts, prctl, cgroups, rlimits.

Every helper either succeeds or raises ``OSError``; callers decide whether a
protection is required and record which ones were active.
"""

import ctypes
import os
import pathlib
import resource
import signal
import time

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x1000, 0x4000, 0x40000
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 36, 38

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flags):
    _check(libc().unshare(ctypes.c_int(flags)), "unshare")


def mount(source, target, fstype, flags=0, data=None):
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(libc().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def prctl(option, value):
    _check(libc().prctl(ctypes.c_int(option), ctypes.c_ulong(value), 0, 0, 0), "prctl")


def set_rlimits(policy):
    """Apply the per-process limits of a :class:`~course_utils.grading.sandbox.Policy`."""
    limits = {
        resource.RLIMIT_CPU: (policy.cpu_seconds, policy.cpu_seconds + 1),
        resource.RLIMIT_AS: (policy.address_space_bytes,) * 2,
        resource.RLIMIT_FSIZE: (policy.file_size_bytes,) * 2,
        resource.RLIMIT_NOFILE: (policy.open_files,) * 2,
        resource.RLIMIT_CORE: (0, 0),
        resource.RLIMIT_NPROC: (policy.processes,) * 2,
    }
    for which, value in limits.items():
        resource.setrlimit(which, value)


def write_id_maps(uid, gid):
    """Inside a new user namespace: map the caller's uid/gid to themselves."""
    pathlib.Path("/proc/self/setgroups").write_text("deny")
    pathlib.Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
    pathlib.Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")


def kill_uid(uid):
    """SIGKILL every process owned by ``uid`` (from a short-lived child that becomes it)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            for _ in range(20):  # a fork loop may create new ones while we kill
                try:
                    os.kill(-1, signal.SIGKILL)
                except ProcessLookupError:
                    break
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


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

    def join(self, pid):
        for d in self.dirs:
            (d / "cgroup.procs").write_text(str(pid))

    def pids(self):
        found = set()
        for d in self.dirs:
            try:
                found.update(int(p) for p in (d / "cgroup.procs").read_text().split())
            except OSError:
                pass
        return found

    def memory_exceeded(self):
        d = self.dirs[0]
        try:
            if self.version == 1:
                oom = dict(line.split() for line in (d / "memory.oom_control").read_text().splitlines())
                return int(oom.get("oom_kill", 0)) > 0 or int((d / "memory.failcnt").read_text()) > 0
            events = dict(line.split() for line in (d / "memory.events").read_text().splitlines())
            return int(events.get("oom_kill", 0)) > 0 or int(events.get("max", 0)) > 0
        except OSError:
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
