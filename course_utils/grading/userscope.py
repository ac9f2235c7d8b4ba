"""An ordinary user's cgroup: each sandbox in a transient systemd user scope with ``MemoryMax`` and ``TasksMax``.

Root makes a cgroup of its own for each sandbox (:mod:`course_utils.grading.cgroups`);
an ordinary user can have one only from their systemd user manager, where one
runs and the cgroup v2 memory and pids controllers are delegated to it
(systemd's default on machines with cgroup v2 only).  :func:`why_unavailable`
finds out once per run by starting one real scope and reading its limits back
from inside it; :class:`Scope` then starts each sandbox through
``systemd-run --user --scope``, which joins the scope and becomes bubblewrap,
so that everything the sandbox starts is counted and the kernel holds the
total.  Where the probe fails, the grader polls instead
(:mod:`course_utils.grading.memwatch`) and says so.
"""

import os
import secrets
import shutil
import subprocess
import sys
import time

TOOL_SECONDS = 10         # one call of systemd-run or systemctl
SETTLE_TRIES = 20         # times 0.05 s: how long systemd may take to record how a scope ended
#: Run inside the probe's scope: its own cgroup's memory.max and pids.max (cgroup v2 only, or hybrid).
READ_BACK = ("import pathlib\n"
             "own = next(l[3:] for l in open('/proc/self/cgroup').read().splitlines() if l.startswith('0::'))\n"
             "for top in ('/sys/fs/cgroup', '/sys/fs/cgroup/unified'):\n"
             "    d = pathlib.Path(top + own)\n"
             "    if (d / 'memory.max').exists() and (d / 'pids.max').exists():\n"
             "        print((d / 'memory.max').read_text().strip(), (d / 'pids.max').read_text().strip())\n"
             "        break\n")


def properties(policy):
    """``systemd-run`` options for the limits of a sandbox of ``policy``."""
    return ["-p", f"MemoryMax={policy.memory_bytes}", "-p", "MemorySwapMax=0", "-p", f"TasksMax={policy.processes}"]


def environment():
    """What ``systemd-run --user`` needs to find the user manager (bubblewrap clears it for the sandbox)."""
    return {k: os.environ[k] for k in ("XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS") if k in os.environ}


def why_unavailable(policy):
    """None where a systemd user scope holds a sandbox's memory and processes; otherwise why it cannot."""
    if shutil.which("systemd-run") is None:
        return "systemd-run is not installed"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if not runtime or not os.path.exists(os.path.join(runtime, "systemd", "private")):
        return ("no systemd user manager runs for this user: $XDG_RUNTIME_DIR/systemd/private is missing; one "
                "starts at a login through systemd-logind, or for good with `loginctl enable-linger`")
    argv = ["systemd-run", "--user", "--scope", "--quiet", "--collect", *properties(policy), "--",
            sys.executable, "-I", "-S", "-c", READ_BACK]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=TOOL_SECONDS, stdin=subprocess.DEVNULL,
                              env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environment()})
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"systemd-run --user --scope did not run: {exc}"
    if proc.returncode != 0:
        said = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
        return f"systemd-run --user --scope failed: {said[:200]}"
    wanted, got = f"{policy.memory_bytes} {policy.processes}", proc.stdout.strip()
    if got != wanted:
        return (f"a systemd user scope does not get its limits, the memory and pids controllers are not delegated "
                f"to the user manager: its memory.max and pids.max read {got[:100] or 'nothing'!r}, not {wanted!r}")
    return None


class Scope:
    """One sandbox's transient scope, named after the sandbox's cgroup name and a random part."""

    def __init__(self, name, policy):
        self.unit = f"{name}-{secrets.token_hex(4)}.scope"
        self.properties = properties(policy)
        self.process = None

    def wrap(self, argv):
        """``argv`` started in the scope: systemd-run puts itself there, then becomes ``argv``."""
        tool = shutil.which("systemd-run") or "systemd-run"     # found on the grader's PATH: bubblewrap's is bare
        return [tool, "--user", "--scope", "--quiet", f"--unit={self.unit}", *self.properties, "--", *argv]

    def start(self, process):
        self.process = process

    def _ended(self):
        """Whether the sandbox's process has ended, given a moment: one that went silent may be ending."""
        try:
            self.process.wait(timeout=0.2)
            return True
        except (AttributeError, subprocess.TimeoutExpired):      # never started, or still running
            return False

    def _systemctl(self, *args):
        try:
            return subprocess.run(["systemctl", "--user", *args, self.unit], capture_output=True, text=True,
                                  timeout=TOOL_SECONDS).stdout
        except (OSError, subprocess.TimeoutExpired):
            return ""

    def _state(self):
        shown = self._systemctl("show", "--property=ActiveState,Result")
        return dict(line.split("=", 1) for line in shown.splitlines() if "=" in line)

    def memory_exceeded(self):
        """Whether the kernel killed a process of the scope for memory, as systemd recorded it (the scope's
        ``Result``, systemd 253 and later); a failed scope is then reset, else it would stay listed."""
        state = self._state()
        for _ in range(SETTLE_TRIES if self._ended() else 0):
            if state.get("ActiveState") not in ("active", "activating", "deactivating"):
                break
            time.sleep(0.05)              # the sandbox has ended: systemd is ending its scope
            state = self._state()
        if state.get("Result", "success") != "success":
            self._systemctl("reset-failed")
        return state.get("Result") == "oom-kill"

    def remove(self):
        """Nothing to remove: the scope ends with its last process."""
