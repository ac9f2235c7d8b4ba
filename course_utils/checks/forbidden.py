"""What each homework function may not use, and noticing it while a check runs, in the notebook as in the grader.

An exercise asks the student to write a function; a library function that
does the work (``scipy.special.softmax``) or the course's own implementation
(``course_utils.softmax``) earns no credit.  :data:`RULES` says, per check,
which library functions are forbidden and which ``course_utils`` names the
homework hands out (``provides``, the only ones a notebook may use while
graded).  The same table serves both places, so that they agree:

* in the notebook, :class:`Watch` follows every call the student's function
  makes while its check runs (``sys.setprofile``) and the check raises
  :class:`~course_utils.checks.Forbidden` when one is forbidden;
* the autograder forbids the same names in its sandbox
  (:meth:`course_utils.grading.spec.Question.all_forbidden`), with the same
  words (:func:`message`).
"""

import contextlib
import contextvars
import dataclasses
import importlib.util
import inspect
import os
import sys

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CHECKS = os.path.join(_PACKAGE, "checks") + os.sep
_PACKAGE += os.sep

HW2_PROVIDES = ("one_hot", "softmax")
HW3_PROVIDES = ("add_bias", "load_digits", "load_iris", "one_hot", "softmax", "standardize", "train_test_split")


@dataclasses.dataclass(frozen=True)
class Rule:
    """What a check's function may not use: ``forbidden`` dotted names, and the ``course_utils`` names
    its homework ``provides`` (every other public ``course_utils`` function is forbidden too); ``lecture``
    for the coding exercise of a lecture, which is never graded (its message says so)."""

    forbidden: tuple = ()
    provides: tuple = ()
    lecture: bool = False


_LOGS = ("scipy.special.log_softmax", "scipy.special.logsumexp", "scipy.special.softmax")

#: check name -> Rule.  The homework texts state these per question (tested).
RULES = {
    "check_softmax": Rule(("scipy.special.softmax",)),
    "check_log_likelihood": Rule(_LOGS),
    "check_softmax_jacobian": Rule((), HW2_PROVIDES),
    "check_grad_log_likelihood_loop": Rule((), HW2_PROVIDES),
    "check_grad_log_likelihood": Rule((), HW2_PROVIDES),
    "check_numerical_gradient": Rule(("scipy.optimize.approx_fprime",), HW2_PROVIDES),
    "check_relative_error": Rule((), HW2_PROVIDES),
    "check_grad_log_likelihood_sample": Rule((), HW3_PROVIDES),
    "check_train_sgd": Rule((), HW3_PROVIDES),
    # the coding exercises of lectures 05 to 08
    "check_safe_learning_rate": Rule((), HW2_PROVIDES, lecture=True),
    "check_spot_check": Rule((), HW2_PROVIDES, lecture=True),
    "check_minibatch_gradient": Rule((), HW2_PROVIDES, lecture=True),
    "check_validation_loss": Rule((), ("fit_lbfgs", "loss_and_grad", "one_hot", "softmax"), lecture=True),
}

_ALLOWED = contextvars.ContextVar("course_utils_forbidden_allowed", default=False)


@contextlib.contextmanager
def allowed():
    """Run checks without the forbidden-name rule, e.g. to test a check on the course's own implementation.

    >>> import course_utils
    >>> from course_utils.checks import check_softmax
    >>> with allowed():
    ...     result = check_softmax(course_utils.softmax)       # doctest: +ELLIPSIS
    check_softmax: correct (...)
    """
    token = _ALLOWED.set(True)
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def course_name(function):
    """The name under which the course's own implementation of ``function`` is forbidden."""
    return f"course_utils.{function}"


