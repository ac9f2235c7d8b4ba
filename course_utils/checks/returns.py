"""What a student's function returned, judged the same way in the notebook and in the autograder.

In the notebook a check sees the student's own return value; in the grader it
sees what the sandbox could send back: lists stay lists, tuples stay tuples,
float64 (and other plain numeric) arrays stay arrays, ``np.float64`` scalars
become Python floats, and any other value arrives as an opaque stand-in whose
``type_name`` is the name of the original Python type and whose ``dtype`` is
the NumPy dtype name (such as ``"float128"``) when the value was a NumPy array
or scalar of a dtype that cannot travel.  :func:`return_message` judges a
value only by what survives that trip, so both places give the same message.

The rules:

* an array-valued result must be a NumPy array (subclasses are fine); a Python
  list or tuple is wrong;
* a scalar-valued result may be a Python float or int, a NumPy number, or a
  0-d or 1-element array; a list or tuple is wrong;
* float64 and integers are fine; float16 and float32 lose precision, long
  double (float128/float96) is not float64; booleans, complex numbers, text
  and Python objects are not real numbers.

Examples
--------
>>> import numpy as np
>>> return_message([0.5, 0.5], "softmax", "on a vector", (2,))
'softmax returned a Python list, not a NumPy array, on a vector (did you call .tolist()? return the array itself)'
>>> return_message(np.ones(2, dtype=np.longdouble), "softmax", "on a vector", (2,))[:52]
'softmax returns float128 (long double) numbers (on a'
>>> return_message(np.ones(2), "softmax", "on a vector", (2,)) is None
True
"""

import re

import numpy as np


def _a(word):
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _legacy_opaque(out):
    """``(type name, dtype name)`` read from the ``description`` of a stand-in that has no type of its own (an
    older grader's, or one rebuilt from an older frame), else None."""
    description = getattr(out, "description", None)
    if type(out).__name__ != "Opaque" or not isinstance(description, str) \
            or getattr(out, "type_name", "object") != "object" or getattr(out, "dtype", None) is not None:
        return None
    match = re.fullmatch(r"array of dtype (\w+)", description)
    if match:
        return "ndarray", match.group(1)
    match = re.match(r"(?:np|numpy)\.(\w+)\(", description)
    if match:
        scalar_type = getattr(np, match.group(1), None)
        if isinstance(scalar_type, type) and issubclass(scalar_type, np.generic):
            return match.group(1), np.dtype(scalar_type).name
    match = re.fullmatch(r"(\w+) object", description)
    return (match.group(1) if match else "value"), None


def type_name(out):
    """The name of the Python type of ``out``, or of the value an opaque stand-in replaces."""
    legacy = _legacy_opaque(out)
    if legacy:
        return legacy[0]
    name = getattr(out, "type_name", None)
    return name if isinstance(name, str) else type(out).__name__


def dtype_name(out):
    """The NumPy dtype name of a NumPy array or scalar (or of the one a stand-in replaces), else None."""
    if isinstance(out, (np.ndarray, np.generic)):
        return out.dtype.name
    legacy = _legacy_opaque(out)
    if legacy:
        return legacy[1]
    if isinstance(getattr(out, "type_name", None), str):
        dtype = getattr(out, "dtype", None)
        return None if dtype is None else str(dtype)
    return None


def _kind(dtype):
    """``(kind, itemsize)`` of a dtype name, also for a name this machine does not know (float96)."""
    try:
        dt = np.dtype(dtype)
        return dt.kind, dt.itemsize
    except (TypeError, ValueError):
        match = re.fullmatch(r"(float|complex|int|uint)(\d+)", dtype)
        if match is None:
            return "O", 0
        kind = {"float": "f", "complex": "c", "int": "i", "uint": "u"}[match.group(1)]
        return kind, int(match.group(2)) // 8


def _real(shape, shape_names=None):
    if shape == ():
        return "a single real number"
    return f"a NumPy array of real numbers of shape {(shape_names or {}).get(shape, shape)}"


