"""The sandbox's walls: bubblewrap's command line, a private folder for the grader, the limits.

Built once per grading run by :class:`Walls`.  Every sandbox is a
bubblewrap (``bwrap``) process with

* new PID, network, IPC, mount, UTS and cgroup namespaces, a new session,
  and death with the grader (``--die-with-parent``);
* a root filesystem made only of the allow-list of
  :mod:`course_utils.grading.allowlist`, read-only, plus the runner and the
  homework's stand-in ``course_utils``; a new ``/proc``, a minimal ``/dev``
  and private, empty, size-limited ``/tmp``, ``/var/tmp`` and ``/dev/shm``;
* as root: no user namespace (so Ubuntu's restrictions on them do not
  apply), and the runner becomes the unprivileged sandbox uid with an empty
  capability set before it reads any student code; as an ordinary user: a
  user namespace with no capabilities and rlimits;
* its memory and process count held by a cgroup of its own (root), a
  systemd user scope (an ordinary user), or else the grader polling its
  memory: the first the machine allows (:mod:`course_utils.grading.memlimit`);
* in both, the seccomp filter of :mod:`course_utils.grading.syscall_filter`
  (no new namespaces, no keyring, no ptrace...), built once per run into the
  private folder and opened anew for each bubblewrap (:meth:`Walls.open_filter`).

Whatever the grader must hand to bubblewrap lives in a folder made with
``tempfile.mkdtemp`` (mode 700, a fresh random name, never a link), removed
at the end, or by the next run of the same user if the grader was killed.
"""

import os
import pathlib
import pwd
import re
import shutil
import stat
import subprocess
import tempfile

from . import allowlist, cgroups, launch, memlimit, standin, syscall_filter
from .sandbox import Policy

SANDBOX_UID = 61000
#: The files copied into every sandbox as the package ``course_grade_sandbox``: name -> source.
SHIPPED = {name: pathlib.Path(__file__).parent / name
           for name in ("lockdown.py", "protocol.py", "tracer.py", "runner.py")}
SHIPPED["testfunctions.py"] = pathlib.Path(__file__).parent.parent / "checks" / "testfunctions.py"
SHIPPED["timing.py"] = pathlib.Path(__file__).parent.parent / "checks" / "timing.py"     # the speed measurement
INSIDE = "/course-grade"
PRIVATE_PREFIX = "course-grade-"
PRIVATE_FOLDERS = ("/tmp", "/var/tmp", "/dev/shm")      # each sandbox gets its own, empty
NO_HOMEWORK = "-"
BOOT = ("import sys; sys.path.insert(0, {lib!r}); from course_grade_sandbox import lockdown; "
        "config = lockdown.lock_down(int(sys.argv[1])); sys.path[1:1] = config['sys_path']; "
        "from course_grade_sandbox.runner import main; main(config)")
SANDBOX_ENV = {"HOME": "/tmp", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
               "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install "
                "bubblewrap), or pass --no-isolation to grade without a sandbox (trusted notebooks only)")
USERNS_HINT = ("bubblewrap cannot create a user namespace as an ordinary user. On Ubuntu 23.10 and later AppArmor "
               "restricts them: allow them for bwrap (see the README, 'Grading a class'), or run the grader as "
               "root; elsewhere check `sysctl user.max_user_namespaces` (> 0) and, on Debian before 11, "
               "`sysctl kernel.unprivileged_userns_clone=1`")


def remove_stale_private_folders():
    """Remove the private folders of this user's graders that were killed (their process is gone)."""
    pattern = re.compile(re.escape(PRIVATE_PREFIX) + r"(\d+)-")
    top = tempfile.gettempdir()
    for name in os.listdir(top):
        match = pattern.match(name)
        path = os.path.join(top, name)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if (match and stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
                and not os.path.exists(f"/proc/{match.group(1)}")):
            shutil.rmtree(path, ignore_errors=True)      # rmtree never follows links


def explain_start_failure(said):
    """What bubblewrap said when a sandbox did not start, with what to do about it when that is known."""
    if "uid map" in said or "user namespace" in said or "new namespace" in said:
        return f"{said}. {USERNS_HINT}"
    return said


class IsolationUnavailable(Exception):
    """The machine cannot give the sandbox its walls; the message says what to install or enable."""