def message(function, names, stage="call", provides=None, lecture=False):
    """What the student reads when ``function`` used ``names`` (``stage``: "call", or "import" when the
    notebook's import of them failed while graded); ``provides``: what the homework's ``course_utils`` offers
    (``lecture``: what a lecture's exercise allows)."""
    own = sorted(n for n in names if not n.startswith("course_utils.") or n == course_name(function))
    other = sorted(set(names) - set(own))
    offered = [f"`{n}`" for n in sorted(provides or ())]
    parts = []
    if own:
        parts.append(f"{', '.join(f'`{n}`' for n in own)}, which this exercise asks you to write yourself")
    if other and lecture:
        parts.append(f"{', '.join(f'`{n}`' for n in other)}, which this exercise does not allow (of course_utils "
                     f"it may use only {', '.join(offered)})")
    elif other:
        parts.append(f"{', '.join(f'`{n}`' for n in other)}, which this homework does not offer (while graded, "
                     f"course_utils offers only {', '.join(['the checks'] + offered)})")
    what = " and ".join(parts)
    if stage == "call":
        return f"{function} uses {what}: no credit for it. Write the function with NumPy, then run its check again"
    return (f"the notebook imports {what}; it is not available while grading. Write the function with NumPy, "
            "then run its check again")


def _library_targets(dotted):
    """``{(package folder, function name): dotted name}`` without importing anything."""
    targets = {}
    for name in dotted:
        top, attr = name.partition(".")[0], name.rpartition(".")[2]
        try:
            spec = importlib.util.find_spec(top)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                targets[(os.path.abspath(folder) + os.sep, attr)] = name
    return targets


class Watch:
    """Follow the calls made while a check runs; :attr:`used` collects the forbidden names called.

    A forbidden library function is recognised by its name and the package it
    is defined in (``softmax`` defined anywhere under ``scipy/``), however the
    notebook reached it; a ``course_utils`` function by being entered
    directly from code outside ``course_utils`` (the course's own helpers
    calling each other do not count) and not being in ``provides``.
    ``provides=None`` polices only the course's own ``function``.
    """

    def __init__(self, function, rule):
        self.function, self.used = function, set()
        self.targets = _library_targets(rule.forbidden)
        self.folders = tuple({folder for folder, _ in self.targets})
        self.provides = None if rule.provides is None else set(rule.provides)
        self._previous = None

    def course_function(self, name):
        """Note a ``course_utils`` function the student's code entered, if it is forbidden."""
        if name == self.function or (self.provides is not None and not name.startswith(("<", "_"))
                                     and name not in self.provides and _is_public(name)):
            self.used.add(course_name(name))

    def _course_entry(self, frame, code):
        caller = frame.f_back
        if caller is None or not caller.f_code.co_filename.startswith(_PACKAGE):
            self.course_function(code.co_name)

    def _hook(self, frame, event, arg):
        if event != "call":
            return
        code = frame.f_code
        filename = code.co_filename
        if filename.startswith(_PACKAGE):
            if not filename.startswith(_CHECKS):
                self._course_entry(frame, code)
        elif self.folders and filename.startswith(self.folders):
            for folder, attr in self.targets:
                if code.co_name == attr and filename.startswith(folder):
                    self.used.add(self.targets[(folder, attr)])

    def __enter__(self):
        self._previous = sys.getprofile()
        sys.setprofile(self._hook)
        return self

    def __exit__(self, *exc):
        sys.setprofile(self._previous)
        return False


def _is_public(name):
    package = sys.modules.get("course_utils")
    return name in getattr(package, "__all__", ())


def watching(fn, function, rule):
    """A :class:`Watch` of ``function`` under ``rule``, or a context that watches nothing: under
    :func:`allowed`, and for the autograder's stand-in of a sandboxed function (the sandbox has its own tracer)."""
    if _ALLOWED.get() or getattr(fn, "_course_grade_remote", False):
        return contextlib.nullcontext(None)
    watch = Watch(function, rule)
    try:
        target = inspect.unwrap(getattr(fn, "func", fn))      # functools.partial too
    except ValueError:
        target = fn
    module = getattr(target, "__module__", None) or ""
    if module.startswith("course_utils.") and not module.startswith("course_utils.checks"):
        watch.course_function(getattr(target, "__name__", ""))    # handed to the check itself
    return watch
