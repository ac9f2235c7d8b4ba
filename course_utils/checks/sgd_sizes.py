"""A trainer that indexes past the last sample: is its number of samples fixed? Found by calling it again.

A ``train_sgd`` that draws its permutation or its batches with a notebook-level
``N = 150`` instead of ``len(y)`` fails on the check's 23 samples with an
index past the end, and runs on 150 samples or more.  :func:`fixed_samples_message`
calls it on problems of more samples until it runs, narrows down the
smallest number of samples it runs on, and names it when, with exactly that
many samples, the weights are the prescribed ones.
"""

import numpy as np

from .. import training as _training
from .call import probe
from .core import Case, problem
from .size_probe import LARGEST, fixed_samples_hint, index_past  # noqa: F401 - LARGEST: the bound, for readers

#: The settings of the verification run.
_VERIFY = {"lr": 0.5, "epochs": 1, "batch_size": 5, "seed": 7}


def _runs(fn, spec, N, D, K, options):
    """``(runs, weights)`` of ``fn`` on a problem of N samples (weights None if it raised)."""
    _, X, y = problem(9051, N, D, K)
    return _runs_on(fn, spec, X, y, K, options)


def _prescribed(fn, spec, N, D, K):
    """True if ``fn`` gives the prescribed weights on a problem of N samples (settings :data:`_VERIFY`)."""
    _, X, y = problem(9051, N, D, K)
    ran, W = _runs_on(fn, spec, X, y, K, _VERIFY)
    return ran and W.shape == (D, K) and np.allclose(W, _training.train_sgd(X, y, K, **_VERIFY), rtol=1e-8,
                                                     atol=1e-12)


def fixed_samples_message(fn, spec, X, y, K, options, text):
    """The diagnosis of a fixed number of samples, if the IndexError ``text`` reaches past the N samples and the
    function runs from some larger N on; else None."""
    N, D = X.shape
    index = index_past(text, N)
    if index is None:
        return None
    return fixed_samples_hint(lambda n: _runs(fn, spec, n, D, K, options)[0], lambda n: _prescribed(fn, spec, n, D, K),
                              index, N, "its weights are the prescribed ones")


def fixed_classes_message(fn, spec, D, got_K, K):
    """The diagnosis of a fixed number of classes: weights of ``got_K`` columns where K were asked for, and the
    prescribed weights on a problem of ``got_K`` classes; else None."""
    if not 1 < got_K <= LARGEST:
        return None
    _, X, y = problem(9052, 23, D, got_K)
    ran, W = _runs_on(fn, spec, X, y, got_K, _VERIFY)
    if not ran or W.shape != (D, got_K) or not np.allclose(W, _training.train_sgd(X, y, got_K, **_VERIFY),
                                                           rtol=1e-8, atol=1e-12):
        return None
    return (f"called again on a problem with K = {got_K} classes, its weights are the prescribed ones; here K = {K} "
            f"(num_classes): it seems to use a fixed K = {got_K} (a global variable of the notebook?) instead of the "
            f"argument num_classes")


def _runs_on(fn, spec, X, y, K, options):
    W = probe(fn, spec, Case("a probe", (X, y, K), None, kwargs=dict(options)))
    return W is not None, W
