"""A wrong gradient whose two parts weigh the samples differently: sum_j c_j x_j y_j^T - sum_j d_j x_j s_j^T.

The gradient X^T (Y - S) has an indicator part X^T Y and a probability part
X^T S, each a sum over the samples with weight 1.  A per-class computation may
average one part over the samples of each class, or count it once per class.
:func:`parts_message` calls the student's function again with other W on the
same X and y (only the probability part changes) and fits the weights c_j and
d_j of the two parts; it names them only when the fit is exact and one part
is right.  Also here: the right gradient plus W (the weights after a step,
or a penalty), plus one constant (a sum started from ones), each sample's
term times sigma_{y_j} or divided by it, a running sum over the samples, and
columns that are multiples of W's columns (w_k where x_j belongs).
"""

import numpy as np

from .. import numerics as _numerics
from .call import probe
from .core import Case
from .sums import fit, scale_words

#: Other W the function is called with, beyond the case's own.
EXTRA_W = 3


def _weights_words(w, y, sizes):
    """What weights ``w`` of the samples are, in words, or None."""
    counts = np.bincount(y, minlength=int(y.max()) + 1)[y].astype(float)
    if np.allclose(w, 1.0 / counts, rtol=1e-6) and not np.allclose(counts, counts[0]):
        return ("divided by the number of samples of its class: a mean over the samples of each class (as "
                "np.mean or .mean(axis=0) of the rows of a class) where their sum is meant")
    if np.allclose(w, w[0], rtol=1e-6):
        words = scale_words(float(w[0]), sizes)
        return f"{words}" if words else None
    if np.allclose(w, counts, rtol=1e-6):
        return "multiplied by the number of samples of its class: the sum over a class counted once per sample"
    rounded = np.round(w)
    if np.allclose(w, rounded, atol=1e-6) and set(rounded) <= {0.0, 1.0}:
        kept = np.flatnonzero(rounded == 1.0)
        last = [int(np.flatnonzero(y == k)[-1]) for k in np.unique(y)]
        if sorted(kept.tolist()) == sorted(last):
            return ("counted only for the LAST sample of each class, the others not at all: an in-place update "
                    "through an index with repeated labels (G[:, y] += ...) writes each class once, the last value "
                    "winning; np.add.at, a loop, or a product with the one-hot matrix adds every sample")
        left = ", ".join(str(j) for j in np.flatnonzero(rounded == 0.0))
        return f"left out for samples {left}, counted once for the others"
    return None


def parts_message(fn, spec, W, X, y):
    """The weights of the indicator part or of the probability part, when the other part is right.

    Parameters
    ----------
    fn : callable
        The student's batch gradient.
    spec : Spec
        How to call and name it.
    W : ndarray of shape (D, K)
    X : ndarray of shape (N, D)
    y : ndarray of shape (N,)
        The case's problem.

    Returns
    -------
    str or None
        The diagnosis, or None (a call fails, the fit is not exact, or both parts are wrong or right).
    """
    N, K = X.shape[0], W.shape[1]
    rng = np.random.default_rng(617)
    Ws = [W] + [rng.standard_normal(W.shape) * max(float(np.std(W)), 0.1) for _ in range(EXTRA_W)]
    outs = []
    for Wm in Ws:
        out = probe(fn, spec, Case("another W", (Wm.copy(), X.copy(), y.copy()), None))
        if out is None or out.shape != W.shape:
            return None
        outs.append(out)
    Y = np.eye(K)[y]
    terms = []
    for j in range(N):
        terms.append(np.stack([np.outer(X[j], Y[j]) for _ in Ws]))
    for j in range(N):
        terms.append(np.stack([-np.outer(X[j], _numerics.softmax(X[j] @ Wm)) for Wm in Ws]))
    c = fit(np.stack(terms), np.stack(outs))
    if c is None:
        return None
    if np.allclose(c, 1.0, rtol=1e-6):
        return None
    ind, prob = c[:N], c[N:]
    sizes = {"N": N, "D": W.shape[0], "K": K}
    if np.allclose(prob, 1.0, rtol=1e-6) and not np.allclose(ind, 1.0, rtol=1e-6):
        words = _weights_words(ind, y, sizes)
        part, other = "indicator part (the 1 x_j of each sample's own class)", "probability part -sigma_k x_j"
    elif np.allclose(ind, 1.0, rtol=1e-6) and not np.allclose(prob, 1.0, rtol=1e-6):
        words = _weights_words(prob, y, sizes)
        part, other = "probability part (the -sigma_k x_j of every class)", "indicator part"
    else:
        return None
    if words is None:
        return None
    return (f"The {other} is right, but in the {part} each sample's term is {words}. Both parts are sums over "
            f"the samples, each sample counted once.")


