"""The ``course_utils`` a notebook finds inside the sandbox: the checks as stubs, and what the homework provides.

The course's own implementations must be out of reach while a homework is
graded (``from course_utils import softmax`` would otherwise earn the
softmax points).  A notebook still imports ``course_utils.checks`` and, in
homeworks 2 and 3, the building blocks the exercise hands out (``softmax``,
``one_hot``).  So the sandbox gets a stand-in package:

* ``course_utils.checks``: every check as a stub that only records the
  function it received (the grader runs the real checks on that function,
  as nbgrader grades the check cell where it stands);
* the names listed in the homework's ``PROVIDES``, from copies of the two
  self-contained modules (NumPy only): ``numerics.py`` and ``data.py`` with
  its bundled data sets;
* every other public name of ``course_utils``: an import error that says it
  is not available while grading, recorded so that the grader can tell a
  student who imported the answer from one who got it wrong.
"""

import pathlib
import pkgutil

import course_utils
import course_utils.checks
import course_utils.numerics

PACKAGE = pathlib.Path(course_utils.__file__).resolve().parent
#: Modules copied into the sandbox when a homework provides one of their names, with the files they need.
SHIPPABLE = {"numerics": ("numerics.py", "_validation.py"),
             "data": ("data.py", "_validation.py", "datasets/digits.csv.gz", "datasets/iris.csv")}

_DENY = '''
def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    _deny("course_utils." + name)
    raise AttributeError({message!r}.format(name=name))
'''


def providable():
    """``{name: module}`` of the public names a homework may provide (those of the shippable modules)."""
    found = {}
    for name in course_utils.__all__:
        module = getattr(getattr(course_utils, name), "__module__", "").removeprefix("course_utils.")
        if module in SHIPPABLE:
            found[name] = module
    return found


def check_provides(provides, homework):
    """Raise ``ValueError`` unless every name of ``provides`` can be shipped into the sandbox."""
    bad = sorted(set(provides) - set(providable()))
    if bad:
        raise ValueError(f"{homework}: PROVIDES may only name functions of course_utils."
                         f"{' or course_utils.'.join(SHIPPABLE)} ({', '.join(sorted(providable()))}); "
                         f"got {', '.join(bad)}")


def _checks_module():
    lines = ['"""Stand-in for course_utils.checks while a notebook is graded: the grader runs the real checks."""',
             "from course_grade_sandbox.tracer import checked as _checked, deny as _deny", "",
             "class NotAttempted(AssertionError):\n    pass\n",
             "class Incorrect(AssertionError):\n    pass\n",
             "class Forbidden(Incorrect):\n    pass\n",
             "import contextlib as _contextlib\nallowed = _contextlib.nullcontext\n",
             "class CheckResult:\n    pass\n",
             "def _stub(name):\n    def check(fn, *args, **kwargs):\n        _checked(name, fn)\n        return None\n"
             "    check.__name__ = check.__qualname__ = name\n    return check\n",
             "def make_check(function_name, compare, signature=None, check_name=None, **options):\n"
             "    return _stub(check_name or 'check_' + function_name)\n",
             "def expect_close(*args, **kwargs):\n    return None\n",
             "def report(check, fn):\n    check(fn)\n",
             "class TestFunction:\n    pass\n"]
    for name in course_utils.checks.__all__:
        value = getattr(course_utils.checks, name)
        if name.startswith("check_"):
            lines.append(f"{name} = _stub({name!r})")
        elif isinstance(value, (int, float, str)) and not isinstance(value, bool):
            lines.append(f"{name} = {value!r}")
    return "\n".join(lines) + "\n" + _DENY.format(
        message="course_utils.checks.{name} does not exist (or is not available while grading)")


def files(homework, provides):
    """``{relative path: text or bytes}`` of the stand-in package for ``homework`` providing ``provides``."""
    check_provides(provides, homework)
    offered = ", ".join(f"`{n}`" for n in sorted(provides)) or "nothing else"
    message = (f"course_utils.{{name}} is not available while {homework} is graded: course_utils offers "
               f"only the checks and {offered} here, so write what you need yourself")
    modules = {}
    for name in sorted(provides):
        modules.setdefault(providable()[name], []).append(name)
    imports = "".join(f"from .{module} import {', '.join(names)}\n" for module, names in sorted(modules.items()))
    out = {"course_utils/__init__.py": (f'"""Stand-in for course_utils while {homework} is graded."""\n'
                                        "from course_grade_sandbox.tracer import deny as _deny\n"
                                        f"from . import checks\n{imports}" + _DENY.format(message=message)),
           "course_utils/checks.py": _checks_module()}
    shipped = set()
    for module in modules:
        for name in SHIPPABLE[module]:
            out[f"course_utils/{name}"] = (PACKAGE / name).read_bytes()
            shipped.add(name.removesuffix(".py"))
    for module in pkgutil.iter_modules([str(PACKAGE)]):
        if module.name.startswith("_") or module.name in shipped or module.name == "checks":
            continue
        out[f"course_utils/{module.name}.py"] = (f'"""Not available while {homework} is graded."""\n'
                                                "from course_grade_sandbox.tracer import deny as _deny\n"
                                                + _DENY.format(message=message))
    return out
