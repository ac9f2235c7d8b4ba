"""What may stand in place of a sample's r_jk (1 - sigma_k or -sigma_k) in a wrong gradient: the words and values.

:mod:`course_utils.checks.grad_residual` fits r, read off one-sample calls, as a small whole-number combination
of the quantities here (:data:`FEATURES`, their values per class from :func:`features`), writes a fit in words
(:func:`formula`) and says what a quantity in it means (:data:`MEANING`).

Examples
--------
>>> print(formula({"1": 1.0, "sigma_k": -1.0}))
1 - sigma_k
>>> print(formula({"sigma_y": -1.0}))
-sigma_{y_j}
"""

import numpy as np

from .. import numerics as _numerics

#: The quantities a case's r may be made of: (key, words in the formula).
FEATURES = (("1", "1"), ("sigma_k", "sigma_k"), ("sigma_y", "sigma_{y_j}"), ("u_k", "e^(a_k - m)"),
            ("a_k", "a_k"), ("sigma_k^2", "sigma_k^2"), ("before", "sigma_k (only for k < y_j)"),
            ("after", "sigma_k (only for k > y_j)"), ("label", "y_j"), ("upto", "(y_j + 1)"),
            ("pred", "1{k = argmax a}"), ("log", "log sigma_k"), ("sigmoid", "1 / (1 + e^(-a_k))"),
            ("neg", "softmax(-a)_k"), ("last_ind", "1{y_j = K - 1}"), ("last", "sigma_{K-1}"))
#: What a quantity in a fit means, said after the formula.
MEANING = {
    "sigma_y": "The label's probability sigma_{y_j} is the same number in every column; the class k needs its own "
               "probability sigma_k",
    "u_k": "The exponential e^(a_k - m) is not a probability until it is divided by the sum of e^(a_c - m) over the "
           "classes c (sigma_k = softmax(a)_k)",
    "a_k": "The logit a_k (x_j . w_k) is not the probability sigma_k = softmax(a)_k",
    "sigma_k^2": "The square sigma_k^2 is not in the formula: it has sigma_k itself",
    "before": "The classes after the label get nothing: the loop over the classes stops at the sample's own class "
              "(a break or a return inside it?); every class k != y_j gets -sigma_k x_j",
    "after": "The classes before the label get nothing: the loop over the classes starts after the sample's own class; "
             "every class k != y_j gets -sigma_k x_j",
    "pred": "The one-hot vector of the PREDICTED class, 1 at the largest logit and 0 elsewhere, stands where the "
            "probabilities sigma_k belong: the gradient of the log-likelihood needs the probabilities themselves",
    "log": "The log-probability log sigma_k stands where the probability sigma_k belongs: the derivative of log "
           "sigma_{y_j} with respect to the logits is the indicator minus the probabilities themselves",
    "sigmoid": "The sigmoid of each logit alone, 1 / (1 + e^(-a_k)) (binary logistic regression's probability, one "
               "class against the rest), stands where sigma_k, the softmax over all K logits of the sample, belongs",
    "neg": "The softmax of the NEGATED logits, softmax(-a), stands where softmax(a) belongs: the logits a = x_j W "
           "enter with their own sign",
    "last": "Every class k gets the term of the LAST class, K - 1: a function made inside the loop over the classes "
            "(an anonymous function, a nested def) reads k when it is called, after the loop, so each sees the last k (late "
            "binding; pass k as an argument, or compute the term in the loop), or the term is computed after the loop",
    "label": "The label y_j itself, a number from 0 to K - 1, stands where the indicator 1{y_j = k} belongs: the "
             "indicator is 1 in the label's column and 0 in the others (a one-hot vector), whatever the label's value",
    "upto": "The 1 of the label's column is counted y_j + 1 times, once for each class up to the label: a step meant "
            "once per sample (such as subtracting 1 at the label) sits inside the loop over the classes",
}



def formula(coefs):
    """A combination ``{feature key: coefficient}`` in words: ``"1 - sigma_k"``; ``"0"`` if empty."""
    text = ""
    for key, words in FEATURES:
        value = coefs.get(key, 0.0)
        if abs(value) < 1e-9:
            continue
        size = "" if abs(abs(value) - 1) < 1e-9 or key == "1" else f"{abs(value):g} "
        term = f"{abs(value):g}" if key == "1" else f"{size}{words}"
        text += f" {'+' if value > 0 else '-'} {term}"
    text = text.strip()
    if text.startswith("+ "):
        return text[2:]
    return ("-" + text[2:]) if text.startswith("- ") else (text or "0")


def features(W, x, label):
    """Per class k, the value of each feature for one sample: dict key -> (K,) array."""
    a = x @ W
    s = _numerics.softmax(a)
    K = len(a)
    k = np.arange(K)
    return {"1": np.ones(K), "sigma_k": s, "sigma_y": np.full(K, s[label]), "u_k": np.exp(a - a.max()),
            "a_k": a, "sigma_k^2": s * s, "before": s * (k < label), "after": s * (k > label),
            "label": np.full(K, float(label)), "upto": np.full(K, label + 1.0),
            "pred": (k == np.argmax(a)).astype(float), "log": np.log(s), "sigmoid": 1.0 / (1.0 + np.exp(-a)),
            "neg": _numerics.softmax(-a), "last_ind": np.full(K, float(label == K - 1)), "last": np.full(K, s[-1])}
