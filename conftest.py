"""Session set-up shared by every test, notebooks included, and the order pytest-xdist hands files out in.

The README's test command runs with ``--dist loadfile --no-loadscope-reorder``: each file is
one unit of work, handed out in collection order.  The slowest files come first (SLOW_FIRST,
measured with ``--durations``), so that no worker is left with a long file at the end while
the other idles.
"""

import os
import sys

import pytest

# One BLAS thread per process, as in the autograder's sandboxes (course_utils/grading/walls.py).  The README's
# test command runs two workers on two cores, each with kernels, graders and browsers of its own; OpenBLAS's
# default of a thread per core costs the course's small products more CPU time than it saves (its threads spin
# while they wait for work, and for cores the other worker holds): lecture 08's six L-BFGS fits took 6
# CPU-seconds instead of 0.6, and 11 s instead of 1 in the suite.  Set here, before NumPy is imported, so that
# the xdist workers and every kernel, grader and server they start inherit it; a value already set is kept.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# jsonschema, which nbformat imports, loads the optional rfc3987-syntax (installed for jupyter-events) to check
# "iri" formats; building its grammar takes about 2 s in every pytest process.  No notebook schema uses that
# format, so the test processes go without it; nbval, which imports nbformat, is therefore loaded from here
# (after this line) rather than by its entry point, which the README's test command turns off (-p no:nbval).
sys.modules.setdefault("rfc3987_syntax", None)
pytest_plugins = ["nbval.plugin"]

SLOW_FIRST = [
    "tests/test_browser_site.py", "tests/test_browser_lab.py", "tests/test_site_pdf.py", "tests/test_grading_cli.py",
    "tests/test_grading_agreement.py", "tests/test_grading_gradescope.py", "tests/test_checks.py",
    "tests/test_grading_user.py",
    "tests/test_grading_idioms.py", "tests/test_grading_shards.py", "notebooks/08_training_real_data.ipynb",
    "tests/test_grading_sandbox.py", "notebooks/07_single_sample_sgd.ipynb", "tests/test_site.py",
    "tests/test_grading_speed.py", "tests/test_timing.py",
    "notebooks/01_softmax_likelihood.ipynb", "notebooks/02_log_likelihood.ipynb",
]


def pytest_sessionstart(session):
    # Build Matplotlib's font cache here, once, so that no notebook kernel prints
    # "Matplotlib is building the font cache" into an output that nbval compares.
    import matplotlib.font_manager  # noqa: F401


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    rank = {name: k for k, name in enumerate(SLOW_FIRST)}
    # list.sort is stable: the other files, and the tests within each file, keep their order
    items.sort(key=lambda item: rank.get(item.path.relative_to(config.rootpath).as_posix(), len(rank)))
