"""A wrong log-likelihood explained from its structure: sum_j l_j, l_j = a_{y_j} - m_j - L_j.

Here a_{y_j} is sample j's true-class logit, m_j its largest logit and
L_j = log sum_k e^{a_jk - m_j} its shifted log-sum-exp.  One number cannot
show which samples or which parts a student's function got wrong, so
:func:`ll_explain` calls it again on the same X and y with other weights W
(the function's behaviour, as in the grader) and fits the results:

1. as sum_j c_j l_j: the weights c_j of the samples (only the last one: ``=``
   where ``+=`` is meant; sample 0 left out; every term divided by N ...);
2. as a whole-number combination of sum_j a_{y_j}, sum_j m_j, sum_j L_j and
   the log-sum-exps taken over the samples (axis 0) instead of the classes:
   a part missing or counted twice, or the wrong axis.

Each diagnosis is given only when the fit is exact on every W.
"""

import numpy as np

from .call import probe
from .core import Case, problem_sizes
from .ll_candidates import candidates_message
from .ll_entries import entries_message, function_message as _function_message, lse as _lse, offset_message
from .sums import fit, weights_message

#: How many more W the function is called with (beyond the case's own).
EXTRA_CALLS = 12
_PARTS = ("a_y", "m", "L")


def _features(W, X, y):
    """Per sample (a_y, m, L) as an (3, N) array; the two axis-0 log-sum-exps summed over the classes; and N times
    the log-sum-exps over ALL the entries (of A - m, each row shifted by its maximum, and of A)."""
    A = X @ W
    m = A.max(axis=1)
    L = np.log(np.sum(np.exp(A - m[:, None]), axis=1))
    per_sample = np.stack([A[np.arange(len(y)), y], m, L])
    N = len(y)
    whole = (N * float(np.log(np.sum(np.exp(A - m[:, None])))), N * float(_lse(A.ravel(), 0)))
    return per_sample, (float(np.sum(_lse(A - m[:, None], 0))), float(np.sum(_lse(A, 0)))) + whole


def _combination(theta):
    """A whole-number combination of the parts, in words: "a_y - L"."""
    text = ""
    for value, name in zip(theta, _PARTS):
        if value:
            size = "" if abs(value) == 1 else f"{abs(int(value))} "
            text += f" {'+' if value > 0 else '-'} {size}{name}"
    text = text.strip()
    if text[:2] in ("+ ", "- "):
        text = text[2:] if text[0] == "+" else "-" + text[2:]
    return text or "0"


def _parts_message(theta, K=None):
    theta = [int(v) for v in theta]
    if theta[5] or theta[6]:
        if theta[:5] == [1, -1 if theta[5] else 0, 0, 0, 0] and theta[5] + theta[6] == -1:
            return ("The log-sum-exp of each sample is taken over ALL the entries of the matrix of logits (a sum "
                    "without axis=, over every sample and class) instead of over the K classes of that sample: sum "
                    "along each row (axis=1, keepdims=True).")
        return None
    if theta[3] or theta[4]:
        if theta[2] == 0 and theta[0] == 1:
            return ("It takes the log-sum-exp over the samples (axis 0, down each column of logits) instead of over "
                    "the classes of each sample (along each row): the normalization of sample j runs over its own K "
                    "logits a_j1 ... a_jK.")
        return None
    if theta[0] == 1 and theta[1] == theta[2] and theta[1] < -1:
        times = -theta[1]
        loop = f" (K = {K}: once per class, inside a loop over the classes?)" if times == K else ""
        return (f"Each sample's log-sum-exp m + L is subtracted {times} times instead of once{loop}: each sample's "
                f"term is a_y - m - L, its true class's logit minus its own log-sum-exp, counted once.")
    if theta[:3] == [1, 1, 1]:
        return ("Each sample's term is a_y + m + L: it ADDS the log-sum-exp m + L (m the sample's largest logit, L the "
                "log of the sum of e^(a_k - m)) to the true class's logit a_y instead of subtracting it: log sigma_y = "
                "a_y - (m + L).")
    if theta[:3] == [0, 0, -1]:
        return ("Each sample's term is -L, which is a_k - m - L for the class k of the LARGEST logit (a_k = m): the "
                "log-probability of the most probable class (argmax), not of the sample's label y_j. Pick column y_j "
                "of each row.")
    if theta[:3] == [1, 0, -1]:
        return ("It is too large by exactly the sum of the row maxima m_j: the largest logit m of each sample is "
                "subtracted inside the log-sum-exp (the sum of e^(a_k - m)) but not from a_y. Each term is "
                "a_y - m - log of that sum: subtract m from a_y as well (or add it back to the log-sum-exp).")
    return (f"Each sample's term is {_combination(theta[:3])} instead of a_y - m - L, with a_y the true class's logit, "
            f"m the sample's largest logit and L the log of the sum of e^(a_k - m) over its classes.")


def ll_explain(fn, spec, W, X, y):
    """The explanation of a wrong log-likelihood, from more calls of ``fn`` on the same X and y.

    Parameters
    ----------
    fn : callable
        The student's ``log_likelihood``.
    spec : Spec
        How to call and name it.
    W, X, y : ndarray
        The case's problem.

    Returns
    -------
    callable
        ``explain(got) -> str or None``: the weights of the samples' terms, or the parts of each term.
    """
    def explain(got):
        got = np.asarray(got, dtype=np.float64)
        if got.size != 1 or not np.isfinite(got).all():
            return None
        rng = np.random.default_rng(211)
        others = [rng.standard_normal(W.shape) * max(float(np.std(W)), 1e-3) for _ in range(EXTRA_CALLS)]
        values = [float(got.reshape(()))]
        for Wm in others:
            out = probe(fn, spec, Case("another W", (Wm.copy(), X.copy(), y.copy()), None))
            if out is None or out.size != 1:
                return None
            values.append(float(out.reshape(())))
        values = np.array(values)
        feats = [_features(Wm, X, y) for Wm in [W] + others]
        per_sample = np.stack([f[0] for f in feats], axis=-1)            # (3, N, calls)
        terms = per_sample[0] - per_sample[1] - per_sample[2]               # l_j for each call: (N, calls)
        c = fit(terms, values)
        if c is not None:
            return weights_message(c, problem_sizes(W, X))
        message = _function_message(per_sample, values)
        if message:
            return message
        summed = np.vstack([per_sample.sum(axis=1), np.array([f[1] for f in feats]).T])   # (7, calls)
        theta = fit(summed, values)
        if theta is not None and np.all(np.abs(theta - np.round(theta)) <= 1e-6) and np.max(np.abs(np.round(theta))) <= 3:
            message = _parts_message(np.round(theta), W.shape[1])
            if message:
                return message
        message = (offset_message(values - np.array([float(np.sum(t)) for t in terms.T]), len(y), W.shape[1])
                   or candidates_message([(Wm, X) for Wm in [W] + others], y, values))
        if message:
            return message
        # with X fixed, the N K log-probabilities are not independent functions of W: vary X too
        problems = [(rng.standard_normal(W.shape) * max(float(np.std(W)), 1e-3),
                     np.column_stack([X[:, :1], rng.standard_normal((X.shape[0], X.shape[1] - 1))]))
                    for _ in range(len(y) * W.shape[1] + 4)]
        extra = [probe(fn, spec, Case("another W and X", (Wm.copy(), Xm.copy(), y.copy()), None)) for Wm, Xm in problems]
        if any(out is None or out.size != 1 for out in extra):
            return None
        return entries_message(problems, y, np.array([float(out.reshape(())) for out in extra]))

    return explain
