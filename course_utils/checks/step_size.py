"""Check of lecture 05's coding exercise ``safe_learning_rate(X, l2)``, tested on data.

Lecture 05 ("A step size that always climbs", then "The version used for training: the mean loss, descent")
derives that gradient descent ``W <- W - lr * grad E(W)`` on the training objective, the mean negative
log-likelihood plus the L2 penalty, ``E(W) = -(1/N) l(W) + (l2/2) ||W||^2``, never goes up when

    lr < 4N / (||X||_2^2 + 2N l2),

with X of shape (N, D) (bias column included) and ||X||_2 its SPECTRAL norm, the largest singular value
(``np.linalg.norm(X, 2)``): along any direction the curvature of E is at most ||X||_2^2 / (2N) + l2.  Sign
convention: descent on E, a loss to minimize (ascent on the mean log-likelihood).

:func:`check_safe_learning_rate` compares the student's number (relative tolerance :data:`RTOL`) on six seeded
inputs (tall and wide X, with and without a bias column, l2 = 0 and l2 > 0), names the classic slips by the
value each gives (:func:`slips`), then runs :data:`STEPS` descent steps on the blobs at 0.99 times the
student's rate and requires E to fall at every step.  Only NumPy, ``softmax`` and ``one_hot`` may be used.

Examples
--------
>>> import numpy as np
>>> def safe_learning_rate(X, l2):
...     N = X.shape[0]
...     return 4 * N / (np.linalg.norm(X, 2) ** 2 + 2 * N * l2)
>>> result = check_safe_learning_rate(safe_learning_rate)       # doctest: +ELLIPSIS
check_safe_learning_rate: correct (correct on 6 inputs; on the blobs (N = 150, l2 = 0.01), 20 descent steps ...)
>>> check_safe_learning_rate(lambda X, l2: 4 * len(X) / (np.linalg.norm(X) ** 2 + 2 * len(X) * l2))
... # doctest: +ELLIPSIS
Traceback (most recent call last):
...
course_utils.checks.Incorrect: safe_learning_rate: on a tall X ..., it returns ...: it uses the Frobenius norm ...
"""

import itertools

import numpy as np

from ..data import make_blobs_2d
from ..gradients import loss_and_grad
from ..numerics import add_bias
from .call import call
from .compare import first_mistake
from .core import Case, CheckResult, Incorrect, Spec, check
from .custom import expect_close
from .returns import one_number

SPEC = Spec("safe_learning_rate", "safe_learning_rate(X, l2)", ("X", "l2"),
            mutation_hint="Compute new arrays (X.T @ X, X / N) instead of writing into X: the caller's data must "
                          "stay as it was.", reduces=False)
RTOL = 1e-6                                     # an SVD, eigvalsh or norm(X, 2) agree to ~1e-14
STEPS, SHRINK, BLOBS_L2 = 20, 0.99, 0.01        # the experiment: steps at SHRINK x the rate, on the blobs

_NORM = "||X||_2^2 + 2N l2"
_CURV = "the curvature of E is at most ||X||_2^2/(2N) + l2; times 2N, the denominator is " + _NORM
#: The penalty in the denominator, coefficient * n**power * l2 (n: the N used), and the slip's diagnosis.
_PENALTY = [(2, 1, None), (0, 0, "the penalty is forgotten: (l2/2)||W||^2 adds l2 to the curvature of E: " + _CURV),
            (1, 1, f"the penalty lacks its factor 2: {_CURV}, not ||X||_2^2 + N l2"),
            (2, 0, f"the penalty term lacks its N: {_CURV}, not ||X||_2^2 + 2 l2"),
            (1, 0, f"the penalty term is l2 alone: {_CURV}")]
#: The numerator, coefficient * n**power, and the slip's diagnosis.
_NUMERATOR = [(4, 1, None),
              (4, 0, "N is missing from the numerator: 4/||X||_2^2 is the bound for l, the log-likelihood SUMMED over "
                     "the samples; E takes the MEAN, -(1/N) l, whose curvature is N times smaller, so its safe rate is "
                     "N times larger"),
              (2, 1, "that is half the bound: the rate that maximizes the guaranteed decrease (Exercise 4), while "
                     f"every rate below twice it, 4N/({_NORM}), decreases E"),
              (4, 2, "N counts twice: with ||X||_2^2/N in the denominator the numerator is 4, as "
                     f"4/(||X||_2^2/N + 2 l2) = 4N/({_NORM})")]


