"""A sandbox's memory without a cgroup: read from ``/proc`` while it runs, and the sandbox killed past its limit.

Where no cgroup can hold ``--memory-mb`` (an ordinary user without a
delegated cgroup, see :mod:`course_utils.grading.userscope`), a
:class:`Watch` thread in the grader reads, every :data:`POLL_SECONDS`, the
memory of every process of the sandbox (bubblewrap and all its
descendants: in a new PID namespace no process of the sandbox can leave
that tree) and kills the sandbox when their sum passes the limit.  The sum
is of proportional set sizes (PSS: a page shared by n processes counts 1/n
in each), so that the pages a ``fork`` shares are counted once; the cheap
resident sizes (``statm``) are read first, and PSS only when they pass the
limit.  Between two readings a sandbox can go over by what it touches in
that time, and memory no process maps (files in its private ``/tmp``,
``/var/tmp``, ``/dev/shm``; the kernel's) is not counted: the README says so,
and so does the grader at start.
"""

import os
import threading

POLL_SECONDS = 0.05
#: The address space each process may map beyond ``--memory-mb`` (RLIMIT_AS) when no cgroup holds the total.
#: Address space is much more than resident memory: measured in a sandbox, the runner with NumPy and IPython
#: maps 110 MB (37 MB resident), the course's homework 150 MB (45 MB), and with Matplotlib, SciPy and ipywidgets
#: imported and a figure drawn 400 MB (113 MB); each thread adds up to 72 MB (its 8 MB stack and a 64 MB malloc
#: arena).  1 GiB leaves room for these and a few threads, while no single allocation can be far bigger than
#: the limit (it fails at once with a MemoryError, before any polling).
ADDRESS_HEADROOM = 1 << 30
MAX_PROCESSES = 4096         # how many processes one reading follows at most (the sandbox's limit is far lower)
_PAGE = os.sysconf("SC_PAGE_SIZE")


def tree(pid):
    """``pid`` and every live descendant of it, from ``/proc/PID/task/TID/children``."""
    found, todo = [], [pid]
    while todo and len(found) < MAX_PROCESSES:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    todo += [int(child) for child in fh.read().split()]
        except OSError:           # it ended meanwhile
            pass
    return found


def resident(pid):
    """Resident memory of a process in bytes (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def proportional(pid):
    """Proportional set size of a process in bytes; its resident size where its PSS cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) << 10
    except (OSError, IndexError, ValueError):
        pass
    return resident(pid)


class Watch:
    """Holds one sandbox under ``limit`` bytes by polling: :meth:`start` once its process runs."""

    def __init__(self, limit, poll=POLL_SECONDS):
        if not isinstance(limit, int) or limit <= 0:
            raise ValueError(f"the memory limit must be a positive number of bytes, not {limit!r}")
        self.limit, self.poll, self.exceeded = limit, poll, False
        self._stop, self._thread = threading.Event(), None

    def wrap(self, argv):
        """The sandbox starts as it is: nothing to join."""
        return argv

    def start(self, process):
        """Watch ``process`` (a ``subprocess.Popen``) and its descendants until :meth:`remove`."""
        self._thread = threading.Thread(target=self._run, args=(process,), daemon=True, name="course-grade-memory")
        self._thread.start()

    def _over(self, pids):
        if sum(resident(p) for p in pids) <= self.limit:     # PSS <= RSS: no need to read more
            return False
        return sum(proportional(p) for p in pids) > self.limit

    def _run(self, process):
        while not self._stop.wait(self.poll):
            if process.poll() is not None:
                return
            if self._over(tree(process.pid)):
                self.exceeded = True           # before the kill: the grader reads it when the sandbox goes silent
                process.kill()
                return

    def memory_exceeded(self):
        """Whether the watch killed the sandbox for going over its limit."""
        return self.exceeded

    def remove(self):
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