def penalty_message(W, G, got):
    """The right gradient plus a multiple of W: the updated weights of a step (W + lr G), or a penalty term (L2,
    weight decay) that does not belong here."""
    c = fit(np.stack([G, W]), got)
    if c is None or abs(c[1]) < 1e-9:
        return None
    if abs(c[1] - 1) <= 1e-6 and c[0] > 0:
        step = "" if abs(c[0] - 1) <= 1e-6 else f" times {c[0]:.4g}"
        return (f"It is W plus the gradient{step}: the weights after one ascent step (W + lr times the gradient"
                f"{', with lr = 1' if not step else ''}), not the gradient. Return the gradient alone; the step belongs "
                f"to the training loop.")
    if abs(c[0] - 1) > 1e-6:
        return None
    return (f"It is the right gradient {'plus' if c[1] > 0 else 'minus'} {abs(c[1]):.4g} W: a penalty term (an L2 penalty or weight decay, as in "
            f"loss_and_grad with l2 > 0) that the gradient of the log-likelihood does not have.")


def offset_message(G, got):
    """The right gradient plus one constant in every entry: the sum started from that constant."""
    diff = got - G
    c = float(np.mean(diff))
    scale = max(float(np.max(np.abs(G))), 1e-300)
    if abs(c) <= 1e-6 * scale or np.max(np.abs(diff - c)) > 1e-7 * max(scale, abs(c)):
        return None
    start = "np.ones" if abs(c - 1) < 1e-9 else f"{c:.4g}"
    return (f"Every entry is {abs(c):.4g} too {'large' if c > 0 else 'small'}, the same in every entry: the sum seems "
            f"to start from {start} instead of from zeros (np.zeros_like(W)).")


def running_message(X, Y, S, got):
    """Sample j's probabilities (or indicators) added up over samples 0..j, a running sum, if ``got`` is that exactly."""
    scale = max(float(np.max(np.abs(got))), 1e-300)
    for words, R in (("probabilities sigma", Y - np.cumsum(S, axis=0)), ("indicators", np.cumsum(Y, axis=0) - S)):
        if X.shape[0] > 1 and np.max(np.abs(X.T @ R - got)) <= 1e-7 * scale:
            return (f"Sample j's {words} are those of samples 0 to j ADDED UP, a running sum: a variable that keeps its "
                    f"value from one sample to the next (+= where = is meant, or a sum never reset). Each sample's "
                    f"term uses its own {words} only.")
    return None


def label_factor_message(c, sigma_y):
    """Each sample's term times sigma_{y_j}, or divided by it (weights ``c`` of the terms), else None."""
    if len(c) < 1 or np.all(np.abs(c - 1) <= 1e-7):
        return None
    if np.allclose(c, sigma_y, rtol=1e-7, atol=0):
        return ("Each sample's term is multiplied by sigma_{y_j}, the probability of its label: indicator minus "
                "sigma, times sigma_{y_j}, is column y_j of the softmax Jacobian, the derivative of sigma_{y_j}. The "
                "log-likelihood needs the derivative of log sigma_{y_j}: divide that column by sigma_{y_j}.")
    if np.allclose(c * sigma_y, 1.0, rtol=1e-7, atol=0):
        return ("Each sample's term is divided by sigma_{y_j}, the probability of its label: the chain rule's "
                "1 / sigma_{y_j} is already cancelled in indicator minus sigma (it divides the Jacobian's column "
                "sigma_{y_j} (e_y - sigma)); dividing again leaves one 1 / sigma_{y_j} too many.")
    return None


def w_message(W, R, got):
    """Column k a multiple of w_k, column k of W, times the class's summed residual: w_k where x_j belongs."""
    scale = max(float(np.max(np.abs(got))), 1e-300)
    if W.shape[0] < 2 or np.max(np.abs(got - W * R.sum(axis=0)[None, :])) > 1e-7 * scale:
        return None
    return ("Column k is w_k (column k of W) times the sum of the residuals (indicator minus sigma_k) of class k: the "
            "terms are multiplied by the weights where the features x_j belong. The derivative of a_k = w_k . x_j with "
            "respect to w_k is x_j (with respect to x_j it would be w_k).")


def label_count_message(c, y):
    """Sample j counted as many times as the label value j occurs in y (a loop over the labels' values), else None."""
    counts = np.bincount(np.asarray(y), minlength=len(c))[:len(c)]
    if len(c) < 2 or np.allclose(counts, 1) or not np.allclose(c, counts, atol=1e-6):
        return None
    return ("Sample j is added as many times as the value j occurs among the labels: the loop runs over the label "
            "VALUES (for j in y), taking each label for a sample index. Loop over the sample indices, 0 to N - 1, "
            "and read each sample's label from y.")
