"""The f a check hands to numerical_gradient, which records its calls, and the explanation of a wrong result.

:class:`Probe` is a :class:`course_utils.checks.testfunctions.TestFunction` (it travels to the autograder's
sandbox by name) that, in this process, also checks how it is called (shape, dtype) and logs every call.
:func:`explainer` explains a wrong result: a wrong default h first; then, from the log, the points f was
evaluated at (:mod:`course_utils.checks.numgrad_log`), how the step answers h
(:mod:`course_utils.checks.numgrad_steps`) and the formula (:mod:`course_utils.checks.numgrad_formula`);
without a log (in the sandbox), from the result alone (:mod:`course_utils.checks.numgrad_explain`, then the
steps).  :func:`raised_hint` says what the log shows when the function raised.  :func:`unless_points_wrong`
silences the check's fingerprints, whose wording assumes the points are right, when the log shows that they are
not.
"""

import numpy as np

from .core import ProbeMisuse
from .numgrad_explain import relation_message
from .numgrad_formula import formula_message
from .numgrad_log import MAX_CALLS, Evaluations, points_message, several
from .numgrad_steps import default_message, log_step_message, step_message
from .numpy_errors import index_error
from .testfunctions import TestFunction


class Probe(TestFunction):
    """The scalar function f handed to the student: checks how it is called, then evaluates it."""

    __test__ = False

    def __init__(self, name, shape, **params):
        super().__init__(name, **params)
        self.shape = shape
        self.log, self.caller, self.origin, self._evaluations = [], None, None, None

    def evaluations(self):
        """The calls logged so far as moves from the case's ``origin`` (W, h), read once: the calls made later, for
        diagnoses, are not part of it."""
        if self._evaluations is None:
            self._evaluations = Evaluations(self.log, *self.origin)
        return self._evaluations

    def plain(self, W):
        """f itself, without the checks on how it is called (for the reference values)."""
        return self._fn(W)

    def __call__(self, W):
        arr = np.asarray(W)
        if arr.shape != self.shape:
            raise ProbeMisuse(
                f"f was called with an array of shape {arr.shape}, but W has shape {self.shape}: "
                f"call f with an array shaped like W, with one entry changed"
            )
        if arr.dtype.kind == "f" and arr.dtype.itemsize < 8:
            raise ProbeMisuse(
                f"f was called with {arr.dtype} numbers: in single precision a step of h = 1e-5 "
                f"is lost in rounding, a precision loss. Keep W in float64"
            )
        value = self._fn(arr)
        if len(self.log) < MAX_CALLS:
            mine = arr is self.caller or (arr.base is self.caller and arr.base is not None)   # W or a view of it
            self.log.append((arr.astype(np.float64), value, mine))
        return value

    def __repr__(self):
        return f"f ({self.name})"


def explainer(fn, spec, probe, expected, steps, default):
    """The explanation of a wrong result on one case, ``explain(got) -> str or None`` (:attr:`Case.explain`).

    Parameters
    ----------
    fn : callable or None
        The student's ``numerical_gradient`` (called again for some diagnoses; None: none of those).
    spec : Spec
        How to call and name it.
    probe : Probe
        The case's f, whose ``origin`` is the case's (W, h).
    expected : ndarray
        The right result.
    steps : tuple
        ``(cubic probe, W)`` of :func:`course_utils.checks.numgrad_steps.step_message`.
    default : bool
        True if the case calls the function without h (its default must be 1e-5).
    """
    W, h = probe.origin

    def explain(got):
        ev = probe.evaluations()
        default_wrong = lambda: default_message(fn, spec, probe, W, expected) if default else None  # noqa: E731
        if not ev.calls and fn is not None and not getattr(fn, "_course_grade_remote", False):
            return ("It never calls the f it is given (f was called 0 times): the partial derivatives are differences "
                    "of values of that f, the function passed as the argument f, not of another function of the "
                    "notebook.")
        if not ev.calls or fn is None:
            return (relation_message(probe.plain, W, h, got, expected) or (default_wrong() if fn else None)
                    or (step_message(fn, spec, *steps) if fn is not None else None))
        wrong_default = default_wrong()
        if wrong_default or not ev.steps_right and not ev.multi:
            return wrong_default or _step_from_log(fn, spec, ev, steps)
        return points_message(ev, got) or formula_message(ev, got)
    return explain


def _step_from_log(fn, spec, ev, steps):
    """How the step answers h (calling the function again), its step named from the log; else the log's steps."""
    message = step_message(fn, spec, *steps, logged=ev.largest) if fn is not None else None
    return message or log_step_message(ev)


def unless_points_wrong(probe, candidate):
    """A fingerprint that stays silent when the log shows wrong points: its wording assumes the points are right."""
    def get():
        ev = probe.evaluations()
        if ev.calls and ev.central() is None:
            raise LookupError("the points are wrong: the log explains it")
        return candidate() if callable(candidate) else candidate
    return get


def raised_hint(ev, text):
    """After the function raised (message ``text``): what its calls of f before that show, or None.

    Several entries moved at once (with, for an index past the rows, the flat index that ran past them).
    """
    past = index_error(text)
    if not ev.multi:
        if (past is not None and ev.W.ndim == 2 and past[1] == 0 and past[2] == ev.W.shape[0]
                and past[0] < ev.W.size and len(ev.single) > past[0]):
            return (f"f was called with one entry moved at a time, {len(ev.single)} entries so far, and then an index "
                    f"{past[0]}, past the {past[2]} rows, was used on axis 0: a number counting the W.size = "
                    f"{ev.W.size} entries (a counter, enumerate) picks ROWS of a 2-D array. Store each derivative at "
                    f"the index of the entry that was moved (its row and column)")
        return None
    hint = several(ev)
    rows = [c[0][0][0] for c in ev.multi if len({ix[0] for ix in c[0]}) == 1]
    if past is not None and ev.W.ndim == 2 and past[1] == 0 and past[0] == ev.W.shape[0] and rows[-1:] == [past[2] - 1]:
        hint += (f" Then the index ran past the last row: an index i counting the W.size = {ev.W.size} entries, "
                 f"used as W[i], picks rows, not entries.")
    return hint
