"""Argument checking shared by every public function of ``course_utils``.

Each helper either returns a float64 (or int64) *view or copy* of its input,
never modifying it, or raises ``ValueError`` with a message of the form
"<name> must be <expected>; got <what came>".
"""

import numbers

import numpy as np


def _describe(a):
    """Short description of an array-like for error messages."""
    arr = np.asarray(a)
    return f"array of shape {arr.shape} and dtype {arr.dtype}"


def as_float_array(a, name, ndim=None, allow_neg_inf=False, allow_empty=False, check_values=True):
    """Return ``a`` as a float64 array after checking dtype, ndim and finiteness.

    Parameters
    ----------
    a : array_like
        The input; it is never modified.
    name : str
        The name used in error messages (``"X"``, ``"W"``, ...).
    ndim : int or tuple of int, optional
        The allowed number(s) of dimensions.
    allow_neg_inf : bool
        Allow ``-inf`` entries (log-probability zero); NaN and ``+inf`` never.
    allow_empty : bool
        Allow arrays with no elements.
    check_values : bool
        Scan for NaN/inf now.  Hot paths pass False and instead check that
        their (small) result is finite, scanning the inputs only to explain a failure.
    """
    try:
        arr = np.asarray(a)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be a numeric array; got {type(a).__name__} ({exc})") from None
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise ValueError(f"{name} must be a real numeric array; got {_describe(arr)}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name} must have ndim {want}; got ndim {arr.ndim} (shape {arr.shape})")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    arr = np.asarray(arr, dtype=np.float64)
    if check_values:
        check_finite(arr, name, allow_neg_inf=allow_neg_inf)
    return arr


def check_finite(arr, name, allow_neg_inf=False):
    """Raise ``ValueError`` if ``arr`` holds NaN or infinite entries."""
    if allow_neg_inf:
        bad = np.isnan(arr) | (arr == np.inf)
        what = "NaN or +inf"
    else:
        bad = ~np.isfinite(arr)
        what = "NaN or inf"
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} must be finite; got {int(bad.sum())} {what} entr"
            f"{'y' if bad.sum() == 1 else 'ies'}, the first at index {first}"
        )


def as_labels(y, name, n_samples=None, num_classes=None, per="row of X"):
    """Return integer labels ``y`` as int64 after checking range and shape (one label per ``per``)."""
    arr = np.asarray(y)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(
            f"{name} must hold integer class labels; got {_describe(arr)}"
            " (convert with y.astype(int) if the values are whole numbers)"
        )
    if arr.ndim != 1:
        raise ValueError(f"{name} must have ndim 1 (one label per sample); got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    if n_samples is not None and arr.shape[0] != n_samples:
        raise ValueError(f"{name} must have one label per {per}, i.e. shape ({n_samples},); got shape {arr.shape}")
    if num_classes is not None:
        lo, hi = arr.min(), arr.max()
        if lo < 0 or hi >= num_classes:
            raise ValueError(
                f"{name} must hold labels in 0..{num_classes - 1} (K = {num_classes} classes); "
                f"got values from {lo} to {hi}"
            )
    return arr.astype(np.int64, copy=False)


def as_label(y, name, num_classes):
    """Check one integer label (a Python or NumPy integer) in ``0..K-1``."""
    if isinstance(y, (bool, np.bool_)) or not isinstance(y, numbers.Integral):
        raise ValueError(f"{name} must be one integer class label; got {y!r} of type {type(y).__name__}")
    if not 0 <= y < num_classes:
        raise ValueError(f"{name} must be a label in 0..{num_classes - 1} (K = {num_classes}); got {y}")
    return int(y)


def as_num_classes(num_classes, name="num_classes"):
    """Check a class count K >= 1 given as an integer."""
    if isinstance(num_classes, (bool, np.bool_)) or not isinstance(num_classes, numbers.Integral):
        raise ValueError(f"{name} must be an integer K >= 1; got {num_classes!r}")
    if num_classes < 1:
        raise ValueError(f"{name} must be an integer K >= 1; got {num_classes}")
    return int(num_classes)


def check_W_X(W, X):
    """Check that ``X @ W`` is defined: W must have shape (D, K) with D = X.shape[1]."""
    if W.shape[0] != X.shape[1]:
        raise ValueError(
            f"W must have shape (D, K) with D = X.shape[1] = {X.shape[1]} "
            f"(one row per feature of X, bias included); got W of shape {W.shape}"
        )


def positive_float(value, name):
    """Check a finite, strictly positive scalar (a step size, a learning rate)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value!r}")
    return float(value)


def nonneg_float(value, name):
    """Check a finite scalar >= 0 (a regularization strength)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}")
    return float(value)


def positive_int(value, name):
    """Check an integer >= 1 (a number of steps, epochs, a batch size)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1; got {value!r}")
    return int(value)


def check_model_inputs(W, X, y=None, check_values=True):
    """Validate the triple (W, X, y) of the softmax model and return float/int arrays.

    ``X`` has shape (N, D), ``W`` shape (D, K), ``y`` shape (N,) with labels in 0..K-1.
    With ``check_values=False`` NaN/inf are not scanned for; the caller must
    then call :func:`explain_nonfinite` when its result is not finite.
    """
    X = as_float_array(X, "X", ndim=2, check_values=check_values)
    W = as_float_array(W, "W", ndim=2, check_values=check_values)
    check_W_X(W, X)
    if y is None:
        return W, X
    return W, X, as_labels(y, "y", n_samples=X.shape[0], num_classes=W.shape[1])


def finite_logits(A, W, X):
    """Return the logits ``A`` (X @ W in any layout) if finite; else raise what explains them."""
    if not np.isfinite(A).all():
        explain_nonfinite(W, X)
    return A


def explain_nonfinite(W, X):
    """Raise the ``ValueError`` that explains non-finite logits, loss or gradient."""
    check_finite(X, "X")
    check_finite(W, "W")
    raise ValueError("X @ W must be finite; got overflowing logits (scale X or W down)")
