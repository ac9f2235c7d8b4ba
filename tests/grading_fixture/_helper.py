"""A helper module of the tests folder, as a course keeps code its hidden tests share: not a homework.

It defines no ``QUESTIONS``: a student's notebook named ``_helper.ipynb`` must never make the grader load this
file as that notebook's tests (the grader used to, and stopped the whole class on the error).
"""


def shared_problem(seed):
    """A value the homework modules of a course might share."""
    return seed + 1
