"""The sizes of a failure named in the problem's own symbols: N samples, D features, K classes.

A NumPy message names numbers, "(7,7) (7,3)"; the student thinks in symbols.
On a case whose sizes are known (``{"N": 7, "D": 4, "K": 3}``) the shapes of
a failed broadcast, a failed matrix product, an index past the end of an axis
and a result of the wrong shape are read in those symbols, and the few
patterns that say what went wrong get a sentence of their own: an array of N
columns where K are needed, two factors of a matrix product combined
elementwise, one row more than W has (a second bias column).  A size that is
none of the problem's sizes is said to be so; whether it is a fixed number
is for :mod:`course_utils.checks.size_probe` to find out, by calling again.

Examples
--------
>>> sizes = {"N": 7, "D": 4, "K": 3}
>>> name_shape((7, 3), sizes)
'(N, K)'
>>> print(exception_hints("operands could not be broadcast together with shapes (4,7) (7,3) ", sizes)[0])
in this problem's sizes (N = 7, D = 4, K = 3) the shapes are (D, N) and (N, K), shaped like the two factors of a
matrix product (N meets N): an elementwise operation between them (such as *) fails, the matrix product is @
"""

from .numpy_errors import broadcast_shapes, index_error, inplace_target, matmul_sizes
from .numpy_more import more_symbol_hints

#: What each symbol counts.
WORDS = {"N": "samples", "D": "features", "K": "classes", "B": "samples in a batch"}
_ONE = {"N": "sample", "D": "feature", "K": "class", "B": "sample of the batch"}


def name_size(n, sizes):
    """The symbol of size ``n`` (``"N"``, ``"D = K"`` when two are equal, ``"1"``), or None."""
    names = [s for s, v in sizes.items() if v == n]
    if names:
        return " = ".join(names)
    return "1" if n == 1 else None


def name_shape(shape, sizes):
    """``"(N, K)"`` if every size of ``shape`` has one symbol (or is 1), else None."""
    names = [name_size(n, sizes) for n in shape]
    if any(n is None or " = " in n for n in names):
        return None
    return "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")"


def describe(sizes):
    """``"N = 7, D = 4, K = 3"``."""
    return ", ".join(f"{s} = {v}" for s, v in sizes.items())


def _foreign(shapes, sizes):
    """The sizes in ``shapes`` that are none of the problem's sizes (and not 1)."""
    return sorted({n for shape in shapes for n in shape if name_size(n, sizes) is None})


def _broadcast(a, b, sizes):
    na, nb = name_shape(a, sizes), name_shape(b, sizes)
    if na is None or nb is None:
        foreign = _foreign([a, b], sizes)
        if not foreign:
            return []
        what = " and ".join(map(str, foreign))
        hints = [f"{what} {'is' if len(foreign) == 1 else 'are'} none of this problem's sizes ({describe(sizes)}): "
                 f"where does {'that size' if len(foreign) == 1 else 'each'} come from? Take every size from the "
                 f"shapes of the arguments"]
        return hints + _products(foreign, sizes)
    head = f"in this problem's sizes ({describe(sizes)}) the shapes are {na} and {nb}"
    if len(a) == len(b) == 2 and a == b[::-1] and a[0] != a[1]:
        return [f"{head}: one is the other transposed, the same two sizes with the axes swapped. Is one of them built "
                f"the wrong way round (a one-hot matrix or a mask of shape (K, N) where (N, K), one row per sample, "
                f"is meant)? Write the shape of each array next to it"]
    if len(a) == len(b) == 2 and a[1] == b[0] and a[0] != a[1] and b[0] != b[1] and a != b:
        meet = name_size(a[1], sizes)
        return [f"{head}, shaped like the two factors of a matrix product ({meet} meets {meet}): an elementwise "
                f"operation between them (such as *) fails, the matrix product is @"]
    for p, q in zip(a[::-1], b[::-1]):
        if p != q and 1 not in (p, q):
            pn, qn = name_size(p, sizes), name_size(q, sizes)
            if {pn, qn} == {"D", "N"} and len(a) == len(b) == 2 and a[-1] == b[-1] and name_size(a[-1], sizes) == "K":
                return [f"{head}: one has a row per feature (D), the other a row per sample (N). The (D, K) one is "
                        f"shaped like W, or like X^T times an (N, K) array: if a product with X^T should come after "
                        f"this operation, parentheses must say so"]
            if {pn, qn} == {"D", "K"} and len(a) == len(b) == 2 and a[0] == b[0] and a[-1] != b[-1] and (a[-1], b[-1]) in ((p, q), (q, p)):
                rows = name_size(a[0], sizes)
                return [f"{head}: both have a row per {_ONE.get(rows, rows)}, but one has D columns (one per feature) "
                        f"where the other has K (one per class): was one of them made with the number of features, "
                        f"X.shape[1], where the number of classes K = W.shape[1] belongs (a one-hot of size D)?"]
            if {pn, qn} == {"D", "K"} and (a[-1], b[-1]) in ((p, q), (q, p)):
                advice = ("" if len(a) == len(b) == 1 else ": check which axis each index and each size refers to (W "
                          "and the gradient have the D features along axis 0 and the K classes along axis 1)")
                return [f"{head}: one has D entries (one per feature) along its last axis where the other has K (one "
                        f"per class){advice}"]
            if {pn, qn} == {"B", "N"}:
                return [f"{head}: one has a row per sample of the batch (B), the other a row per sample of the whole "
                        f"data set (N): within a step, use the batch's rows of X and y throughout"]
            if {pn, qn} == {"N", "K"} and min(len(a), len(b)) == 2 and (a[-1], b[-1]) in ((p, q), (q, p)):
                return [f"{head}: one has N columns (N = {sizes['N']}, one per sample) where the other has K columns "
                        f"(K = {sizes['K']}, one per class): was it made with the number of samples where the number "
                        f"of classes belongs (a one-hot or an identity of size N)?"]
            return [f"{head}: {pn} meets {qn}, and NumPy needs equal sizes there"]
    return [head]


