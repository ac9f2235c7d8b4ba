"""The sandbox's forbidden functions: they never exist, so no route a notebook can take leads to them.

The tracer installs an audit hook, which no process can remove: each test runs it in a Python of its own.
The same attacks, through the grader and its sandbox, are in the class of tests/test_grading_cli.py.
"""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(60)
FORBIDDEN = ["scipy.special.softmax", "scipy.special.logsumexp", "scipy.special.log_softmax",
             "scipy.optimize.approx_fprime", "course_utils.softmax"]

PROLOGUE = """
import gc, importlib, importlib.util, inspect, json, runpy, sys, types
import numpy as np
from course_utils.grading import tracer
active = tracer.Tracer({forbidden!r})
active.install()
found = {{}}

def attempt(name, action):
    try:
        value = action()
        found[name] = "gave " + type(value).__name__ + (": " + repr(value)[:80] if not callable(value) else "")
    except BaseException as exc:
        found[name] = type(exc).__name__ + ": " + str(exc)[:120]

import scipy.special, scipy.optimize, scipy.stats
"""

ATTACKS = """
attempt("call", lambda: scipy.special.softmax([1.0, 2.0]))
cells = scipy.special.softmax.__closure__ or ()
attempt("closure", lambda: [c.cell_contents for c in cells if callable(c.cell_contents)][0]([1.0, 2.0]))
attempt("unwrap", lambda: inspect.unwrap(scipy.special.softmax)([1.0, 2.0]))
attempt("gc", lambda: [o for o in gc.get_objects() if getattr(o, "__name__", "") == "softmax"])
attempt("gc_referents", lambda: gc.get_referents(scipy.special.softmax))
attempt("reset_then_call", lambda: (setattr(sys.modules["course_utils.grading.tracer"]._ACTIVE, "used", set()),
                                    scipy.special.logsumexp([1.0, 2.0])))
attempt("reload", lambda: importlib.reload(sys.modules["scipy.special._logsumexp"]).softmax([1.0, 2.0]))
module = sys.modules["scipy.special._logsumexp"]
path = module.__file__

def another_name():
    spec = importlib.util.spec_from_file_location("mine", path)
    mine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mine)
    return mine.softmax([1.0, 2.0])

attempt("another_name", another_name)
attempt("run_path", lambda: runpy.run_path(path)["softmax"]([1.0, 2.0]))
code = compile(open(path).read(), path, "exec")
inner = [c for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name == "softmax"][0]
attempt("function_from_code", lambda: types.FunctionType(inner, vars(module))([1.0, 2.0]))
attempt("exec_source", lambda: exec(code, {"__name__": "x"}))
sys.meta_path[:] = [f for f in sys.meta_path if f is not active]
attempt("reload_without_the_tracer", lambda: importlib.reload(module).softmax([1.0, 2.0]))
attempt("approx_fprime", lambda: scipy.optimize.approx_fprime(np.ones(2), lambda x: (x ** 2).sum()))
attempt("other_scipy_works", lambda: float(scipy.stats.norm.pdf(0.0)))
attempt("minimize_works", lambda: scipy.optimize.minimize(lambda x: (x ** 2).sum(), np.ones(2)).x.round(3).tolist() == [0.0, 0.0])
found["used"] = sorted(active.used)
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def found():
    script = PROLOGUE.format(forbidden=FORBIDDEN) + ATTACKS
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=50)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("attack, answer", [
    ("call", "NotAvailableWhileGraded: scipy.special.softmax is not available while this homework is graded"),
    ("closure", "IndexError"),                      # the stub's closure holds its name, nothing callable
    ("unwrap", "NotAvailableWhileGraded"),          # no __wrapped__: the stub itself
    ("gc", "RuntimeError: gc.get_objects() is not available while grading"),
    ("gc_referents", "RuntimeError: gc.get_referents() is not available while grading"),
    ("reset_then_call", "NotAvailableWhileGraded"),
    ("reload", "NotAvailableWhileGraded"),          # loaded again, stubbed again
    ("another_name", "ImportError: scipy.special."),
    ("run_path", "ImportError: scipy.special."),
    ("function_from_code", "ImportError: scipy.special.softmax is not available"),
    ("exec_source", "ImportError: scipy.special."),
    ("reload_without_the_tracer", "ImportError: scipy.special."),
    ("approx_fprime", "NotAvailableWhileGraded: scipy.optimize.approx_fprime"),
])
def test_no_route_leads_to_a_forbidden_function(found, attack, answer):
    assert found[attack].startswith(answer), found[attack]


def test_what_is_not_forbidden_works_as_in_jupyter(found):
    assert found["other_scipy_works"].startswith("gave float: 0.398942")
    assert found["minimize_works"] == "gave bool: True"


def test_every_call_of_a_forbidden_function_is_recorded(found):
    assert found["used"] == ["scipy.optimize.approx_fprime", "scipy.special.logsumexp", "scipy.special.softmax"]


FAKELIB = """
import importlib, json, sys
from course_utils.grading import tracer
sys.path.insert(0, {folder!r})
active = tracer.Tracer(["fakelib.softmax", "notinstalled.f"])
active.install()
lib = importlib.import_module("fakelib")
found = {{"other": lib.other(), "used_before": sorted(active.used)}}
for name, fn in (("package", lib.softmax), ("module", sys.modules["fakelib._impl"].softmax),
                 ("decorated", sys.modules["fakelib._impl"].decorated)):
    try:
        found[name] = fn(0)
    except tracer.NotAvailableWhileGraded as exc:
        found[name] = str(exc)
found["names"] = [lib.softmax.__name__, lib.softmax.__module__]
found["used"] = sorted(active.used)
print(json.dumps(found))
"""


def test_any_library_the_homework_forbids_is_stubbed_wherever_it_is_defined(tmp_path):
    """A course's own homework may forbid any library's function (``make_check(forbidden=...)``): its
    top-level definition, decorated or not, is a stub however the notebook reaches it; the rest works."""
    (tmp_path / "fakelib").mkdir()
    (tmp_path / "fakelib" / "__init__.py").write_text("from ._impl import softmax, other\n")
    (tmp_path / "fakelib" / "_impl.py").write_text(
        "import functools\ndef softmax(x):\n    return 'soft'\ndef other():\n    return 1\n"
        "class Holder:\n    def softmax(self):\n        return 'a method is not the function'\n")
    (tmp_path / "fakelib" / "_impl.py").write_text((tmp_path / "fakelib" / "_impl.py").read_text()
                                                   .replace("def softmax(x):", "@functools.lru_cache\ndef softmax(x):")
                                                   + "decorated = softmax\n")
    done = subprocess.run([sys.executable, "-c", FAKELIB.format(folder=str(tmp_path))], capture_output=True, text=True,
                          timeout=50)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["other"] == 1 and found["used_before"] == []
    for route in ("package", "module", "decorated"):
        assert found[route].startswith("fakelib.softmax is not available while this homework is graded"), route
    assert found["names"] == ["softmax", "fakelib._impl"] and found["used"] == ["fakelib.softmax"]
