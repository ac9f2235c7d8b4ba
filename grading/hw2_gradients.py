"""Tests for homework 2: Jacobian, loop and vectorized gradients, numerical gradient, relative error."""

import pathlib

import numpy as np

from course_utils import (
    grad_log_likelihood, numerical_gradient, relative_error, softmax, softmax_jacobian,
)
from course_utils.checks import (
    check_grad_log_likelihood, check_grad_log_likelihood_loop, check_numerical_gradient,
    check_relative_error, check_softmax_jacobian,
)
from course_utils.checks import TestFunction
from course_utils.grading.spec import Question, written_questions

from _hidden import assert_close, problem


def hidden_jacobian(fn):
    rng = np.random.default_rng(7201)
    s = softmax(rng.normal(size=(3, 6)))
    assert_close(fn(s.copy()), softmax_jacobian(s))


def _hidden_grad(fn):
    rng = np.random.default_rng(7202)
    W, X, y = problem(rng, 23, 5, 4, 2.0)
    assert_close(fn(W.copy(), X.copy(), y.copy()), grad_log_likelihood(W, X, y))


def hidden_numerical_gradient(fn):
    rng = np.random.default_rng(7203)
    W = rng.normal(size=(3, 2))
    f = TestFunction("sum_sin")
    assert_close(fn(f, W.copy(), 1e-5), numerical_gradient(f, W, 1e-5), rtol=1e-6, atol=1e-9)


def hidden_relative_error(fn):
    rng = np.random.default_rng(7204)
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    a[0, 0] = b[0, 0] = 0.0
    assert_close(fn(a.copy(), b.copy()), relative_error(a, b))


#: What the exercise hands out: the notebook imports these from course_utils.
PROVIDES = ("one_hot", "softmax")

#: What may not be used comes with each public check (check_numerical_gradient.forbidden...).
QUESTIONS = [
    Question("softmax_jacobian", 2, [check_softmax_jacobian], [hidden_jacobian]),
    Question("grad_log_likelihood_loop", 2, [check_grad_log_likelihood_loop], [_hidden_grad]),
    Question("grad_log_likelihood", 2, [check_grad_log_likelihood], [_hidden_grad]),
    Question("numerical_gradient", 2, [check_numerical_gradient], [hidden_numerical_gradient]),
    Question("relative_error", 1, [check_relative_error], [hidden_relative_error]),
]

#: The written answers, graded by hand (course-grade manual): read from the worked notebook.
WRITTEN = written_questions(pathlib.Path(__file__).resolve().parent.parent / "solutions" / "hw2_gradients.ipynb")