def _write_tree(folder, files):
    """Write ``{relative path: text or bytes}`` under ``folder``: folders 755 and files 644 whatever the umask,
    so that the sandbox uid can read them (``folder``'s own parent stays 700)."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    for rel, text in files.items():
        path = folder / rel
        for parent in reversed(path.relative_to(folder).parents[:-1]):
            (folder / parent).mkdir(exist_ok=True)
            (folder / parent).chmod(0o755)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        path.chmod(0o644)


class Walls:
    """How every sandbox of one grading run is built."""

    def __init__(self, policy=Policy(), isolate=True, packages=allowlist.DEFAULT_PACKAGES,
                 sandbox_uid=SANDBOX_UID):
        self.policy, self.isolate = policy, isolate
        self.root = os.geteuid() == 0
        self.bwrap = shutil.which("bwrap")
        if isolate and self.bwrap is None:
            raise IsolationUnavailable(f"bubblewrap (bwrap) is not on PATH: {INSTALL_HINT}")
        if isolate and self.root:
            try:
                pwd.getpwuid(sandbox_uid)
                raise IsolationUnavailable(f"the sandbox uid {sandbox_uid} belongs to an account; "
                                           "choose a free one with --sandbox-uid")
            except KeyError:
                pass
        self.uid = sandbox_uid if isolate and self.root else None
        self.questions = 0
        remove_stale_private_folders()
        self.owner = os.getpid()            # names the private folder and the cgroups of this run
        self.private = pathlib.Path(tempfile.mkdtemp(prefix=f"{PRIVATE_PREFIX}{self.owner}-"))
        (self.private / "home").mkdir(mode=0o700)
        self.lib = {f"course_grade_sandbox/{name}": source.read_text()
                    for name, source in SHIPPED.items()} | {"course_grade_sandbox/__init__.py": ""}
        self.bundles = {}
        _write_tree(self.private / "lib", self.lib)
        self._add_standin(NO_HOMEWORK, ())
        self.executable, self.binds, self.links, self.emptied = allowlist.interpreter()
        hidden = [p for p in self.binds if any(p == f or p.startswith(f + "/") for f in PRIVATE_FOLDERS)]
        if isolate and hidden:
            raise IsolationUnavailable(f"{hidden[0]} lies in a folder every sandbox replaces with an empty one of "
                                       f"its own ({', '.join(PRIVATE_FOLDERS)}): install Python elsewhere")
        entries, self.site_dirs = allowlist.package_entries(allowlist.distributions(packages))
        self.package_binds = [(os.path.join(site, top), f"{INSIDE}/site/{self.site_dirs.index(site)}/{top}")
                              for site, top in entries]
        self.filter, self.probes, self.unfiltered, self.libseccomp = self.private / "seccomp.bpf", [], [], ""
        if isolate:
            try:
                self.libseccomp = syscall_filter.version()
                self.unfiltered = syscall_filter.write(self.filter)   # names this libseccomp does not know
                self.probes = syscall_filter.probes()
            except syscall_filter.FilterError as exc:
                self.close()
                raise IsolationUnavailable(str(exc)) from None
        self.cgroups = self.isolate and self.root and self._probe_cgroups()
        self.memory, self.memory_why = memlimit.choose(self)     # what holds memory, and why not a cgroup
        self.version = (subprocess.run([self.bwrap, "--version"], capture_output=True, text=True, timeout=10)
                        .stdout.strip() if isolate else "")

    def _probe_cgroups(self):
        try:
            cgroups.remove_stale_cgroups()
            cgroups.Cgroup(f"{PRIVATE_PREFIX}{self.owner}-probe", self.policy.memory_bytes,
                           self.policy.processes).remove()
            return True
        except OSError:
            return False

    def _add_standin(self, name, provides):
        files = standin.files(name, provides)
        _write_tree(self.private / "standin" / name, files)
        self.bundles[name] = launch.bundle({"lib": self.lib, "standin": files})

    def add_homework(self, homework):
        """Write the stand-in ``course_utils`` of a :class:`~course_utils.grading.spec.Homework`."""
        self._add_standin(homework.name, homework.provides)
        self.questions = max(self.questions, len(homework.questions))

    def config(self, homework, fd):
        """The runner's configuration, sent as the first message on its socket (never on a command line)."""
        homework = homework or NO_HOMEWORK
        stand = f"{INSIDE}/code.zip/standin" if self.isolate else str(self.private / "standin" / homework)
        sites = [f"{INSIDE}/site/{i}" for i in range(len(self.site_dirs))] if self.isolate else self.site_dirs
        return {"fd": fd, "uid": self.uid, "rlimits": self.rlimits(), "sys_path": [stand, *sites],
                "probes": self.probes}

    @property
    def cpu_seconds(self):
        """CPU time of one sandbox: the notebook's and every question's time, plus starting up."""
        return int(self.policy.notebook_seconds + self.policy.wall_seconds * self.questions + 10)

    def new_limit(self):
        """What holds one sandbox's memory and process count (:func:`course_utils.grading.memlimit.new_limit`)."""
        self._serial = getattr(self, "_serial", 0) + 1
        return memlimit.new_limit(self, f"{PRIVATE_PREFIX}{self.owner}-{os.getpid()}-{self._serial}")

    def rlimits(self):
        p = self.policy
        limits = {"RLIMIT_CPU": self.cpu_seconds, "RLIMIT_AS": memlimit.address_space(self),
                  "RLIMIT_FSIZE": p.file_size_bytes, "RLIMIT_NOFILE": p.open_files, "RLIMIT_CORE": 0}
        if not self.cgroups and not self.root:
            limits["RLIMIT_NPROC"] = p.processes   # counted in the sandbox's own user namespace
        return limits

    def outer_env(self):
        """The environment bubblewrap (or, without isolation, the runner) starts with."""
        if self.isolate:     # bubblewrap's own, which the sandbox may read (/proc/1/environ): no host path
            return {"PATH": "/usr/bin:/bin", "COURSE_GRADE_RUN": f"{PRIVATE_PREFIX}{self.owner}-",
                    **memlimit.outer_env(self)}
        home = str(self.private / "home")       # no isolation: the run's private folder, not /tmp
        return SANDBOX_ENV | {"HOME": home, "MPLCONFIGDIR": f"{home}/matplotlib", "IPYTHONDIR": f"{home}/ipython"}

    def open_filter(self):
        """A new descriptor of the seccomp filter for one bubblewrap (which reads it to the end), or None
        without isolation: each sandbox gets its own, so no two share a file offset."""
        return os.open(self.filter, os.O_RDONLY | os.O_CLOEXEC) if self.isolate else None

    def cwd(self):
        return "/" if self.isolate else str(self.private / "home")

    def command(self, homework, fd, filter_fd=None, bundle_fd=None):
        """The argv that starts the runner with the grader's socket on ``fd`` (its configuration comes on it:
        :meth:`config`) and, when isolating, the seccomp filter on ``filter_fd`` (from :meth:`open_filter`) and
        the runner with ``homework``'s stand-in on ``bundle_fd`` (a zip of ``self.bundles[homework]``, copied
        into the sandbox: no folder of the grader's is mounted in it, so none is named there).

        :func:`course_utils.grading.launch.start` hands bubblewrap its options through a descriptor, so that
        the sandbox's ``/proc/1/cmdline`` shows none of the host paths among them.
        """
        if self.isolate and not (isinstance(filter_fd, int) and isinstance(bundle_fd, int)):
            raise ValueError(f"a sandbox needs the seccomp filter's and the bundle's descriptors (ints from "
                             f"Walls.open_filter and launch.memfd); got {filter_fd!r} and {bundle_fd!r}")
        lib = f"{INSIDE}/code.zip/lib" if self.isolate else str(self.private / "lib")
        python = [self.executable, "-I", "-S", "-B", "-c", BOOT.format(lib=lib), str(fd)]
        if not self.isolate:
            return python
        argv = [self.bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--hostname", "sandbox", "--new-session", "--die-with-parent"]
        if self.root:
            # No user namespace, so no --disable-userns (it needs --unshare-user): with one, the runner could not
            # become the sandbox uid (bubblewrap maps a single uid, root's), and mapping the sandbox uid to root
            # would let it own root's files. sysctl user.max_user_namespaces would close them for the whole
            # machine. The seccomp filter refuses unshare, setns, clone with any CLONE_NEW* flag and clone3:
            # user namespaces are out of reach, and the sandbox checks so from inside (lockdown.inside_view).
            argv += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                     "--cap-add", "CAP_SETPCAP"]       # only to become the sandbox uid, in runner.py
        else:
            argv += ["--unshare-user", "--disable-userns", "--cap-drop", "ALL"]
        argv += ["--seccomp", str(filter_fd)]
        binds = [*((p, p) for p in self.binds), *self.package_binds]
        # bubblewrap 0.8 makes the folders leading to a mount point 0700, out of the sandbox uid's reach
        parents = {str(p) for _, dest in binds for p in pathlib.PurePath(dest).parents if str(p) != "/"}
        parents.add(INSIDE)
        parents |= {str(p) for link, _ in self.links for p in pathlib.PurePath(link).parents if str(p) != "/"}
        for folder in sorted(parents, key=lambda p: (p.count("/"), p)):
            argv += ["--perms", "0755", "--dir", folder]
        for source, dest in binds:
            argv += ["--ro-bind", source, dest]
        for link, target in self.links:
            argv += ["--symlink", target, link]
        argv += ["--perms", "0444", "--file", str(bundle_fd), f"{INSIDE}/code.zip"]
        for folder in self.emptied:
            argv += ["--perms", "0555", "--tmpfs", folder]
        argv += ["--proc", "/proc", "--dev", "/dev"]
        for folder in PRIVATE_FOLDERS:
            argv += ["--perms", "1777", "--size", str(self.policy.tmpfs_bytes), "--tmpfs", folder]
        argv += ["--remount-ro", "/", "--chdir", "/tmp", "--clearenv"]
        for key, value in SANDBOX_ENV.items():
            argv += ["--setenv", key, value]
        return argv + ["--", *python]

    def expected_root(self):
        """The entries of ``/`` a sandbox may have: the first component of every allowed path."""
        paths = [*self.binds, *(link for link, _ in self.links)]
        return {p.split("/")[1] for p in paths} | {"proc", "dev", "tmp", "var", INSIDE.strip("/")}

    def close(self):
        shutil.rmtree(self.private, ignore_errors=True)
