"""A wrong softmax Jacobian read entry by entry: what formula of s does each entry follow?

Entry [i, k] of the Jacobian is sigma_i (delta_ik - sigma_k): sigma_k - sigma_k^2 on the
diagonal, -sigma_i sigma_k off it.  :func:`formula_message` fits the student's
entries, separately on and off the diagonal and over every block of a batch,
as a small whole-number combination of what a student may have written there
(sigma_i sigma_k, sigma_i, sigma_k, their squares, the dot product s . s, 1),
and states the formula of the part that is wrong, only when the fit is exact.

Examples
--------
>>> import numpy as np
>>> s = np.array([0.5, 0.3, 0.2])
>>> print(formula_message(s, np.diag(s) - s @ s))      # doctest: +NORMALIZE_WHITESPACE
The diagonal is wrong: entry [k, k] is sigma_k - s . s instead of sigma_k - sigma_k^2. Off the diagonal, entry
[i, k] is -s . s instead of -sigma_i sigma_k. The dot product s . s = sum_c sigma_c^2 of s with itself is ONE
number for the whole vector: the product term is the outer product s s^T, whose entry [i, k] is sigma_i sigma_k.
"""

import numpy as np

from .sums import sparse_fit

_OFF = (("sigma_i sigma_k", lambda si, sk, dot: si * sk), ("sigma_i", lambda si, sk, dot: si),
        ("sigma_k", lambda si, sk, dot: sk), ("sigma_i^2", lambda si, sk, dot: si * si),
        ("sigma_k^2", lambda si, sk, dot: sk * sk), ("s . s", lambda si, sk, dot: dot),
        ("1", lambda si, sk, dot: np.ones_like(si)), ("sigma_0", lambda si, sk, dot: np.broadcast_to(sk[..., :1, :1], sk.shape)))
_ON = (("sigma_k", lambda sk, dot: sk), ("sigma_k^2", lambda sk, dot: sk * sk), ("s . s", lambda sk, dot: dot),
       ("1", lambda sk, dot: np.ones_like(sk)), ("sigma_0", lambda sk, dot: np.broadcast_to(sk[..., :1, :1], sk.shape)))
_RIGHT_OFF = {"sigma_i sigma_k": -1.0}
_RIGHT_ON = {"sigma_k": 1.0, "sigma_k^2": -1.0}
_MEANING = {"sigma_0": "sigma_0, the FIRST probability, is in every entry: np.diag of a 2-D array (s made a column "
                       "(K, 1)) extracts that array's diagonal, one number, where np.diag of the vector s (K,) builds "
                       "the diagonal matrix diag(s)",
            "s . s": "The dot product s . s = sum_c sigma_c^2 of s with itself is ONE number for the whole vector: "
                     "the product term is the outer product s s^T, whose entry [i, k] is sigma_i sigma_k"}


def _words(coefs, order):
    text = ""
    for name in order:
        value = coefs.get(name, 0.0)
        if abs(value) < 1e-9:
            continue
        size = "" if abs(abs(value) - 1) < 1e-9 and name != "1" else f"{abs(value):g}"
        term = size if name == "1" else (size + " " if size else "") + name
        text += f" {'+' if value > 0 else '-'} {term}"
    text = text.strip()
    if text.startswith("+ "):
        return text[2:]
    return ("-" + text[2:]) if text.startswith("- ") else (text or "0")


def formula_message(s, got):
    """The formula the wrong part of ``got`` (on or off the diagonal) follows, or None.

    Parameters
    ----------
    s : ndarray of shape (K,) or (N, K)
        The case's probabilities.
    got : ndarray of shape (K, K) or (N, K, K)
        The student's Jacobian.

    Returns
    -------
    str or None
        The formula of each wrong part, if both parts fit exactly; None otherwise.
    """
    S = np.atleast_2d(np.asarray(s, dtype=np.float64))
    N, K = S.shape
    got = np.asarray(got, dtype=np.float64)
    if got.size != N * K * K or K < 2 or not np.all(np.isfinite(got)):
        return None
    G = got.reshape(N, K, K)
    eye = np.eye(K, dtype=bool)
    si = np.broadcast_to(S[:, :, None], (N, K, K))
    sk = np.broadcast_to(S[:, None, :], (N, K, K))
    dot = np.broadcast_to(np.sum(S * S, axis=1)[:, None, None], (N, K, K))
    off = sparse_fit({name: f(si, sk, dot)[:, ~eye] .ravel() for name, f in _OFF}, G[:, ~eye].ravel(), largest=2)
    on = sparse_fit({name: f(sk, dot)[:, eye].ravel() for name, f in _ON}, G[:, eye].ravel(), largest=2)
    if off is None or on is None or (off == _RIGHT_OFF and on == _RIGHT_ON):
        return None
    parts = []
    if on != _RIGHT_ON:
        parts.append(f"{'The diagonal is wrong: e' if off != _RIGHT_OFF else 'Off the diagonal it is right, but e'}"
                     f"ntry [k, k] is {_words(on, [n for n, _ in _ON])} instead of sigma_k - sigma_k^2.")
    if off != _RIGHT_OFF:
        lead = "Off the diagonal, entry" if on != _RIGHT_ON else "The diagonal is right, but off the diagonal entry"
        parts.append(f"{lead} [i, k] is {_words(off, [n for n, _ in _OFF])} instead of -sigma_i sigma_k.")
    notes = [_MEANING[name] for name in _MEANING if name in on or name in off]
    if on.get("1") == 1.0 and "sigma_k" not in on:
        notes.append("The 1 on the diagonal is the identity matrix's: the diagonal term is diag(s), sigma_k on the "
                     "diagonal (from sigma_i delta_ik), not the identity")
    if on == {"1": 1.0, "sigma_k": -1.0} and off == {"sigma_k": -1.0}:
        notes = ["That is delta_ik - sigma_k, the Jacobian of log softmax (the derivative of log sigma_i): the factor "
                 "sigma_i is missing. The softmax Jacobian's entry [i, k] is sigma_i (delta_ik - sigma_k)"]
    elif on == {"sigma_k": 1.0, "sigma_k^2": -2.0} and off == _RIGHT_OFF:
        notes.append("The square sigma_k^2 is subtracted twice on the diagonal: diag(s) - s s^T already holds "
                     "-sigma_k^2 there, from the outer product; nothing more is subtracted on the diagonal")
    elif on == _RIGHT_ON and off == {"sigma_i sigma_k": 1.0}:
        notes.append("The sign of the off-diagonal entries is flipped: raising sigma_k lowers every other "
                     "probability, so entry [i, k] is negative, -sigma_i sigma_k")
    alone = [name for name in ("sigma_i", "sigma_k") if off.get(name) == 1.0]
    if off.get("sigma_i sigma_k") == -1.0 and len(alone) == 1 and len(off) == 2:
        notes.append(f"The {alone[0]} alone belongs to the diagonal only: entry [i, k] is sigma_i (delta_ik - "
                     f"sigma_k), and delta_ik is 1 where i = k and 0 elsewhere (the identity matrix, not a 1 in "
                     f"every entry as in an outer product with 1 - s)")
    return " ".join(parts + [note + "." for note in notes])
