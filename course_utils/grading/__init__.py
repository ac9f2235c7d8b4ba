"""Autograder for the homework notebooks: student code runs in sandboxes, verdicts in the grader.

Command line: ``course-grade`` (see :mod:`course_utils.grading.cli`).
"""
