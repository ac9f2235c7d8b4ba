"""Tests for homework 2: Jacobian, loop and vectorized gradients, numerical gradient, relative error."""

import numpy as np

from course_utils import (
    grad_log_likelihood, numerical_gradient, relative_error, softmax, softmax_jacobian,
)
from course_utils.checks import (
    check_grad_log_likelihood, check_grad_log_likelihood_loop, check_numerical_gradient,
    check_relative_error, check_softmax_jacobian,
)
from course_utils.checks import TestFunction
from course_utils.grading.spec import Question, Written

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

#: The written answers, graded by hand (course-grade manual): each graded markdown cell of the worked
#: notebook, its points and the question above it (tests/test_grading_spec.py checks they agree).
WRITTEN = [
    Written('q1_jacobian', 1, (
        '## Question 1 (written): the derivative of softmax\n'
        '\n'
        "With $\\sigma_k = e^{a_k} / \\sum_c e^{a_c}$, derive $\\partial \\sigma_k / \\partial a_{k'}$ by the quotient rule, for\n"
        "$k = k'$ and for $k \\neq k'$, and write the $K \\times K$ matrix of all of them in terms of $\\sigma$ alone."
    )),
    Written('q2_cases', 1, (
        '## Question 2 (written): the per-sample case formula\n'
        '\n'
        'For one sample, $\\ell_j = a_{y_j} - \\log\\sum_c e^{a_c}$. Using the chain rule\n'
        '$\\frac{\\partial \\ell_j}{\\partial \\tilde{w}_k} = \\frac{\\partial \\ell_j}{\\partial a_k}\\frac{\\partial a_k}{\\partial \\tilde{w}_k}$,\n'
        'give $\\partial \\ell_j / \\partial \\tilde{w}_k$ in the two cases $y_j = k$ and $y_j \\neq k$.'
    )),
    Written('q3_matrix', 1, (
        '## Question 3 (written): the matrix form\n'
        '\n'
        'Show that entry $(d, k)$ of the summed gradient, $\\sum_j x_{jd}\\,(\\mathbb{1}\\{y_j = k\\} - \\sigma_k(\\tilde{x}_j))$, is\n'
        'entry $(d, k)$ of $\\mathbf{X}^\\top(\\mathbf{Y} - \\mathbf{S})$, and check the shapes.'
    )),
    Written('q4_central', 1, (
        '## Question 4 (written): central differences\n'
        '\n'
        'Using Taylor expansions of $f(w \\pm h)$, show that the central difference $\\frac{f(w+h) - f(w-h)}{2h}$ has error\n'
        '$O(h^2)$ while the forward difference $\\frac{f(w+h) - f(w)}{h}$ has error $O(h)$. Why does the error grow again\n'
        'when $h$ is very small?'
    )),
]
