"""Code run inside sandboxes by the tests: one notebook cell, then calls of its functions.

:func:`run_calls` serves tests/test_grading_sandbox.py and the seccomp tests.
:data:`CELL` tries, as a student's code could, what the seccomp filter must
refuse (tests/test_grading_seccomp.py as whoever runs the tests; tests/test_grading_user.py
runs this file as an ordinary user, ``python sandbox_probes.py``, which prints
:func:`probe`'s findings as JSON). Needs only the standard library and ``course_utils``.
"""

import json
import secrets

from course_utils.grading.protections import active, missing
from course_utils.grading.sandbox import Policy, Sandbox
from course_utils.grading.spec import Homework, Question
from course_utils.grading.syscall_filter import number
from course_utils.grading.walls import Walls

SYSCALLS = ("clone", "clone3", "setns", "add_key", "keyctl", "request_key", "ptrace", "process_vm_readv",
            "process_vm_writev", "perf_event_open", "bpf", "userfaultfd", "io_uring_setup", "io_uring_enter",
            "io_uring_register", "fsopen", "open_tree", "pivot_root", "finit_module", "kexec_load", "getpid")

CELL = r'''
import ctypes, errno, mmap, multiprocessing, os, platform, subprocess, sys, threading
import numpy as np

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER, CLONE_THREAD, USER_KEYRING = 0x10000000, 0x10000, -4
X86_64 = platform.machine() == "x86_64"


def answer(rc):
    return "allowed" if rc != -1 else errno.errorcode[ctypes.get_errno()]


def sys_(nr, *args):
    return answer(libc.syscall(ctypes.c_long(nr), *(ctypes.c_long(a) if isinstance(a, int) else a for a in args)))


def in_child(fn):
    """fn() in a forked child (for calls that would change or crash this process): its answer."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(w, fn().encode())
        os._exit(0)
    os.close(w)
    got = os.read(r, 100).decode()
    status = os.waitpid(pid, 0)[1]
    return got or f"ended with status {status}"


def int80_getpid():
    """getpid through the i386 ABI (int 0x80)."""
    m = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    m.write(b"\xb8\x14\x00\x00\x00\xcd\x80\xc3")           # mov eax, 20; int 0x80; ret
    rc = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(m)))()
    return "allowed" if rc >= 0 else errno.errorcode[-rc]


class Iov(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


def attempts(nr, key):
    found = {}
    fd = os.open("/proc/self/ns/user", os.O_RDONLY)
    found["setns(own user namespace)"] = answer(libc.setns(fd, CLONE_NEWUSER))
    os.close(fd)
    if not platform.machine().startswith("s390"):       # elsewhere clone's flags come first
        found["clone(CLONE_NEWUSER)"] = sys_(nr["clone"], CLONE_NEWUSER | CLONE_THREAD, 0, 0, 0, 0)
    found["clone3"] = sys_(nr["clone3"], 0, 0)
    rc = libc.syscall(ctypes.c_long(nr["add_key"]), b"user", key.encode(), b"secret", ctypes.c_size_t(6),
                      ctypes.c_long(USER_KEYRING))
    found["add_key(user keyring)"] = answer(rc)
    if rc > 0:                                        # the key must not outlive the test
        libc.syscall(ctypes.c_long(nr["keyctl"]), ctypes.c_long(15), ctypes.c_long(rc), ctypes.c_long(60))
    found["keyctl(KEYCTL_GET_KEYRING_ID)"] = sys_(nr["keyctl"], 0, USER_KEYRING, 0)
    found["request_key"] = sys_(nr["request_key"], b"user", b"course-grade-no-such-key", 0, 0)
    found["ptrace(PTRACE_TRACEME)"] = in_child(lambda: sys_(nr["ptrace"], 0, 0, 0, 0))
    mine, other = ctypes.create_string_buffer(8), ctypes.create_string_buffer(b"x" * 8)
    local, remote = Iov(ctypes.addressof(mine), 8), Iov(ctypes.addressof(other), 8)
    for name in ("process_vm_readv", "process_vm_writev"):
        found[name] = sys_(nr[name], os.getpid(), ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
    found["perf_event_open"] = sys_(nr["perf_event_open"], 0, 0, -1, -1, 0)
    found["bpf"] = sys_(nr["bpf"], 0, 0, 0)
    found["userfaultfd(UFFD_USER_MODE_ONLY)"] = sys_(nr["userfaultfd"], 1)
    found["io_uring_setup"] = sys_(nr["io_uring_setup"], 1, ctypes.create_string_buffer(120))
    found["io_uring_enter"] = sys_(nr["io_uring_enter"], -1, 0, 0, 0, 0, 0)
    found["io_uring_register"] = sys_(nr["io_uring_register"], -1, 0, 0, 0)
    found["mount(tmpfs)"] = answer(libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))
    found["umount2"] = answer(libc.umount2(b"/tmp", 0))
    found["fsopen"] = sys_(nr["fsopen"], b"tmpfs", 0)
    found["open_tree"] = sys_(nr["open_tree"], -100, b"/tmp", 0)
    found["pivot_root"] = sys_(nr["pivot_root"], b"/tmp", b"/tmp")
    found["finit_module"] = sys_(nr["finit_module"], -1, b"", 0)
    found["kexec_load"] = sys_(nr["kexec_load"], 0, 0, 0, 0)
    for label, persona in (("PER_LINUX32", 8), ("ADDR_NO_RANDOMIZE", 0x40000), ("1 << 32", 1 << 32)):
        found[f"personality({label})"] = answer(libc.personality(ctypes.c_ulong(persona)))
        libc.personality(ctypes.c_ulong(0))
    try:
        tty = os.openpty()[1]
    except OSError:
        tty = -1                                      # the filter answers before the descriptor is looked at
    c = ctypes.c_char(b"x")
    found["ioctl(TIOCSTI)"] = answer(libc.ioctl(tty, ctypes.c_ulong(0x5412), ctypes.byref(c)))
    found["ioctl(TIOCSTI + 1 << 32)"] = answer(libc.ioctl(-1, ctypes.c_ulong(0x5412 | 1 << 32), ctypes.byref(c)))
    found["ioctl(TIOCLINUX)"] = answer(libc.ioctl(-1, ctypes.c_ulong(0x541C), ctypes.byref(c)))
    if X86_64:
        found["x32 getpid"] = sys_(nr["getpid"] | 0x40000000)
        found["int 0x80 getpid"] = in_child(int80_getpid)
    found["unshare(CLONE_NEWUSER)"] = answer(libc.unshare(CLONE_NEWUSER))     # last: it would change this process
    return found


def read_key(nr, key):
    """Look for the key ``attempts`` tried to add, in another sandbox; read it and revoke it if it is there."""
    rc = libc.syscall(ctypes.c_long(nr["keyctl"]), ctypes.c_long(10), ctypes.c_long(USER_KEYRING), b"user",
                      key.encode(), ctypes.c_long(0))
    if rc == -1:
        return answer(rc)
    buf = ctypes.create_string_buffer(64)
    n = libc.syscall(ctypes.c_long(nr["keyctl"]), ctypes.c_long(11), ctypes.c_long(rc), buf, ctypes.c_long(64))
    libc.syscall(ctypes.c_long(nr["keyctl"]), ctypes.c_long(3), ctypes.c_long(rc))
    return "read " + buf.raw[:max(n, 0)].decode()


def must_work():
    out = {"personality(query)": answer(libc.personality(ctypes.c_ulong(0xFFFFFFFF))),
           "personality(PER_LINUX)": answer(libc.personality(ctypes.c_ulong(0)))}
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    out["fork"] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    box = []
    thread = threading.Thread(target=lambda: box.append(int(np.arange(10).sum())))
    thread.start()
    thread.join()
    out["thread"] = box
    with multiprocessing.get_context("fork").Pool(2) as pool:
        out["multiprocessing"] = pool.map(abs, [-1, -2])
    out["subprocess"] = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True,
                                       text=True).stdout.strip()
    return out
'''

