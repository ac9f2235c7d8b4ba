"""Checks for the homework exercises: say WHAT is wrong, never credit a wrong or unattempted answer.

Each ``check_<name>(fn)`` runs the student's function ``fn`` on fixed, seeded
inputs (no global random state), from simple to numerically hard, and compares
it with the reference implementation of the same name in ``course_utils``:

* correct: prints one line with the measured error and returns a :class:`CheckResult`;
* still ``raise NotImplementedError``: raises :class:`NotAttempted`;
* wrong: raises :class:`Incorrect` whose message names the input or property
  that failed and the likely mistake, in words (never the solution code);
* using what the exercise asks the student to write (``scipy.special.softmax``,
  the course's own ``course_utils.softmax``, listed per check in
  :data:`course_utils.checks.forbidden.RULES`): raises :class:`Forbidden`, an
  ``Incorrect``, whatever it returns, as the autograder gives it no credit.

Both exceptions are ``AssertionError`` subclasses, so autograders (nbgrader,
otter) count them as failed tests.  A student function that raises, returns
``None``, a list of the wrong length, NaN or a wrong shape gets a diagnosis; a
check never crashes.

The exercises and their signatures (sign convention: the ``grad_log_likelihood*``
functions return the gradient of the log-likelihood, the ascent direction
X^T (Y - S), summed over samples):

- ``softmax(a, axis=-1)``: :func:`check_softmax`
- ``log_likelihood(W, X, y)``: :func:`check_log_likelihood`
- ``softmax_jacobian(s)``: :func:`check_softmax_jacobian`
- ``grad_log_likelihood_loop(W, X, y)``: :func:`check_grad_log_likelihood_loop`
- ``grad_log_likelihood(W, X, y)``, vectorized and timed: :func:`check_grad_log_likelihood`
- ``grad_log_likelihood_sample(W, x, y)``: :func:`check_grad_log_likelihood_sample`
- ``numerical_gradient(f, W, h=1e-5)``: :func:`check_numerical_gradient`
- ``relative_error(a, b, floor=1e-8)``: :func:`check_relative_error`
- ``train_sgd(X, y, num_classes, lr, epochs, batch_size, seed)``: :func:`check_train_sgd`
  (the contract is documented in :func:`course_utils.training.train_sgd`)

The coding exercises of lectures 05 to 08, one per lecture, have checks of the same kind; a lecture calls
them through :func:`report`, which prints the verdict instead of raising it, so the lecture runs to its end:

- ``safe_learning_rate(X, l2)`` (05): :func:`check_safe_learning_rate`
- ``spot_check(f, G, W, entries, h=1e-5)`` (06): :func:`check_spot_check`
- ``minibatch_gradient(W, X, y, batch)`` (07): :func:`check_minibatch_gradient`
- ``validation_loss(X, y, num_classes, l2, folds=5)`` (08): :func:`check_validation_loss`

An instructor adding an exercise makes a check of the same kind from a plain
comparison with :func:`make_check` (see :mod:`course_utils.checks.custom`).

Examples
--------
>>> import numpy as np
>>> def my_softmax(a, axis=-1):
...     e = np.exp(a - np.max(a, axis=axis, keepdims=True))
...     return e / e.sum(axis=axis, keepdims=True)
>>> result = check_softmax(my_softmax)                   # doctest: +ELLIPSIS
check_softmax: correct (max relative error ... over 12 test cases)

>>> from course_utils import softmax
>>> check_softmax(softmax)
Traceback (most recent call last):
...
course_utils.checks.Forbidden: softmax uses `course_utils.softmax`, which this exercise asks you to write yourself: no credit for it. Write the function with NumPy, then run its check again

>>> def my_softmax(a, axis=-1):
...     raise NotImplementedError
>>> check_softmax(my_softmax)
Traceback (most recent call last):
...
course_utils.checks.NotAttempted: softmax is not attempted yet: replace `raise NotImplementedError` with your code

>>> def my_softmax(a, axis=-1):
...     e = np.exp(a)
...     return e / e.sum(axis=axis, keepdims=True)
>>> check_softmax(my_softmax)                            # doctest: +ELLIPSIS
Traceback (most recent call last):
...
course_utils.checks.Incorrect: softmax: wrong result on large logits near 1000 ... Numerical overflow: ...
"""

from .core import CheckResult, Forbidden, Incorrect, NotAttempted
from .forbidden import allowed
from .custom import expect_close, make_check
from .report import report
from .testfunctions import TestFunction
from .gradients import (
    SPEED_LIMIT, check_grad_log_likelihood, check_grad_log_likelihood_loop,
    check_grad_log_likelihood_sample,
)
from .gradcheck import check_numerical_gradient, check_relative_error
from .likelihood import check_log_likelihood
from .softmax import check_softmax, check_softmax_jacobian
from .spot_check import check_spot_check
from .step_size import check_safe_learning_rate
from .minibatch import check_minibatch_gradient
from .cross_validation import check_validation_loss
from .training import MIN_ACCURACY, TIME_BUDGET, check_train_sgd

__all__ = [
    "NotAttempted", "Incorrect", "Forbidden", "CheckResult", "allowed", "TestFunction", "make_check", "expect_close",
    "report",
    "check_softmax", "check_log_likelihood", "check_softmax_jacobian",
    "check_grad_log_likelihood_loop", "check_grad_log_likelihood", "check_grad_log_likelihood_sample",
    "check_numerical_gradient", "check_relative_error", "check_train_sgd",
    "check_safe_learning_rate", "check_spot_check", "check_minibatch_gradient", "check_validation_loss",
    "SPEED_LIMIT", "MIN_ACCURACY", "TIME_BUDGET",
]

