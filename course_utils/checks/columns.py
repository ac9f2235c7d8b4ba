"""A wrong matrix compared with the right one column by column, or row by row.

:func:`columns_message` says which columns (rows) are all 0, hold a neighbour's values, or are scaled, when
every column is one of these or right: the loop over the classes that stops one early leaves the last column
0, an index off by one moves every column to its neighbour.  Each sentence states what the numbers show,
exactly.

Examples
--------
>>> import numpy as np
>>> right = np.array([[1.0, 5.0], [2.0, 6.0]])
>>> print(columns_message(np.array([[1.0, 0.0], [2.0, 0.0]]), right, "classes",
...                       label="class {}".format))                 # doctest: +NORMALIZE_WHITESPACE
Column 1 (class 1) is all 0; the other column is right: nothing is added for the last of the classes, class 1:
does the loop over them stop one early?
"""

import numpy as np

from .sums import _near


def _relation(g, r, others, tol=1e-7):
    """How the vector ``g`` relates to the right ``r``: 'right', 'zero', ('scaled', a), ('from', j), or None."""
    scale = max(float(np.max(np.abs(r))), 1e-300)
    if np.max(np.abs(g - r)) <= tol * scale:
        return "right"
    if np.max(np.abs(g)) <= tol * scale:
        return "zero"
    for j, o in others:
        if np.max(np.abs(g - o)) <= tol * max(float(np.max(np.abs(o))), 1e-300):
            return ("from", j)
    a = float(g @ r) / float(r @ r) if float(r @ r) > 0 else 0.0
    if np.max(np.abs(g - a * r)) <= tol * scale:
        return ("scaled", a)
    return None


def columns_message(got, right, what, axis=1, label=None):
    """Compare two matrices column by column (or row by row): columns all 0, shifted to a neighbour, or scaled.

    Parameters
    ----------
    got, right : array_like, 2-D
        The student's result and the right one.
    what : str
        What the columns (rows) stand for, in the plural: "classes".
    axis : {1, 0}
        1 compares columns, 0 rows.
    label : callable, optional
        ``label(k)`` names one column: "class 2" (default "index 2").

    Returns
    -------
    str or None
        The diagnosis, if every column is right, all 0, scaled or equal to another right column, and at least
        one is wrong; else None.
    """
    got, right = np.asarray(got, dtype=np.float64), np.asarray(right, dtype=np.float64)
    if got.shape != right.shape or got.ndim != 2:
        return None
    label = label or "index {}".format
    g, r = (got, right) if axis == 1 else (got.T, right.T)
    n = g.shape[1]
    kinds = [_relation(g[:, k], r[:, k], [(j, r[:, j]) for j in range(n) if j != k]) for k in range(n)]
    if n < 2 or any(k is None for k in kinds) or all(k == "right" for k in kinds) or all(k == "zero" for k in kinds):
        return None                     # all right, or all 0: no column tells anything of its own
    word = "Column" if axis == 1 else "Row"
    zero = [k for k in range(n) if kinds[k] == "zero"]
    if all(k in ("right", "zero") for k in kinds):
        rest = f"the other {word.lower()} is right" if n - len(zero) == 1 else f"the other {word.lower()}s are right"
        names = ", ".join(f"{z} ({label(z)})" for z in zero)
        head = f"{word}{'s' if len(zero) > 1 else ''} {names} {'are' if len(zero) > 1 else 'is'} all 0; {rest}"
        if zero == [n - 1]:
            return (f"{head}: nothing is added for the last of the {what}, {label(n - 1)}: does the loop over them stop "
                    f"one early?")
        if zero == list(range(zero[0], n)):
            return (f"{head}: nothing is added from {label(zero[0])} on. Does the loop over the {what} stop early, or "
                    f"does an inner loop find nothing left to add after its first pass (an iterator such as zip(...) "
                    f"or map(...), made once outside the loop, is used up by then)?")
        if zero == [0]:
            return (f"{head}: nothing is added for {label(0)}: does a loop over the {what} start at 1, or is that "
                    f"{word.lower()} set to 0 (every {word.lower()}, the first one too, has its own nonzero value)?")
        return f"{head}: those {word.lower()}s are never filled in."
    moved = {k: kinds[k][1] for k in range(n) if isinstance(kinds[k], tuple) and kinds[k][0] == "from"}
    if moved and all(kinds[k] == "right" or k in moved for k in range(n)):
        shifts = {(j - k) % n for k, j in moved.items()}
        if len(shifts) == 1:
            s = shifts.pop()
            s = s if s <= n // 2 else s - n
            wraps = any(not 0 <= k + s < n for k in moved)
            around = f" (around the end: {word.lower()} {0 if s < 0 else n - 1} those of the {'last' if s < 0 else 'first'})" if wraps else ""
            return (f"{word} k holds the values that belong in {word.lower()} k {'+' if s > 0 else '-'} {abs(s)}"
                    f"{around}: an index of the {what} is off by {abs(s)} where the result is written or where its "
                    f"values are taken.")
        return None
    scaled = {k: kinds[k][1] for k in range(n) if isinstance(kinds[k], tuple) and kinds[k][0] == "scaled"}
    if scaled and all(kinds[k] == "right" or k in scaled for k in range(n)):
        factors = list(scaled.values())
        if len(scaled) == n and all(_near(a, factors[0]) for a in factors):
            for norm, words in ((np.linalg.norm(right), "its norm (np.linalg.norm, the square root of the sum of "
                                                        "the squares)"),
                                (np.max(np.abs(right)), "its largest entry in magnitude"),
                                (np.sum(np.abs(right)), "the sum of its magnitudes")):
                if norm > 0 and _near(factors[0] * norm, 1.0):
                    return (f"It is the right result divided by {words}: a unit-size direction, not the result "
                            f"itself, whose size matters. Leave out the normalization.")
            return (f"Every entry is {factors[0]:.4g} times the right value on this input: the direction is right, "
                    f"the size is not.")
        if all(abs(a - 1.0) < 1e-3 for a in factors):
            return None                 # close to right: a precision matter, said elsewhere
        if len(scaled) == n:
            parts = [f"{word.lower()} {k} ({label(k)}) is {a:.4g} times the right one" for k, a in scaled.items()]
            return f"Every {word.lower()} is wrong by a factor of its own: " + "; ".join(parts) + "."
        parts = [f"{word.lower()} {k} ({label(k)}) is "
                 + ("the right one with the wrong sign" if _near(a, -1.0) else f"{a:.4g} times the right one")
                 for k, a in scaled.items()]
        return f"Only some {word.lower()}s are wrong: " + "; ".join(parts) + f"; the other {word.lower()}s are right."
    return None
