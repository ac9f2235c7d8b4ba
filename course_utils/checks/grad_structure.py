"""A wrong log-likelihood gradient explained from its structure: G = X^T R = sum_j x_j r_j^T, r_j = y_j - s_j.

Tried in order, after the fingerprints of :mod:`course_utils.checks.grad_mistakes`,
each stated only when the student's result fits it exactly:

1. the weights of the samples' terms x_j r_j^T (:func:`course_utils.checks.sums.fit`):
   a sample missing, only the last one, every term divided by N, D or K;
2. the two cases of the notes' formula, k = y_j and k != y_j: the student's
   result as a X^T Y + b X^T S + c X^T (Y * S) tells what each case adds;
3. the x_j of each term: never multiplied in (every row the same), or the
   sample of another index (column k a multiple of x_k);
4. each sample's term alone, called again on one sample at a time
   (:func:`course_utils.checks.grad_residual.residual_message`): what stands in place of
   1 - sigma_k and -sigma_k; then the weights of the samples in each of the two parts
   (:func:`course_utils.checks.grad_parts.parts_message`): a part averaged over each class;
5. the same number added to every entry (a sum started from np.ones);
6. column by column and row by row (:func:`course_utils.checks.columns.columns_message`);
7. on logits near 1000 (instead of the above): overflow, or a finite but wrong softmax inside.
"""

import numpy as np

from .. import numerics as _numerics
from .columns import columns_message
from .grad_mistakes import stable_explain
from .grad_parts import (label_count_message, label_factor_message, offset_message, parts_message, penalty_message, running_message,
                         w_message)
from .grad_residual import ALONE_RIGHT, residual_message
from .sums import fit, weights_message


#: What is said of a result that is 0 everywhere (up to round-off).
ZERO = ("Every entry of the result is 0 (up to round-off): nothing is added to it, or what is added cancels out. Is it "
        "never written, or is every term 0, such as a condition that is never true, or a loop over the samples (or "
        "over chunks of them) that never runs? A sample's K terms (indicator "
        "minus sigma_k) sum to 0 over the classes, so they cancel when they go into the same column(s): class k's term "
        "belongs in column k alone. And y - sigma is 0 when the one-hot vector and sigma are ONE array under two names "
        "(b = a does not copy it: b = a.copy() does).")


def _sign(value, what):
    """``"+ sigma_k"``-style term for a coefficient ``value`` of ``what``, or "" for 0."""
    if abs(value) < 1e-9:
        return ""
    size = "" if abs(abs(value) - 1) < 1e-9 else f"{abs(value):g} "
    return f" {'+' if value > 0 else '-'} {size}{what}"


def _case_formula(a, b):
    """The factor a + b sigma_k of x_j, in words: "(1 - sigma_k)"."""
    first = "" if abs(a) < 1e-9 else f"{a:g}"
    text = (first + _sign(b, "sigma_k")).strip()
    if not first and text[:2] in ("+ ", "- "):
        text = text[2:] if text[0] == "+" else "-" + text[2:]
    return f"({text or '0'})"


def _term_list(names):
    return " and ".join(names)


def _x_parts_message(a, b, d, e):
    """Which terms of r_j = indicator - sigma are not multiplied by x_j, if each term is there once."""
    if (a + d, b + e) != (1.0, -1.0) or (d, e) == (0.0, 0.0):
        return None
    lacking = [name for name, without in (("indicator term 1{y_j = k}", d), ("probability term -sigma_k", e)) if without]
    verb = "is" if len(lacking) == 1 else "are"
    return (f"The {_term_list(lacking)} {verb} not multiplied by x_j: {'it is' if len(lacking) == 1 else 'they are'} "
            f"added to every row as {'it is' if len(lacking) == 1 else 'they are'}. Each sample's whole residual "
            f"(indicator minus sigma_k) is multiplied by its features x_j, one row per feature.")


def cases_message(X, Y, S, got):
    """What the cases k = y_j and k != y_j add, and which terms lack x_j, if ``got`` is a whole-number combination
    of X^T Y, X^T S, X^T (Y * S) and the column sums of Y and S repeated on every row."""
    ones = np.ones((X.shape[1], 1))
    parts = [X.T @ Y, X.T @ S, X.T @ (Y * S), ones * Y.sum(axis=0), ones * S.sum(axis=0), X.T @ np.ones_like(Y)]
    c = fit(np.stack(parts), got)
    if c is None:            # one sample: X^T Y and X^T (Y * S) are proportional
        c = fit(np.stack(parts[:2] + parts[3:]), got)
        c = None if c is None else np.insert(c, 2, 0.0)
    if c is None or not np.all(np.abs(c - np.round(c)) <= 1e-6) or np.max(np.abs(np.round(c))) > 3:
        return None
    a, b, cc, d, e, f = (float(v) for v in np.round(c))
    if f:
        if (a, b, cc, d, e, f) != (0.0, -1.0, 0.0, 0.0, 0.0, 1.0):
            return None
        return ("The indicator is 1 in EVERY column, for every class, instead of only in column y_j of each sample "
                "(setting whole columns, as Y[:, y] = 1 does, marks every class that occurs in y for every sample): "
                "each row of the one-hot matrix has a single 1, at its sample's label.")
    if d or e:
        return _x_parts_message(a, b, d, e) if cc == 0.0 else None
    own, other = (a, b + cc), b
    parts = []
    if other != -1.0:
        if other == 1.0:
            parts.append("In the case k != y_j (every class other than the sample's own) it adds +sigma_k x_j: that "
                         "case's sign is wrong, it subtracts sigma_k x_j")
        elif other == 0.0:
            parts.append("The case k != y_j adds nothing: for every class other than the sample's own it must "
                         "subtract sigma_k x_j")
        else:
            parts.append(f"In the case k != y_j it adds {_case_formula(0.0, other)} x_j instead of -sigma_k x_j")
    if own != (1.0, -1.0):
        parts.append(f"In the case k = y_j (the sample's own class) it adds {_case_formula(*own)} x_j instead of "
                     f"(1 - sigma_k) x_j")
    return ". ".join(parts) + "." if parts else None


