"""Inside the sandbox, before anything else: take what bubblewrap left, and look at the walls from inside.

The first code to run in a sandbox (standard library only, so that nothing
but the interpreter has been loaded yet):

* as root (the grader runs bubblewrap as root, without a user namespace),
  empty the capability bounding set and become the unprivileged sandbox
  uid, then refuse to go on if any capability is left;
* set the rlimits; keep no file descriptor but the grader's socket and
  stderr (so that a failure to start reaches the grader, until the runner
  points it at /dev/null, before any student code runs);
* describe what the sandbox looks like from inside (:func:`inside_view`), for
  the grader to compare with the outside before any student code runs:
  among it, the seccomp filter's mode and count, and what the system calls
  the grader names as probes answered (calls the filter refuses, which fail
  harmlessly without it, with another error).

This module is copied into every sandbox.
"""

import ctypes
import errno
import json
import os
import resource
import struct

PR_CAPBSET_DROP = 24
NAMESPACES = ("pid", "net", "ipc", "mnt", "uts", "user", "cgroup")


def _drop_privileges(uid):
    """As root in the sandbox: empty the capability bounding set, then become ``uid`` (no capabilities left)."""
    libc = ctypes.CDLL(None, use_errno=True)
    with open("/proc/sys/kernel/cap_last_cap") as fh:
        last = int(fh.read())
    for cap in range(last + 1):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop the capability bounding set")
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def _status():
    with open("/proc/self/status") as fh:
        return dict(line.split(":\t", 1) for line in fh.read().splitlines() if ":\t" in line)


MAX_CONFIG = 1 << 20


def _read_config(fd):
    """The runner's configuration: the first message on the grader's socket ``fd``, an 8-byte length then
    JSON (``course_utils.grading.launch.config_message``), so that no command line shows it."""
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = os.read(fd, n - len(data))
            if not chunk:
                raise SystemExit(71)      # the grader hung up before configuring the sandbox
            data += chunk
        return data

    (size,) = struct.unpack("!Q", exactly(8))
    if size > MAX_CONFIG:
        raise SystemExit(71)
    return json.loads(exactly(size))


def lock_down(fd):
    """Read the configuration from the grader's socket ``fd`` and apply it; return it (``fd`` included)."""
    config = _read_config(fd)
    config["fd"] = keep_fd = fd
    if config.get("uid") is not None:
        _drop_privileges(config["uid"])
    status = _status()
    if config.get("uid") is not None and any(int(status[k], 16) for k in ("CapPrm", "CapEff", "CapBnd", "CapAmb")):
        raise SystemExit(70)      # never run student code with a capability left
    for name, value in config.get("rlimits", {}).items():
        resource.setrlimit(getattr(resource, name), (value, value))
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    os.close(devnull)
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, 1 << 16)
    return config


def _probe(probes):
    """Make each ``[label, number, arguments, _]`` system call: label -> its errno's name, or "allowed"."""
    libc = ctypes.CDLL(None, use_errno=True)
    found = {}
    for label, number, args, _ in probes:
        ctypes.set_errno(0)
        failed = libc.syscall(ctypes.c_long(number), *(ctypes.c_long(a) for a in args)) == -1
        code = ctypes.get_errno()
        found[label] = errno.errorcode.get(code, str(code)) if failed else "allowed"
    return found


def inside_view(probes=()):
    """What the sandbox looks like from inside, measured before any student code runs (``probes``: see
    :func:`_probe`)."""
    status = _status()
    tmp = {}
    for folder in ("/tmp", "/var/tmp", "/dev/shm"):
        try:
            probe = os.path.join(folder, ".probe")
            with open(probe, "w"):
                pass
            os.unlink(probe)
            tmp[folder] = "empty" if not os.listdir(folder) else "not empty"
        except OSError:
            tmp[folder] = "not writable"
    with open("/proc/net/dev") as fh:
        interfaces = sorted(line.split(":")[0].strip() for line in fh.read().splitlines()[2:])
    return {
        "namespaces": {ns: os.readlink(f"/proc/self/ns/{ns}") for ns in NAMESPACES},
        "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(),
        "capabilities": {k: status.get(k, "").strip() for k in ("CapPrm", "CapEff", "CapBnd", "CapAmb")},
        "no_new_privs": status.get("NoNewPrivs", "").strip() == "1",
        "seccomp": {"mode": status.get("Seccomp", "").strip(), "filters": status.get("Seccomp_filters", "").strip()},
        "refused": _probe(probes),
        "root": sorted(os.listdir("/")), "interfaces": interfaces, "tmp": tmp,
        "rlimits": {name: resource.getrlimit(getattr(resource, name))[0]
                    for name in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_NOFILE")},
    }
