"""Check of log_likelihood (lecture 02): sign, sum not mean, labels, and stability."""

import numpy as np

from .. import numerics as _numerics
from .core import Case, Spec, check, problem, problem_remake, problem_sizes
from .diagnose import array_check
from .dimensions import fixed_message
from .label_cases import label_problems
from .ll_structure import ll_explain
from ..likelihood import log_likelihood as _ref_log_likelihood

LOG_LIKELIHOOD_TOL = 1e-9


def _ll_from_logprobs(L, y):
    return float(np.sum(L[np.arange(len(y)), y]))


def _ll_mistakes(W, X, y):
    N, K = X.shape[0], W.shape[1]
    ll = _ref_log_likelihood(W, X, y)
    logS = _numerics.log_softmax(X @ W)
    return [
        (-ll, "It is the NEGATIVE log-likelihood (a loss, >= 0): the log-likelihood itself is a sum "
              "of log-probabilities, so it is <= 0. Check the sign."),
        (ll / N, f"It is the MEAN over the N = {N} samples: the log-likelihood is the sum over "
                 "samples, without the factor 1/N."),
        (-ll / N, "It is the mean negative log-likelihood (the training loss): the log-likelihood "
                  "is the sum of the log-probabilities, without the minus sign and without 1/N."),
        (ll * N, f"It is N = {N} times too large: an extra factor N."),
        (lambda: _ll_from_logprobs(logS, (y + 1) % K),
         "It uses the probability of the wrong class: your labels are off by one (class y + 1 "
         "instead of y). Labels run from 0 to K - 1 and pick column y of the probabilities."),
        (lambda: _ll_from_logprobs(logS, (y - 1) % K),
         "It uses the probability of the wrong class: your labels are off by one (class y - 1 "
         "instead of y). Labels run from 0 to K - 1 and pick column y of the probabilities."),
        (float(np.sum(logS)), "It sums the log-probabilities of ALL classes: only the probability "
                              "of each sample's true class y_i counts."),
        (float(np.sum(logS[:, y])), f"It picks column y_j for EVERY sample (an N x N = {N} x {N} block of "
                                    "log-probabilities): index with a row index AND a label per row, so that "
                                    "each sample i contributes one entry, its own log sigma_{y_i}."),
        (np.exp(ll), "It is the likelihood (a product of probabilities), not its logarithm."),
        (ll / np.log(10.0), "It uses the base-10 logarithm: the log-likelihood uses the natural log."),
        (ll / np.log(2.0), "It uses the base-2 logarithm: the log-likelihood uses the natural log."),
        (lambda: _ll_from_logprobs(_numerics.log_softmax(X @ W, axis=0), y),
         "It normalizes the probabilities over the samples (axis 0) instead of over the classes "
         "of each sample."),
    ]


def _remake(seed, **scales):
    """``remake(sizes)``: the problem of ``seed`` with other sizes, for the probes of a failure."""
    return problem_remake(seed, _ref_log_likelihood, **scales)


def _ll_case(desc, W, X, y, earlier=(), explain=None, remake=None):
    """A case; ``earlier``: the sizes of the cases before it, for a loop over a fixed number of samples."""
    logS = _numerics.log_softmax(X @ W)
    fixed = [(lambda n=n: _ll_from_logprobs(logS[:n], y[:n]), fixed_message({"N": n}, {"N": len(y)}))
             for n in sorted({d["N"] for d in earlier if d["N"] < len(y)})]
    fixed = [(candidate, message[0].upper() + message[1:] + ".") for candidate, message in fixed]
    return Case(desc, (W.copy(), X.copy(), y.copy()), _ref_log_likelihood(W, X, y),
                mistakes=fixed + _ll_mistakes(W, X, y), explain=explain,
                sizes=problem_sizes(W, X), remake=remake)


def _label_case(p):
    """A problem whose labels lack a class: the results of K taken from the labels, then the usual mistakes."""
    logits = p.X @ p.W
    logS = _numerics.log_softmax(logits)
    mistakes = []
    for k in p.from_labels:
        kept = p.y < k
        mistakes += [
            (lambda k=k: _ll_from_logprobs(_numerics.log_softmax(logits[:, :k]), p.y), p.diagnosis),
            (lambda kept=kept: _ll_from_logprobs(logS[kept], p.y[kept]), p.diagnosis),
        ]
    return Case(p.desc, (p.W.copy(), p.X.copy(), p.y.copy()), _ref_log_likelihood(p.W, p.X, p.y),
                mistakes=mistakes + _ll_mistakes(p.W, p.X, p.y), hint=p.hint, fallback=p.fallback,
                sizes=problem_sizes(p.W, p.X))


def _product_underflow_explain(got):
    if np.isneginf(got) or got == 0:
        return ("It returned -inf (or 0): the product of hundreds of probabilities underflows "
                "float64 to exactly 0, whose log is -inf. Add the logarithms of the probabilities "
                "instead of taking the log of their product.")
    return None


def _stable_ll_explain(got):
    status = "NaN" if np.isnan(got) else "-inf" if np.isneginf(got) else f"{float(got):.6g}"
    return (f"It returned {status}, wrong only for very large logits: compute log-softmax stably. "
            "Taking the log of softmax probabilities fails when a probability underflows to 0 "
            "(log 0 = -inf) or the exponentials overflow (NaN); work with log-probabilities "
            "directly: each logit minus the log-sum-exp of its row, shifted by the row maximum.")


LOG_LIKELIHOOD = Spec("log_likelihood", "log_likelihood(W, X, y)", ("W", "X", "y"),
                      index_hint="labels run from 0 to K - 1; X is (N, D), W is (D, K)",
                      shape_hint="X is (N, D), W is (D, K), so the logits X W are (N, K)")


@check("check_log_likelihood", "log_likelihood")
def check_log_likelihood(fn):
    """Check a student's ``log_likelihood(W, X, y)`` against :func:`course_utils.log_likelihood`.

    Tries a small problem, N = 500 samples (where the likelihood itself
    underflows), logits near 1000 and labels lacking a class (K comes from W),
    and checks that no input is modified.
    """
    W1, X1, y1 = problem(201, N=7, D=4, K=3)
    W2, X2, y2 = problem(202, N=500, D=5, K=10)
    W3, X3, y3 = problem(203, N=12, D=3, K=4, w_scale=400.0)
    dims = [problem_sizes(W, X) for W, X in ((W1, X1), (W2, X2), (W3, X3))]
    cases = [
        _ll_case("a small problem: N = 7 samples, D = 4 features (bias included), K = 3 classes",
                 W1, X1, y1, explain=ll_explain(fn, LOG_LIKELIHOOD, W1, X1, y1), remake=_remake(201)),
        _ll_case("N = 500 samples, K = 10 classes (the likelihood itself is about 1e-700)",
                 W2, X2, y2, dims[:1], explain=_product_underflow_explain, remake=_remake(202)),
        _ll_case("large weights: logits of size ~1000, some true-class probabilities below 1e-300",
                 W3, X3, y3, dims[:2], explain=_stable_ll_explain, remake=_remake(203, w_scale=400.0)),
    ]
    labels = label_problems(204)
    return array_check("check_log_likelihood", fn, LOG_LIKELIHOOD, cases + [_label_case(p) for p in labels],
                       LOG_LIKELIHOOD_TOL, floor=1e-300, dims=dims + [None] * len(labels))
