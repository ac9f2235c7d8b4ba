"""The zygote: a clean, pre-loaded process that forks one sandbox per question.

Started by each grader worker *before* it reads any hidden test, with a
clean environment, it imports what student code commonly needs (NumPy,
SciPy, course_utils) once, then waits on its control socket.
For every ``spawn`` request it forks a child that locks itself down (new
session, cgroup, network and mount namespaces, rlimits, an unprivileged
uid, no new privileges, no file descriptors but its own socket) and only
then receives the student's code over that socket.  The zygote itself never
sees student code or expected values, so a child's memory holds neither.

Run as ``python -m course_utils.grading.zygote FD``.
"""

import os
import pathlib
import select
import signal
import socket
import stat
import sys

from . import _linux
from .protocol import ProtocolError, pack, read_frame
from .sandbox import Policy


def _needed_paths():
    """What the sandbox must still read: the interpreter, its packages and course_utils."""
    import course_utils

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.dirname(course_utils.__file__))}
    paths.update(p for p in sys.path if p and os.path.exists(p))
    return {pathlib.Path(os.path.realpath(p)) for p in paths}


def _cover(directory, keep, options):
    """Mount an empty tmpfs on ``directory``, then bind back the entries leading to each path of ``keep``.

    Everything else in ``directory`` disappears from this mount namespace.
    """
    directory = pathlib.Path(directory)
    children = {p.relative_to(directory).parts[0] for p in keep if directory in p.parents}
    fds = {child: os.open(directory / child, os.O_PATH) for child in children}
    _linux.mount("tmpfs", str(directory), "tmpfs", _linux.MS_NOSUID | _linux.MS_NODEV, options)
    for child, fd in fds.items():
        target = directory / child
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            target.mkdir()
        else:
            target.touch()
        _linux.mount(f"/proc/self/fd/{fd}", str(target), None, _linux.MS_BIND | _linux.MS_REC)
        os.close(fd)


def _blocked_ancestors(paths):
    """The first ancestor of each path that others may not enter (e.g. /root)."""
    blocked = set()
    for path in paths:
        for ancestor in reversed(path.parents):
            if not os.stat(ancestor).st_mode & stat.S_IXOTH:
                blocked.add(ancestor)
                break
    return blocked


def _expose_interpreter(needed):
    """Let an unprivileged uid reach Python and its packages (in this mount namespace only).

    Python may live under a directory only its owner may enter (pyenv in
    /root).  Each such directory gets an empty tmpfs on top (which also hides
    everything else in it) with only the needed entries bound back.
    """
    for _ in range(5):                      # nested blocked directories: one level per round
        blocked = _blocked_ancestors(needed)
        if not blocked:
            return
        for directory in blocked:
            _cover(directory, needed, "size=4k,mode=755")


def _hide(paths):
    for path in paths:
        if os.path.isdir(path):
            _cover(path, (), "size=4k,mode=000")


def _lock_down(sock, req):
    """In the forked child: apply every protection asked for; return the list applied."""
    applied = []
    os.setsid()
    for procs in req.get("cgroup_procs", []):
        with open(procs, "w") as fh:
            fh.write(str(os.getpid()))
    if req.get("cgroup_procs"):
        applied.append("cgroup (memory and process count of the sandbox and all its children)")
    uid, gid = req.get("uid"), req.get("gid")
    if req.get("namespaces"):
        if os.geteuid() == 0:
            _linux.unshare(_linux.CLONE_NEWNS | _linux.CLONE_NEWNET)
        else:
            real_uid, real_gid = os.getuid(), os.getgid()
            _linux.unshare(_linux.CLONE_NEWUSER | _linux.CLONE_NEWNS | _linux.CLONE_NEWNET)
            _linux.write_id_maps(real_uid, real_gid)
        applied.append("network namespace (no network)")
        _linux.mount("none", "/", None, _linux.MS_REC | _linux.MS_PRIVATE)
        needed = _needed_paths()
        if uid is not None and os.geteuid() == 0:
            _expose_interpreter(needed)
        _cover("/tmp", needed, "size=64m,mode=1777")    # a private /tmp (Python may live under it)
        _hide(req.get("hide", []))                      # last: hidden even inside what was bound back
        applied.append("mount namespace (hidden: tests, submissions, gradebook; private /tmp)")
    policy = Policy(**req["policy"])
    if uid is not None and os.geteuid() == 0:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
        applied.append("unprivileged user (a separate uid per worker)")
    _linux.set_rlimits(policy)
    applied.append("rlimits (CPU time, address space, processes, file size, open files)")
    _linux.prctl(_linux.PR_SET_NO_NEW_PRIVS, 1)
    _linux.prctl(_linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    os.chdir("/tmp")
    os.environ.clear()
    os.environ.update({"HOME": "/tmp", "PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1",
                       "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp"})
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    keep = sock.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, 65536)
    return applied


def _serve(sock, applied):
    """The sandbox's request loop: load the student's code, then call its functions."""
    from .calls import run_call

    sock.sendall(pack({"ready": True, "protections": applied}))
    namespace = {"__name__": "submission", "__builtins__": __builtins__}
    while True:
        try:
            msg = read_frame(sock)
        except ProtocolError:
            return
        if msg is None:
            return
        if msg.get("op") == "load":
            try:
                exec(compile(msg["code"], "<submission>", "exec"), namespace)
                names = sorted(k for k, v in namespace.items() if callable(v) and not k.startswith("__"))
                reply = {"ok": True, "names": names}
            except BaseException as exc:  # noqa: BLE001 - any failure is the student's
                reply = {"ok": False, "error": type(exc).__name__, "message": str(exc)[:1000]}
        elif msg.get("op") == "call":
            reply = run_call(namespace, msg)
        else:
            reply = {"ok": False, "error": "ProtocolError", "message": "unknown operation"}
        sock.sendall(pack(reply))


def _spawn(control, req):
    parent_end, child_end = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            control.close()
            parent_end.close()
            applied = _lock_down(child_end, req)
            _serve(child_end, applied)
        except BaseException:  # noqa: BLE001 - never return into the zygote's loop
            code = 70
        os._exit(code)
    child_end.close()
    socket.send_fds(control, [b"F"], [parent_end.fileno()])
    control.sendall(pack({"pid": pid}))
    parent_end.close()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    control = socket.socket(fileno=int(argv[0]))
    _linux.prctl(_linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    _linux.prctl(_linux.PR_SET_CHILD_SUBREAPER, 1)  # orphans of sandboxes come back here to be reaped
    import numpy  # noqa: F401 - pre-load for every child
    import scipy.special  # noqa: F401
    import course_utils.checks  # noqa: F401
    from . import calls  # noqa: F401

    control.sendall(pack({"ready": True}))
    while True:
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        ready, _, _ = select.select([control], [], [], 0.05)
        if not ready:
            continue
        try:
            req = read_frame(control)
        except (ProtocolError, OSError):
            req = None
        if req is None:
            break
        if req.get("op") == "spawn":
            _spawn(control, req)
    return 0


if __name__ == "__main__":
    sys.exit(main())
