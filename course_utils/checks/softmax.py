"""Checks of softmax and softmax_jacobian (lectures 01, 02 and 04)."""

import numpy as np

from .. import jacobian as _jacobian
from .. import numerics as _numerics
from .core import Case, Spec, check
from .diagnose import array_check

SOFTMAX_TOL = 1e-10
JACOBIAN_TOL = 1e-10

_STABLE = ("Softmax does not change when the same number is subtracted from every logit of a row: "
           "subtract each row's own maximum before exponentiating, so the largest exponential is exactly 1")


# ------------------------------------------------------------------ softmax


def _sums_explain(a, axis):
    """Diagnose a finite softmax output that is wrong on moderate logits."""

    def explain(got):
        if not np.all(np.isfinite(got)):
            return None
        sums = np.sum(got, axis=axis)
        if np.any(got < 0):
            return "Some outputs are negative, but probabilities are >= 0."
        if not np.allclose(sums, 1.0, rtol=1e-6):
            return (f"The outputs along the class axis sum to {_fmt_list(sums)}, not 1: the "
                    f"exponentials must be divided by their sum over the class axis.")
        return None

    return explain


def _fmt_list(values, k=3):
    values = np.ravel(values)
    text = ", ".join(f"{v:.4g}" for v in values[:k])
    return text + (", ..." if values.size > k else "")


def _overflow_explain(kind):
    def explain(got):
        if kind == "large":
            what = ("the exponentials of logits near 1000 overflow to inf (float64 overflows above "
                    "about e^709), and inf / inf is NaN")
        else:
            what = ("the exponentials of logits near -1000 all underflow to 0, and 0 / 0 is NaN "
                    "(or the result is 0 where a probability is expected)")
        status = "it returned NaN or inf" if not np.all(np.isfinite(got)) else "its values are wrong"
        return f"Numerical {'overflow' if kind == 'large' else 'underflow'}: {status} because {what}. {_STABLE}."

    return explain


def _global_max_explain(A, big_row, small_row):
    ref = _numerics.softmax(A)

    def explain(got):
        ok = [np.allclose(got[i], ref[i], rtol=1e-8, atol=1e-12) for i in range(A.shape[0])]
        if ok[big_row] and not ok[small_row]:
            return ("The row with logits near 1000 is right but the row near 0 is not "
                    f"(got {_fmt_list(got[small_row])}): you seem to shift all logits by ONE global "
                    "maximum over the whole matrix, so rows far below it underflow to 0 / 0. Shift "
                    "each row by its own maximum (a maximum along the class axis).")
        return _overflow_explain("large")(got)

    return explain


def _without_keepdims(Q):
    """What a square Q gives when the max, the sum or both are taken without keepdims (lazily)."""
    def variant(keep_max, keep_sum):
        e = np.exp(Q - Q.max(axis=-1, keepdims=keep_max))
        return e / e.sum(axis=-1, keepdims=keep_sum)
    return [lambda: variant(True, False), lambda: variant(False, False)]