def reference(X, l2):
    """The safe learning rate 4N / (||X||_2^2 + 2N l2) of lecture 05, X of shape (N, D), ``l2`` >= 0 (a float)."""
    N = X.shape[0]
    return float(4 * N / (np.linalg.svd(X, compute_uv=False)[0] ** 2 + 2 * N * l2))


def slips(X, l2):
    """``[(the rate a slip returns, its diagnosis)]`` on X (N, D) and ``l2``: every combination of a norm, a numerator
    and a penalty that holds a slip, fewest slips first."""
    N, D = X.shape
    sv = np.linalg.svd(X, compute_uv=False)                          # descending
    s, f, f2 = sv[0] ** 2, np.sum(sv ** 2), np.sqrt(np.sum(sv ** 4))
    unsquared = "the norm is not squared: the bound has ||X||_2^2, the largest singular value SQUARED"
    frobenius = (f"it uses the Frobenius norm ||X||_F (np.linalg.norm(X), NumPy's default for a matrix), not the "
                 f"spectral norm ||X||_2 = np.linalg.norm(X, 2), the largest singular value: ||X||_F^2 sums ALL the "
                 f"squared singular values, {f:.4g} here against ||X||_2^2 = {s:.4g}")
    norms = [(s, []), (f, [frobenius]), (sv[0], [unsquared]), (np.sqrt(f), [frobenius, unsquared]),
             (s * s, ["||X^T X||_2 is already ||X||_2^2: squared again, it is ||X||_2^4"]),
             (f2, [f"it uses the Frobenius norm of X^T X (np.linalg.norm(X.T @ X)), {f2:.4g} here, not its largest "
                   f"eigenvalue ||X^T X||_2 = ||X||_2^2 = {s:.4g} (np.linalg.norm(X.T @ X, 2))"]),
             (sv[-1] ** 2, ["it uses the SMALLEST singular value of X (np.linalg.eigvalsh sorts the eigenvalues of "
                            "X^T X in ascending order): the bound needs the largest, ||X||_2^2"])]
    wrong_n = (f"it uses D = X.shape[1] = {D}, the number of features, where the bound has N = X.shape[0] = {N}, "
               "the number of samples")
    found = []
    for (norm, said), (a, p, num_said), (b, q, pen_said), n in itertools.product(norms, _NUMERATOR, _PENALTY, (N, D)):
        if n == D and (n == N or p == q * b == 0):                    # D enters nowhere: a duplicate
            continue
        parts = said + [x for x in (num_said, pen_said) if x] + [wrong_n] * (n != N)
        if parts:
            found.append((a * n ** p / (norm + b * n ** q * l2), parts))
    found.sort(key=lambda item: len(item[1]))
    return [(value, ". Also: ".join(parts)) for value, parts in found]


def _side(value, expected):
    """What a wrong rate ``value`` means for descent."""
    return (" A learning rate is positive." if value <= 0 else " This rate is too large: beyond the bound nothing "
            "guarantees that E decreases, and descent may go up." if value > expected else " This rate is below the "
            "bound: safe, but needlessly small, so descent is slower than it could be.")


def compare_one(fn, desc, X, l2):
    """Call ``fn`` on a copy of X (N, D) and ``l2``; raise :class:`Incorrect` naming the slip, else return the rate."""
    N, D = X.shape
    case = Case(desc, (X.copy(), l2), reference(X, l2), sizes={"N": N, "D": D})
    got = call(fn, SPEC, case)                # NotAttempted, an exception, X changed in place
    value, expected = one_number(got), case.expected
    if value is not None and not np.isnan(value) and not np.isclose(value, expected, rtol=RTOL, atol=0):
        diagnosis = first_mistake(value, expected, slips(X, l2), RTOL, 1e-300)
        if diagnosis:
            raise Incorrect(f"{SPEC.name}: on {desc}, it returns {value:.6g}, expected {expected:.6g}: "
                            f"{diagnosis}.{_side(value, expected)}")
        s = np.linalg.svd(X, compute_uv=False)[0] ** 2
        raise Incorrect(f"{SPEC.name}: on {desc}, it returns {value:.6g}, expected 4N/({_NORM}) = {expected:.6g} "
                        f"with N = X.shape[0] = {N}, ||X||_2^2 = np.linalg.norm(X, 2)**2 = {s:.6g} and l2 = {l2:g} "
                        f"(lecture 05, 'The version used for training').{_side(value, expected)}")
    if value is not None and np.isnan(value):
        raise Incorrect(f"{SPEC.name}: on {desc}, it returns nan, expected {expected:.6g}: the rate is a finite "
                        "positive number (something divided 0 by 0, or took the norm of an array holding nan).")
    try:
        expect_close(got, expected, on=desc, name=SPEC.name, rtol=RTOL)
    except AssertionError as exc:
        raise Incorrect(str(exc)) from None
    return value


