"""``--memory-mb`` for whoever grades: what holds it (a cgroup, a systemd user scope, or the grader polling), how
that is found out once per run, and how it is said (the protections, run.json, one line at start).

The systemd user scope is the branch most machines without root would take and this one (no user manager)
cannot: its probe is tested here with stand-ins for systemd-run, and the sandbox started through one in
tests/test_grading_sandbox.py.  The last test grades, as an ordinary user, a notebook whose three processes
together hold more than the limit.
"""

import json
import os
import shutil
import subprocess
import sys
import types

import pytest

from browser_support import require
from course_utils.grading import memlimit, memwatch, userscope
from course_utils.grading.sandbox import Policy
from grading_support import (
    FIXTURE_TESTS, HEADER, LOG_LIKELIHOOD, SOFTMAX, THREE_HOGS, OrdinaryUser, PeakMemory, notebook, record,
)

pytestmark = [pytest.mark.skipif(sys.platform != "linux", reason="the grader's limits are Linux's"),
              pytest.mark.timeout(60)]
POLICY = Policy(memory_bytes=256 << 20)


def walls(memory, why="", root=False, cgroups=False, isolate=True):
    """What memlimit reads of a :class:`~course_utils.grading.walls.Walls`."""
    return types.SimpleNamespace(memory=memory, memory_why=why, policy=POLICY, root=root, cgroups=cgroups,
                                 isolate=isolate)


# ---------------------------------------------------------------- which holder, and what is said of it

@pytest.mark.parametrize("facts, scope_says, expected", [
    (dict(root=True, cgroups=True), "unused", (memlimit.CGROUP, "")),
    (dict(root=True), "unused", (memlimit.POLLED, "no cgroup could be made under the grader's own")),
    (dict(isolate=False), "unused", (memlimit.POLLED, "graded without isolation, --no-isolation")),
    ({}, None, (memlimit.SCOPE, "")),
    ({}, "systemd-run is not installed", (memlimit.POLLED, "systemd-run is not installed")),
])
def test_the_holder_is_the_first_the_machine_allows(monkeypatch, facts, scope_says, expected):
    asked = []
    monkeypatch.setattr(userscope, "why_unavailable", lambda policy: asked.append(policy) or scope_says)
    assert memlimit.choose(walls(None, **facts)) == expected
    assert asked == ([] if scope_says == "unused" else [POLICY]), "the scope is probed for an ordinary user only"


def test_only_a_polled_limit_is_warned_about_and_narrows_each_processs_address_space():
    for memory in (memlimit.CGROUP, memlimit.SCOPE):
        held = walls(memory)
        assert memlimit.warning(held) is None and memlimit.address_space(held) == 4 << 30
        assert memlimit.protection(held).endswith("memory 256 MB, 32 processes")
        assert memlimit.summary(held) == {"limit_mb": 256, "held_by": memory, "why_not_a_cgroup": None,
                                          "address_space_mb": 4096, "poll_seconds": None}
    polled = walls(memlimit.POLLED, "no systemd user manager runs for this user")
    assert memlimit.address_space(polled) == (256 << 20) + memwatch.ADDRESS_HEADROOM == 1280 << 20
    assert memlimit.warning(polled) == (
        "--memory-mb 256 is not held by a cgroup here (no systemd user manager runs for this user); the grader "
        "reads each sandbox's memory every 0.05 s and stops it past 256 MB, so a sandbox can go over between two "
        "readings, each of its processes up to 1280 MB (see the README, 'Grading a class')")
    assert memlimit.protection(polled) == (
        "memory 256 MB for all its processes together, polled every 0.05 s by the grader, not held by a cgroup "
        "(no systemd user manager runs for this user): it can go over between two readings, and each process at "
        "most 1280 MB of address space")
    assert memlimit.summary(polled)["held_by"] == "polled by the grader"


# ---------------------------------------------------------------- the systemd user scope's probe

def fake_systemd_run(folder, script):
    (folder / "bin").mkdir(exist_ok=True)
    (folder / "bin" / "systemd-run").write_text("#!/bin/sh\n" + script)
    (folder / "bin" / "systemd-run").chmod(0o755)


@pytest.mark.parametrize("script, manager, said", [
    (None, True, "systemd-run is not installed"),
    ("exit 0\n", False, "no systemd user manager runs for this user: $XDG_RUNTIME_DIR/systemd/private is missing"),
    ("echo 'Failed to connect to bus: No medium found' >&2\nexit 1\n", True,
     "systemd-run --user --scope failed: Failed to connect to bus: No medium found"),
    ("echo 'max 32'\n", True, "a systemd user scope does not get its limits, the memory and pids controllers are "
                              "not delegated to the user manager: its memory.max and pids.max read 'max 32', "
                              "not '268435456 32'"),
    ("echo '268435456 32'\n", True, None),
])
def test_the_scope_is_used_only_where_the_limits_read_back_from_inside_one(tmp_path, monkeypatch, script, manager,
                                                                           said):
    if script is not None:
        fake_systemd_run(tmp_path, script)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/nonexistent")
    (tmp_path / "run" / "systemd").mkdir(parents=True)
    if manager:
        (tmp_path / "run" / "systemd" / "private").touch()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    got = userscope.why_unavailable(POLICY)
    assert got == said if said is None else got.startswith(said), got


