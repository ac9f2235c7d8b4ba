"""How fast a gradient ``fn(W, X, y)`` is, as a ratio to whole-array NumPy code of the same size.

:func:`speed_ratio` is the measurement of the speed test of
``check_grad_log_likelihood``.  It runs where the function lives: in the
notebook's process when a student runs the check, inside the autograder's
sandbox when the grader does (this module is copied into every sandbox beside
``testfunctions.py``: NumPy and the standard library only, and nothing a
homework asks for).  The same code measures in both places, so they agree.

What makes the ratio independent of the machine's load and of caching:

* **CPU time of the process**, not the wall clock.  On a loaded machine
  (several graders, each with several workers) a process waits for a core,
  and the wall clock counts the waiting: a correct function timed with the
  wall clock, in another process than the reference, looked 27 times slower.
  The CPU time of a process counts only the time it ran.  It is read with
  ``getrusage(RUSAGE_SELF)`` (user + system time of every thread of the
  process, to the microsecond), and a call's time is the larger of that and
  the calling thread's own CPU time (``time.thread_time``, to the
  nanosecond).  The whole process rather than the calling thread only: work
  a function hands to another thread of its process is counted, so a loop
  cannot hide there.  ``getrusage`` rather than ``time.process_time``: in the
  sandbox a CPU-time limit is set (``RLIMIT_CPU``), and then Linux serves the
  process clock of ``process_time`` from the counters of that limit, which
  advance in steps of a scheduler tick (4 ms), more than a vectorized
  gradient takes.  Where ``getrusage`` does not exist (Windows, whose CPU
  clocks advance in steps of 15.6 ms) the notebook's check falls back on the
  wall clock, with everything else below unchanged; the autograder runs on
  Linux only.
* **A calibration workload in the same process**, interleaved with the
  function (calibration, function, calibration, function...): both measured
  under the same conditions (clock frequency, neighbours on the core, caches,
  sandbox), whatever they are.  The calibration (:func:`calibration`) is a
  few whole-array NumPy operations of the cost of a vectorized gradient (an
  exp of an (N, K) array, row sums, products of the sizes of ``X @ W`` and
  ``X.T @ G``), deliberately not the gradient itself.  It costs about what
  the course's ``grad_log_likelihood`` costs, so a ratio still means "times
  slower than the reference": 0.85 to 0.95 times as much when both run again
  and again on one problem (as when ``SPEED_LIMIT`` was set), 0.8 to 0.9
  times when the reference is timed here like a student's function
  (tests/test_timing.py keeps it within a factor 2).  Each timed calibration
  follows an untimed one, so that what the function left behind (a Python
  loop evicts the caches) does not slow the calibration down and shrink the
  ratio.
* **Fresh inputs on every repeat**: a new random problem of the same shape
  each time, seeded by ``seed`` and a random number drawn for this
  measurement, so a function that caches its results by input gets no hit,
  not even from an earlier measurement.  Its arrays are objects of their own
  (never shared with the calibration), all alive until the end, so no ``id``
  repeats either.  The problems are all made before the clock starts: making
  them between the calls would have the memory allocator give pages back to
  the system and fault them in again inside the timed calls.
* The **minimum** over the repeats of each, within a budget of seconds (of
  the wall clock: the budget bounds how long the measurement takes).

While timing, any profile hook (``sys.setprofile``: the checks' watch of
forbidden calls) is removed and restored afterwards: a hook slows a Python
loop far more than whole-array code.  The clocks are looked up when this
module is imported, before a graded notebook runs, so a notebook that
replaces ``time.thread_time`` does not change the measurement.

The function's results are returned (``outputs``) with the ``seed`` that
rebuilds its problems (:func:`inputs`), for the caller to verify: a function
fast only because it does not compute the gradient of what it receives is
caught.  Under the autograder the sandbox's own Python process measures, so,
like the sandbox's other reports (what a function used), the measurement is
only as honest as that process: a notebook that sets out to rewrite the
sandbox's modules could forge it.  The grader checks its numbers and the
results, not more.
"""

import secrets
import sys
import time

import numpy as np

try:
    import resource
except ImportError:                  # Windows
    resource = None

_wall = time.perf_counter
if resource is not None:
    _getrusage, _SELF = resource.getrusage, resource.RUSAGE_SELF

    def _process_cpu():
        usage = _getrusage(_SELF)
        return usage.ru_utime + usage.ru_stime

    #: What a call's time is measured with: the larger of the deltas of these clocks.
    CLOCKS, CLOCK = (_process_cpu, *[c for c in (getattr(time, "thread_time", None),) if c is not None]), "cpu"
else:
    CLOCKS, CLOCK = (_wall,), "wall"
