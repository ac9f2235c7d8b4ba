"""``--memory-mb`` without root: a systemd user scope where one is delegated (its probe, with stand-ins for
systemd-run: this machine has no user manager), else the grader's watch of a sandbox's memory."""

import os
import subprocess
import sys

import pytest

from course_utils.grading import memwatch, userscope
from course_utils.grading.sandbox import Policy

pytestmark = [pytest.mark.skipif(sys.platform != "linux", reason="the grader's limits are Linux's"),
              pytest.mark.timeout(60)]
POLICY = Policy(memory_bytes=256 << 20)


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
