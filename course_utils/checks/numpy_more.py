"""More of NumPy's error messages translated: axes, assignments, splits, tensordot, float indices.

:func:`more_hints` gives the sentences for messages :mod:`course_utils.checks.numpy_errors`
does not cover; :func:`more_symbol_hints` reads the shapes of a failed assignment, and of a
label vector meeting a vector of classes, in the problem's symbols (N, D, K).

Examples
--------
>>> print(more_hints("axis 1 is out of bounds for array of dimension 1")[0])
a reduction along axis=1 met an array with only 1 axis (a 1-D vector has only axis 0): axis=-1, the last axis, is the
class axis of a vector (K,) and of a matrix (N, K) alike
>>> print(more_symbol_hints("could not broadcast input array from shape (4,4) into shape (3,4)", {"N": 3, "K": 4})[0])
in this problem's sizes (N = 3, K = 4) an array of shape (K, K) was stored into a place of shape (N, K)
"""

import re

_SHAPE = r"\(([\d,\s]*)\)"

AXIS = ("a reduction along axis={axis} met an array with only {ndim} {axes} (a 1-D vector has only axis 0): axis=-1, "
        "the last axis, is the class axis of a vector (K,) and of a matrix (N, K) alike")
ASSIGN = ("an assignment stores an array of shape {src} into a place of shape {dst}: the index on the left of = must "
          "select entries in the same shape as the array on the right (or one that broadcasts to it). Is an index "
          "missing, or in the wrong position (the sample index first)?")
MASK_ASSIGN = ("an assignment through a boolean mask, a[mask] = b, takes one number or the 1-D array of the selected "
               "entries: select the same entries on the right, a[mask] = b[mask], or choose entry by entry with "
               "np.where(mask, b, a)")
CALLABLE_INDEXED = ("a function or a method was indexed ([...] on it): is a call missing its parentheses, such as "
                    "W.copy where W.copy() is meant? Without them the name is the method itself, not its result")
GENERATOR_INDEXED = ("a generator (a for expression in round brackets) was indexed: a generator gives its items once, "
                     "in order, and has no [i]; make a list instead (the same expression in square brackets) or an "
                     "array with np.array")
NOT_AN_INDEX = ("an index must be an integer (or a tuple of integers, a slice, an integer array): a float (from a "
                "division /, where // keeps integers), or a pair (index, value) such as np.ndenumerate and "
                "enumerate give, is not an index; np.ndindex gives the index tuples alone")
NUMBER_IN_PRODUCT = ("a single number (an array with no axis) was given to a matrix product @, which needs a vector or "
                     "a matrix on each side: is an index, a label or a count (a number) used where an array (a sample's "
                     "features x_j, a row) belongs? enumerate gives (index, item), in that order")
SHAPE_AS_DTYPE = ("a number was read as a data type: np.zeros, np.ones and np.empty take the shape as ONE argument, "
                  "a tuple, np.zeros((D, K)); np.zeros(D, K) passes K as the dtype")
NUMBER_LEN = ("len() of a single number: a label, a size or an entry is one number here (a Python int or float), not "
              "an array; take the count from the array it belongs to")
TUPLE_BY_COMMA = ("a tuple met a number in +: a trailing comma makes a tuple (total = 0, is the tuple (0,), and "
                  "x = a, b too); remove the comma")
DIAG_INPUT = ("np.diag takes a vector, and builds the diagonal matrix, or a matrix, and reads its diagonal: it got a "
              "single number (an entry of s, not s) or an array with three axes (a whole batch)")
SCALAR_INDEXED = ("a single number was indexed (given a new axis, or [0]): a sum or a maximum of a 1-D vector is ONE number, "
                  "not an array; with keepdims=True it stays an array with the vector's number of axes, which "
                  "broadcasts against the vector and against a matrix alike")
SPLIT = ("np.split cuts an array into pieces of EQUAL length only, so it fails when the length is not a multiple of "
         "their number; the last batch of an epoch may be shorter: cut with slices of batch_size (or np.array_split "
         "into a number of pieces)")
TENSORDOT = ("np.tensordot paired axes of different sizes: with axes=1 it pairs the LAST axis of the first array with "
             "the FIRST of the second, as A @ B does; name the axes to pair, axes=([i], [j]), or write the product "
             "with @ and a transpose")
FLOAT_INDEX = ("an array of floats was used as indices: indices must be integers (a range of integers, or floats "
               "converted to int); arrays made from data, np.zeros and np.linspace hold floats")

ARGUMENT_ORDER = ("the function f was used as an array, or the array W called as a function: are the parameters in "
                  "the order of the signature, numerical_gradient(f, W, h=1e-5), the function first?")


