"""Other normalizers a wrong log-likelihood may use, each tried as a whole formula on many calls.

Helpers of :mod:`course_utils.checks.ll_structure`: each sample's term is a_y - (its normalizer), and a
student's normalizer may run over the first few classes only, be a sum of logs where the log of a sum
belongs, or subtract the maximum of another sample.  :func:`candidates_message` names the one that gives
the student's result on every call, or None.
"""

import numpy as np

from .ll_entries import lse


def _first(c):
    def term(A, y):
        return A[np.arange(len(y)), y] - lse(A[:, :c], 1)
    return term


def _sum_of_logs(A, y):
    m = A.max(axis=1)
    return A[np.arange(len(y)), y] - m - np.sum(A - m[:, None], axis=1)


def _max_of_label(A, y):
    m = A.max(axis=1)
    return A[np.arange(len(y)), y] - m[y] - np.log(np.sum(np.exp(A - m[:, None]), axis=1))


def _without_label(A, y):
    others = np.where(np.arange(A.shape[1]) == y[:, None], -np.inf, A)
    return A[np.arange(len(y)), y] - lse(others, 1)


def _log_base(base):
    def term(A, y):
        m = A.max(axis=1)
        return A[np.arange(len(y)), y] - m - np.log(np.sum(np.exp(A - m[:, None]), axis=1)) / np.log(base)
    return term


def _zero(A, y):
    return np.zeros(len(y))


def _candidates(K):
    out = [(_first(c), f"Each sample's log-sum-exp runs over the first {c} classes only, not over all K = {K}: a sum "
                       f"over the classes that stops at {c} (the notes' sum written for two classes, or a range "
                       f"that ends early). The normalizer of sample j is the log of the sum of e^(a_jk) over every "
                       f"class k.") for c in range(1, K)]
    out.append((_without_label, "Each sample's log-sum-exp leaves out the label's own class: the normalizer sums "
                                "e^(a_k) over ALL K classes, the label's included."))
    out += [(_log_base(base), f"The log of the sum of e^(a_k - m) is taken to base {base} (np.log{base}) where the "
                              f"natural logarithm (np.log, base e) belongs: the log-sum-exp and the exponentials must "
                              f"use the same base, e.") for base in (10, 2)]
    out.append((_zero, "It is 0 whatever W is: each sample's term cancels, as when the normalizer holds only the label's "
                       "own exponential (the log of e^(a_y) is a_y). The log-sum-exp runs over all K classes."))
    out.append((_sum_of_logs, "Its normalizer is a SUM of logs, the sum over k of log e^(a_k - m) = a_k - m, where "
                              "the LOG of the sum of e^(a_k - m) belongs: the log and the sum are swapped, and the log "
                              "of a sum is not the sum of the logs."))
    out.append((_max_of_label, "It subtracts the largest logit of ANOTHER sample: the row maxima indexed by the labels "
                               "(the maximum of sample y_j) where each sample's own maximum m_j belongs; index the "
                               "maxima by the sample, or keep them as a column beside the logits."))
    return out


def candidates_message(problems, y, values):
    """The candidate whose sum over the samples equals ``values`` on every problem ``(W, X)``, or None."""
    K = problems[0][0].shape[1]
    A = np.stack([Xm @ Wm for Wm, Xm in problems])
    for term, message in _candidates(K):
        sums = np.array([float(np.sum(term(Xm @ Wm, y))) for Wm, Xm in problems])
        if np.all(np.isfinite(sums)) and np.allclose(values, sums, rtol=1e-9, atol=1e-9 * np.max(np.abs(A)) * len(y)):
            return message
    return None
