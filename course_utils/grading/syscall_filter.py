"""The sandbox's seccomp filter: the system calls student code may not make, built with libseccomp.

Built once per grading run by :class:`~course_utils.grading.walls.Walls` and
handed to every bubblewrap as ``--seccomp FD``, as root and as an ordinary
user, in the way Flatpak builds its own: every system call is allowed except
those of :func:`rules`, which fail with ``EPERM`` (``clone3`` with ``ENOSYS``,
so that the C library falls back to ``clone``, whose flags the filter can
read).  System calls of another ABI than the machine's (i386 through ``int
0x80`` or x32 on x86_64) are all refused: a filter for the native ABI only
would be bypassed through them.

libseccomp is driven through a small ctypes layer over ``libseccomp.so.2``:
its own Python bindings are not on PyPI, and ``pyseccomp`` (a ctypes
binding) has had no release since 2021; the grader needs eight of its functions.
"""

import ctypes
import errno
import functools
import os
import platform
import tempfile
from typing import NamedTuple

LIBRARY = "libseccomp.so.2"
INSTALL_HINT = ("install libseccomp (Debian/Ubuntu: sudo apt-get install libseccomp2; Fedora: sudo dnf install "
                "libseccomp), or pass --no-isolation to grade without a sandbox (trusted notebooks only)")
ACT_ALLOW, ACT_ERRNO = 0x7FFF0000, 0x00050000       # SCMP_ACT_ERRNO(e) is ACT_ERRNO | e
ATTR_ACT_BADARCH = 2
NE, LT, LE, EQ, GE, GT, MASKED_EQ = range(1, 8)     # libseccomp's enum scmp_compare
NR_UNKNOWN = -1                                     # __NR_SCMP_ERROR: a name this libseccomp does not know

CLONE_NEW = {"CLONE_NEWTIME": 0x80, "CLONE_NEWNS": 0x20000, "CLONE_NEWCGROUP": 0x02000000,
             "CLONE_NEWUTS": 0x04000000, "CLONE_NEWIPC": 0x08000000, "CLONE_NEWUSER": 0x10000000,
             "CLONE_NEWPID": 0x20000000, "CLONE_NEWNET": 0x40000000}
CLONE_FS, CLONE_PTRACE = 0x200, 0x2000
PTRACE_PEEKDATA = 2
X32_SYSCALL_BIT = 0x40000000
TIOCSTI, TIOCLINUX = 0x5412, 0x541C
LOW32 = 0xFFFFFFFF

#: System calls refused whatever their arguments, by what they would reach.
REFUSED = {
    "new namespaces": ("unshare", "setns"),
    "the kernel keyring": ("add_key", "keyctl", "request_key"),
    "other processes": ("ptrace", "process_vm_readv", "process_vm_writev"),
    "perf, bpf, userfaultfd, io_uring": ("perf_event_open", "bpf", "userfaultfd", "io_uring_setup",
                                         "io_uring_enter", "io_uring_register"),
    "mounts": ("mount", "umount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen", "fsconfig",
               "fsmount", "fspick", "mount_setattr"),
    "kernel code": ("kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module"),
}

#: What the filter refuses, in words (the protections of the gradebook and run.json).
SUMMARY = ("new namespaces (unshare, setns, clone with a CLONE_NEW* flag, clone3), the kernel keyring, ptrace and "
           "process_vm_readv/writev, perf_event_open, bpf, userfaultfd, io_uring, mounts, kexec and kernel modules, "
           "personality changes, TIOCSTI and TIOCLINUX, system calls of other ABIs")


class Rule(NamedTuple):
    """``syscall`` fails with ``error`` when every ``(argument, comparison, a, b)`` of ``conditions`` holds."""

    syscall: str
    error: int = errno.EPERM
    conditions: tuple = ()


#: What a sandbox tries on itself before student code runs: label -> (system call, arguments, the filter's answer).
#: Each call is refused by the filter, and without it would fail too, with another error (in the comment) and
#: changing nothing, so the answer shows the filter at work.  ``FLAGS`` stands for clone's flags argument.
PROBES = {
    "unshare": ("unshare", (CLONE_NEW["CLONE_NEWUSER"] | CLONE_PTRACE,), "EPERM"),    # EINVAL: not a flag of unshare
    "setns": ("setns", (-1, CLONE_NEW["CLONE_NEWUSER"]), "EPERM"),                    # EBADF
    "clone": ("clone", ("FLAGS",), "EPERM"),                       # EINVAL: CLONE_NEWUSER with CLONE_FS
    "clone3": ("clone3", (0, 0), "ENOSYS"),                        # EINVAL: no clone_args
    "add_key": ("add_key", (0, 0, 0, 0, 0), "EPERM"),              # EFAULT: no key type
    "keyctl": ("keyctl", (-1, 0, 0, 0, 0), "EPERM"),               # EOPNOTSUPP: no such operation
    "request_key": ("request_key", (0, 0, 0, 0), "EPERM"),         # EFAULT
    "ptrace": ("ptrace", (PTRACE_PEEKDATA, 0, 0, 0), "EPERM"),     # ESRCH: no process 0
    "ioctl TIOCSTI": ("ioctl", (-1, TIOCSTI, 0), "EPERM"),         # EBADF
}


