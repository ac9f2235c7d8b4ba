"""Shared fixtures: a digits split for the unit tests, the autograder tests' sandbox check, and the browser
tests' Chromium and scratch notebooks."""

import pathlib
import shutil
import tempfile

import nbformat
import numpy as np
import pytest

from browser_common import BROKEN, LECTURES, ROOT
from browser_support import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, browser_unavailable, require

from course_utils import add_bias, load_digits, standardize, train_test_split


#: Test modules that run the checks on the course's own functions and on SciPy's as references of what
#: passes (the forbidden-name rule itself is tested in tests/test_checks_forbidden.py).
REFERENCE_MODULES = {"test_checks", "test_checks_custom", "test_timing"}


@pytest.fixture(autouse=True)
def references_allowed(request):
    """In REFERENCE_MODULES, checks judge the course's own functions by their values (checks.allowed)."""
    if request.module.__name__ not in REFERENCE_MODULES:
        yield
        return
    from course_utils.checks import allowed
    with allowed():
        yield


@pytest.fixture(scope="session")
def digits_split():
    """Standardized, bias-augmented digits split (seed 0, 25 % test), read-only arrays."""
    X, y = load_digits()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.25, seed=0)
    X_tr, X_te = standardize(X_tr, X_te)
    out = {
        "X_tr": X_tr, "X_te": X_te, "y_tr": y_tr, "y_te": y_te,
        "Xb_tr": add_bias(X_tr), "Xb_te": add_bias(X_te),
    }
    for arr in out.values():
        arr.setflags(write=False)   # a function writing into its input fails loudly
    return out


def random_problem(seed, N=7, D=4, K=3, scale=1.0):
    """A seeded random softmax-regression problem (W, X, y) with every class present when N >= K."""
    rng = np.random.default_rng(seed)
    X = add_bias(scale * rng.standard_normal((N, D - 1))) if D > 1 else np.ones((N, 1))
    W = rng.standard_normal((D, K))
    y = rng.permutation(np.arange(N) % K)
    return W, X, y


# ---------------------------------------------------------------- autograder tests

@pytest.fixture(scope="module")
def sandbox_available():
    """Skip (or, under CI=true, fail) a module's tests where bubblewrap cannot make a sandbox."""
    from grading_support import sandbox_unavailable

    require(sandbox_unavailable())


# ---------------------------------------------------------------- browser tests

@pytest.fixture(scope="session")
def browser():
    require(browser_unavailable())
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _shared_root(tmp_path_factory, worker_id):
    """A folder of this run's temporary directory that every xdist worker sees: the sites are built there once."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if worker_id != "master" else base) / "course-site"


@pytest.fixture(scope="session")
def course_site(tmp_path_factory, worker_id):
    """The course site (tools/build_site.py), built once for the whole run and shared by the xdist workers."""
    import site_support

    return site_support.built_site(_shared_root(tmp_path_factory, worker_id))


@pytest.fixture(scope="session")
def course_site_with_handouts(tmp_path_factory, worker_id):
    """The course site built as the instructor builds it, PDF handouts included (needs Chromium)."""
    import site_support

    require(browser_unavailable())
    return site_support.built_site(_shared_root(tmp_path_factory, worker_id), handouts=True)


@pytest.fixture(scope="session")
def workdir():
    """A scratch folder inside the served root (build/ is gitignored), removed at the end."""
    (ROOT / "build").mkdir(exist_ok=True)
    path = pathlib.Path(tempfile.mkdtemp(prefix="browser-tests-", dir=ROOT / "build"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def broken(workdir):
    """{check: path of a notebook whose math only that check should reject}."""
    paths = {}
    for check, source in BROKEN.items():
        nb = nbformat.v4.new_notebook(metadata=nbformat.read(LECTURES[0], as_version=4).metadata)
        nb.cells = [nbformat.v4.new_markdown_cell(f"# Broken: {check}\n\n**What you'll learn**\n\n- that $x$ is caught"),
                    nbformat.v4.new_markdown_cell(source)]
        paths[check] = workdir / f"broken_{check}.ipynb"
        nbformat.write(nb, paths[check])
    return paths
