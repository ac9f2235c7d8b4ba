"""NumPy's error messages, translated into what to check in the student's code.

:func:`numpy_hints` turns the exception a student's function raised into
sentences that say what the message means for their code, with the sizes it
names ("NumPy lines up shapes from the right: ...").  A message it does not
recognize gets no sentence.  :func:`sizes_in` lists the sizes a message
names, the evidence other diagnoses look for (a size of an earlier case).

Examples
--------
>>> hints = numpy_hints(ValueError("operands could not be broadcast together with shapes (7,3) (7,) "))
>>> print(hints[0])
NumPy lines up shapes from the right: (7, 3) and (7,) put 3 against 7 on the last axis,
and sizes that meet must be equal or 1
>>> sorted(sizes_in("index 7 is out of bounds for axis 1 with size 3"))
[3]
"""

import re

import numpy as np

from .numpy_more import more_hints

_SHAPE = r"\((\d+(?:,\s*\d+)*),?\s*\)"

TRUTH_VALUE = ("an array was used where Python needs one True or False: in an `if`, a `while`, `and`, `or`, or "
               "Python's own max or min of arrays. Decide entry by entry instead: np.where or a boolean mask to "
               "choose, np.maximum or np.minimum for the larger or smaller of two arrays, and .any() or .all() "
               "if one answer for the whole array is meant")
UFUNC_OUT = ("an elementwise NumPy function got one positional argument too many, which it takes as the array to "
             "write its result into: np.exp and np.log take one array, np.maximum and np.minimum two (the larger "
             "of three needs two np.maximum). An axis belongs to reductions such as np.sum or np.max, not to "
             "elementwise functions")
SCALAR_INDEX = ("an array was given where NumPy expects one integer (an index or an axis). np.max given two arrays "
                "reads the second as an axis (so do np.min and np.sum): the elementwise larger of two arrays is "
                "np.maximum. A Python list cannot be indexed with an array either")
SCALAR_CONVERSION = ("an array of several numbers was turned into ONE Python number: float(), int(), the math "
                     "module (math.exp, math.log) and Python's own sum or max of a matrix need a single number. A "
                     "sum or max along an axis of a matrix gives one number per row: keep it an array and use "
                     "NumPy's functions")
NOT_INTEGER = ("a float was given where an integer is needed (a count, a size, an axis or an index): take sizes "
               "from .shape, which holds integers")
SEQUENCE = ("a sequence of numbers was stored where one number belongs: an assignment of a whole array to a single "
            "entry, or np.array given pieces of different lengths. Check the shapes on both sides of each "
            "assignment")
NONE_VALUE = ("one of the values is None: a function it calls (a helper of yours?) has no `return` statement, or "
              "does not return on every path, so its result is None")
LIST_ARITHMETIC = "Python lists do no arithmetic on their numbers: make them NumPy arrays first"
ONE_HOT_ORDER = ("the number of classes received an array: the provided one_hot takes the labels first and the number "
                 "of classes K second: check the order of its two arguments")
LABELS_RANGE = ("the provided one_hot (or another course function) received labels beyond the number of classes it was "
                "given: is that number K, the number of columns of W, and are the arguments in the order labels, K?")
NOT_SUBSCRIPTABLE = ("a single number was indexed with [...]: only arrays and lists can be indexed. Is it a label or "
                     "a size, one number here, where the code expects an array?")
UFUNC_AXIS = ("np.maximum and np.minimum compare two arrays entry by entry and take no axis: the largest entry along an "
              "axis is np.max (np.min for the smallest), which takes axis= and keepdims=")
READ_ONLY = ("an array that may not be written was written into: np.nditer gives read-only entries unless it is "
             "made with op_flags=['readwrite'], and some arrays (views of the inputs, broadcasts) are read-only")
CAST = ("an in-place operation (+=, -=, *=) writes floats into an array of integers, which cannot hold them: the "
        "array was made with an integer dtype (np.zeros(..., dtype=int), or from integer data); make it an array of "
        "floats")


def _shapes(text):
    return [tuple(int(n) for n in group.split(",") if n.strip()) for group in re.findall(_SHAPE, text)]


def sizes_in(text):
    """The sizes an error message names: entries of shapes and "size N" (not an index, which is data)."""
    sizes = {n for shape in _shapes(text) for n in shape}
    sizes.update(int(n) for n in re.findall(r"\b(?:size|different from) (\d+)", text))
    return sizes


def broadcast_shapes(text):
    """The shapes of a failed broadcast, from its message (empty if it is not one); an in-place operation's
    message names its output too, "(3,) (4,) (3,)": each shape is listed once."""
    match = re.search(r"broadcast together with shapes ((?:" + _SHAPE + r"\s*)+)", text)
    return list(dict.fromkeys(_shapes(match.group(1)))) if match else []


def inplace_target(text):
    """The shape of the array an in-place operation (``+=``) writes into, from a failed broadcast's message (NumPy
    names it third, "(3,) (4,) (3,)"), else None."""
    match = re.search(r"broadcast together with shapes ((?:" + _SHAPE + r"\s*)+)", text)
    shapes = _shapes(match.group(1)) if match else []
    return shapes[2] if len(shapes) == 3 else None


def _axis_name(from_right, ndim):
    return "the last axis" if from_right == 1 else f"axis {ndim - from_right}"