#: What every attempt of CELL must get: EPERM, but clone3's ENOSYS (the C library then falls back to clone).
REFUSED = {"clone3": "ENOSYS"}
WORKS = {"personality(query)": "allowed", "personality(PER_LINUX)": "allowed", "fork": 7, "thread": [45],
         "multiprocessing": [1, 2], "subprocess": "42"}


def check_refused(found):
    """Every attempt of CELL refused, the key added in one sandbox unseen by the next, what must work working."""
    wanted = {label: REFUSED.get(label, "EPERM") for label in found["attempts"]}
    assert found["attempts"] == wanted, {k: v for k, v in found["attempts"].items() if v != wanted[k]}
    assert found["read_key"] == "EPERM", found["read_key"]
    assert found["works"] == WORKS, found["works"]


def run_calls(walls, code, calls, homework="plain"):
    """Run a one-cell notebook in ONE fresh sandbox, then make each call ``(name, args)`` of ``calls`` in turn,
    each as a question of its own; ``([value or the exception raised, ...], sandbox)`` (closed).  Where a test
    only looks from inside, one sandbox serves all its calls: a sandbox costs a Python, NumPy and IPython."""
    sandbox = Sandbox(walls, homework)
    try:
        notebook = sandbox.run([(0, code)], forbidden=())
        assert notebook.errors == [], notebook.errors
        values = []
        for name, args in calls:
            sandbox.begin_question()
            try:
                values.append(sandbox.function(name)(*args))
            except Exception as exc:  # noqa: BLE001 - returned for the test to check (a SandboxFailure is not one)
                values.append(exc)
        return values, sandbox
    finally:
        sandbox.close()


def probe(walls):
    """CELL's attempts in one sandbox (adding a key to the sandbox uid's keyring among them), what must work
    there, and the search for that key from a second sandbox; with the first sandbox's inside view."""
    numbers = {name: number(name) for name in SYSCALLS}
    key = "course-grade-leak-" + secrets.token_hex(4)
    (attempts, works), sandbox = run_calls(walls, CELL, [("attempts", (numbers, key)), ("must_work", ())])
    (read,), _ = run_calls(walls, CELL, [("read_key", (numbers, key))])
    return {"attempts": attempts, "works": works, "read_key": read, "inside": sandbox.inside}


def new_walls():
    walls = Walls(Policy(wall_seconds=10, notebook_seconds=10, memory_bytes=512 << 20))
    walls.add_homework(Homework("plain", [Question("f", 1)]))
    return walls


if __name__ == "__main__":
    walls = new_walls()
    try:
        found = probe(walls)
        found.update(missing=missing(walls, found["inside"]), active=active(walls, found["inside"]))
    finally:
        walls.close()
    print(json.dumps(found, default=repr))
