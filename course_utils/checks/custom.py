"""A check of an instructor's own, made from a plain comparison, with the three outcomes of the course's checks.

An instructor adding a question writes a function that calls the student's
function and compares what it returns (with :func:`expect_close`, or plain
``assert`` statements with a message), and turns it into a check::

    import numpy as np
    from course_utils.checks import expect_close, make_check

    def compare_row_sums(fn):
        expect_close(fn(np.array([[1.0, 2.0], [3.0, 4.0]])), [3.0, 7.0], on="a 2x2 matrix")

    check_row_sums = make_check("row_sums", compare_row_sums)

``check_row_sums(row_sums)`` then behaves like every check of the course: it
prints one line when the comparisons pass, raises :class:`NotAttempted`
while the function still raises ``NotImplementedError`` (so a blank exercise
notebook runs to the end), and :class:`Incorrect` with the failed
comparison's message, or the exception the student's function raised with
the input it got, otherwise.  Keep reference code out of a check students
can read: compare with numbers, or with properties the answer must have.
"""

import numpy as np

from .call import _exception_hint, not_attempted
from .core import Case, CheckResult, Incorrect, NotAttempted, Spec, _truncate, check
from .diagnose import shape_message, to_array
from .forbidden import Rule


def _describe(args, kwargs):
    def one(value):
        shape = np.shape(value) if isinstance(value, (np.ndarray, list, tuple)) else None
        return f"an array of shape {shape}" if shape not in (None, ()) else _truncate(repr(value), 40)
    parts = [one(a) for a in args] + [f"{k}={one(v)}" for k, v in kwargs.items()]
    return "(" + ", ".join(parts) + ")"


class _Guarded:
    """The student's function, whose exceptions become NotAttempted or Incorrect naming the input."""

    def __init__(self, fn, spec):
        self.fn, self.spec, self.calls = fn, spec, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        try:
            return self.fn(*args, **kwargs)
        except NotImplementedError as exc:
            raise not_attempted(self.spec.name, exc, self.fn) from None
        except (NotAttempted, Incorrect):
            raise
        except Exception as exc:
            case = Case(f"the input {_describe(args, kwargs)}", args, None)
            raise Incorrect(f"{self.spec.name} raised {type(exc).__name__}: {_truncate(exc)} -- on {case.desc}."
                            f"{_exception_hint(self.spec, exc, case, self.fn)}") from exc


def make_check(function_name, compare, signature=None, check_name=None, forbidden=(), provides=None):
    """Turn ``compare(fn)`` into a check of the student's ``function_name`` (see the module's example).

    Parameters
    ----------
    function_name : str
        The name of the exercise's function, used in every message.
    compare : callable
        ``compare(fn)`` calls ``fn`` and raises ``AssertionError`` (with a message saying what is wrong)
        when a result is wrong; :func:`expect_close` does that for arrays.
    signature : str, optional
        The required signature, quoted when the student's function is called with the wrong arguments.
    check_name : str, optional
        Default ``"check_" + function_name``.
    forbidden : sequence of str, optional
        Dotted names of library functions that must not do the work (``"scipy.special.softmax"``): the check
        raises ``Forbidden`` when the student's function calls one, as the grader gives it no credit (the
        grader reads them from ``check.forbidden``).
    provides : sequence of str, optional
        The ``course_utils`` names the homework hands out (its grading module's ``PROVIDES``); any other
        ``course_utils`` function is then forbidden too.  Default: only ``course_utils.<function_name>``.

    Returns
    -------
    callable
        ``check(fn) -> CheckResult``, raising NotAttempted or Incorrect.
    """
    name = check_name or f"check_{function_name}"
    spec = Spec(function_name, signature or f"{function_name}(...)", ())

    rule = Rule(tuple(forbidden), None if provides is None else tuple(provides))

    @check(name, function_name, rule)
    def run(fn):
        guarded = _Guarded(fn, spec)
        try:
            compare(guarded)
        except (NotAttempted, Incorrect):
            raise
        except AssertionError as exc:
            raise Incorrect(f"{function_name}: {exc}" if str(exc) else f"{function_name}: a comparison failed "
                            f"({compare.__name__})") from None
        return CheckResult(name, f"{guarded.calls} calls compared", None, guarded.calls)

    run.__name__ = run.__qualname__ = name
    run.__doc__ = f"Check a student's ``{function_name}`` with ``{compare.__name__}`` (see :func:`make_check`)."
    return run


def expect_close(got, expected, on, name="the result", rtol=1e-9, atol=0.0):
    """Raise ``AssertionError`` saying what is wrong unless ``got`` equals ``expected`` within ``rtol``/``atol``.

    ``on`` describes the input ("a 2x2 matrix"); ``name`` what is compared.  ``got`` is judged as the
    course's checks judge a result (:func:`course_utils.checks.returns.return_message`): a NumPy array
    (or, for a single number, a Python or NumPy number or a 1-element array) of float64 or integers.  A
    ``None``, a list or tuple, float16/float32/long double numbers, a non-numeric value, a wrong shape,
    NaN and the worst entry each get their own message.
    """
    expected = np.asarray(expected, dtype=np.float64)
    spec, case = Spec(name, name, ()), Case(on, (), expected)
    try:
        arr = to_array(got, spec, case, expected.shape)
    except Incorrect as exc:
        raise AssertionError(str(exc)) from None
    if arr.shape != expected.shape and not (expected.shape == () and arr.size == 1):
        raise AssertionError(shape_message(spec, case, arr, expected.shape))
    arr = arr.reshape(expected.shape).astype(np.float64)
    with np.errstate(invalid="ignore"):
        excess = np.abs(arr - expected) - (atol + rtol * np.abs(expected))
    excess = np.where(np.isnan(excess), np.inf, excess)
    if np.any(excess > 0):
        idx = np.unravel_index(int(np.argmax(excess)), excess.shape) if excess.ndim else ()
        idx = tuple(int(i) for i in idx)
        where = f" at index {list(idx)}" if idx else ""
        gap = (f"relative error {abs(arr[idx] - expected[idx]) / abs(expected[idx]):.2g}, allowed {rtol:g}"
               if expected[idx] != 0 else f"expected exactly 0 up to {atol:g}")
        raise AssertionError(f"{name} on {on}{where} is {arr[idx]:.6g}, expected {expected[idx]:.6g} ({gap})")
