"""The watched steps of a ``train_sgd`` proven: how each one changes W, against the prescribed step direction.

A :class:`~course_utils.checks.sgd_trace.Trace` gives, per step, its rows B and the W it multiplied them with;
the prescribed step direction there is G = X_B^T (Y_B - S_B).  :func:`factors` proves that every step ADDS a
multiple c_t G to W (the prescribed c_t is lr / |B_t|); :func:`replaced` that every step REPLACES W by such a
multiple (``=`` where ``+=`` is meant), which only a step from a W other than 0 can tell apart.  Each says
nothing unless every step fits exactly.
"""

import numpy as np

from ..numerics import one_hot, softmax

#: The diagnosis of steps that replace W (said whether the steps are watched or replayed from the weights).
REPLACES = ("Each step REPLACES W instead of adding to it: after every step W is that batch's step alone (lr times "
            "its mean gradient, at the W the step before left), so the W it returns is the last batch's step and "
            "the steps before it are lost. That is `=` where `+=` is meant (`W = lr * ...`, or `W =+ ...`, which "
            "Python reads as `W = +...`): add each step to W.")


def _multiple(d, g):
    """c with d = c g exactly (up to round-off), or None."""
    gg = float(np.sum(g * g))
    if gg == 0.0:
        return None
    c = float(np.sum(d * g)) / gg
    if np.linalg.norm(d - c * g) > 1e-7 * max(np.linalg.norm(d), np.linalg.norm(c * g), 1e-300):
        return None
    return c


def factors(tr, X, y, K, replace=False):
    """Each step's factor c_t with W_after - W_before = c_t X_B^T (Y_B - S_B), exactly.

    Parameters
    ----------
    tr : Trace or None
        A watched call.
    X, y, K : ndarray, ndarray, int
        The problem it was called on.
    replace : bool
        Fit W_after itself, not W_after - W_before (a step that replaces W).

    Returns
    -------
    list of float or None
        c_t per step (the prescribed step has c_t = lr / |B_t|); None if a step is not such a multiple, or the
        call returned no W, or no step was watched: only then do the steps explain the weights.
    """
    if tr is None or tr.final is None or not tr.steps:
        return None
    out = []
    for t, step in enumerate(tr.steps):
        after = tr.steps[t + 1].W if t + 1 < len(tr.steps) else tr.final
        b = np.asarray(step.rows)
        g = X[b].T @ (one_hot(y[b], K) - softmax(X[b] @ step.W))
        c = _multiple(after if replace else after - step.W, g)
        if c is None:
            return None
        out.append(c)
    return out


def replaced(tr, X, y, K):
    """Whether every watched step replaces W by a multiple of its step direction, where adding it does not fit.

    Parameters
    ----------
    tr : Trace or None
        A watched call.
    X, y, K : ndarray, ndarray, int
        The problem it was called on.

    Returns
    -------
    bool
        True if every step's W after it is c_t X_B^T (Y_B - S_B) exactly, some step starts from a W other than 0,
        and the steps are not also proven as added (:func:`factors`).
    """
    return (factors(tr, X, y, K, replace=True) is not None and any(np.any(s.W) for s in tr.steps)
            and factors(tr, X, y, K) is None)