def _broadcast(text, keepdims_known):
    shapes = broadcast_shapes(text)
    if len(shapes) != 2:
        return []
    a, b = shapes
    for i in range(1, min(len(a), len(b)) + 1):
        p, q = a[-i], b[-i]
        if p != q and 1 not in (p, q):
            break
    else:
        return []
    hints = [f"NumPy lines up shapes from the right: {a} and {b} put {p} against {q} on "
             f"{_axis_name(i, max(len(a), len(b)))}, and sizes that meet must be equal or 1"]
    matrix, vector = (a, b) if len(a) == 2 else (b, a)
    if (len(matrix), len(vector)) == (2, 1) and vector[0] == matrix[0] != matrix[1] and not keepdims_known:
        n, m = matrix
        hints.append(f"a quantity with one number per row, of shape ({n},), must have shape ({n}, 1) to act on every "
                     f"row of an array of shape ({n}, {m}): keep the reduced axis (keepdims=True) or add an axis of "
                     f"length 1")
    return hints


def matmul_sizes(text):
    """``(columns of A, rows of B)`` from the message of a failed ``A @ B`` or ``np.dot(A, B)``, else None."""
    match = re.search(r"mismatch in its core dimension \d.*\(size (\d+) is different from (\d+)\)", text)
    if match:
        return int(match.group(2)), int(match.group(1))
    match = re.search(r"not aligned: (\d+) \(dim \d+\) != (\d+) \(dim \d+\)", text)
    if match:
        return int(match.group(1)), int(match.group(2))
    return None


def index_error(text):
    """``(index, axis, size)`` from the message of an index past the end of an axis, else None."""
    match = re.search(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)", text)
    return tuple(int(g) for g in match.groups()) if match else None


def _matmul(text):
    sizes = matmul_sizes(text)
    if sizes is None:
        return []
    cols, rows = sizes
    shapes = _shapes(text.split("not aligned")[0]) if "not aligned" in text else []
    of = f" of shapes {shapes[0]} and {shapes[1]}" if len(shapes) == 2 else ""
    return [f"a matrix product A @ B{of} needs as many columns in A as rows in B (entries, for a 1-D factor): here "
            f"A has {cols} and B has {rows}. Check the order of the factors and which one needs a transpose: write "
            f"the shape of each factor next to it"]


def _index(text):
    found = index_error(text)
    if found:
        i, axis, size = found
        return [f"axis {axis} of the indexed array has size {size}, so its indices run from 0 to {size - 1} "
                f"(or down to -{size}): {i} is past its end"]
    match = re.search(r"too many indices for array: array is (\d+)-dimensional, but (\d+) were indexed", text)
    if match:
        ndim, k = match.groups()
        return [f"an array with {ndim} {'axis' if ndim == '1' else 'axes'} was indexed with {k} indices: is it a "
                f"vector where you expected a matrix (or a matrix where you expected a batch)? Check its shape "
                f"before indexing it"]
    return []


def numpy_hints(exc, keepdims_known=False):
    """The sentences that translate ``exc`` (an exception of the student's code), possibly none.

    Parameters
    ----------
    exc : BaseException
        The exception the student's function raised (or its rebuilt copy, from the grader's sandbox).
    keepdims_known : bool
        The diagnosis already explains keepdims: leave that advice out of the broadcasting hint.

    Returns
    -------
    list of str
        Sentences without the final period, each said once.
    """
    text = str(exc)
    hints = []
    if "truth value of an array" in text and "ambiguous" in text:
        hints.append(TRUTH_VALUE)
    ufunc = re.search(r"\b(\w+)\(\) takes from 1 to 2 positional arguments", text)
    if "return arrays must be of ArrayType" in text or (ufunc and isinstance(getattr(np, ufunc.group(1), None),
                                                                          np.ufunc)):
        hints.append(UFUNC_OUT)
    if "only integer scalar arrays can be converted to a scalar index" in text:
        hints.append(SCALAR_INDEX)
    if "cannot be interpreted as an integer" in text and "float" in text:
        hints.append(NOT_INTEGER)
    if re.search(r"only (0-dimensional|length-1|size-1) arrays can be converted to Python scalars", text):
        hints.append(SCALAR_CONVERSION)
    if "setting an array element with a sequence" in text:
        hints.append(SEQUENCE)
    if "'NoneType'" in text:
        hints.append(NONE_VALUE)
    elif "unsupported operand type(s)" in text and "'list'" in text:
        hints.append(LIST_ARITHMETIC)
    if re.search(r"'axis' is an invalid keyword to ufunc '(maximum|minimum|fmax|fmin)'|"
                 r"\b(maximum|minimum|fmax|fmin)\(\) takes from 2 to 3 positional arguments but 1 was given|"
                 r"\b(maximum|minimum|fmax|fmin)\(\) got an unexpected keyword argument 'axis'", text):
        hints.append(UFUNC_AXIS)
    if "read-only" in text:
        hints.append(READ_ONLY)
    missing = re.search(r"(\w+)\(\) missing (\d+) required positional argument", text)
    if missing and missing.group(1) == "one_hot":
        hints.append("the provided one_hot takes two arguments, the labels and the number of classes K")
    if re.search(r"'(int|float|numpy\.\w+)' object is not subscriptable", text):
        hints.append(NOT_SUBSCRIPTABLE)
    if re.search(r"num_classes must be an integer K >= 1; got array", text):
        hints.append(ONE_HOT_ORDER)
    if re.search(r"must hold labels in 0\.\.\d+ \(K = \d+ classes\); got values", text):
        hints.append(LABELS_RANGE)
    if re.search(r"Cannot cast ufunc '\w+' output from dtype\('float\d+'\) to dtype\('u?int\d+'\)", text):
        hints.append(CAST)
    hints += _broadcast(text, keepdims_known) + _matmul(text) + _index(text) + more_hints(text)
    return list(dict.fromkeys(hints))