#: (regular expression of a message, the sentence that translates it), in the order they are said.
_PATTERNS = (
    (r"boolean array indexing assignment requires a 0 or 1-dimensional input", MASK_ASSIGN),
    (r"'(builtin_function_or_method|method|function)' object is not subscriptable", CALLABLE_INDEXED),
    (r"'generator' object is not subscriptable", GENERATOR_INDEXED),
    (r"only integers, slices .* are valid indices", NOT_AN_INDEX),
    (r"does not have enough dimensions \(has 0", NUMBER_IN_PRODUCT),
    (r"Cannot interpret '[^']*' as a data type|data type ['\"][^'\"]*['\"] not understood", SHAPE_AS_DTYPE),
    (r"object of type '(int|float)' has no len\(\)", NUMBER_LEN),
    (r"can only concatenate tuple \(not", TUPLE_BY_COMMA),
    (r"Input must be 1- or 2-d", DIAG_INPUT),
    (r"invalid index to scalar variable", SCALAR_INDEXED),
    (r"array split does not result in an equal division", SPLIT),
    (r"shape-mismatch for sum", TENSORDOT),
    (r"arrays used as indices must be of integer", FLOAT_INDEX),
    (r"'Probe'|'numpy\.ndarray' object is not callable", ARGUMENT_ORDER),
)


def _shape(text):
    return tuple(int(n) for n in text.split(",") if n.strip())


def more_hints(text):
    """The sentences (without the final period) for the messages this module knows, possibly none."""
    hints = []
    match = re.search(r"axis (-?\d+) is out of bounds for array of dimension (\d+)", text)
    if match:
        ndim = int(match.group(2))
        hints.append(AXIS.format(axis=match.group(1), ndim=ndim, axes="axis" if ndim == 1 else "axes"))
    match = re.search(r"could not broadcast input array from shape " + _SHAPE + r" into shape " + _SHAPE, text)
    if match:
        hints.append(ASSIGN.format(src=_shape(match.group(1)), dst=_shape(match.group(2))))
    hints += [hint for pattern, hint in _PATTERNS if re.search(pattern, text)]
    return hints


def more_symbol_hints(text, sizes):
    """The shapes of a failed assignment, or of labels (N,) meeting classes (K,), read in ``sizes``' symbols."""
    if not sizes:
        return []
    from .symbols import describe, name_shape     # symbols reads this module (its more_symbol_hints)
    match = re.search(r"could not broadcast input array from shape " + _SHAPE + r" into shape " + _SHAPE, text)
    if match:
        src, dst = (name_shape(_shape(g), sizes) for g in match.groups())
        if src and dst:
            return [f"in this problem's sizes ({describe(sizes)}) an array of shape {src} was stored into a place of "
                    f"shape {dst}"]
    from .numpy_errors import matmul_sizes          # numpy_errors reads this module's more_hints
    product = matmul_sizes(text)
    if product and "D" in sizes and product == (sizes["D"] + 1, sizes["D"]):
        return [f"a factor with D + 1 = {product[0]} columns met one with D = {sizes['D']} rows: X already holds the "
                f"bias column of ones (D counts it), so adding a bias column again gives one column too many"]
    if product and {"D", "K"} <= set(sizes) and sizes["D"] != sizes["K"] and product == (sizes["D"], sizes["K"]):
        return ["a factor with D entries (or columns) met one with K: W is (D, K), so its row W[k] holds K numbers and "
                "its column w_k = W[:, k] holds D; is a row of W taken where the column w_k belongs, or a factor "
                "transposed?"]
    if product and {"N", "K"} <= set(sizes) and sizes["N"] != sizes["K"] and product == (sizes["N"], sizes["K"]):
        return ["a factor with N entries (or columns) met one with K: an (N, K) array such as the probabilities S has "
                "the K classes of sample k in its row k, and the N samples of class k in its column k; is a row taken "
                "where a column belongs, or a factor transposed?"]
    match = re.search(r"broadcast together with shapes " + _SHAPE + r"\s*" + _SHAPE, text)
    names = {name_shape(_shape(g), sizes) for g in match.groups()} if match else set()
    index = re.search(r"indexing arrays could not be broadcast together with shapes " + _SHAPE + r"\s*" + _SHAPE, text)
    if index:
        rows, cols = (name_shape(_shape(g), sizes) for g in index.groups())
        if rows and cols and rows != cols:
            return [f"indexing with two arrays pairs them entry by entry, so they need the same length: here {rows} "
                    f"row indices against {cols} column indices. To pick one entry per sample, the row index runs "
                    f"over the N samples (a range of the number of rows of X, or of y's length)"]
    if names == {"(N,)", "(D,)"}:
        return ["a vector of one number per sample (N,) met a vector of one number per feature (D,): which was "
                "meant? A range over the features (len(W) counts the rows of W, the D features) where one over the "
                "samples belongs, or the whole label vector y where one sample's label y_j belongs"]
    if names == {"(N,)", "(K,)"}:
        return ["a vector of one number per sample (N,) met a vector of one number per class (K,): to compare every "
                "label with every class, one of them must be a column, the labels as (N, 1) against the classes (K,), "
                "which broadcasts to an (N, K) table"]
    return []
