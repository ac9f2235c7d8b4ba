"""Checks of softmax and softmax_jacobian (lectures 01, 02 and 04)."""

import numpy as np

from .. import jacobian as _jacobian
from .. import numerics as _numerics
from .core import Case, Spec, check
from .diagnose import array_check
from .jac_structure import jacobian_explain
from .softmax_explain import global_max_explain, overflow_explain
from .softmax_logits import neg_inf_explain
from .softmax_sums import sums_explain

SOFTMAX_TOL = 1e-10
JACOBIAN_TOL = 1e-10

# ------------------------------------------------------------------ softmax


def _without_keepdims(Q):
    """What a square Q gives when the max, the sum or both are taken without keepdims (lazily)."""
    def variant(keep_max, keep_sum):
        e = np.exp(Q - Q.max(axis=-1, keepdims=keep_max))
        return e / e.sum(axis=-1, keepdims=keep_sum)
    return [lambda: variant(True, False), lambda: variant(False, False)]


def _softmax_cases(fn=None):
    """The cases of check_softmax; ``fn`` is probed again to name the bound of a clipping softmax."""
    rng = np.random.default_rng(101)
    v = rng.normal(0.0, 2.0, 5)
    A = rng.normal(0.0, 3.0, (4, 6))
    Q = rng.normal(0.0, 3.0, (5, 5))
    big = np.array([[1000.0, 999.0, 998.0, 995.0], [1001.0, 1000.0, 990.0, 980.0]])
    spread = np.array([1000.0, 0.0, -1000.0, 999.0])
    neg = np.array([[-1000.0, -1001.0, -1002.0], [-1003.0, -1000.5, -1001.0]])
    mixed = np.array([[1000.0, 999.0, 998.0], [0.0, -1.0, -2.0]])
    masked = np.array([[0.0, -np.inf, 2.0, 1.0], [-np.inf, 3.0, -np.inf, 3.5]])
    one = np.array([[0.5, -1.0, 2.0, 0.0]])
    ints = np.array([3, 1, 0, 2])
    sm = _numerics.softmax
    wrong_axis = ("Your columns sum to 1 instead of your rows: you seem to normalize over axis 0 "
                  "(across samples) instead of the class axis given by `axis` (the last axis by default).")
    whole = ("All entries together sum to 1 instead of each row: you seem to normalize over the "
             "whole matrix instead of along the class axis (each row).")
    unnormalized = ("These are the plain exponentials: they still have to be divided by their sum "
                    "over the class axis, so that they sum to 1.")
    ignores_axis = ("With axis=0 each column must sum to 1, but your rows do: your function seems to "
                    "ignore its `axis` argument.")
    transposed = "Your result is the transpose of the right one (rows and columns swapped)."
    no_keepdims = ("Each row is divided by the wrong sum: a sum over the class axis without keepdims=True has "
                   "lost that axis, so it is laid along the other one when it divides the matrix. Keep the "
                   "axis (keepdims=True), so that every row is divided by its own sum")
    return [
        Case("a 1-D vector of 5 logits a = " + np.array2string(v, precision=3, separator=", "),
             (v.copy(),), sm(v), mistakes=[(lambda: np.exp(v), unnormalized)],
             explain=sums_explain(v, -1)),
        Case("a 4x6 matrix of logits (4 samples x 6 classes, default axis)", (A.copy(),), sm(A),
             mistakes=[(lambda: sm(A, axis=0), wrong_axis), (lambda: np.exp(A) / np.exp(A).sum(), whole),
                       (lambda: np.exp(A), unnormalized)],
             explain=sums_explain(A, -1)),
        Case("a square 5x5 matrix of logits (default axis)", (Q.copy(),), sm(Q),
             mistakes=[(lambda: sm(Q, axis=0), wrong_axis), (lambda: sm(Q).T, transposed),
                       (lambda: np.exp(Q) / np.exp(Q).sum(), whole),
                       *((candidate, no_keepdims) for candidate in _without_keepdims(Q))],
             explain=sums_explain(Q, -1)),
        Case("the 4x6 matrix with axis=0 (each column is a distribution)", (A.copy(),), sm(A, axis=0),
             kwargs={"axis": 0},
             mistakes=[(lambda: sm(A), ignores_axis), (lambda: np.exp(A) / np.exp(A).sum(), whole)],
             explain=sums_explain(A, 0, 0),
             hint="softmax must accept an `axis` argument, the axis that sums to 1"),
        Case("the 4x6 matrix with axis=1 (the class axis given explicitly)", (A.copy(),), sm(A, axis=1),
             kwargs={"axis": 1}, mistakes=[(lambda: sm(A, axis=0), wrong_axis)],
             explain=sums_explain(A, 1, 1)),
        Case("large logits near 1000 (rows like [1000, 999, 998, 995])", (big.copy(),), sm(big),
             explain=overflow_explain(big, "large", fn=fn, spec=SOFTMAX)),
        Case("a 1-D vector of widely spread logits [1000, 0, -1000, 999]", (spread.copy(),), sm(spread),
             explain=overflow_explain(spread, "large", fn=fn, spec=SOFTMAX)),
        Case("very negative logits (rows like [-1000, -1001, -1002])", (neg.copy(),), sm(neg),
             explain=overflow_explain(neg, "small", fn=fn, spec=SOFTMAX)),
        Case("rows of very different scale: [[1000, 999, 998], [0, -1, -2]]", (mixed.copy(),), sm(mixed),
             explain=global_max_explain(mixed, 0, 1, fn=fn, spec=SOFTMAX)),
        Case("logits with -inf entries (probability 0): [[0, -inf, 2, 1], [-inf, 3, -inf, 3.5]]", (masked.copy(),),
             sm(masked), explain=neg_inf_explain),
        Case("a batch of ONE sample: a 1x4 matrix of logits [[0.5, -1, 2, 0]]", (one.copy(),), sm(one),
             hint="a batch of one sample is still a matrix (1, K), and its probabilities too: keep both axes "
                  "(np.squeeze, or indexing with [0], drops the axis of the samples)"),
        Case("integer logits, an array of int: [3, 1, 0, 2]", (ints.copy(),), sm(ints.astype(np.float64)),
             hint="logits may be integers, probabilities are floats"),
    ]


