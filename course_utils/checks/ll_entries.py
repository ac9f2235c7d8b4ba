"""Parts of a wrong log-likelihood found on many calls: a function of sigma_y, a constant, or the entries summed.

Helpers of :mod:`course_utils.checks.ll_structure`, each stated only when it holds exactly on every call:
the sum of another function of each sample's true-class probability (log1p, the probability itself),
the right value plus one constant whatever W (log K per sample: a mean inside the log-sum-exp), and the
entries of the log-probability matrix the sum picks (row 0 for every sample, whole rows).
"""

import numpy as np

from .sums import fit


def lse(A, axis):
    """The log-sum-exp of ``A`` along ``axis``, shifted by the maximum (the axis removed)."""
    m = np.max(A, axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(A - m), axis=axis))


#: Functions of the true class's probability a student may sum instead of its log: (function, diagnosis).
_FUNCTIONS = (
    (np.log1p, "It sums log(1 + sigma_y) (np.log1p) instead of log sigma_y: np.log1p(p) is the logarithm of 1 + p, "
               "accurate for p near 0; the log-likelihood needs np.log(p), or, stably, a_y - m - L."),
    (lambda p: p, "It sums the probabilities sigma_y themselves, without the logarithm: the log-likelihood adds "
                  "log sigma_y."),
    (lambda p: np.log(1.0 - p), "It sums log(1 - sigma_y), the log-probability that the sample is NOT of its class, "
                                "instead of log sigma_y."),
)


def function_message(per_sample, values):
    """The sum of another function g(sigma_y) of each sample's true-class probability, on every call."""
    with np.errstate(all="ignore"):
        p = np.exp(per_sample[0] - per_sample[1] - per_sample[2])            # (N, calls)
        for g, message in _FUNCTIONS:
            sums = np.sum(g(p), axis=0)
            if np.all(np.isfinite(sums)) and np.allclose(values, sums, rtol=1e-7, atol=1e-12):
                return message
    return None


def offset_message(diff, N, K):
    """The result is the right one plus the same constant on every W: per sample, a constant such as log K."""
    c = float(np.mean(diff))
    if abs(c) < 1e-9 or np.max(np.abs(diff - c)) > 1e-7 * max(1.0, abs(c)):
        return None
    named = {np.log(K): "log K", np.log(N): "log N", 1.0: "1"}
    each = next((f"{'+' if c > 0 else '-'}{name} = {c / N:+.4g}" for v, name in named.items()
                 if abs(abs(c) / N - v) <= 1e-7 * v), None)
    if each is None:
        return (f"It is the right log-likelihood {'plus' if c > 0 else 'minus'} {abs(c):.6g}, the same amount whatever "
                f"W is: a constant term that does not belong in the sum.")
    why = (" A mean where a sum is meant inside the log-sum-exp gives exactly that: the log of the mean of K "
           "exponentials is the log of their sum minus log K." if each.startswith("+log K") else "")
    return (f"It is the right log-likelihood {'plus' if c > 0 else 'minus'} {abs(c):.6g} whatever W is: every sample's "
            f"term is off by the same constant, {each}.{why}")


def entries_message(problems, y, values):
    """The log-probabilities the sum picks, if ``values`` is sum_(i, k) c_ik log sigma_ik exactly on every problem
    ``(W, X)`` and the c differ from one entry (j, y_j) per sample; None otherwise."""
    N, K = len(y), problems[0][0].shape[1]
    logS = []
    for Wm, Xm in problems:
        A = Xm @ Wm
        logS.append(A - lse(A, 1)[:, None])
    c = fit(np.stack(logS, axis=-1).reshape(N * K, len(problems)), values)
    if c is None or not np.all(np.abs(c - np.round(c)) <= 1e-6):
        return None
    c = np.round(c).reshape(N, K)
    right = np.zeros((N, K))
    right[np.arange(N), y] = 1.0
    if np.array_equal(c, right) or c.min() < 0:
        return None
    taken = [(int(i), int(k)) for i, k in np.argwhere(c > 0) for _ in range(int(c[i, k]))]
    if len(taken) == N and all(i == 0 for i, _ in taken) and sorted(k for _, k in taken) == sorted(y.tolist()):
        return ("Every term comes from row 0 (sample 0): the entry taken for sample j is [0, y_j], not [j, y_j]. "
                "Indexing with the labels alone picks from the first row, or from the FLATTENED matrix (np.take "
                "without axis=, or .flat): index with a row index AND a label per row, so that each row j gives its own entry.")
    diagonal = np.zeros((N, K))
    diagonal[np.arange(min(N, K)), np.arange(min(N, K))] = 1.0
    if np.array_equal(c, diagonal):
        return ("It adds up the DIAGONAL entries [i, i] of the matrix of log-probabilities (np.diag, or a trace), "
                "the first min(N, K) of them: the labels are never used. Sample j contributes the entry at row j and "
                "column y_j, its label's column.")
    if np.array_equal(c, np.repeat(y[:, None].astype(float), K, axis=1)):
        return ("It sums every log-probability of row j (all K classes) times the label's VALUE y_j, as multiplying by "
                "the labels does: the label is a class number, not a weight (class 0 gets weight 0). Each sample "
                "contributes one entry, at column y_j: index with the label, or multiply by the one-hot row.")
    counts = np.bincount(y, minlength=N)
    if np.array_equal(c, np.repeat(counts[:, None], K, axis=1)):
        return ("It sums WHOLE rows of log-probabilities: for each sample j, row y_j (all K classes), as indexing with "
                "the labels alone does (it picks rows). Each sample contributes one entry, at row j and column y_j: "
                "index with a row index AND a label per row.")
    wrong = [(i, k) for i, k in taken if right[i, k] == 0][:4]
    return (f"It adds up the log-probabilities of other entries than [j, y_j] (row j, the label's column): for "
            f"example [{'], ['.join(f'{i}, {k}' for i, k in wrong)}]. Each sample j contributes exactly one entry, "
            f"log sigma at [j, y_j].")
