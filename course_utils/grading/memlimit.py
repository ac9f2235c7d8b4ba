"""What holds a sandbox's memory (``--memory-mb``) and process count, chosen once per run, and what is said of it.

The first of these the machine allows:

* ``CGROUP``: as root, a cgroup of its own per sandbox
  (:mod:`course_utils.grading.cgroups`); the kernel holds the total;
* ``SCOPE``: as an ordinary user whose systemd user manager has the memory
  and pids controllers, a transient scope per sandbox
  (:mod:`course_utils.grading.userscope`); the kernel holds the total;
* ``POLLED``: otherwise the grader reads the sandbox's memory every
  :data:`~course_utils.grading.memwatch.POLL_SECONDS` and kills it past the
  limit (:mod:`course_utils.grading.memwatch`), and each process's address
  space is the limit plus :data:`~course_utils.grading.memwatch.ADDRESS_HEADROOM`:
  the total is held only between readings' worth of overshoot.

Which one, and why not a cgroup, goes into the protections list of
``run.json`` and every record (:func:`protection`), into ``run.json``'s
``memory`` (:func:`summary`), and, when it is not a cgroup, into one line the
grader prints at start (:func:`warning`).
"""

from . import cgroups, memwatch, userscope

CGROUP, SCOPE, POLLED = "cgroup", "systemd user scope", "polled by the grader"


def choose(walls):
    """``(CGROUP, SCOPE or POLLED, why no cgroup holds the memory)`` for the run of ``walls``."""
    if walls.cgroups:
        return CGROUP, ""
    if not walls.isolate:
        return POLLED, "graded without isolation, --no-isolation"
    if walls.root:
        return POLLED, "no cgroup could be made under the grader's own"
    why = userscope.why_unavailable(walls.policy)
    return (SCOPE, "") if why is None else (POLLED, why)


def new_limit(walls, name):
    """What holds one sandbox: an object with ``wrap(argv)`` (how the sandbox is started),
    ``start(process)``, ``memory_exceeded()`` and ``remove()``."""
    if walls.memory == CGROUP:
        return cgroups.Cgroup(name, walls.policy.memory_bytes, walls.policy.processes)
    if walls.memory == SCOPE:
        return userscope.Scope(name, walls.policy)
    return memwatch.Watch(walls.policy.memory_bytes)


def address_space(walls):
    """RLIMIT_AS of each process: the policy's where the kernel holds the total, else the memory limit and what
    Python, NumPy and IPython map beyond it."""
    if walls.memory == POLLED:
        return walls.policy.memory_bytes + memwatch.ADDRESS_HEADROOM
    return walls.policy.address_space_bytes


def outer_env(walls):
    """What bubblewrap's environment needs for the holder (systemd-run's way to the user manager)."""
    return userscope.environment() if walls.memory == SCOPE else {}


def protection(walls):
    """The holder in words, for the protections list."""
    mb, processes = walls.policy.memory_bytes >> 20, walls.policy.processes
    if walls.memory == CGROUP:
        return f"cgroup: memory {mb} MB, {processes} processes"
    if walls.memory == SCOPE:
        return f"cgroup (systemd user scope): memory {mb} MB, {processes} processes"
    return (f"memory {mb} MB for all its processes together, polled every {memwatch.POLL_SECONDS} s by the grader, "
            f"not held by a cgroup ({walls.memory_why}): it can go over between two readings, and "
            f"each process at most {address_space(walls) >> 20} MB of address space")


def warning(walls):
    """One line for the grader to print at start where no cgroup holds the memory; None where one does."""
    if walls.memory != POLLED:
        return None
    mb = walls.policy.memory_bytes >> 20
    return (f"--memory-mb {mb} is not held by a cgroup here ({walls.memory_why}); the grader reads each "
            f"sandbox's memory every {memwatch.POLL_SECONDS} s and stops it past {mb} MB, so a sandbox can go over "
            f"between two readings, each of its processes up to {address_space(walls) >> 20} MB "
            "(see the README, 'Grading a class')")


def summary(walls):
    """``run.json``'s ``memory``: the limit, what held it, and why no cgroup did."""
    return {"limit_mb": walls.policy.memory_bytes >> 20, "held_by": walls.memory,
            "why_not_a_cgroup": walls.memory_why or None, "address_space_mb": address_space(walls) >> 20,
            "poll_seconds": memwatch.POLL_SECONDS if walls.memory == POLLED else None}
