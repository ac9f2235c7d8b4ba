"""course_utils: the helper package of the softmax-regression course.

Conventions (the course's notation): ``X`` (N, D) rows are bias-augmented
inputs x~, ``W`` (D, K) column k is w_k, ``y`` (N,) integer labels in 0..K-1,
``A = X @ W`` the logits, ``S = softmax(A)``, ``Y = one_hot(y, K)``.
Gradients ``dW`` have the shape of ``W``.
"""

from .data import load_digits, load_iris, make_blobs_2d, standardize, train_test_split
from .gradcheck import GradCheckResult, gradient_check, numerical_gradient, relative_error
from .gradients import (
    grad_log_likelihood, grad_log_likelihood_loop, grad_log_likelihood_sample, loss_and_grad,
)
from .jacobian import softmax_jacobian, softmax_jvp
from .likelihood import likelihood, log_likelihood
from .numerics import add_bias, log_softmax, logsumexp, one_hot, softmax
from .metrics import accuracy, confusion_matrix, predict
from .training import History, fit_lbfgs, gradient_ascent, sgd, train_sgd

__all__ = [
    "add_bias", "one_hot", "logsumexp", "softmax", "log_softmax",
    "likelihood", "log_likelihood",
    "softmax_jacobian", "softmax_jvp",
    "grad_log_likelihood", "grad_log_likelihood_loop", "grad_log_likelihood_sample", "loss_and_grad",
    "numerical_gradient", "gradient_check", "relative_error", "GradCheckResult",
    "load_digits", "load_iris", "make_blobs_2d", "standardize", "train_test_split",
    "predict", "accuracy", "confusion_matrix", "gradient_ascent", "sgd", "train_sgd", "fit_lbfgs",
    "History",
]
