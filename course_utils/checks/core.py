"""Shared machinery of :mod:`course_utils.checks`: the exceptions, test cases and the check wrapper.

A check runs a student's function on a list of :class:`Case` objects, from
simple to hard (see :mod:`course_utils.checks.diagnose` for the comparison
and the diagnosis, :mod:`course_utils.checks.call` for calling student
code).  The :func:`check` decorator makes sure that nothing but
:class:`NotAttempted` or :class:`Incorrect` ever leaves a check.
"""

import functools
import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import forbidden as _forbidden


class NotAttempted(AssertionError):
    """The exercise still raises ``NotImplementedError``: not attempted yet (no credit)."""


class Incorrect(AssertionError):
    """The function ran but is wrong; the message says on which input and the likely mistake."""


class Forbidden(Incorrect):
    """The function uses what the exercise asks the student to write (a library function, the course's own
    implementation): no credit, whatever it returns; the autograder's status ``forbidden import``."""


# Shown as ``course_utils.checks.Incorrect`` in tracebacks: the public home of these classes.
NotAttempted.__module__ = Incorrect.__module__ = Forbidden.__module__ = "course_utils.checks"


@dataclass(frozen=True)
class CheckResult:
    """What a passed check measured; printed as one line when the check passes.

    Attributes
    ----------
    check : str
        The name of the check, e.g. ``"check_softmax"``.
    summary : str
        The measured quantities, e.g. ``"max relative error 3.1e-16 over 9 test cases"``.
    max_error : float or None
        The largest relative error over the cases (None where not applicable).
    n_cases : int
        The number of inputs tried.
    speed_ratio : float or None
        Time of the student's function / time of the reference (only check_grad_log_likelihood).
    accuracy : float or None
        Test accuracy reached (only check_train_sgd).

    The printed line holds no timing, so that it is the same on every run.
    """

    check: str
    summary: str
    max_error: float = None
    n_cases: int = 0
    speed_ratio: float = None
    accuracy: float = None

    def __str__(self):
        return f"{self.check}: correct ({self.summary})"

    def _ipython_display_(self):
        """Show nothing in Jupyter: the check has already printed its one line."""


@dataclass(frozen=True)
class Spec:
    """How to talk about one exercise function.

    ``name`` is the function's name, ``signature`` its required signature
    (quoted in hints), ``arg_names`` the names of its positional arguments
    (for the "modifies its input" diagnosis); the hints are appended to the
    diagnosis of an IndexError, of a shape error and of an input modified in place.
    ``reduces``: the function's own computation reduces along an axis (a sum,
    a max), so a vector of one number per row may be a reduction without
    keepdims; False where no reduction belongs (a numerical gradient).
    """

    name: str
    signature: str
    arg_names: tuple
    index_hint: str = ""
    shape_hint: str = ""
    mutation_hint: str = "Compute new arrays (or work on a copy) instead of writing into the arguments."
    reduces: bool = True


@dataclass
class Case:
    """One input of a check.

    Attributes
    ----------
    desc : str
        Human description of the input, used after "on": "a 1-D vector of 5 logits".
    args, kwargs : tuple, dict
        The call ``fn(*args, **kwargs)``; array arguments are compared to
        copies after the call to catch in-place modification.
    expected : ndarray or float
        The reference output.
    mistakes : list of (output or callable, str)
        Fingerprints: what a known mistake returns on this input, and its diagnosis.
        A callable is evaluated lazily, only when the student's output is wrong.
    explain : callable, optional
        ``explain(got) -> str or None``, a case-specific diagnosis tried after
        the fingerprints, ``got`` being the student's output as an array.
    hint : str
        Appended to the diagnosis of an exception or a wrong shape on this input.
    sizes : dict, optional
        The problem's sizes in its symbols, ``{"N": 7, "D": 4, "K": 3}``: shapes in a failure are read in
        them (:mod:`course_utils.checks.symbols`).
    remake : callable, optional
        ``remake(sizes) -> Case``: the same kind of input with other sizes, for calling the function again
        when a failure names a size that is none of this case's (:mod:`course_utils.checks.size_probe`).
    fallback : str
        Said after the worst entry when nothing else explains a wrong value: what sets this input apart
        from the earlier cases, which were right.
    """

    desc: str
    args: tuple
    expected: object
    kwargs: dict = field(default_factory=dict)
    mistakes: list = field(default_factory=list)
    explain: object = None
    hint: str = ""
    sizes: dict = None
    remake: object = None
    fallback: str = ""


