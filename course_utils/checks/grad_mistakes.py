"""Fingerprints of the mistakes in the log-likelihood gradient X^T (Y - S): what each returns, and its diagnosis.

Shared by the checks of ``grad_log_likelihood_loop``, ``grad_log_likelihood``
and ``grad_log_likelihood_sample`` (a batch of one).  Besides the formula's
mistakes (sign, 1/N, labels off by one ...), the loop of the notes' case
formula has its own: the notes' typo (the condition y_j = k in both cases),
``=`` where ``+=`` is meant, loops that stop one short or start one late, and
the probabilities of another sample.  Each fingerprint is the result of the
mistake computed with whole arrays, lazily (only for a wrong answer).
"""

import numpy as np

from .. import numerics as _numerics
from .dimensions import fixed_message

#: Relative tolerance of the three gradient checks.
GRAD_TOL = 1e-6
#: The diagnosis of a gradient wrong only for large logits.
STABLE = ("The softmax inside overflows for large logits: compute it stably, subtracting each "
          "sample's maximum logit before exponentiating.")
#: The diagnosis of a finite gradient wrong only for large logits.
FINITE = ("Its values are finite (no NaN or inf) but wrong, only for large logits: the softmax inside is not the "
          "softmax of the logits (are they clipped, or are NaN or inf replaced by numbers?). Compute it stably: "
          "subtracting each sample's maximum logit before exponentiating changes nothing else.")


def stable_explain(got):
    """The diagnosis of a gradient wrong only on logits near 1000: overflow (NaN, inf), or finite but wrong."""
    return STABLE if not np.all(np.isfinite(got)) else FINITE


#: How the checks name the shapes of W.
NAMES = {(4, 3): "(D, K) = (4, 3), like W", (4, 4): "(D, K) = (4, 4), like W",
         (6, 5): "(D, K) = (6, 5), like W", (3, 4): "(D, K) = (3, 4), like W",
         (3, 5): "(D, K) = (3, 5), like W", (5, 3): "(D, K) = (5, 3), like W"}


def grad_sum(X, Y, S):
    """X^T (Y - S)."""
    return X.T @ (Y - S)


def _indicator(y, K, shift):
    """The one-hot labels of a loop that compares y_j with k - shift: class y_j + shift, none past the ends."""
    Y = np.zeros((len(y), K))
    for j, label in enumerate(np.asarray(y) + shift):
        if 0 <= label < K:
            Y[j, label] = 1.0
    return Y


def _columns_from(G, start):
    """G with the columns from ``start`` on set to 0 (classes a loop never reaches)."""
    out = G.copy()
    out[:, start:] = 0.0
    return out


_NOTES = ("The handwritten notes write the condition y(j) = k in both cases; the second case is y_j != k, "
          "every class other than the sample's own.")


def _formula_mistakes(X, Y, S, G, y, K):
    off = ("The labels are off by one (class y {0} 1 instead of y): the one-hot indicator must "
           "mark column y_i, labels running from 0 to K - 1.")
    shifted = ("The class index is off by one: sample j counts as class y_j {0} 1 (and class {1} is never "
               "anyone's). Classes run from 0 to K - 1: compare the label with k itself.")
    return [
        (-G, "Sign error: this is the gradient of the NEGATIVE log-likelihood (the descent "
             "direction). The function must return the gradient of log L itself, the ascent "
             "direction: indicator minus probability, not probability minus indicator."),
        (lambda: grad_sum(X, np.eye(K)[(y + 1) % K], S), off.format("+")),
        (lambda: grad_sum(X, np.eye(K)[(y - 1) % K], S), off.format("-")),
        (X.T @ Y, "The softmax term is missing: only the indicator (one-hot) part is there."),
        (-X.T @ S, "The indicator (one-hot) term is missing: only the softmax part is there. The case k = y_j "
                   "never adds its 1 x_j: is the one-hot matrix all zeros, or is the test of k = y_j never true "
                   "(`is` tests identity, not equality: compare the label with k using ==)?"),
        (lambda: grad_sum(X, _indicator(y, K, -1), S), shifted.format("-", K - 1)),
        (lambda: grad_sum(X, _indicator(y, K, +1), S), shifted.format("+", 0)),
        (lambda: X.T @ (Y * (1 - S)), "Only the column of each sample's own class gets a contribution: the second "
                                      "case, -sigma_k x_j for every other class k, is never added. " + _NOTES),
        (lambda: X.T @ (Y * (1 - 2 * S)), "The column of each sample's own class gets both cases added, and the "
                                          "other columns get nothing: both conditions test y_j = k. " + _NOTES),
        (lambda: np.where(np.arange(K) == 0, 0.0, G), "Column 0 (class 0) is never updated: the loop over "
                                                      "classes must cover all K classes, range(K), from 0."),
        (lambda: _columns_from(G, K - 1), f"The last column (class K - 1 = {K - 1}) is never updated: the loop "
                                          "over the classes stops one class early; range(K) already runs from 0 "
                                          "to K - 1."),
        (lambda: G - _columns_from(G, K - 1), "Only the last column (class K - 1) is filled: each class's "
                                              "contribution replaces the one before (= where += is meant), or it "
                                              "is added after the loop over the classes instead of inside it."),
    ]