class FilterError(Exception):
    """libseccomp is missing or refused to build the filter; the message says which and what to do."""


def rules(machine=None):
    """The filter's rules for ``machine`` (default: this one's, as ``platform.machine()`` names it)."""
    machine = platform.machine() if machine is None else machine
    flags = 1 if machine.startswith("s390") else 0      # clone(stack, flags, ...) on s390: CONFIG_CLONE_BACKWARDS2
    found = [Rule(name) for names in REFUSED.values() for name in names]
    found += [Rule("clone", conditions=((flags, MASKED_EQ, flag, flag),)) for flag in CLONE_NEW.values()]
    found.append(Rule("clone3", errno.ENOSYS))          # its flags sit in memory the filter cannot read
    # the kernel reads ioctl's request as 32 bits: compare those only (as Flatpak does)
    found += [Rule("ioctl", conditions=((1, MASKED_EQ, LOW32, request),)) for request in (TIOCSTI, TIOCLINUX)]
    # personality: only PER_LINUX (0) and the query (0xffffffff). A rule compares an argument once, so "neither"
    # is: above 32 bits, or some bit i of the low 32 set while bit i+1 (cyclically) is clear -- true of every
    # 32-bit value but 0 and 0xffffffff.
    found.append(Rule("personality", conditions=((0, GT, LOW32, 0),)))
    found += [Rule("personality", conditions=((0, MASKED_EQ, (1 << i) | (1 << (i + 1) % 32), 1 << i),))
              for i in range(32)]
    return found


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                ("datum_b", ctypes.c_uint64)]


@functools.lru_cache(maxsize=None)
def _library():
    try:
        lib = ctypes.CDLL(LIBRARY)
    except OSError:
        raise FilterError(f"{LIBRARY} cannot be loaded: {INSTALL_HINT}") from None
    lib.seccomp_init.argtypes, lib.seccomp_init.restype = [ctypes.c_uint32], ctypes.c_void_p
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_export_bpf.argtypes = lib.seccomp_export_pfc.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.seccomp_version.restype = ctypes.POINTER(ctypes.c_uint * 3)
    return lib


def version():
    """libseccomp's version, ``"2.5.4"``."""
    return ".".join(map(str, _library().seccomp_version().contents))


def number(name):
    """The native number of the system call ``name`` (None where libseccomp does not know it on this machine)."""
    nr = _library().seccomp_syscall_resolve_name(name.encode())
    return nr if nr >= 0 else None


def probes(machine=None):
    """:data:`PROBES` as the sandbox makes them, ``[label, number, arguments, expected answer]``, plus on x86_64
    an x32 ``getpid`` (the other ABI: ENOSYS without the filter, on kernels without x32)."""
    machine = platform.machine() if machine is None else machine
    flags = [0] * 5
    flags[1 if machine.startswith("s390") else 0] = CLONE_NEW["CLONE_NEWUSER"] | CLONE_FS
    found = [[label, number(name), list(flags if args == ("FLAGS",) else args), answer]
             for label, (name, args, answer) in PROBES.items()]
    if machine == "x86_64":
        found.append(["x32 ABI", X32_SYSCALL_BIT | number("getpid"), [], "EPERM"])
    return [p for p in found if p[1] is not None]


def _check(rc, what):
    if rc < 0:
        raise FilterError(f"libseccomp {version()} cannot {what}: {os.strerror(-rc)}")


def _export(fd, kind):
    """Write the filter to ``fd``: ``kind`` "bpf" (for bubblewrap) or "pfc" (libseccomp's text, for reading);
    return the system calls this libseccomp does not know (left out, as Flatpak leaves them)."""
    lib = _library()
    ctx = lib.seccomp_init(ACT_ALLOW)
    if not ctx:
        raise FilterError(f"libseccomp {version()} cannot start a filter")
    unknown = []
    try:
        _check(lib.seccomp_attr_set(ctx, ATTR_ACT_BADARCH, ACT_ERRNO | errno.EPERM), "refuse other ABIs")
        for rule in rules():
            nr = lib.seccomp_syscall_resolve_name(rule.syscall.encode())
            if nr == NR_UNKNOWN:
                unknown.append(rule.syscall)
                continue
            cmps = (_ArgCmp * max(len(rule.conditions), 1))(*(_ArgCmp(*c) for c in rule.conditions))
            _check(lib.seccomp_rule_add_array(ctx, ACT_ERRNO | rule.error, nr, len(rule.conditions), cmps),
                   f"add the rule {rule}")
        _check(getattr(lib, f"seccomp_export_{kind}")(ctx, fd), f"export the filter as {kind}")
    finally:
        lib.seccomp_release(ctx)
    return sorted(set(unknown))


def write(path):
    """Write the filter's BPF program to the new file ``path`` (mode 600); return the system calls left out."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        return _export(fd, "bpf")
    finally:
        os.close(fd)


def text():
    """The filter as libseccomp's pseudo filter code (PFC), to read what it does."""
    with tempfile.TemporaryFile() as fh:
        _export(fh.fileno(), "pfc")
        fh.seek(0)
        return fh.read().decode()