def test_the_probe_asks_for_the_limits_and_runs_the_read_back_in_the_scope(tmp_path, monkeypatch):
    fake_systemd_run(tmp_path, f"printf '%s\\n' \"$@\" > {tmp_path / 'argv'}\necho '268435456 32'\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    (tmp_path / "run" / "systemd").mkdir(parents=True)
    (tmp_path / "run" / "systemd" / "private").touch()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    assert userscope.why_unavailable(POLICY) is None
    argv = (tmp_path / "argv").read_text().splitlines()
    assert argv[:4] == ["--user", "--scope", "--quiet", "--collect"]
    assert argv[4:11] == ["-p", "MemoryMax=268435456", "-p", "MemorySwapMax=0", "-p", "TasksMax=32", "--"]
    assert argv[11:15] == [sys.executable, "-I", "-S", "-c"] and "\n".join(argv[15:]) == userscope.READ_BACK


# ---------------------------------------------------------------- the watch, outside any sandbox

def test_a_watch_needs_a_positive_limit():
    with pytest.raises(ValueError, match="the memory limit must be a positive number of bytes, not 0"):
        memwatch.Watch(0)
    with pytest.raises(ValueError, match=r"the memory limit must be a positive number of bytes, not '256'"):
        memwatch.Watch("256")


@pytest.mark.parametrize("limit_mb, killed", [(100, True), (400, False)])
def test_a_watch_counts_a_grandchilds_memory_and_kills_only_past_the_limit(limit_mb, killed):
    """A child that forks a grandchild touching 150 MB: the sum is past 100 MB, under 400 MB."""
    code = ("import os, time\nif os.fork() == 0:\n    x = b'x' * (150 * 2**20)\n    time.sleep(1.5)\n"
            "    os._exit(0)\nos.wait()\n")
    process = subprocess.Popen([sys.executable, "-I", "-S", "-c", code], start_new_session=True)
    watch = memwatch.Watch(limit_mb << 20)
    watch.start(process)
    try:
        process.wait(timeout=20)
    finally:
        watch.remove()
        try:
            os.killpg(process.pid, 9)           # the grandchild, when its parent was killed
        except ProcessLookupError:
            pass
    assert watch.memory_exceeded() is killed
    assert process.returncode == (-9 if killed else 0)


# ---------------------------------------------------------------- an ordinary user grading

@pytest.fixture
def ordinary(tmp_path):
    """``(python, popen, folder)`` to run course-grade as an ordinary user: a new account with its own
    environment when the tests run as root, else this user."""
    if os.geteuid() != 0:
        yield sys.executable, subprocess.Popen, tmp_path
        return
    user = OrdinaryUser()
    try:
        if user.interpreter() is None:
            require(f"no python{sys.version_info.major}.{sys.version_info.minor} an ordinary account may run "
                    "(apt-get install python3 python3-venv)")
        python = user.install()
        folder = user.home / "memory"
        folder.mkdir()
        yield python, user.popen, folder
    finally:
        user.close()


@pytest.mark.usefixtures("sandbox_available")
def test_an_ordinary_users_sandbox_is_held_to_memory_mb_for_all_its_processes_and_says_how(ordinary):
    python, popen, folder = ordinary
    (folder / "subs" / "ann").mkdir(parents=True)
    (folder / "subs" / "ann" / "fixture_hw.ipynb").write_text(notebook(
        HEADER, THREE_HOGS, SOFTMAX, "check_softmax(softmax)", LOG_LIKELIHOOD, "check_log_likelihood(log_likelihood)"))
    shutil.copytree(FIXTURE_TESTS, folder / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    if os.geteuid() == 0:
        owner = folder.parent.stat()
        subprocess.run(["chown", "-R", f"{owner.st_uid}:{owner.st_gid}", str(folder)], check=True)
    out = folder / "out"
    grader = popen([str(python), "-m", "course_utils.grading.cli", "grade", str(folder / "subs"), "--tests",
                    str(folder / "tests"), "--out", str(out), "--workers", "1", "--wall-seconds", "2",
                    "--notebook-seconds", "10", "--memory-mb", "256"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = PeakMemory(grader.pid)
    try:
        _, said = grader.communicate(timeout=50)
    finally:
        grader.kill()
        held = peak.stop()
    assert grader.returncode == 0, said
    softmax = {q["function"]: q for q in record(out, "ann")["questions"]}["softmax"]
    assert softmax["status"] == "error" and "(memory limit exceeded)" in softmax["diagnosis"], softmax
    assert 0 < held < (256 + 128) << 20, f"the sandbox held {held >> 20} MB at once"
    run = json.loads((out / "run.json").read_text())
    memory = run["memory"]
    assert memory["limit_mb"] == 256 and memory["held_by"] in (memlimit.SCOPE, memlimit.POLLED), memory
    assert bool(memory["why_not_a_cgroup"]) == (memory["held_by"] == memlimit.POLLED), memory   # the real probe's
    warned = [line for line in said.splitlines() if line.startswith("course-grade: warning: --memory-mb 256 ")]
    assert len(warned) == (memory["held_by"] == memlimit.POLLED), said
    assert [p for p in run["protections"] if "memory 256 MB" in p], run["protections"]
