"""More readings of shapes in the problem's symbols: failed in-place updates, and sizes that are products.

:func:`inplace_hints` reads a failed ``G[:, k] += v`` (NumPy names the array written into third) as the
symbols of the target and the value: a row where a column is meant, a result made with one row per sample,
a column of X where a row is meant.  :func:`product_shape_hints` reads a result whose sizes are products of
two symbols (N K): an outer product of matrices, which np.outer flattens, or blocks concatenated where they
should be stacked.
"""

from .symbols import describe, name_shape, name_size

#: (target, value) symbols of a failed in-place update of a (D, K) result, and what they say.
_INPLACE = {
    ("K", "D"): "the array written into (by +=, -= or =) has K = {K} entries, one per class, and the value D = {D}, "
                "one per feature. A row of a (D, K) array, G[k], has K entries: the column of class k, with one entry "
                "per feature, is G[:, k]",
    ("N", "D"): "the array written into (by +=, -= or =) has N = {N} entries, one per sample, where the value has D = "
                "{D}, one per feature: is the result made with one row per sample? It has the shape of W, (D, K)",
    ("D", "N"): "the array written into has D = {D} entries, one per feature, and the value N = {N}, one per sample: "
                "a column of an array with one row per sample (X[:, j] is feature j of every sample), where the "
                "features of one sample, the row X[j], belong",
}


def inplace_hints(target, shapes, sizes):
    """The hint for a failed in-place update (``G[:, k] += v``) whose target and value sizes are symbols."""
    if target is None or len(shapes) != 2 or len(target) != 1:
        return []
    value = [shape for shape in shapes if shape != target]
    if len(value) != 1 or len(value[0]) != 1:
        return []
    pair = (name_size(target[0], sizes), name_size(value[0][0], sizes))
    text = _INPLACE.get(pair)
    return [text.format(**sizes)] if text and all(k in sizes for k in pair) else []


def product_shape_hints(got, expected, sizes):
    """Sentences for a result some of whose sizes are products of two symbols (N K): arrays flattened or joined;
    a result with an axis of length 1 in front, or without the samples' axis."""
    if tuple(got) == (1,) + tuple(expected):
        return ["an extra axis of length 1 in front: the result came back as a batch of one (np.atleast_2d, a reshape "
                "to (1, -1), a new axis); the result has the input's number of axes"]
    if not sizes:
        return []
    if "N" in sizes and len(expected) and tuple(got) == (sizes["N"],) + tuple(expected) and sizes["N"] not in expected:
        return [f"the result is {name_shape(got, sizes) or got}: one {name_shape(expected, sizes) or expected} term per "
                f"sample, never summed over the N samples (a product that keeps the sample index); the "
                f"sum over the samples is part of the result"]
    if len(expected) > 1 and tuple(got) == tuple(expected[1:]) and name_size(expected[0], sizes) in ("N", "B"):
        return ["the axis of the samples is missing: one result for the whole batch (the blocks summed, or only one "
                "of them kept) where each sample gets its own, the sample index first"]
    names = [name_size(n, sizes) for n in got]
    products = [None if name is not None else _product_name(n, sizes) for n, name in zip(got, names)]
    if any(name is None and product is None for name, product in zip(names, products)) or not any(products):
        return []
    shape = "(" + ", ".join(name or product for name, product in zip(names, products)) + ")"
    head = f"in this problem's sizes ({describe(sizes)}) the result is {shape}, where {name_shape(expected, sizes)} is expected"
    if len(got) == 2 and all(products):
        return [head + ": np.outer (and np.kron) flatten their inputs first, so the outer product of two matrices "
                       "pairs every entry with every entry. Write the shape of each factor next to it"]
    if len(got) == len(expected) - 1 and got[0] == expected[0] * expected[1] and got[1:] == expected[2:]:
        return [head + ": the blocks are joined one after another along an existing axis (np.concatenate, np.vstack, "
                       "np.hstack) where a new first axis is meant, one block per sample (np.stack or np.array of "
                       "the list)"]
    return [head]


def _product_name(n, sizes):
    names = list(sizes)
    pairs = [f"{p} {q}" for i, p in enumerate(names) for q in names[i:] if sizes[p] * sizes[q] == n and n > 1]
    return pairs[0] if len(pairs) == 1 else None
