"""Check of grad_log_likelihood_sample (lecture 07): the gradient of ONE sample's log-likelihood, x (e_y - sigma)^T.

Besides the fingerprints of the batch gradient (a batch of one), two
diagnoses are specific to one sample, each given only when the failure shows
it: a dot or elementwise product where the outer product is meant (a failed
product or broadcast of sizes D and K, or a result of one number), and K taken
from the label (the sizes of the failure are y + 1, or 1).
"""

import re

import numpy as np

from .. import gradients as _gradients
from .. import numerics as _numerics
from .call import HintedSpec
from .core import Case, check, problem
from .diagnose import array_check
from .grad_mistakes import GRAD_TOL, NAMES, grad_mistakes
from .grad_structure import structure_explain
from .numpy_errors import broadcast_shapes, matmul_sizes, sizes_in

OUTER = ("the (D, K) result pairs every feature of x with every class: the outer product of x (D,) and a "
         "vector of K numbers. For a 1-D array x.T is x itself, so x.T @ v is a dot product, not an outer product")


def _label_hint(label, K):
    return (f"the label here is y = {label}: K must come from W.shape[1] (K = {K} here), not from the label, which "
            f"says nothing about the number of classes")


def _sample_hint(exc, case):
    """The hints the sizes in the message of ``exc`` support: dot for outer product, K from the label."""
    W, _, label = case.args
    D, K = W.shape
    label = int(label)
    text = str(exc)
    hints = []
    if D != K and (matmul_sizes(text) == (D, K) or sorted(broadcast_shapes(text)) == sorted([(D,), (K,)])):
        hints.append(OUTER)
    from_label = label + 1
    if from_label != K and (from_label in sizes_in(text) if from_label > 1
                            else re.search(r"with size 1\b|\(1,\)", text)):
        hints.append(_label_hint(label, K))
    return hints


def _remake(seed, label, **scales):
    """``remake(sizes)``: one sample of the problem of ``seed`` with other sizes (the label kept below K)."""
    def remake(sizes):
        W, X, _ = problem(seed, 1, sizes["D"], sizes["K"], **scales)
        y = min(int(label), sizes["K"] - 1)
        return Case(f"one sample with {sizes}", (W, X[0], y), _gradients.grad_log_likelihood_sample(W, X[0], y),
                    sizes=sizes)
    return remake


def _one_sample(W, x, label):
    """The arguments of a call on one sample."""
    return W, x, label


def _sample_case(desc, W, x, label, earlier, stable=False, remake=None, fn=None):
    X1 = x[None, :]
    y1 = np.array([int(label)])
    s = _numerics.softmax(x @ W)
    e = np.eye(W.shape[1])[int(label)]
    mistakes = grad_mistakes(W, X1, y1, N=1, earlier=earlier)
    mistakes.append((lambda: np.outer(x, 1.0 - s), "It subtracts the probabilities from 1 in every column: the "
                                                   "indicator 1{y = k} is 1 in the label's column only and 0 in the "
                                                   "others (e_y is all 0 but one 1). If the one-hot vector was made "
                                                   "with K taken from the label, " + _label_hint(int(label), W.shape[1])
                                                   + "."))
    if W.shape[0] == W.shape[1]:
        mistakes.append((float(x @ (e - s)), "It returned one number: " + OUTER + "."))
    return Case(desc, (W.copy(), x.copy(), label), _gradients.grad_log_likelihood_sample(W, x, label),
                mistakes=mistakes, explain=structure_explain(W, X1, y1, stable, fn, SPEC, _one_sample),
                sizes={"D": W.shape[0], "K": W.shape[1]}, remake=remake)


SPEC = HintedSpec("grad_log_likelihood_sample", "grad_log_likelihood_sample(W, x, y)", ("W", "x"),
                  index_hint="y is a label from 0 to K - 1; x is (D,), W is (D, K)",
                  shape_hint="x is (D,), W is (D, K), the logits are (K,) and the result has the shape of W",
                  exception_hint=_sample_hint)


@check("check_grad_log_likelihood_sample", "grad_log_likelihood_sample")
def check_grad_log_likelihood_sample(fn):
    """Check a student's ``grad_log_likelihood_sample(W, x, y)`` for ONE sample x (D,) and label y.

    The result is the gradient of log sigma_y(W^T x), shape (D, K), ascent
    direction.  Tries labels given as a Python int and as a NumPy integer, D = K,
    labels below K - 1 (K must come from W, not from the label) and logits near 1000.
    """
    settings = [
        ("one sample x of D = 4 features, K = 3 classes, label y = 2 (a Python int)", 501, dict(D=4, K=3), 2),
        ("one sample with D = K = 4 (square W), label y = 1", 502, dict(D=4, K=4), 1),
        ("one sample, D = 5, K = 3, label y = 0 given as a NumPy integer", 503, dict(D=5, K=3, x_scale=2.0),
         np.int64(0)),
        ("large weights: logits of size ~1000 (D = 3, K = 4, y = 3)", 504, dict(D=3, K=4, w_scale=500.0), 3),
    ]
    dims = [{"D": options["D"], "K": options["K"]} for _, _, options, _ in settings]
    cases = []
    for i, (desc, seed, options, label) in enumerate(settings):
        W, X, _ = problem(seed, N=1, **options)
        scales = {k: v for k, v in options.items() if k not in ("D", "K")}
        cases.append(_sample_case(desc, W, X[0], label, dims[:i], stable=i == 3,
                                  remake=_remake(seed, label, **scales), fn=fn))
    return array_check("check_grad_log_likelihood_sample", fn, SPEC, cases, GRAD_TOL, floor=1e-300,
                       rel_floor=1e-6, shape_names=NAMES, dims=dims)
