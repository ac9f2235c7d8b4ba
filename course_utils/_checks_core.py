"""Shared machinery of :mod:`course_utils.checks`: the exceptions, test cases, calling student code.

A check runs a student's function on a list of :class:`Case` objects, from
simple to hard (see :mod:`course_utils._checks_diagnose` for the comparison
and the diagnosis).  :func:`call` turns whatever the student's function does
(raise, change its inputs in place) into :class:`NotAttempted` or
:class:`Incorrect`, and the :func:`check` decorator makes sure that nothing
else ever leaves a check.
"""

import functools
import math
import os
import sysconfig
import warnings
from dataclasses import dataclass, field

import numpy as np


class NotAttempted(AssertionError):
    """The exercise still raises ``NotImplementedError``: not attempted yet (no credit)."""


class Incorrect(AssertionError):
    """The function ran but is wrong; the message says on which input and the likely mistake."""


# Shown as ``course_utils.checks.Incorrect`` in tracebacks: the public home of both classes.
NotAttempted.__module__ = Incorrect.__module__ = "course_utils.checks"


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
    """

    name: str
    signature: str
    arg_names: tuple
    index_hint: str = ""
    shape_hint: str = ""
    mutation_hint: str = "Compute new arrays (or work on a copy) instead of writing into the arguments."


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
    """

    desc: str
    args: tuple
    expected: object
    kwargs: dict = field(default_factory=dict)
    mistakes: list = field(default_factory=list)
    explain: object = None
    hint: str = ""


class ProbeMisuse(Exception):
    """Raised by a probe function handed to the student (e.g. ``f`` of numerical_gradient) misused by them."""


# ------------------------------------------------------------------ formatting


def fmt_num(x, digits=4):
    """A number as a user would read it: 0.1235, -1.2e+03, nan."""
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    return f"{x:.{digits}g}"


def fmt_pair(new, old):
    """Two numbers with just enough digits to tell them apart."""
    for digits in (4, 8, 12, 17):
        a, b = fmt_num(new, digits), fmt_num(old, digits)
        if a != b:
            break
    return a, b


def _truncate(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def not_attempted(name, exc, fn=None):
    """The NotAttempted for a ``NotImplementedError``; names the function that raised it if not ``fn``."""
    where = ""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    code = getattr(fn, "__code__", None)
    if (tb is not None and code is not None and tb.tb_frame.f_code is not code
            and not _is_library_file(tb.tb_frame.f_code.co_filename)):
        where = f" (the NotImplementedError comes from `{tb.tb_frame.f_code.co_name}`, which it calls)"
    return NotAttempted(
        f"{name} is not attempted yet{where}: replace `raise NotImplementedError` with your code"
    )


def _is_library_file(filename):
    """True for files of course_utils itself, of installed packages and of the standard library."""
    path = os.path.abspath(filename)
    roots = [os.path.dirname(os.path.abspath(__file__)), sysconfig.get_paths()["stdlib"]]
    return ("site-packages" in path or "dist-packages" in path
            or any(path.startswith(root + os.sep) for root in roots))


def _exception_hint(spec, exc, case):
    text = str(exc)
    hints = []
    if isinstance(exc, TypeError) and ("argument" in text or "positional" in text):
        hints.append(f"check that your function has exactly the signature {spec.signature}")
    elif isinstance(exc, IndexError) and spec.index_hint:
        hints.append(spec.index_hint)
    elif isinstance(exc, ValueError) and ("broadcast" in text or "shape" in text or "align" in text
                                          or "mismatch" in text) and spec.shape_hint:
        hints.append(spec.shape_hint)
    elif isinstance(exc, NameError):
        hints.append("a name is not defined: a typo, or a variable that only exists in another cell?")
    elif isinstance(exc, RecursionError):
        hints.append("the function calls itself without end (does it call its own name?)")
    if case.hint:
        hints.append(case.hint)
    return "".join(f" Hint: {h}." for h in hints)


# ------------------------------------------------------------------ calling


def _snapshot(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    return None


def call(fn, spec, case, restore_tol=0.0):
    """Call ``fn(*case.args, **case.kwargs)``, turning every failure into NotAttempted/Incorrect.

    Array arguments must be unchanged afterwards (up to ``restore_tol``
    relative round-off, for functions that perturb and restore entries).
    """
    copies = [_snapshot(a) for a in case.args]
    try:
        out = fn(*case.args, **case.kwargs)
    except NotImplementedError as exc:
        raise not_attempted(spec.name, exc, fn) from None
    except ProbeMisuse as exc:
        raise Incorrect(f"{spec.name}: {exc} (on {case.desc})") from None
    except Exception as exc:
        raise Incorrect(
            f"{spec.name} raised {type(exc).__name__}: {_truncate(exc)} -- on {case.desc}."
            f"{_exception_hint(spec, exc, case)}"
        ) from exc
    for name, before, after in zip(spec.arg_names, copies, case.args):
        if before is None:
            continue
        changed = _changed_entries(before, after, restore_tol)
        if changed is not None:
            idx, old, new = changed
            new, old = fmt_pair(new, old)
            raise Incorrect(
                f"{spec.name} modifies its input `{name}` in place: after the call on {case.desc}, "
                f"{name}[{', '.join(map(str, idx))}] is {new} instead of {old}. {spec.mutation_hint}"
            )
    return out


def _changed_entries(before, after, tol):
    """``(index, old, new)`` of the first changed entry, or None if ``after`` still equals ``before``."""
    if after.shape != before.shape:
        return (("...",), float("nan"), float("nan"))
    if tol == 0.0:
        same = (after == before) | (np.isnan(after) & np.isnan(before))
    else:
        same = np.abs(after - before) <= tol * np.maximum(np.abs(before), 1e-300)
    if np.all(same):
        return None
    idx = tuple(int(i) for i in np.argwhere(~same)[0])
    return idx, before[idx], after[idx]


# ------------------------------------------------------------------ the public wrapper


def check(check_name, func_name):
    """Decorate a check body ``body(fn, **options) -> CheckResult``.

    The wrapper rejects a non-callable argument, silences floating-point
    warnings of the student's code (the check explains overflow itself),
    turns any unexpected exception into :class:`Incorrect`, and prints the
    one-line result.
    """

    def decorate(body):
        @functools.wraps(body)
        def wrapper(fn, **options):
            if not callable(fn):
                raise Incorrect(
                    f"{check_name} expects the function {func_name} itself, got a "
                    f"{type(fn).__name__}: pass the name without calling it, "
                    f"as in {check_name}({func_name})"
                )
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    result = body(fn, **options)
                except (NotAttempted, Incorrect):
                    raise
                except Exception as exc:   # an output so odd that comparing it failed
                    raise Incorrect(
                        f"{check_name} could not judge the result of {func_name}: comparing it "
                        f"raised {type(exc).__name__}: {_truncate(exc)}. Make sure it returns "
                        f"a NumPy array of float64 numbers."
                    ) from exc
            print(result)
            return result

        return wrapper

    return decorate


def problem(seed, N, D, K, x_scale=1.0, w_scale=1.0):
    """A seeded problem (W, X, y): X bias-augmented (N, D), W (D, K), y covering all classes."""
    rng = np.random.default_rng(seed)
    X = np.hstack([np.ones((N, 1)), x_scale * rng.standard_normal((N, D - 1))])
    W = w_scale * rng.standard_normal((D, K))
    y = rng.permutation(np.arange(N) % K)
    return W, X, y