def x_message(X, R, got):
    """A result whose terms do not hold x_j: every row the same (x_j never multiplied in), or every column a
    multiple of ONE sample's features (x_k for class k: the class index used as a sample index; or x_m for all)."""
    D, K = got.shape
    sums = R.sum(axis=0)
    scale = max(float(np.max(np.abs(got))), 1e-300)
    if D > 1 and np.max(np.abs(got - sums[None, :])) <= 1e-7 * scale:
        return ("Every row is the same: entry [d, k] is the sum of the residuals (indicator minus sigma_k) of class k "
                "over the samples, for every feature d. Each sample's term must be multiplied by its features x_j "
                "(times x_j, one row per feature).")
    if D > 1 and np.max(np.abs(got - got[:1])) <= 1e-7 * scale:
        summed = (" (here each residual times the SUM of the sample's features)"
                  if np.max(np.abs(got[0] - X.sum(axis=1) @ R)) <= 1e-7 * scale else "")
        return (f"Every row is the same: each sample's term adds one number to all the entries of a column{summed}, "
                f"so the features are not kept apart. Row d must get the residual times x_jd, the sample's feature d: "
                f"a vector of D numbers per class (no sum over the features, no dot product there).")
    if D < 2:
        return None
    if K <= X.shape[0] and np.max(np.abs(got - X[:K].T * sums[None, :])) <= 1e-7 * scale:
        return ("Column k is a multiple of x_k, the sample whose index is the class index k: the features of the "
                "sample with the class's index are used (X[k]) where those of sample j, x_j, belong.")
    for m in range(X.shape[0]):
        if np.max(np.abs(got - X[m][:, None] * sums[None, :])) <= 1e-7 * scale:
            return (f"Every sample's term is multiplied by the features of sample {m}, x_{m}, instead of its own x_j: "
                    f"the residuals of sample j go with the features of that same sample.")
    return None


def _alone_or_parts(fn, spec, W, X, y, one_sample, got):
    """What each sample alone shows (:mod:`course_utils.checks.grad_residual`); if each is right, the weights of
    the two parts (:mod:`course_utils.checks.grad_parts`), else that the samples are mixed somewhere."""
    if fn is None:
        return None
    message = residual_message(fn, spec, W, X, y, one_sample)
    if message is not None and message != ALONE_RIGHT:
        return message
    if message == ALONE_RIGHT:
        S = _numerics.softmax(X @ W)
        message = running_message(X, np.eye(W.shape[1])[np.asarray(y)], S, got) or message
    return (parts_message(fn, spec, W, X, y) if X.shape[0] > 1 else None) or message


def structure_explain(W, X, y, stable=False, fn=None, spec=None, one_sample=None):
    """The explanation of a wrong log-likelihood gradient.

    Parameters
    ----------
    W, X, y : ndarray
        The case's problem (X of one row: one sample).
    stable : bool
        The case has logits near 1000: only overflow or a finite but wrong softmax is explained.
    fn, spec, one_sample : callable, Spec, callable, optional
        The student's function, how to call it, and ``one_sample(W, x, label) -> args`` for a call on one
        sample: with them, each sample's term is read alone (:mod:`course_utils.checks.grad_residual`).

    Returns
    -------
    callable
        ``explain(got) -> str or None``: the structural diagnoses of the module, in order.
    """
    sizes = {"N": X.shape[0], "D": W.shape[0], "K": W.shape[1]} if X.shape[0] > 1 else \
        {"D": W.shape[0], "K": W.shape[1]}

    def explain(got):
        got = np.asarray(got, dtype=np.float64)
        S = _numerics.softmax(X @ W)
        Y = np.eye(W.shape[1])[np.asarray(y)]
        R = Y - S
        G = X.T @ R
        if not stable and got.shape == G.shape and np.max(np.abs(got)) <= 1e-12 * np.max(np.abs(G)):
            return ZERO
        if not stable and got.shape == G.shape and np.all(np.isfinite(got)):
            terms = X[:, :, None] * R[:, None, :]
            c = fit(terms, got)
            message = (label_factor_message(c, S[np.arange(len(y)), y]) or label_count_message(c, y)
                       if c is not None else None)
            message = message or (weights_message(c, sizes, single=X.shape[0] == 1) if c is not None else None)
            message = (message or penalty_message(W, G, got) or cases_message(X, Y, S, got) or x_message(X, R, got)
                       or w_message(W, R, got)
                       or _alone_or_parts(fn, spec, W, X, y, one_sample, got)
                       or offset_message(G, got)
                       or columns_message(got, G, "classes", label="class {}".format)
                       or columns_message(got, G, "features", axis=0, label=lambda d: "feature 0, the bias column of "
                                          "ones" if d == 0 and np.all(X[:, 0] == 1) else f"feature {d}"))
            if message:
                return message
        return stable_explain(got) if stable else None

    return explain