def _products(foreign, sizes):
    """A sentence for each foreign size that is the number of entries of a 2-D array of the problem: flattened."""
    names = list(sizes)
    hints = []
    for n in foreign:
        pairs = [(p, q) for i, p in enumerate(names) for q in names[i:] if sizes[p] * sizes[q] == n]
        if len(pairs) == 1:
            p, q = pairs[0]
            hints.append(f"{n} = {p} x {q} is the number of entries of an ({p}, {q}) array, as if one had been "
                         f"flattened (np.outer and np.ravel flatten their inputs)")
    return hints


def _matmul(text, sizes):
    found = matmul_sizes(text)
    if found is None:
        return []
    cols, rows = found
    cn, rn = name_size(cols, sizes), name_size(rows, sizes)
    if cn is None or rn is None or "1" in (cn, rn):
        return []
    hint = (f"in this problem's sizes ({describe(sizes)}), A has {cn} columns and B has {rn} rows "
            f"(or entries)")
    if rn == "N" and cn != "N":
        hint += (": a product that sums over the samples needs the N samples along A's columns, so A is the "
                 "transpose of an array with one row per sample")
    return [hint]


def _index(text, sizes):
    found = index_error(text)
    if not found:
        return []
    i, _, n = found
    name = name_size(n, sizes)
    if name is None:
        return [f"that axis has size {n}, none of this problem's sizes ({describe(sizes)}): where does it come "
                f"from? Take every size from the shapes of the arguments"]
    if " = " in name or name not in WORDS:
        return []
    if i >= n and name == "N":
        return [f"the axis of size {n} is the axis of the N = {n} samples: a sample index past the last sample, "
                f"N - 1 = {n - 1}"]
    return []


def exception_hints(text, sizes):
    """The sentences that read a student's exception in the problem's symbols.

    Parameters
    ----------
    text : str
        The exception's message.
    sizes : dict or None
        The problem's sizes, ``{"N": 7, "D": 4, "K": 3}`` (None: nothing to say).

    Returns
    -------
    list of str
        Sentences without the final period: the shapes of a failed broadcast or matrix product, an index past
        the samples, a size that is none of the problem's.
    """
    if not sizes:
        return []
    shapes = broadcast_shapes(text)
    hints = _broadcast(*shapes, sizes) if len(shapes) == 2 else []
    from .symbol_shapes import inplace_hints      # it names sizes with this module's name_size
    hints += inplace_hints(inplace_target(text), shapes, sizes)
    return hints + _matmul(text, sizes) + _index(text, sizes) + more_symbol_hints(text, sizes)


def shape_hints(got, expected, sizes):
    """The sentences that read a result of the wrong shape in the problem's symbols.

    Parameters
    ----------
    got, expected : tuple
        The result's shape and the expected one.
    sizes : dict or None
        The problem's sizes.

    Returns
    -------
    list of str
        One row more than W (a second bias column), or the shape named in symbols; possibly empty.
    """
    if not sizes or len(got) != len(expected):
        return []
    named = name_shape(got, sizes)
    hints = []
    if len(got) == 2 and "D" in sizes and got == (expected[0] + 1, expected[1]) and expected[0] == sizes["D"]:
        hints.append(f"one row more than W has (D + 1 = {got[0]} rows where D = {sizes['D']}): X already holds the "
                     f"bias column of ones, so the result has exactly the shape of W; adding a bias column again "
                     f"gives one row too many")
    elif named is not None and named != name_shape(expected, sizes):
        hints.append(f"in this problem's sizes ({describe(sizes)}) the result is {named}, where "
                     f"{name_shape(expected, sizes)} is expected")
    return hints
