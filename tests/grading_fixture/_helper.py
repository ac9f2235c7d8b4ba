"""A helper module of the tests folder, as a course keeps its shared hidden-test code: not a homework.

A student's notebook named ``_helper.ipynb`` must never make the grader load this file as its tests.
"""

raise RuntimeError("_helper.py is not a homework and must never be loaded as one")
