"""Homework 2's speed test under the autograder on a busy machine: measured inside each sandbox in CPU time,
a correct vectorized gradient passes while two CPU-bound processes compete for the cores, and a Python loop
that caches its results by input fails, in the same run; each record keeps the measured ratio.
"""

import subprocess
import sys

import nbformat
import pytest

from course_utils.checks import SPEED_LIMIT
from grading_support import ROOT, grade_argv, record

pytestmark = [pytest.mark.usefixtures("sandbox_available"),
              pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
              pytest.mark.timeout(240)]

HOMEWORK = "hw2_gradients"
BUSY_SECONDS = 200        # longer than grading may take; the processes are killed as soon as it ends
BUSY = f"import time\nt = time.time() + {BUSY_SECONDS}\nwhile time.time() < t:\n    pass\n"
CACHED_LOOP = '''_results = {}


def grad_log_likelihood(W, X, y):
    """A Python loop over the samples, its results kept by the bytes of the input."""
    key = (W.tobytes(), X.tobytes(), y.tobytes())
    if key not in _results:
        G = np.zeros(W.shape)
        for x, label in zip(X, y):
            s = softmax(x @ W)
            s[label] -= 1.0
            G -= np.outer(x, s)
        _results[key] = G
    return _results[key].copy()
'''


def _with_cached_loop(text):
    nb = nbformat.reads(text, as_version=4)
    cells = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "grad_log_likelihood"]
    assert len(cells) == 1
    cells[0].source = CACHED_LOOP
    return nbformat.writes(nb)


def test_speed_is_judged_alike_on_a_busy_machine(tmp_path):
    worked = (ROOT / "solutions" / f"{HOMEWORK}.ipynb").read_text()
    for student, text in (("vectorized", worked), ("cached_loop", _with_cached_loop(worked))):
        (tmp_path / "subs" / student).mkdir(parents=True)
        (tmp_path / "subs" / student / f"{HOMEWORK}.ipynb").write_text(text)
    busy = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(2)]
    try:
        proc = subprocess.run(grade_argv(sys.executable, tmp_path / "subs", ROOT / "grading", tmp_path / "out",
                                         "--wall-seconds", "60", "--notebook-seconds", "120"),
                              capture_output=True, text=True, timeout=200)
        assert [p.poll() for p in busy] == [None, None], "the machine was not busy all along"
    finally:
        for p in busy:
            p.kill()
            p.wait()
    assert proc.returncode == 0, proc.stderr
    questions = {q["function"]: q for q in record(tmp_path / "out", "vectorized", HOMEWORK)["questions"]}
    assert {f: q["status"] for f, q in questions.items()} == dict.fromkeys(questions, "correct")
    ratio = questions["grad_log_likelihood"]["speed_ratio"]
    assert isinstance(ratio, float) and 0 < ratio < SPEED_LIMIT / 2, ratio
    assert [f for f, q in questions.items() if "speed_ratio" in q] == ["grad_log_likelihood"]

    slow = {q["function"]: q for q in record(tmp_path / "out", "cached_loop", HOMEWORK)["questions"]}
    got = slow["grad_log_likelihood"]
    assert got["status"] == "incorrect" and "too slow" in got["diagnosis"], got
    assert "the limit is 20x" in got["diagnosis"] and "Python loop over the samples" in got["diagnosis"]
    assert got["speed_ratio"] > 2 * SPEED_LIMIT, got
    assert slow["grad_log_likelihood_loop"]["status"] == "correct"
    exported = (tmp_path / "out" / "gradebook.csv").read_text()        # the exports read the records as before
    assert "speed_ratio" not in exported and "cached_loop" in exported and "vectorized" in exported
