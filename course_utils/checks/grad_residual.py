"""A wrong gradient explained sample by sample: called on ONE sample, what does it put in place of y - sigma?

The gradient of one sample's log-likelihood is x_j r_j^T, with r_jk = 1 - sigma_k
in the case k = y_j and r_jk = -sigma_k otherwise.  :func:`residual_message`
calls the student's function again on each sample alone, with the case's W and
a few other W (its behaviour, as in the grader), and reads r back from the
(D, K) result (a result that is not x_j times a row vector is not read).  Then,
separately for the two cases, it fits r as a small whole-number combination of
what a student may have put there (:mod:`course_utils.checks.residual_terms`: 1,
sigma_k, the label's sigma_{y_j}, the unnormalized e^(a_k - m), the logit a_k,
the predicted one-hot, log sigma_k ...).  A case whose fit is exact
and differs from the notes' formula is stated in those words; nothing is guessed.
"""

import numpy as np

from .call import probe
from .core import Case
from .residual_terms import MEANING as _MEANING, features as _features, formula
from .sums import sparse_fit

#: Other W the function is called with, beyond the case's own, for each sample (more for one sample alone).
EXTRA_W = 3
EXTRA_W_ONE = 7
#: Relative residual below which a fit, or a result read as x r^T, counts as exact.
EXACT = 1e-7
_RIGHT = {"own": {"1": 1.0, "sigma_k": -1.0}, "other": {"sigma_k": -1.0}}


#: What is said of a batch gradient that is right on every sample alone (and wrong on the batch).
ALONE_RIGHT = ("Called on each sample alone, it is right; on the whole batch it is not: some step mixes the samples. "
               "Look for a sum, mean, max or normalization over the whole array where one along an axis is meant "
               "(axis=1 for each sample's classes, keepdims=True), an index or a count taken across the samples, or "
               "a size taken from the wrong array.")


def _fit_group(rows, target):
    """The sparsest whole-number formula (at most 2 features, coefficients up to 3) giving ``target``; features
    constant over the rows are left out but for "1"."""
    return sparse_fit({k: v for k, v in rows.items() if np.ptp(v) > 1e-9 or k == "1"}, target)


def _read(fn, spec, args, x):
    """r from one call on one sample: the (D, K) result read as x r^T, or None."""
    out = probe(fn, spec, Case("one sample", args, None))
    if out is None or out.ndim != 2 or out.shape[0] != len(x):
        return None
    r = x @ out / float(x @ x)
    scale = max(float(np.max(np.abs(out))), 1e-300)
    return r if np.max(np.abs(np.outer(x, r) - out)) <= EXACT * scale else None


def sample_residuals(fn, spec, W, X, y, one_sample):
    """Each sample's r under several W, with its features: ``{"own": (rows, target), "other": (...)}`` or None.

    ``one_sample(W, x, label)`` is the argument tuple of a call on one sample.
    """
    rng = np.random.default_rng(613)
    Ws = [W] + [rng.standard_normal(W.shape) * max(float(np.std(W)), 0.1) for _ in range(EXTRA_W if X.shape[0] > 1 else EXTRA_W_ONE)]
    groups = {"own": ([], []), "other": ([], [])}
    for Wm in Ws:
        for j in range(X.shape[0]):
            x, label = X[j], int(y[j])
            r = _read(fn, spec, one_sample(Wm.copy(), x.copy(), label), x)
            if r is None:
                return None
            feats = _features(Wm, x, label)
            own = np.arange(len(r)) == label
            for name, mask in (("own", own), ("other", ~own)):
                groups[name][0].append({k: v[mask] for k, v in feats.items()})
                groups[name][1].append(r[mask])
    out = {}
    for name, (rows, targets) in groups.items():
        out[name] = ({k: np.concatenate([row[k] for row in rows]) for k in rows[0]}, np.concatenate(targets))
    return out