class ProbeMisuse(Exception):
    """Raised by a probe function handed to the student (e.g. ``f`` of numerical_gradient) misused by them."""


# ------------------------------------------------------------------ formatting


def fmt_num(x, digits=4):
    """A number as a user would read it: 0.1235, -1.2e+03, nan."""
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    return f"{x:.{digits}g}"


def _truncate(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ------------------------------------------------------------------ the public wrapper


_PARAMETERS = """

    Parameters
    ----------
    fn : callable
        The student's ``{func}``."""
_RETURNS = """

    Returns
    -------
    CheckResult
        What the check measured, also printed as one line: "{check}: correct (...)".

    Raises
    ------
    NotAttempted
        ``fn`` still raises ``NotImplementedError``.
    Incorrect
        Otherwise wrong; the message names the input and the likely mistake, in words.
"""


def _document(doc, check_name, func_name):
    """The check's own description, with the Parameters (unless given), Returns and Raises every check shares."""
    doc = (doc or "").rstrip()
    if "Parameters\n" not in doc:
        doc += _PARAMETERS.format(func=func_name)
    return doc + _RETURNS.format(check=check_name)


def check(check_name, func_name, rule=None):
    """Decorate a check body ``body(fn, **options) -> CheckResult``.

    The wrapper rejects a non-callable argument, silences floating-point
    warnings of the student's code (the check explains overflow itself),
    turns any unexpected exception into :class:`Incorrect`, raises
    :class:`Forbidden` when the function used what ``rule`` (default: the
    check's entry in :data:`course_utils.checks.forbidden.RULES`) forbids,
    and prints the one-line result.  The body's docstring gets the sections
    every check shares (parameter ``fn``, Returns, Raises).
    """
    rule = rule or _forbidden.RULES.get(check_name, _forbidden.Rule((), None))

    def decorate(body):
        body.__doc__ = _document(body.__doc__, check_name, func_name)
        @functools.wraps(body)
        def wrapper(fn, **options):
            if not callable(fn):
                raise Incorrect(
                    f"{check_name} expects the function {func_name} itself, got a "
                    f"{type(fn).__name__}: pass the name without calling it, "
                    f"as in {check_name}({func_name})"
                )
            failure = None
            with np.errstate(all="ignore"), warnings.catch_warnings(), \
                    _forbidden.watching(fn, func_name, rule) as watch:
                warnings.simplefilter("ignore")
                try:
                    result = body(fn, **options)
                except (NotAttempted, Incorrect) as exc:
                    failure = exc
                except Exception as exc:   # an output so odd that comparing it failed
                    failure = Incorrect(
                        f"{check_name} could not judge the result of {func_name}: comparing it "
                        f"raised {type(exc).__name__}: {_truncate(exc)}. Make sure it returns "
                        f"a NumPy array of float64 numbers."
                    )
                    failure.__cause__ = exc
            if watch is not None and watch.used:
                raise Forbidden(_forbidden.message(func_name, watch.used, provides=rule.provides,
                                                    lecture=rule.lecture)) from failure
            if failure is not None:
                raise failure
            print(result)
            return result

        wrapper.forbidden = tuple(rule.forbidden)
        wrapper.provides = None if rule.provides is None else tuple(rule.provides)
        return wrapper

    return decorate


def problem(seed, N, D, K, x_scale=1.0, w_scale=1.0):
    """A seeded problem (W, X, y): X bias-augmented (N, D), W (D, K), y covering all classes."""
    rng = np.random.default_rng(seed)
    X = np.hstack([np.ones((N, 1)), x_scale * rng.standard_normal((N, D - 1))])
    W = w_scale * rng.standard_normal((D, K))
    y = rng.permutation(np.arange(N) % K)
    return W, X, y


def problem_sizes(W, X):
    """The sizes of a problem in its symbols, ``{"N": 7, "D": 4, "K": 3}`` (X of shape (N, D), W of shape (D, K))."""
    return {"N": X.shape[0], "D": W.shape[0], "K": W.shape[1]}


def problem_remake(seed, reference, **scales):
    """``remake(sizes)`` (:attr:`Case.remake`): the problem of ``seed`` with other sizes, its expected result
    ``reference(W, X, y)``, for the probes of a failure."""
    def remake(sizes):
        W, X, y = problem(seed, sizes["N"], sizes["D"], sizes["K"], **scales)
        return Case(f"a problem with {sizes}", (W, X, y), reference(W, X, y), sizes=sizes)
    return remake