_CALIBRATION = 1 << 62         # appended to the seed of the calibration's problems
MAX_REPEATS = 100
#: The options of :func:`speed_ratio` a grader may pass on to the sandbox that measures.
SPEED_OPTIONS = ("repeats", "min_repeats", "budget")


def inputs(shape, seed, index):
    """Repeat ``index``'s problem ``(W, X, y)`` of ``shape`` (N, D, K), from ``seed`` (a list of ints).

    X is (N, D) with a column of ones first, W (D, K), y (N,) labels covering every class.
    """
    N, D, K = (int(n) for n in shape)
    rng = np.random.default_rng([*(int(s) for s in seed), int(index)])
    X = np.ones((N, D))
    X[:, 1:] = rng.standard_normal((N, D - 1))
    W = rng.standard_normal((D, K))
    y = rng.permutation(np.arange(N) % K)
    return W, X, y


def calibration(W, X, y):
    """Whole-array work of the size and cost of a vectorized gradient on ``(W, X, y)``; not a gradient.

    A product of the size of ``X @ W``, an exp of the (N, K) result, row sums,
    an update of one entry per row (indexed by y) and a product of the size of
    ``X.T @ G``.
    """
    A = X @ W
    E = np.exp(-np.abs(A))
    E *= E.sum(axis=1, keepdims=True)
    E -= A
    E[np.arange(len(y)), y] *= 0.5
    return X.T @ E


def _result(out, shape):
    """A copy of ``out`` as a float64 array of ``shape`` (taken after the clock stopped), else None."""
    try:
        arr = np.array(out, dtype=np.float64)
    except Exception:  # noqa: BLE001 - whatever a student's function returns
        return None
    return arr if arr.shape == shape else None


def _timed(fn, args):
    starts = [clock() for clock in CLOCKS]
    out = fn(*args)
    return max(clock() - start for clock, start in zip(CLOCKS, starts)), out


def speed_ratio(fn, shape, seed, repeats=10, min_repeats=3, budget=0.5, keep_outputs=True):
    """Time ``fn(W, X, y)`` against :func:`calibration` on fresh problems of ``shape`` (N, D, K).

    Parameters
    ----------
    fn : callable
        The function timed, called as ``fn(W, X, y)``.
    shape : (int, int, int)
        N, D, K of every problem.
    seed : int
        Seeds the problems, together with a random number drawn for this call
        (so that two measurements never see the same inputs).
    repeats : int
        At most this many rounds (a calibration, then ``fn``, each on a new problem); at most ``MAX_REPEATS``.
    min_repeats : int
        At least this many rounds, unless they would take more than three times the budget.
    budget : float
        Seconds of the wall clock after which no new round starts (once ``min_repeats`` are done).
    keep_outputs : bool
        Return ``fn``'s result of every round (as ``outputs``), for the caller to verify.

    Returns
    -------
    dict
        ``ratio`` (student / calibration), ``student_seconds`` and
        ``calibration_seconds`` (the minimum CPU time of one call of each),
        ``repeats`` (rounds done), ``clock`` (``"cpu"``, or ``"wall"`` where
        the CPU time cannot be read finely), ``seed`` (the list of ints that,
        with the round's index, rebuilds its problem by :func:`inputs`) and
        ``outputs``.
    """
    shape = tuple(int(n) for n in shape)
    D, K = shape[1], shape[2]
    seed = [int(seed), secrets.randbits(63)]
    repeats, min_repeats = min(max(int(repeats), 1), MAX_REPEATS), max(int(min_repeats), 1)
    student, calib, rounds = float("inf"), float("inf"), 0
    outputs = []
    hook = sys.getprofile()
    sys.setprofile(None)
    try:
        problems = [(inputs(shape, [*seed, _CALIBRATION], i), inputs(shape, seed, i)) for i in range(repeats)]
        start = _wall()
        for index, (problem, args) in enumerate(problems):
            calibration(*problems[index - 1][0])            # untimed: takes what fn left in the caches
            calib = min(calib, _timed(calibration, problem)[0])
            seconds, out = _timed(fn, args)
            student = min(student, seconds)
            if keep_outputs:
                outputs.append(_result(out, (D, K)))
            rounds = index + 1
            spent = _wall() - start
            if spent > budget and (rounds >= min_repeats or spent > 3 * budget):      # a very slow fn: enough
                break
    finally:
        sys.setprofile(hook)
    calib = max(calib, 1e-9)                                # below the clock's resolution: 1 ns
    return {"ratio": student / calib, "student_seconds": float(student), "calibration_seconds": float(calib),
            "repeats": rounds, "clock": CLOCK, "seed": seed, "outputs": outputs}