def _dtype_message(name, on, dtype, shape, shape_names):
    """The diagnosis of numbers of dtype ``dtype``, or None if float64 or an integer type."""
    kind, size = _kind(dtype)
    if kind in "iu" or (kind == "f" and size == 8):
        return None
    if kind == "b":
        return f"{name} returned booleans (True/False) {on}; expected real numbers"
    if kind == "c":
        return f"{name} returned complex numbers {on}; expected real numbers"
    if kind == "f" and size < 8:
        digits = "half precision keeps only about 3" if size == 2 else "single precision keeps only about 7"
        return (f"{name} returns {dtype} numbers ({on}): {digits} significant digits, too few for this check. "
                f"Compute and return float64 numbers to avoid this precision loss.")
    if kind == "f":
        return (f"{name} returns {dtype} (long double) numbers ({on}): their size and precision differ from "
                f"machine to machine, and the checks and the grader work in float64. Compute in float64 and "
                f"return float64.")
    what = {"U": "text (strings)", "S": "bytes", "O": "Python objects in an array of dtype object"}.get(
        kind, f"values of dtype {dtype}")
    return f"{name} returned {what} {on}, not {_real(shape, shape_names)}"


def _list_message(out, name, on, shape, shape_names):
    n = len(out)
    if shape == ():
        items = "item" if n == 1 else "items"
        return (f"{name} returned a Python list of {n} {items}, not a single number, {on}: return one number "
                f"(a Python float or a NumPy number)")
    if len(shape) >= 2 and n == shape[0] and not any(isinstance(item, (list, tuple)) for item in out):
        parts = {2: "rows", 3: "matrices"}.get(len(shape), "arrays")
        want = (shape_names or {}).get(shape, shape)
        return (f"{name} returned a Python list of {n} {parts}, not a NumPy array, {on}: return ONE array of "
                f"shape {want} that holds them all (join them with np.stack, or compute them all at once by "
                f"broadcasting), not a list of {parts}")
    return f"{name} returned a Python list, not a NumPy array, {on} (did you call .tolist()? return the array itself)"


def return_message(out, name, on, shape, shape_names=None):
    """Why ``out`` is not an acceptable result of shape ``shape``, or None if it is.

    Parameters
    ----------
    out : object
        What the student's function returned (or the grader's stand-in for it).
    name : str
        The function's name, the subject of the message.
    on : str
        Where: "on a 4x6 matrix of logits".
    shape : tuple
        The shape of the expected result; ``()`` for a single number.
    shape_names : dict, optional
        How to name a shape, e.g. ``{(3, 4, 4): "(N, K, K) = (3, 4, 4)"}``.

    Returns
    -------
    str or None
        The diagnosis; the shape itself is judged later, by the caller.
    """
    if out is None:
        return f"{name} returned None {on}: did you forget the `return` statement?"
    if isinstance(out, list):
        return _list_message(out, name, on, shape, shape_names)
    if isinstance(out, tuple):
        several = " (did you return several values? return only the result)" if len(out) <= 3 else ""
        return f"{name} returned a tuple of {len(out)} items {on}, not {_real(shape, shape_names)}{several}"
    dtype = dtype_name(out)
    if dtype is not None:
        message = _dtype_message(name, on, dtype, shape, shape_names)
        if message is not None or isinstance(out, (np.ndarray, np.generic)):
            return message
    elif isinstance(out, bool):
        return _dtype_message(name, on, "bool", shape, shape_names)
    elif isinstance(out, complex):
        return _dtype_message(name, on, "complex128", shape, shape_names)
    elif isinstance(out, (int, float)):
        return None
    return f"{name} returned {_a(type_name(out))} {on}, not {_real(shape, shape_names)}"


def integer_message(spec, case, got):
    """The diagnosis of a result of integers (or booleans) where the expected one has fractions, else None."""
    expected = np.asarray(case.expected, dtype=np.float64)
    if got.dtype.kind not in "iub" or np.all(expected == np.round(expected)):
        return None
    return (f"{spec.name}: wrong result on {case.desc}: it returned an array of {got.dtype.name} numbers (whole "
            f"numbers), where the result has fractions. An array made with an integer dtype (np.zeros(..., "
            f"dtype=int), np.zeros_like of an integer array, or from integer data) truncates every float written "
            f"into it: make it an array of floats.")


def one_number(out):
    """``out`` as one float (NaN included), or None when it is not one number (None itself, a string, several
    numbers): for the exercises that return a single number, whose other returns :func:`return_message` explains."""
    if out is None or isinstance(out, (str, bytes)):
        return None
    try:
        arr = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return float(arr.reshape(())) if arr.size == 1 else None
