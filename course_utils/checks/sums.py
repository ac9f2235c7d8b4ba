"""A wrong result explained as a sum over samples with the wrong weights: a sample missing, the last one only, 1/N.

Many results are sums of per-sample terms: the log-likelihood of the l_j,
the gradient of the x_j r_j^T.  :func:`fit` finds the weights c_j that
explain a student's result as sum_j c_j term_j (least squares) and keeps
them only if the fit is exact and the terms are independent; :func:`weights_message`
says what the weights show (only the last sample: ``=`` where ``+=`` is meant;
the first sample missing; every term divided by N, D or K ...).  (Comparing a
matrix column by column with the right one is :mod:`course_utils.checks.columns`.)
Each sentence states what the numbers show, exactly; nothing is guessed.

Examples
--------
>>> import numpy as np
>>> terms = np.random.default_rng(0).standard_normal((5, 3, 2))
>>> c = fit(terms, terms[4])
>>> print(weights_message(c, {"N": 5, "D": 3, "K": 2}))   # doctest: +NORMALIZE_WHITESPACE
Only the last sample's contribution is left: each sample's contribution replaces the one before (= where += is
meant), so the sum over the samples is lost.
"""

import itertools

import numpy as np

#: Relative residual below which a fit counts as exact.
EXACT = 1e-7
#: What each symbol counts.
_WORDS = {"N": "samples", "D": "features", "K": "classes"}


def fit(terms, got, tol=EXACT):
    """Weights c with ``got = sum_j c[j] terms[j]`` exactly (up to ``tol``), or None.

    Parameters
    ----------
    terms : array_like of shape (n, *got.shape)
        The n terms whose weighted sum may explain ``got``.
    got : array_like
        The student's result.
    tol : float
        Largest relative residual of an exact fit.

    Returns
    -------
    ndarray of shape (n,) or None
        The weights; None if the fit is not exact, if the terms are not independent enough to tell the
        weights apart, or if there are no more equations than weights.
    """
    got = np.asarray(got, dtype=np.float64)
    T = np.asarray(terms, dtype=np.float64).reshape(len(terms), -1).T
    if T.shape[0] <= T.shape[1] or not np.all(np.isfinite(got)) or not np.all(np.isfinite(T)):
        return None
    sv = np.linalg.svd(T, compute_uv=False)
    if sv[-1] <= 1e-6 * sv[0]:
        return None
    c, *_ = np.linalg.lstsq(T, got.ravel(), rcond=None)
    scale = max(float(np.linalg.norm(got)), float(np.linalg.norm(T @ c)), 1e-300)
    return c if np.linalg.norm(T @ c - got.ravel()) <= tol * scale else None


def _near(c, value, tol=1e-6):
    return bool(np.all(np.abs(np.asarray(c) - value) <= tol * max(1.0, abs(value))))


def scale_words(c0, sizes):
    """The words for a factor ``c0``: "divided by N = 7 (the number of samples)", or None (1, or no simple factor)."""
    if _near(c0, 1.0):
        return None
    for sign, word in ((1.0, ""), (-1.0, " and its sign is wrong")):
        for name, v in sizes.items():
            if v > 1 and _near(c0, sign / v) and list(sizes.values()).count(v) == 1:
                return f"divided by {name} = {v} (the number of {_WORDS.get(name, name)}){word}"
            if v > 1 and _near(c0, sign * v) and list(sizes.values()).count(v) == 1:
                return f"multiplied by {name} = {v} (the number of {_WORDS.get(name, name)}){word}"
    names = [n for n, v in sizes.items() if v > 1]
    for i, p in enumerate(names):
        for q in names[i + 1:]:
            v = sizes[p] * sizes[q]
            if _near(c0, 1.0 / v) and sum(sizes[a] * sizes[b] == v for j, a in enumerate(names)
                                           for b in names[j + 1:]) == 1:
                return (f"divided by {p} {q} = {v}, the number of entries of an ({p}, {q}) array (a mean over a whole "
                        f"matrix, np.mean, where a sum is meant?)")
    if _near(c0, -1.0):
        return "taken with the wrong sign"
    named = {2.0: "twice the right value", 0.5: "half the right value"}
    for value, text in named.items():
        if _near(c0, value):
            return text
    return None


def _listing(indices):
    return ", ".join(map(str, indices[:-1])) + (" and " if len(indices) > 1 else "") + str(indices[-1])


