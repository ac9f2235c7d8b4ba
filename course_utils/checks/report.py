"""Run a lecture exercise's check and print its verdict, so that a lecture always runs to its end.

A homework check raises :class:`NotAttempted` or :class:`Incorrect` (an autograder counts the failed
test).  A lecture is not graded: its coding exercises call their check through :func:`report`, which
prints the same verdict, in the same words, and lets Restart and Run All go on to the next lecture
cell, whether the exercise is blank, wrong or right.
"""

from .core import Forbidden, Incorrect, NotAttempted


def report(check, fn):
    """Run ``check(fn)`` and print its verdict instead of raising it.

    Parameters
    ----------
    check : callable
        A check of the course (``check_<name>``), or one made with :func:`make_check`.
    fn : callable
        The function the exercise asks for.

    Prints the check's one line when ``fn`` is correct, else ``"Not attempted yet: "``, ``"Incorrect: "`` or
    ``"Forbidden: "`` and the check's message, and returns None (nothing to show below a cell).

    Examples
    --------
    >>> import numpy as np
    >>> from course_utils.checks import expect_close, make_check
    >>> check_double = make_check("double", lambda fn: expect_close(fn(np.array([1.0, 2.0])), [2.0, 4.0],
    ...                                                              on="[1, 2]"))
    >>> def double(v):
    ...     raise NotImplementedError()
    >>> report(check_double, double)
    Not attempted yet: double is not attempted yet: replace `raise NotImplementedError` with your code
    >>> report(check_double, lambda v: v + v)
    check_double: correct (1 calls compared)
    >>> report(check_double, lambda v: v * v)
    Incorrect: double: the result on [1, 2] at index [0] is 1, expected 2 (relative error 0.5, allowed 1e-09)
    """
    try:
        check(fn)
    except NotAttempted as exc:
        print(f"Not attempted yet: {exc}")
    except Forbidden as exc:
        print(f"Forbidden: {exc}")
    except Incorrect as exc:
        print(f"Incorrect: {exc}")
