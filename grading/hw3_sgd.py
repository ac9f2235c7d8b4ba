"""Tests for homework 3: the single-sample gradient and the SGD trainer."""

import pathlib

import numpy as np

from course_utils import grad_log_likelihood_sample
from course_utils.checks import check_grad_log_likelihood_sample, check_train_sgd
from course_utils.grading.spec import Question, written_questions

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

#: The written answers, graded by hand (course-grade manual): read from the worked notebook.
WRITTEN = written_questions(pathlib.Path(__file__).resolve().parent.parent / "solutions" / "hw3_sgd.ipynb")