def _sample_mistakes(X, Y, S, G, N):
    """The mistakes of a loop over the samples (N > 1)."""
    def one(j):
        return np.outer(X[j], Y[j] - S[j])

    def sigma_of(index, which):
        return (lambda: grad_sum(X, Y, S[index]), f"The probabilities sigma used for sample j are those of "
                                                  f"{which}: compute sigma from x_j, the sample whose "
                                                  f"contribution is added.")
    return [
        (G / N, f"It is divided by N = {N}: that is the gradient of the MEAN log-likelihood. "
                "This function returns the gradient of the sum over samples (no 1/N)."),
        (-G / N, "It is the gradient of the mean negative log-likelihood (the training loss): "
                 "drop both the minus sign and the 1/N."),
        (G * N, f"It is N = {N} times too large: an extra factor N."),
        (lambda: one(N - 1), "Only the last sample's contribution is left: each sample's contribution replaces "
                             "the one before (= where += is meant), so the sum over the samples is lost."),
        (lambda: G - one(N - 1), f"The last sample (j = N - 1 = {N - 1}) is left out of the sum: the loop over "
                                 "the samples stops one sample early; range(N) already runs from 0 to N - 1."),
        (lambda: G - one(0), "The first sample (j = 0) is left out of the sum: the loop over the samples must "
                             "start at 0."),
        sigma_of(np.zeros(N, dtype=int), "sample 0, for every j"),
        sigma_of(np.full(N, N - 1), "the last sample, for every j"),
        sigma_of(np.arange(N) - 1, "the previous sample, j - 1"),
        sigma_of((np.arange(N) + 1) % N, "the next sample, j + 1"),
    ]


def _whole_softmax(A, shift):
    """Exponentials of ``A - shift`` normalized over the whole matrix (no axis)."""
    with np.errstate(all="ignore"):
        E = np.exp(A - shift)
        return E / np.sum(E)


def _finite(candidate):
    """A lazy fingerprint that applies only where it is finite (NaN matches NaN, which proves nothing)."""
    def value():
        out = candidate()
        if not np.all(np.isfinite(out)):
            raise ValueError("not finite")
        return out
    return value


def grad_mistakes(W, X, y, N=None, earlier=()):
    """Fingerprints ``[(result or lazy result, diagnosis)]`` of the classic mistakes in X^T (Y - S).

    ``N`` is None for a batch (a loop over its samples has mistakes of its own), 1 for one sample.
    ``earlier``: the sizes ``{"N": ..., "K": ...}`` of the cases before this one (all passed), for the
    results of a function that uses a fixed N or K instead of the shapes of its arguments.
    """
    batch = N is None
    N, K = X.shape[0], W.shape[1]
    S = _numerics.softmax(X @ W)
    Y = np.eye(K)[y]
    G = grad_sum(X, Y, S)
    mistakes = []
    for old in sorted({d["K"] for d in earlier if d["K"] < K}):
        mistakes.append((lambda old=old: _columns_from(G, old), fixed_message({"K": old}, {"K": K})))
    for old in sorted({d["N"] for d in earlier if "N" in d and d["N"] < N}):
        mistakes.append((lambda old=old: grad_sum(X[:old], Y[:old], S[:old]), fixed_message({"N": old}, {"N": N})))
    mistakes = [(candidate, message[0].upper() + message[1:] + ".") for candidate, message in mistakes]
    mistakes += _formula_mistakes(X, Y, S, G, y, K)
    if batch and N > 1:
        mistakes += _sample_mistakes(X, Y, S, G, N)
    mistakes.append((lambda: grad_sum(X, Y, _numerics.softmax(X @ W, axis=0)),
                     "The softmax is normalized over the samples (axis 0) instead of over each sample's classes."))
    if batch and N > 1:
        R = Y - S
        sums = X.sum(axis=0)
        whole = ("the exponentials are normalized over the WHOLE matrix (a sum without axis=) instead of over each "
                 "sample's K classes (along each row, keepdims=True)")
        products = ("a product of sums, (sum_j x_j)(sum_j {0})^T, where the sum of the products, sum_j x_j {0}^T, "
                    "is meant: each sample's features go with its own {1}")
        mistakes += [
            (lambda: X.T @ Y - np.outer(sums, S.sum(axis=0)),
             "The probability part is " + products.format("sigma_j", "probabilities") + "."),
            (lambda: np.outer(sums, Y.sum(axis=0)) - X.T @ S,
             "The indicator part is " + products.format("y_j", "one-hot row") + "."),
            (lambda: np.outer(sums, R.sum(axis=0)), "It is " + products.format("(y_j - sigma_j)", "residual") + "."),
            (_finite(lambda: grad_sum(X, Y, _whole_softmax(X @ W, np.max(X @ W)))),
             "The probabilities are wrong: " + whole + "."),
            (_finite(lambda: grad_sum(X, Y, _whole_softmax(X @ W, 0.0))), "The probabilities are wrong: " + whole + "."),
            (_finite(lambda: grad_sum(X, Y, _whole_softmax(X @ W, np.max(X @ W, axis=1, keepdims=True)))),
             "The probabilities are wrong: " + whole + "."),
            (R, "It returned the residual Y - S itself, one row per sample: the gradient is X^T times that residual, "
                "the sum over the samples of each sample's residual times its features."),
            (lambda: X.sum(axis=1)[:, None] * R,
             "It sums over the features (axis 1) where the sum over the samples (axis 0) is meant: entry [d, k] "
             "of the gradient sums x_jd r_jk over the samples j, so the per-sample terms x_j r_j^T of shape "
             "(N, D, K) are summed along axis 0."),
        ]
    if G.shape[0] == G.shape[1]:
        mistakes.append((G.T, "The result is transposed: entry [d, k] must belong to feature d "
                              "(row, like W) and class k (column). With D = K the shape cannot "
                              "show it, the values do."))
    return mistakes


def label_mistakes(problem):
    """The results of a gradient that takes K from the labels of ``problem`` (classes past it never updated)."""
    W, X, y = problem.W, problem.X, problem.y
    G = grad_sum(X, np.eye(W.shape[1])[y], _numerics.softmax(X @ W))
    return [(lambda k=k: _columns_from(G, k), problem.diagnosis) for k in problem.from_labels]