def weights_message(c, sizes, single=False):
    """What the weights of the samples' terms show (the right weights are all 1).

    Parameters
    ----------
    c : array_like of shape (N,)
        The weights found by :func:`fit`.
    sizes : dict
        The problem's sizes, ``{"N": 7, "D": 4, "K": 3}``, to name a common factor.
    single : bool
        The result is one sample's (c has one entry).

    Returns
    -------
    str or None
        The diagnosis (a sentence or two), or None if the weights show nothing simple.
    """
    c = np.asarray(c, dtype=np.float64)
    n = len(c)
    if _near(c, 1.0):
        return None
    if np.all(np.abs(c - c[0]) <= 1e-6 * max(1.0, abs(c[0]))):
        words = scale_words(float(c[0]), sizes)
        if words is None:
            return None
        if single:
            return f"The result is {words}: the gradient of one sample's log-likelihood has no such factor."
        return (f"Every sample's contribution is {words}: the sum over the samples counts each sample's "
                f"contribution once, with no factor.")
    if n < 2:
        return None
    rounded = np.round(c)
    if not np.all(np.abs(c - rounded) <= 1e-6) or rounded.min() < 0 or rounded.max() > 3:
        return None
    zeros = [int(j) for j in np.flatnonzero(rounded == 0)]
    if list(rounded) == [0.0] * (n - 1) + [1.0]:
        return ("Only the last sample's contribution is left: each sample's contribution replaces the one before "
                "(= where += is meant), so the sum over the samples is lost.")
    if list(rounded) == [1.0] + [0.0] * (n - 1):
        return ("Only the first sample's contribution is there: the loop over the samples ends after its first "
                "pass (a return inside the loop?) or never moves on from sample 0.")
    if set(rounded) <= {0.0, 1.0}:
        if zeros == [0]:
            return ("The first sample (j = 0) is left out of the sum: the loop over the samples must start at 0; "
                    "range(N) runs from 0 to N - 1.")
        if zeros == [n - 1]:
            return (f"The last sample (j = N - 1 = {n - 1}) is left out of the sum: the loop over the samples stops "
                    f"one sample early; range(N) already runs from 0 to N - 1.")
        if zeros == list(range(zeros[0], n)):
            return (f"Only the first {zeros[0]} samples count; samples {zeros[0]} to {n - 1} are left out: the loop "
                    f"over the samples stops early (it must run over all N = {n}).")
        if zeros == list(range(len(zeros))):
            return (f"Samples 0 to {zeros[-1]} are left out of the sum: the loop over the samples must start at 0.")
        return f"Samples {_listing(zeros)} are left out of the sum; the others count once, as they should."
    twice = [int(j) for j in np.flatnonzero(rounded == 2)]
    if set(rounded) <= {1.0, 2.0}:
        return (f"Sample{'s' if len(twice) > 1 else ''} {_listing(twice)} count{'' if len(twice) > 1 else 's'} "
                f"twice; the others count once, as they should: each sample's contribution must be added once.")
    return (f"The samples do not count once each: their contributions are added "
            f"{', '.join(f'{int(v)}' for v in rounded)} times (samples 0 to {n - 1}); each must be added once.")


def sparse_fit(columns, target, largest=3, tol=EXACT):
    """The sparsest whole-number combination of ``columns`` equal to ``target``: at most 2 of them, each
    coefficient at most ``largest`` in size; ``{}`` for a target of 0, None if none fits exactly.

    Parameters
    ----------
    columns : dict of str to ndarray of shape (n,)
        The quantities a formula may be made of, tried in their order (the first that fits wins).
    target : ndarray of shape (n,)
        The values to explain.
    largest : int
        The largest coefficient allowed, in size.
    tol : float
        Largest residual, relative to the largest |target|.

    Returns
    -------
    dict or None
        ``{name: coefficient}``.
    """
    target = np.asarray(target, dtype=np.float64)
    scale = float(np.max(np.abs(target))) if target.size else 0.0
    if scale <= 1e-12:
        return {}
    for size in (1, 2):
        for subset in itertools.combinations(columns, size):
            A = np.stack([columns[name] for name in subset], axis=1)
            if np.linalg.matrix_rank(A, tol=1e-9) < size:
                continue
            c, *_ = np.linalg.lstsq(A, target, rcond=None)
            if (np.max(np.abs(A @ c - target)) <= tol * scale and np.max(np.abs(np.round(c))) <= largest
                    and np.all(np.abs(c - np.round(c)) <= 1e-6)):
                return {name: float(np.round(v)) for name, v in zip(subset, c)}
    return None
