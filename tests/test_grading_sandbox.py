"""One sandbox at a time: what it sees from inside, what it leaves behind, its limits, its stand-in course_utils."""

import copy
import os
import pathlib
import sys

import pytest
from grading_support import THREE_HOGS, PeakMemory

from course_utils.grading import memlimit, memwatch
from course_utils.grading.protections import missing
from course_utils.grading.sandbox import Policy, Sandbox, SandboxFailure, SandboxStartError
from course_utils.grading.spec import Homework, Question
from course_utils.grading.walls import SANDBOX_ENV, SANDBOX_UID, Walls, explain_start_failure
from sandbox_probes import run_calls

pytestmark = [pytest.mark.usefixtures("sandbox_available"),
              pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
              pytest.mark.timeout(60)]
ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def walls():
    walls = Walls(Policy(wall_seconds=3, notebook_seconds=5, memory_bytes=256 << 20))
    walls.add_homework(Homework("plain", [Question("f", 1)]))
    walls.add_homework(Homework("provided", [Question("f", 1)], provides=("softmax",)))
    yield walls
    walls.close()


def run(walls, code, homework="plain", call="f", args=()):
    """Run a one-cell notebook in a fresh sandbox and call ``call``; ``(value, sandbox)`` (closed)."""
    (value,), sandbox = run_calls(walls, code, [(call, args)], homework)
    if isinstance(value, Exception):
        raise value
    return value, sandbox


def test_inside_view_shows_every_protection(walls):
    sandbox = Sandbox(walls, "plain")
    sandbox.close()
    inside = sandbox.inside
    for ns in ("pid", "net", "ipc", "mnt", "uts"):
        assert inside["namespaces"][ns] != os.readlink(f"/proc/self/ns/{ns}"), ns
    assert set(inside["capabilities"].values()) == {"0000000000000000"} and inside["no_new_privs"]
    assert inside["interfaces"] == ["lo"]
    assert set(inside["root"]) <= walls.expected_root()
    assert set(inside["tmp"].values()) == {"empty"}
    assert inside["uid"] == (SANDBOX_UID if os.geteuid() == 0 else os.getuid())
    assert missing(walls, inside) == []
    assert not missing(walls, dict(inside, interfaces=["lo", "eth0"])) == []


def test_nothing_allowed_is_mounted_where_the_private_temporary_folders_would_hide_it(walls):
    argv = walls.command("plain", 3, 4, 5)
    destinations = [argv[i + 2] for i, a in enumerate(argv) if a == "--ro-bind"]
    assert len(destinations) > 10
    assert not [d for d in destinations if d.startswith(("/tmp/", "/var/tmp/", "/dev/shm/"))]


def test_the_machine_is_out_of_sight(walls):
    """Every folder on the way to an allowed path shows nothing but the way to allowed paths."""
    allowed = [*walls.binds, *(dest for _, dest in walls.package_binds), *(link for link, _ in walls.links),
               *walls.emptied, "/course-grade/code.zip"]
    ways = {}
    for path in allowed:
        parts = path.strip("/").split("/")
        for i in range(len(parts)):
            ways.setdefault("/" + "/".join(parts[:i]), set()).add(parts[i])
    ways["/"] |= {"proc", "dev", "tmp", "var"}
    folders = sorted(f for f in ways if not any(f == a or f.startswith(a + "/") for a in allowed))
    code = ("import os\ndef listing(folders):\n    return {d: sorted(os.listdir(d)) for d in folders}\n"
            "def read(path):\n    try:\n        open(path).read()\n        return 'read'\n"
            "    except OSError as exc:\n        return type(exc).__name__\n"
            "def environ():\n    found = set()\n    for pid in filter(str.isdigit, os.listdir('/proc')):\n"
            "        try:\n            raw = open(f'/proc/{pid}/environ', 'rb').read()\n        except OSError:\n"
            "            continue\n        found |= {v.split(b'=')[0].decode() for v in raw.split(b'\\0') if v}\n"
            "    return sorted(found)")
    paths = ("/etc/passwd", str(ROOT / "pyproject.toml"), str(ROOT / "grading" / "hw1_softmax_likelihood.py"),
             os.path.expanduser("~/.bashrc"))
    (listing, *reads, environ), _ = run_calls(walls, code, [("listing", (folders,)),
                                                            *[("read", (path,)) for path in paths], ("environ", ())])
    for folder in folders:
        assert set(listing[folder]) <= ways[folder], (folder, set(listing[folder]) - ways[folder])
    assert "etc" not in listing["/"]
    assert ("home" in listing["/"]) == any(p.startswith("/home/") for p in allowed)
    for path, got in zip(paths, reads, strict=True):
        assert got in ("FileNotFoundError", "PermissionError"), path
    assert set(environ) <= set(SANDBOX_ENV) | {"PATH", "PWD", "COURSE_GRADE_RUN"}, "the grader's environment leaked in"


