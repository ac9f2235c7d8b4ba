"""A wrong softmax Jacobian explained from its structure: J = diag(s) - s s^T, one K x K block per sample.

The Jacobian has two parts, the diagonal term diag(s) and the product term
s s^T (entry [i, k] = s_i s_k).  :func:`jacobian_explain` takes the
student's blocks apart: if diag(s) minus the block is a simple matrix other
than the sample's own outer product (the squares s_k^2, the outer products
summed over the batch, another sample's), or the block minus its own product
term is not diag(s), it says which; else it reads the formula each entry
follows (:mod:`course_utils.checks.jac_formula`); else it compares the blocks column by
column and row by row (a column of every block all 0: a loop over k that
stops early).  Each sentence is said only when it holds exactly.

Examples
--------
>>> import numpy as np
>>> s = np.array([0.5, 0.3, 0.2])
>>> print(jacobian_explain(s)(np.diag(s) - s * s))     # doctest: +NORMALIZE_WHITESPACE
The diagonal is right, but off the diagonal entry [i, k] is -sigma_k^2, the square of ONE probability, instead of
-sigma_i sigma_k: the first factor must be sigma_i, the probability of the row's output i (s[i], not s[k] again;
as arrays, an elementwise product of s with itself (s * s) where the outer product of s with itself is meant).
"""

import numpy as np

from .columns import columns_message
from .jac_formula import formula_message

_OUTER_MEANT = "the outer product of s with itself is meant"


def _product_candidates(S):
    """``[(blocks, what the product term is instead, which entries)]``: the product terms of known mistakes."""
    N, K = S.shape
    outer = S[:, :, None] * S[:, None, :]
    found = [
        (np.broadcast_to((S * S)[:, None, :], (N, K, K)),
         "entry [i, k] is -sigma_k^2, the square of ONE probability, instead of -sigma_i sigma_k: the first factor "
         "must be sigma_i, the probability of the row's output i (s[i], not s[k] again; as arrays, "
         f"an elementwise product of s with itself (s * s) where {_OUTER_MEANT})"),
        (np.broadcast_to((S * S)[:, :, None], (N, K, K)),
         "entry [i, k] is -sigma_i^2, the square of ONE probability, instead of -sigma_i sigma_k: the second factor "
         "must be sigma_k, the probability of the column's logit k (s[k], not s[i] again; as arrays, "
         f"an elementwise product of s with itself where {_OUTER_MEANT})"),
    ]
    if N > 1:
        found.append((np.broadcast_to(outer.sum(axis=0), (N, K, K)),
                      "every sample's block subtracts the same matrix, the outer products of ALL the samples summed "
                      "over the batch (s.T @ s), instead of that sample's own outer product: the product term of each "
                      "block is sigma sigma^T of its own row of s"))
        for shift, which in ((1, "the previous sample"), (-1, "the next sample")):
            found.append((np.roll(outer, shift, axis=0),
                          f"each block's product term is the outer product of {which}'s probabilities, not of its own "
                          f"row of s"))
    return found


def triangle_message(G, right, scale):
    """Blocks right on and above (below) the diagonal and all 0 on the other side: half the matrix never filled."""
    K = G.shape[-1]
    for half, lower, other in (("below", np.tril(np.ones((K, K), bool), -1), "on and above"),
                               ("above", np.triu(np.ones((K, K), bool), 1), "on and below")):
        if (np.max(np.abs(G[:, lower]), initial=0.0) <= 1e-12 * scale
                and np.max(np.abs((G - right)[:, ~lower]), initial=0.0) <= 1e-7 * scale):
            return (f"The entries {other} the diagonal are right, but those {half} it are all 0: that half is never "
                    f"filled (a loop over k that starts at i, or stops there). The Jacobian is symmetric, but every "
                    f"entry must be written: fill both halves, or copy one onto the other.")
    return None


def jacobian_explain(s):
    """The explanation of a wrong softmax Jacobian.

    Parameters
    ----------
    s : ndarray of shape (K,) or (N, K)
        The case's probabilities.

    Returns
    -------
    callable
        ``explain(got) -> str or None``: the product term or the diagonal term it has instead, blocks of the
        wrong sample, or columns and rows all 0.
    """
    S = np.atleast_2d(np.asarray(s, dtype=np.float64))
    N, K = S.shape

    def explain(got):
        eye = np.eye(K, dtype=bool)
        diag = S[:, :, None] * np.eye(K)
        outer = S[:, :, None] * S[:, None, :]
        right = diag - outer
        got = np.asarray(got, dtype=np.float64)
        if got.size != right.size or got.shape[-2:] != (K, K) or not np.all(np.isfinite(got)):
            return None
        G = got.reshape(N, K, K)
        scale = float(np.max(np.abs(right)))

        def same(a, b, mask=None):
            d = np.broadcast_to(a, (N, K, K)) - np.broadcast_to(b, (N, K, K))
            return bool(np.max(np.abs(d if mask is None else d[:, mask]), initial=0.0) <= 1e-7 * scale)

        diag_right = same(G, right, eye)
        for blocks, what in _product_candidates(S):
            if same(diag - G, blocks, ~eye):
                head = ("The diagonal is right, but off the diagonal" if diag_right
                        else "The product term sigma_i sigma_k (in every entry) is wrong:")
                return f"{head} {what}."
        if same(G - (-outer), np.broadcast_to(S[:, None, :], (N, K, K))):
            return ("The diagonal term sigma_k appears in every entry, not only on the diagonal (i = k): it belongs to "
                    "the entries where the output i and the logit k are the same, the identity matrix's pattern.")
        message = formula_message(S, G) or triangle_message(G, right, scale)
        if message:
            return message
        zero = [n for n in range(N) if not np.any(G[n]) and np.any(right[n])]
        if N > 1 and zero and all(same(G[n], right[n]) for n in range(N) if n not in zero):
            last = (" (the last: does the loop over the samples stop early, as range(N - 1) does?)"
                    if zero == list(range(N - len(zero), N)) else "")
            which = (f"The block of sample {zero[0]} is" if len(zero) == 1 else
                     f"The blocks of samples {', '.join(map(str, zero))} are")
            return (f"{which} all 0, never filled{last}; the others are right. Every sample n gets its block, from row "
                    f"n of s.")
        if N > 1:
            owner = [next((m for m in range(N) if same(G[n], right[m])), None) for n in range(N)]
            if None not in owner and owner != list(range(N)):
                if len(set(owner)) == 1:
                    last = (" It is the LAST sample's: every slot may be ONE array (a list made as [array] * N holds N "
                            "names for the same array, and each sample overwrites it), or the last pass of a loop "
                            "stored everywhere." if owner[0] == N - 1 else "")
                    return (f"Every block is the Jacobian of sample {owner[0]} (row {owner[0]} of s): each sample's "
                            f"block must be computed from its own row of s.{last}")
                return (f"The blocks hold the Jacobians of the samples {owner} in this order, not of samples 0 to "
                        f"{N - 1}: block n must be computed from row n of s.")
        stacked, right_stacked = G.reshape(N * K, K), right.reshape(N * K, K)
        message = columns_message(stacked, right_stacked, "logits (columns k)", label="k = {}".format)
        if message:
            return message
        rows, right_rows = G.transpose(1, 0, 2).reshape(K, N * K), right.transpose(1, 0, 2).reshape(K, N * K)
        return columns_message(rows, right_rows, "outputs (rows i)", axis=0, label="i = {}".format)

    return explain