def cases():
    """The six seeded inputs ``[(description, X of shape (N, D), l2)]``."""
    rng = np.random.default_rng(505)
    tall = np.hstack([np.ones((40, 1)), rng.standard_normal((40, 2))])
    wide = rng.standard_normal((4, 10))
    many = np.hstack([np.ones((100, 1)), rng.standard_normal((100, 5))])
    one = np.hstack([np.ones((1, 1)), rng.standard_normal((1, 2))])
    return [("a tall X (N = 40, D = 3, bias column first), l2 = 0", tall, 0.0),
            ("a tall X (N = 40, D = 3, bias column first), l2 = 0.1", tall, 0.1),
            ("a wide X (N = 4 < D = 10, no bias column), l2 = 0", wide, 0.0),
            ("a wide X (N = 4 < D = 10, no bias column), l2 = 0.5", wide, 0.5),
            ("an X of 100 samples with the bias column and 5 features, l2 = 0.01", many, 0.01),
            ("one sample (N = 1, D = 3, bias column first), l2 = 0.3", one, 0.3)]


def blobs():
    """The seeded blobs ``(X, y)``: X of shape (150, 3) with the bias column, y of shape (150,), K = 3."""
    X_raw, y = make_blobs_2d(n_per_class=50, num_classes=3, spread=2.0, seed=0)
    return add_bias(X_raw), y


def descent(lr, l2=BLOBS_L2, steps=STEPS):
    """E on the blobs at W = 0 and after each of ``steps`` descent steps W <- W - lr grad E (``steps + 1`` floats)."""
    X, y = blobs()
    W, E = np.zeros((X.shape[1], 3)), []
    for _ in range(steps + 1):
        loss, dW = loss_and_grad(W, X, y, l2=l2)
        E.append(loss)
        W = W - lr * dW                                              # descent on E
    return E


def descent_message(E, lr):
    """Why the values ``E`` of :func:`descent` at learning rate ``lr`` fail (E must fall at every step), or None."""
    for t in range(len(E) - 1):
        if not E[t + 1] < E[t]:
            return (f"on the blobs, descent at {SHRINK} × its rate (lr = {lr:.4g}) does not lower E at step {t + 1}: "
                    f"{E[t]:.6g} -> {E[t + 1]:.6g}. Below the bound 4N/({_NORM}) every step must lower E")
    return None


@check("check_safe_learning_rate", "safe_learning_rate")
def check_safe_learning_rate(fn):
    """Check lecture 05's ``safe_learning_rate(X, l2)`` on :func:`cases`, then by :func:`descent` on the blobs.

    Parameters
    ----------
    fn : callable
        ``fn(X, l2)`` with X of shape (N, D) (bias column included, or not) and ``l2`` >= 0, a float; returns
        the float 4N / (||X||_2^2 + 2N l2), the bound below which descent on the mean negative log-likelihood
        E (plus the penalty) never goes up.  It must leave X unchanged and use only NumPy, ``softmax`` and
        ``one_hot``.
    """
    checked = cases()
    for desc, X, l2 in checked:
        compare_one(fn, desc, X, l2)
    X, _ = blobs()
    lr = SHRINK * compare_one(fn, f"the blobs (N = {X.shape[0]}, D = {X.shape[1]}), l2 = {BLOBS_L2:g}", X, BLOBS_L2)
    E = descent(lr)
    message = descent_message(E, lr)
    if message:
        raise Incorrect(f"{SPEC.name}: {message}.")
    return CheckResult("check_safe_learning_rate", (
        f"correct on {len(checked)} inputs; on the blobs (N = {X.shape[0]}, l2 = {BLOBS_L2:g}), {STEPS} descent steps "
        f"at {SHRINK} × your rate lower E from {E[0]:.4f} to {E[-1]:.4f}, at every step"), n_cases=len(checked) + 1)