def _softmax_cases():
    rng = np.random.default_rng(101)
    v = rng.normal(0.0, 2.0, 5)
    A = rng.normal(0.0, 3.0, (4, 6))
    Q = rng.normal(0.0, 3.0, (5, 5))
    big = np.array([[1000.0, 999.0, 998.0, 995.0], [1001.0, 1000.0, 990.0, 980.0]])
    spread = np.array([1000.0, 0.0, -1000.0, 999.0])
    neg = np.array([[-1000.0, -1001.0, -1002.0], [-1003.0, -1000.5, -1001.0]])
    mixed = np.array([[1000.0, 999.0, 998.0], [0.0, -1.0, -2.0]])
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
             explain=_sums_explain(v, -1)),
        Case("a 4x6 matrix of logits (4 samples x 6 classes, default axis)", (A.copy(),), sm(A),
             mistakes=[(lambda: sm(A, axis=0), wrong_axis), (lambda: np.exp(A) / np.exp(A).sum(), whole),
                       (lambda: np.exp(A), unnormalized)],
             explain=_sums_explain(A, -1)),
        Case("a square 5x5 matrix of logits (default axis)", (Q.copy(),), sm(Q),
             mistakes=[(lambda: sm(Q, axis=0), wrong_axis), (lambda: sm(Q).T, transposed),
                       (lambda: np.exp(Q) / np.exp(Q).sum(), whole),
                       *((candidate, no_keepdims) for candidate in _without_keepdims(Q))],
             explain=_sums_explain(Q, -1)),
        Case("the 4x6 matrix with axis=0 (each column is a distribution)", (A.copy(),), sm(A, axis=0),
             kwargs={"axis": 0},
             mistakes=[(lambda: sm(A), ignores_axis), (lambda: np.exp(A) / np.exp(A).sum(), whole)],
             explain=_sums_explain(A, 0),
             hint="softmax must accept an `axis` argument, the axis that sums to 1"),
        Case("the 4x6 matrix with axis=1 (the class axis given explicitly)", (A.copy(),), sm(A, axis=1),
             kwargs={"axis": 1}, mistakes=[(lambda: sm(A, axis=0), wrong_axis)],
             explain=_sums_explain(A, 1)),
        Case("large logits near 1000 (rows like [1000, 999, 998, 995])", (big.copy(),), sm(big),
             explain=_overflow_explain("large")),
        Case("a 1-D vector of widely spread logits [1000, 0, -1000, 999]", (spread.copy(),), sm(spread),
             explain=_overflow_explain("large")),
        Case("very negative logits (rows like [-1000, -1001, -1002])", (neg.copy(),), sm(neg),
             explain=_overflow_explain("small")),
        Case("rows of very different scale: [[1000, 999, 998], [0, -1, -2]]", (mixed.copy(),), sm(mixed),
             explain=_global_max_explain(mixed, 0, 1)),
    ]


SOFTMAX = Spec("softmax", "softmax(a, axis=-1)", ("a",),
               index_hint="softmax must work on a 1-D vector (K,) as well as on a matrix (N, K)",
               shape_hint="a maximum or a sum over the class axis loses that axis unless you pass "
                          "keepdims=True; with it, the (N, 1) column of row sums divides each row by its own sum")


@check("check_softmax", "softmax")
def check_softmax(fn):
    """Check a student's ``softmax(a, axis=-1)`` against :func:`course_utils.softmax`.

    Tries 1-D and 2-D logits, both axes, logits near +-1000 and rows of very
    different scale, and checks that ``a`` is not modified.
    """
    return array_check("check_softmax", fn, SOFTMAX, _softmax_cases(), SOFTMAX_TOL, floor=1e-12)


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
    if s.ndim == 1:
        mistakes.append((np.diag(s) - s @ s, "It subtracts one number from every entry: for a 1-D vector, "
                                             "s @ s.T is the dot product (s.T of a 1-D array is the same "
                                             "array), not the K x K outer product sigma sigma^T. Use an outer "
                                             "product (np.outer, or a column times a row)."))
    if s.ndim == 2:
        for perm in [(1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]:
            mistakes.append((J.transpose(perm), axes))
    return mistakes


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
    cases = [
        Case("one probability vector s = " + np.array2string(s1, precision=3, separator=", ")
             + " (K = 4)", (s1.copy(),), _jacobian.softmax_jacobian(s1), mistakes=_jacobian_mistakes(s1)),
        Case("a batch of N = 3 probability vectors, s of shape (3, 4)", (s2.copy(),),
             _jacobian.softmax_jacobian(s2), mistakes=_jacobian_mistakes(s2), hint=_BATCH_HINT),
        Case("a batch of N = 4 probability vectors with K = 4, s of shape (4, 4)", (s3.copy(),),
             _jacobian.softmax_jacobian(s3), mistakes=_jacobian_mistakes(s3), hint=_BATCH_HINT),
    ]
    spec = Spec("softmax_jacobian", "softmax_jacobian(s)", ("s",))
    names = {(4, 4): "(K, K) = (4, 4)", (3, 4, 4): "(N, K, K) = (3, 4, 4)", (4, 4, 4): "(N, K, K) = (4, 4, 4)"}
    return array_check("check_softmax_jacobian", fn, spec, cases, JACOBIAN_TOL, floor=1e-12, shape_names=names)