def _ratio_message(groups):
    """Each r the right one times the same formula of sigma_k in both cases, or None."""
    rows, target, right = [], [], []
    for name in ("own", "other"):
        feats, r = groups[name]
        ok = (feats["1"] if name == "own" else 0.0) - feats["sigma_k"]
        rows.append(feats)
        target.append(r)
        right.append(ok)
    right, target = np.concatenate(right), np.concatenate(target)
    keep = np.abs(right) > 1e-6
    if keep.sum() < 4:
        return None
    feats = {k: np.concatenate([row[k] for row in rows])[keep] for k in ("1", "sigma_k", "sigma_y", "sigma_k^2", "a_k")}
    q = _fit_group(feats, target[keep] / right[keep])
    if not q or q == {"1": 1.0}:
        return None
    note = (" That is sigma_k (1 - sigma_k), the derivative of a sigmoid (and the diagonal of the softmax Jacobian): "
            "the chain rule through the log has already cancelled it, the gradient of log sigma_y has no such factor."
            if q == {"sigma_k": 1.0, "sigma_k^2": -1.0} else "")
    if q == {"sigma_y": 1.0}:
        note = (" Times sigma_{y_j}, r_j is column y_j of the softmax Jacobian, the derivative of sigma_{y_j}: the "
                "log-likelihood needs the derivative of log sigma_{y_j}, which the chain rule divides by sigma_{y_j}.")
    return (f"Called on each sample alone, every term is the right one, (indicator - sigma_k) x_j, multiplied by "
            f"{formula(q)}.{note}")


def residual_message(fn, spec, W, X, y, one_sample):
    """What the student's function puts in place of r_jk, in the case(s) where it differs from the notes.

    Parameters
    ----------
    fn : callable
        The student's gradient function.
    spec : Spec
        How to call and name it.
    W : ndarray of shape (D, K)
    X : ndarray of shape (N, D)
        The case's samples (one row for a per-sample gradient).
    y : ndarray of shape (N,)
        Their labels.
    one_sample : callable
        ``one_sample(W, x, label) -> args``: the arguments of a call on one sample.

    Returns
    -------
    str or None
        The two cases' formulas where they are wrong; None if a call fails, a result is not x r^T, a case does
        not fit, or both cases are right (the error is then in how the samples' terms are combined).
    """
    groups = sample_residuals(fn, spec, W, X, y, one_sample)
    if groups is None:
        return None
    own = _fit_group(*groups["own"])
    other = _fit_group(*groups["other"])
    if own == _RIGHT["own"] and other == _RIGHT["other"]:
        return ALONE_RIGHT if X.shape[0] > 1 else None
    if own is None or other is None:
        return _ratio_message(groups)
    lead = "Called on each sample alone, its term for class k is r x_j with "
    if own == {"sigma_k": -1.0} and other == {"1": 1.0, "sigma_k": -1.0}:
        return (lead + "r = -sigma_k for the sample's own class (k = y_j) and r = 1 - sigma_k for the others: the two "
                "cases are swapped. The indicator 1{y_j = k} adds 1 only in the column of the sample's label.")
    if own == {} and other == {"1": -1.0}:
        return (lead + "r = 0 in the case k = y_j and r = -1 for the other classes: every sigma_k is 1 (1 - sigma_k = 0, "
                "-sigma_k = -1). A softmax of ONE logit is always 1: sigma_k needs all K logits of the sample, "
                "softmax(a) of the whole vector a = x_j W, then its entry k.")
    parts = []
    if own != _RIGHT["own"]:
        parts.append(f"r = {formula(own)} in the case k = y_j (the sample's own class) instead of 1 - sigma_k")
    if other != _RIGHT["other"]:
        parts.append(f"r = {formula(other)} in the case k != y_j (the other classes) instead of -sigma_k")
    label = int(y[0])
    if X.shape[0] == 1 and label > 1 and own.get("1") == other.get("1") == label:
        own, other = ({"label" if k == "1" else k: v / label if k == "1" else v for k, v in c.items()}
                      for c in (own, other))
    used = [key for key in _MEANING if key in own or key in other]
    notes = "".join(f" {_MEANING[key]}." for key in used)
    return lead + " and ".join(parts) + "." + notes
