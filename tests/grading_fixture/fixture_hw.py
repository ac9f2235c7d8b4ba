"""A homework of the autograder's own tests: softmax and log_likelihood, graded by the course's checks.

Independent of the live homework: editing ``grading/`` or ``solutions/`` does
not change these tests.  ``SECRET`` appears only here and in the hidden
check's failure message, so a record that contains it leaked the tests.
"""

import numpy as np

from course_utils import softmax as reference_softmax
from course_utils.checks import check_log_likelihood, check_softmax
from course_utils.grading.spec import Question

SECRET = "fixture-hidden-secret-6b1d"


def hidden_softmax(fn):
    a = np.random.default_rng(5).normal(scale=50.0, size=(4, 6))
    got = np.asarray(fn(a.copy()), dtype=float)
    assert got.shape == a.shape and np.allclose(got, reference_softmax(a), rtol=1e-9, atol=1e-12), SECRET


PROVIDES = ("one_hot",)
QUESTIONS = [
    Question("softmax", 2, public=[check_softmax], hidden=[hidden_softmax], forbidden=["scipy.special.softmax"]),
    Question("log_likelihood", 3, public=[check_log_likelihood],
             forbidden=["scipy.special.logsumexp", "scipy.special.log_softmax"]),
]
