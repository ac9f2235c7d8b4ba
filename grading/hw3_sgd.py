"""Tests for homework 3: the single-sample gradient and the SGD trainer."""

import numpy as np

from course_utils import grad_log_likelihood_sample
from course_utils.checks import check_grad_log_likelihood_sample, check_train_sgd
from course_utils.grading.spec import Question, Written

from _hidden import assert_close, problem


def hidden_sample(fn):
    rng = np.random.default_rng(7301)
    W, X, y = problem(rng, 3, 6, 5, 3.0)
    for j in range(3):
        assert_close(fn(W.copy(), X[j].copy(), int(y[j])), grad_log_likelihood_sample(W, X[j], int(y[j])))


#: What the exercise hands out: building blocks and the data helpers, to try the trainer on digits.
PROVIDES = ("add_bias", "one_hot", "softmax", "load_digits", "load_iris", "standardize", "train_test_split")

QUESTIONS = [
    Question("grad_log_likelihood_sample", 2, [check_grad_log_likelihood_sample], [hidden_sample]),
    Question("train_sgd", 3, [check_train_sgd]),
]

#: The written answers, graded by hand (course-grade manual): each graded markdown cell of the worked
#: notebook, its points and the question above it (tests/test_grading_spec.py checks they agree).
WRITTEN = [
    Written('q1_outer', 1, (
        "## Question 1 (written): one sample's gradient as an outer product\n"
        '\n'
        'For one sample $(\\tilde{x}, y)$, $\\ell = a_y - \\log \\sum_c e^{a_c}$ with $a = W^\\top \\tilde{x}$. Show that the\n'
        'gradient with respect to the whole matrix $W$ (shape $D \\times K$) is the outer product $\\tilde{x}\\,(e_y - \\sigma)^\\top$,\n'
        'where $e_y$ is the one-hot vector of $y$.'
    )),
    Written('q2_minibatch', 1, (
        '## Question 2 (written): why minibatches?\n'
        '\n'
        'The full-batch gradient of the mean log-likelihood is $\\frac{1}{N}\\sum_j \\nabla \\ell_j$. Explain why the mean\n'
        'gradient of a random minibatch is an unbiased estimate of it, and what the batch size trades off.'
    )),
]
