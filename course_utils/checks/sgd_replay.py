"""Replaying the prescribed SGD, and calling the student's trainer again: the tools of the SGD diagnoses.

:func:`run_again` calls the student's ``train_sgd`` once more (any failure: None), :func:`replay_epoch` runs one
epoch of the prescribed steps from given weights in a given order, :func:`same_weights` compares weights, and
:func:`batch_sizes` gives each sample's batch size in an order cut into consecutive batches.
"""

import numpy as np

from ..numerics import one_hot, softmax
from .call import probe
from .core import Case


def run_again(fn, spec, X, y, K, **options):
    """The student's weights on one more call, or None if it fails or returns something else than (D, K)."""
    out = probe(fn, spec, Case("a probe", (X.copy(), y.copy(), K), None, kwargs=options))
    return out if out is not None and out.shape == (X.shape[1], K) and np.all(np.isfinite(out)) else None


def replay_epoch(W, X, y, K, lr, batch_size, order):
    """One epoch of the prescribed steps from W, visiting the samples in ``order``."""
    for s in range(0, len(order), batch_size):
        b = order[s:s + batch_size]
        W = W + lr * X[b].T @ (one_hot(y[b], K) - softmax(X[b] @ W)) / len(b)
    return W


def same_weights(a, b, tol=1e-8):
    """True if the weights ``a`` (None: no) equal ``b`` up to ``tol``, relative to the largest |b|."""
    return a is not None and bool(np.max(np.abs(a - b)) <= tol * max(float(np.max(np.abs(b))), 1e-300))


def batch_sizes(order, batch_size):
    """Each sample's batch size when ``order`` is cut into consecutive batches."""
    sizes = np.empty(len(order))
    for s in range(0, len(order), batch_size):
        sizes[order[s:s + batch_size]] = len(order[s:s + batch_size])
    return sizes
