"""Session set-up shared by every test, notebooks included, and the order pytest-xdist hands files out in.

The README's test command runs with ``--dist loadfile --no-loadscope-reorder``: each file is
one unit of work, handed out in collection order.  The slowest files come first (SLOW_FIRST,
measured with ``--durations``), so that no worker is left with a long file at the end while
the other idles.
"""

import sys

import pytest

# jsonschema, which nbformat imports, loads the optional rfc3987-syntax (installed for jupyter-events) to check
# "iri" formats; building its grammar takes about 2 s in every pytest process.  No notebook schema uses that
# format, so the test processes go without it; nbval, which imports nbformat, is therefore loaded from here
# (after this line) rather than by its entry point, which the README's test command turns off (-p no:nbval).
sys.modules.setdefault("rfc3987_syntax", None)
pytest_plugins = ["nbval.plugin"]

SLOW_FIRST = [
    "tests/test_browser_lab.py", "tests/test_browser_site.py", "tests/test_grading_cli.py",
    "tests/test_grading_agreement.py", "tests/test_grading_shards.py", "tests/test_grading_user.py",
    "tests/test_grading_idioms.py", "notebooks/08_training_real_data.ipynb",
    "tests/test_exercises.py", "tests/test_grading_sandbox.py", "tests/test_site.py",
    "notebooks/01_softmax_likelihood.ipynb", "notebooks/02_log_likelihood.ipynb", "notebooks/07_single_sample_sgd.ipynb",
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
