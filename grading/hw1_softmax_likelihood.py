"""Tests for homework 1: softmax and log_likelihood."""

import numpy as np

from course_utils import log_likelihood, softmax
from course_utils.checks import check_log_likelihood, check_softmax
from course_utils.grading.spec import Question, Written

from _hidden import assert_close, problem


def hidden_softmax(fn):
    rng = np.random.default_rng(7103)
    for shape, scale in [((11,), 300.0), ((6, 13), 40.0), ((4, 2), 1e4)]:
        a = rng.normal(scale=scale, size=shape)
        assert_close(fn(a.copy()), softmax(a), rtol=1e-9, atol=1e-12)
    a = rng.normal(size=(5, 3))
    assert_close(fn(a.copy(), axis=0), softmax(a, axis=0), rtol=1e-9, atol=1e-12)


def hidden_log_likelihood(fn):
    rng = np.random.default_rng(7104)
    for N, D, K, scale in [(17, 4, 5, 1.0), (9, 3, 7, 80.0)]:
        W, X, y = problem(rng, N, D, K, scale)
        assert_close(fn(W.copy(), X.copy(), y.copy()), log_likelihood(W, X, y), rtol=1e-9)


#: What may not be used comes with each public check (check_softmax.forbidden: scipy.special.softmax...),
#: so that the notebook's check and the grader refuse the same things.
QUESTIONS = [
    Question("softmax", points=3, public=[check_softmax], hidden=[hidden_softmax]),
    Question("log_likelihood", points=3, public=[check_log_likelihood], hidden=[hidden_log_likelihood]),
]

#: The written answers, graded by hand (course-grade manual): each graded markdown cell of the worked
#: notebook, its points and the question above it (tests/test_grading_spec.py checks they agree).
WRITTEN = [
    Written('q1_shift', 1, (
        '## Question 1 (written): why may we subtract the maximum?\n'
        '\n'
        'Show that for any constant $\\gamma$, $\\sigma_k(a - \\gamma) = \\sigma_k(a)$ for every class $k$. Then explain why choosing\n'
        '$\\gamma = m = \\max_c a_c$ **for each row separately** makes the computation safe from overflow (no `inf`) and from\n'
        '$0/0$ (at least one term of the denominator equals 1).'
    )),
    Written('q2_log_softmax', 1, (
        '## Question 2 (written): the log of a softmax probability\n'
        '\n'
        'Show that $\\log \\sigma_{y}(a) = a_{y} - m - \\log \\sum_c e^{a_c - m}$ with $m = \\max_c a_c$, and explain why computing\n'
        '`np.log(softmax(a))[y]` instead can return `-inf` even though the true value is finite (try $a = (0, -1000)$, $y = 1$).'
    )),
]