def test_nothing_readable_inside_names_the_graders_files(walls):
    """Command lines, environments and mounts, all that /proc shows inside: no private folder, no option of
    bubblewrap's, no host path beyond the allow-list's own mounts (the interpreter at its own path)."""
    code = ("import os\ndef f():\n    found = {'mountinfo': open('/proc/self/mountinfo').read()}\n"
            "    for pid in filter(str.isdigit, os.listdir('/proc')):\n        for what in ('cmdline', 'environ'):\n"
            "            try:\n                raw = open('/proc/%s/%s' % (pid, what), 'rb').read()\n"
            "            except OSError:\n                continue\n"
            "            found[pid + '/' + what] = raw.decode(errors='replace').replace('\\0', ' ')\n    return found\n")
    found, _ = run(walls, code)
    assert "1/cmdline" in found and "--ro-bind" not in found["1/cmdline"], found.get("1/cmdline")
    for where, text in found.items():
        assert str(walls.private) not in text, f"{where} names the grader's private folder"
        assert "/tmp/course-grade-" not in text, where
    for where, text in found.items():
        if where != "mountinfo":     # the sources of the allow-list's mounts are listed there, by the kernel
            assert str(ROOT) not in text and sys.prefix not in text, f"{where}: {text[:300]}"


def test_the_course_reference_is_out_of_reach(walls):
    code = ("import importlib\nimport course_utils\ndef f(module, name):\n    try:\n"
            "        return repr(getattr(importlib.import_module(module), name))\n"
            "    except Exception as exc:\n        return type(exc).__name__ + ': ' + str(exc)\n"
            "def g():\n    return course_utils.softmax([0.0])")
    wanted = [("course_utils.gradients", "grad_log_likelihood"), ("course_utils.numerics", "softmax"),
              ("course_utils.grading.walls", "Walls"), ("course_utils", "log_likelihood")]
    (*found, softmax), _ = run_calls(walls, code, [*[("f", args) for args in wanted], ("g", ())])
    for args, got in zip(wanted, found, strict=True):
        assert got.startswith(("AttributeError: course_utils.", "ModuleNotFoundError")), (args, got)
    assert isinstance(softmax, AttributeError), softmax
    assert "course_utils.softmax is not available while plain is graded" in str(softmax), softmax


def test_a_provided_building_block_works_and_nothing_else_does(walls):
    code = ("import course_utils\nfrom course_utils import softmax\ndef f():\n    return softmax([0.0, 0.0]).tolist()\n"
            "def g():\n    return course_utils.log_likelihood")
    (value, other), _ = run_calls(walls, code, [("f", ()), ("g", ())], homework="provided")
    assert value == [0.5, 0.5]
    assert isinstance(other, AttributeError), other
    assert ("course_utils.log_likelihood is not available while provided is graded: "
            "course_utils offers only the checks and `softmax` here") in str(other), other


def test_files_written_in_one_sandbox_are_gone_for_the_next_and_for_the_machine(walls):
    write = ("def f():\n    for d in ('/tmp', '/var/tmp', '/dev/shm'):\n"
             "        open(d + '/left-behind-9c1e', 'w').write('x')\n    return True")
    assert run(walls, write)[0] is True
    look = ("import os\ndef f():\n"
            "    return [os.path.exists(d + '/left-behind-9c1e') for d in ('/tmp', '/var/tmp', '/dev/shm')]")
    assert run(walls, look)[0] == [False, False, False]
    assert not any(os.path.exists(d + "/left-behind-9c1e") for d in ("/tmp", "/var/tmp", "/dev/shm"))


@pytest.mark.skipif(os.geteuid() != 0, reason="the cgroup memory limit is the root grader's")
def test_memory_beyond_the_cgroup_limit_ends_the_sandbox(walls):
    with pytest.raises(SandboxFailure, match="memory limit exceeded"):
        run(walls, "import numpy as np\ndef f():\n    return float(np.ones(600 * 2**20 // 8).sum())")


