"""Helpers shared by the hidden tests: compare a student's output with the reference.

Imported by the grader only. Failures raise ``AssertionError``; the grader
reports them without details.
"""

import numpy as np


def assert_close(got, expected, rtol=1e-7, atol=1e-10):
    got = np.asarray(got, dtype=np.float64) if not isinstance(got, (float, int)) else np.float64(got)
    expected = np.asarray(expected, dtype=np.float64)
    assert np.shape(got) == expected.shape, "wrong shape"
    assert np.all(np.isfinite(got)), "non-finite values"
    assert np.allclose(got, expected, rtol=rtol, atol=atol), "wrong values"


def problem(rng, N, D, K, scale=1.0):
    X = np.column_stack([np.ones(N), rng.normal(size=(N, D - 1))])
    W = scale * rng.normal(size=(D, K))
    y = rng.integers(0, K, size=N)
    return W, X, y
