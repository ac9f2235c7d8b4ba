"""Shared fixtures for the course_utils unit tests."""

import numpy as np
import pytest

from course_utils import add_bias, load_digits, standardize, train_test_split


@pytest.fixture(scope="session")
def digits_split():
    """Standardized, bias-augmented digits split (seed 0, 25 % test), read-only arrays."""
    X, y = load_digits()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.25, seed=0)
    X_tr, X_te = standardize(X_tr, X_te)
    out = {
        "X_tr": X_tr, "X_te": X_te, "y_tr": y_tr, "y_te": y_te,
        "Xb_tr": add_bias(X_tr), "Xb_te": add_bias(X_te),
    }
    for arr in out.values():
        arr.setflags(write=False)   # a function writing into its input fails loudly
    return out


def random_problem(seed, N=7, D=4, K=3, scale=1.0):
    """A seeded random softmax-regression problem (W, X, y) with every class present when N >= K."""
    rng = np.random.default_rng(seed)
    X = add_bias(scale * rng.standard_normal((N, D - 1))) if D > 1 else np.ones((N, 1))
    W = rng.standard_normal((D, K))
    y = rng.permutation(np.arange(N) % K)
    return W, X, y