def test_without_a_cgroup_the_grader_stops_a_sandbox_whose_processes_pass_the_limit_together(walls):
    """Held by polling (an ordinary user without a systemd user scope): three processes of 200 MB each, none
    over 256 MB alone, are stopped together; the sandbox never held much more than the limit."""
    polled = copy.copy(walls)
    polled.memory, polled.memory_why = memlimit.POLLED, "a test"
    sandbox = Sandbox(polled, "plain")
    peak = PeakMemory(sandbox.process.pid)
    try:
        with pytest.raises(SandboxFailure, match="memory limit exceeded"):
            sandbox.run([(0, THREE_HOGS)], forbidden=())
    finally:
        sandbox.close()
        held = peak.stop()
    assert 0 < held < (256 + 128) << 20, f"{held >> 20} MB"
    assert sandbox.inside["rlimits"]["RLIMIT_AS"] == (256 << 20) + memwatch.ADDRESS_HEADROOM


FAKE_SYSTEMD_RUN = "#!/bin/sh\nprintf '%s\\n' \"$@\" >> {log}\nwhile [ \"$1\" != -- ]; do shift; done\nshift\nexec \"$@\"\n"
FAKE_SYSTEMCTL = ("#!/bin/sh\nprintf '%s\\n' \"$*\" >> {log}\n"
                  "case \"$*\" in *show*) printf 'ActiveState=failed\\nResult=oom-kill\\n';; esac\n")


def test_with_a_systemd_user_scope_each_sandbox_starts_in_a_scope_of_its_own(walls, tmp_path, monkeypatch):
    """The branch this machine may lack, with stand-ins for systemd-run (which only records its arguments,
    then becomes the sandbox) and systemctl (which says the kernel killed the scope for its memory)."""
    for name, script in (("systemd-run", FAKE_SYSTEMD_RUN), ("systemctl", FAKE_SYSTEMCTL)):
        (tmp_path / name).write_text(script.format(log=tmp_path / f"{name}.log"))
        (tmp_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    scoped = copy.copy(walls)
    scoped.memory, scoped.memory_why = memlimit.SCOPE, ""
    assert run(scoped, "def f():\n    return 7")[0] == 7
    argv = (tmp_path / "systemd-run.log").read_text().splitlines()
    assert argv[:4] == ["--user", "--scope", "--quiet", argv[3]] and argv[3].endswith(".scope")
    assert argv[4:11] == ["-p", f"MemoryMax={256 << 20}", "-p", "MemorySwapMax=0", "-p", "TasksMax=32", "--"]
    assert os.path.basename(argv[11]) == "bwrap"
    with pytest.raises(SandboxFailure, match="memory limit exceeded"):
        run(scoped, "import os\nos._exit(9)")
    calls = (tmp_path / "systemctl.log").read_text().splitlines()
    assert calls[0].startswith("--user show --property=ActiveState,Result course-grade-")
    assert calls[-1].startswith("--user reset-failed course-grade-")


def test_a_call_past_its_time_is_interrupted_and_the_sandbox_goes_on(walls):
    sandbox = Sandbox(walls, "plain")
    try:
        # a sleeping loop: the busy one is in the class of tests/test_grading_cli.py ("infinite_loop")
        sandbox.run([(0, "import time\ndef f():\n    while True:\n        time.sleep(0.01)\ndef g():\n    return 7")],
                    forbidden=())
        sandbox.begin_question()
        with pytest.raises(SandboxFailure, match="time limit exceeded"):
            sandbox.function("f")()
        assert sandbox.alive
        sandbox.begin_question()
        assert sandbox.function("g")() == 7
    finally:
        sandbox.close()


def test_a_sandbox_that_cannot_start_says_why(walls):
    broken = copy.copy(walls)
    broken.package_binds = []            # NumPy missing: the runner cannot start
    with pytest.raises(SandboxStartError, match=r"(?s)did not start .*ModuleNotFoundError: No module named 'numpy'"):
        Sandbox(broken, "plain")


@pytest.mark.parametrize("said, hint", [
    ("bwrap: setting up uid map: Permission denied", "AppArmor"),
    ("bwrap: No permissions to creating new namespace, likely because the kernel does not allow "
     "non-privileged user namespaces.", "user.max_user_namespaces"),
    ("bwrap: execvp /x: No such file or directory", ""),
])
def test_a_sandbox_that_cannot_start_is_explained(said, hint):
    text = explain_start_failure(said)
    assert said in text and hint in text