SOFTMAX = Spec("softmax", "softmax(a, axis=-1)", ("a",),
               index_hint="softmax must work on a 1-D vector (K,) as well as on a matrix (N, K)",
               shape_hint="a maximum or a sum over the class axis loses that axis unless you pass "
                          "keepdims=True; with it, the (N, 1) column of row sums divides each row by its own sum")


@check("check_softmax", "softmax")
def check_softmax(fn):
    """Check a student's ``softmax(a, axis=-1)`` against :func:`course_utils.softmax`.

    Tries 1-D and 2-D logits, both axes, logits near +-1000, rows of very
    different scale, -inf logits (probability 0), a batch of one sample and
    integer logits, and checks that ``a`` is not modified.
    """
    return array_check("check_softmax", fn, SOFTMAX, _softmax_cases(fn), SOFTMAX_TOL, floor=1e-12)


# ------------------------------------------------------------------ softmax_jacobian


def _jacobian_mistakes(s):
    J = _jacobian.softmax_jacobian(s)
    K = s.shape[-1]
    eye = np.eye(K)
    diag_only = eye * (s * (1 - s))[..., None, :]
    outer = s[..., :, None] * s[..., None, :]
    axes = ("The axes are in the wrong order: the result must be indexed [sample, i, k], "
            "with the sample index first.")
    mistakes = [
        (diag_only, "Only the diagonal is right and all off-diagonal entries are 0: changing one "
                    "logit a_k also changes every other probability, so the entries i != k are "
                    "not zero (they are negative)."),
        (s * (1 - s), "It returns only the K diagonal entries as a vector: the Jacobian is a "
                      "K x K matrix (one row per output, one column per input), and its "
                      "off-diagonal entries are not zero."),
        (-J, "Every entry has the wrong sign: raising a_i raises sigma_i, so the diagonal entries "
             "must be positive and the off-diagonal ones negative."),
        (-outer, "The diagonal term is missing: the derivative of sigma_i with respect to its own "
                 "logit a_i has an extra term."),
        (outer, "It returns only the product of the probabilities (with the wrong sign), without the "
                "diagonal term."),
        (eye * s[..., None, :], "Only the diagonal term is there: the product term of the quotient "
                                "rule (present in every entry) is missing."),
        (eye * s[..., None, :] + outer, "The product term has the wrong sign: the quotient rule gives "
                                        "-sigma_i sigma_k in every entry (subtract it, do not add it)."),
    ]
    mistakes.append((lambda: _jacobian.softmax_jacobian(_numerics.softmax(s)),
                     "It is the Jacobian at softmax(s), not at s: the input s already holds the probabilities (the "
                     "output of softmax); use it as it is, without applying softmax again."))
    if s.ndim == 1:
        mistakes.append((np.diag(s) - s @ s, "It subtracts one number from every entry: for a 1-D vector, "
                                             "s @ s.T is the dot product (s.T of a 1-D array is the same "
                                             "array), not the K x K outer product sigma sigma^T. Use an outer "
                                             "product (np.outer, or a column times a row)."))
    if s.ndim == 2:
        for perm in [(1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]:
            mistakes.append((J.transpose(perm), axes))
    return mistakes


def _jacobian_remake(sizes):
    """The same kind of input with other sizes: one vector (K,) or a batch (N, K) of probabilities."""
    shape = (sizes["N"], sizes["K"]) if "N" in sizes else (sizes["K"],)
    s = _numerics.softmax(np.random.default_rng(302).normal(0, 1.5, shape))
    return Case(f"probabilities of shape {shape}", (s,), _jacobian.softmax_jacobian(s), sizes=sizes)


_BATCH_HINT = ("for a batch s of shape (N, K) the result must have shape (N, K, K): one K x K "
               "Jacobian per row of s, with the sample index first")


@check("check_softmax_jacobian", "softmax_jacobian")
def check_softmax_jacobian(fn):
    """Check a student's ``softmax_jacobian(s)`` against :func:`course_utils.softmax_jacobian`.

    Tries one probability vector (K,) and batches (N, K) with N != K and N = K.
    """
    rng = np.random.default_rng(301)
    s1 = _numerics.softmax(rng.normal(0, 1.5, 4))
    s2 = _numerics.softmax(rng.normal(0, 1.5, (3, 4)))
    s3 = _numerics.softmax(rng.normal(0, 1.5, (4, 4)))

    def case(desc, s, hint=""):
        sizes = {"K": s.shape[-1]} if s.ndim == 1 else {"N": s.shape[0], "K": s.shape[1]}
        return Case(desc, (s.copy(),), _jacobian.softmax_jacobian(s), mistakes=_jacobian_mistakes(s),
                    explain=jacobian_explain(s), hint=hint, sizes=sizes, remake=_jacobian_remake)

    cases = [
        case("one probability vector s = " + np.array2string(s1, precision=3, separator=", ") + " (K = 4)", s1),
        case("a batch of N = 3 probability vectors, s of shape (3, 4)", s2, _BATCH_HINT),
        case("a batch of N = 4 probability vectors with K = 4, s of shape (4, 4)", s3, _BATCH_HINT),
    ]
    spec = Spec("softmax_jacobian", "softmax_jacobian(s)", ("s",))
    names = {(4, 4): "(K, K) = (4, 4)", (3, 4, 4): "(N, K, K) = (3, 4, 4)", (4, 4, 4): "(N, K, K) = (4, 4, 4)"}
    return array_check("check_softmax_jacobian", fn, spec, cases, JACOBIAN_TOL, floor=1e-12, shape_names=names)
