"""Watching a ``train_sgd`` at work: which rows of X each step multiplies with which W, read off one call.

:func:`trace` calls the student's trainer once more with X wrapped in :class:`Traced`, an ndarray that notes
every product of its rows with a (D, K) matrix (``X_B @ W``, ``np.dot``, ``W.T @ x``): the rows are found by
their values (the rows of the check's X are distinct, however the student shuffled, copied or sliced them), the
matrix is the W of that step.  Anything computed from the rows (a sum, a scaled copy) is a plain array again, so
the student's numbers are unchanged; an empty batch read from X is noted too.  :func:`steps` groups the products
into steps (one per W; the samples of a per-sample loop at one W form one step; a product after which W is still
the same, e.g. a loss, is no step); :mod:`course_utils.checks.sgd_steps` proves them.  The rows of every product
are kept too (``seen``, but for products with all N rows, e.g. a loss: a row never seen was never multiplied with W
in a batch), and so are the rows of X that X itself was indexed with (``float_keys``: numbers used as indices).

Only a function of this process can be watched; the autograder's stand-in for a function in its sandbox
receives copies of plain arrays, so :func:`trace` returns None for it.
"""

from dataclasses import dataclass, field

import numpy as np


def _plain(a):
    return a.view(np.ndarray) if isinstance(a, Traced) else a


class _Log:
    """What the rows of one X took part in: ``events`` of ("product", rows, W) and ("empty", None, None), and the
    keys of float dtype X was indexed with (each as its rows of X, or None)."""

    def __init__(self, X, K):
        self.D, self.K = X.shape[1], K
        self.index = {row.tobytes(): i for i, row in enumerate(np.ascontiguousarray(X, dtype=np.float64))}
        self.events, self.float_keys = [], []

    def rows_of(self, A):
        """The indices of X's rows that make up the rows of ``A``, or None if one is not a row of X."""
        A = np.asarray(A)
        A = A[None] if A.ndim == 1 else A
        if A.ndim != 2 or A.shape[1] != self.D or A.dtype != np.float64:
            return None
        rows = [self.index.get(r.tobytes()) for r in np.ascontiguousarray(A)]
        return None if None in rows else rows

    def product(self, inputs):
        """Note ``a @ b`` if it is rows of X times a (D, K) matrix (either way round)."""
        try:
            (ta, tb), (a, b) = [isinstance(i, Traced) for i in inputs[:2]], [np.asarray(_plain(i)) for i in inputs[:2]]
            rows = W = None
            if ta and b.shape == (self.D, self.K):
                rows, W = self.rows_of(a), b
            elif tb and a.shape == (self.K, self.D) and b.ndim in (1, 2):
                rows, W = self.rows_of(b.T), a.T
            if rows is not None:
                self.events.append(("product", rows, np.array(W, dtype=np.float64)))
        except Exception:         # noqa: BLE001 - watching must never change what the student's code does
            pass


class Traced(np.ndarray):
    """An X whose products with W are written to its log (see the module's docstring)."""

    def __array_finalize__(self, obj):
        self._log = getattr(obj, "_log", None)

    def __getitem__(self, key):
        if isinstance(key, np.ndarray) and key.dtype.kind == "f" and self._log is not None:
            self._log.float_keys.append(self._log.rows_of(key))
        out = super().__getitem__(key)
        if (isinstance(out, Traced) and out.ndim == 2 and out.shape[0] == 0 and self.shape[0] > 0
                and self._log is not None):
            self._log.events.append(("empty", None, None))
        return out

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc is np.matmul and method == "__call__" and self._log is not None:
            self._log.product(inputs)
        if "out" in kwargs:
            kwargs["out"] = tuple(_plain(o) for o in kwargs["out"])
        return getattr(ufunc, method)(*(_plain(i) for i in inputs), **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        if func is np.dot and self._log is not None:
            self._log.product(args)
            return np.dot(*(_plain(a) for a in args), **{k: _plain(v) for k, v in kwargs.items()})
        return super().__array_function__(func, types, args, kwargs)

    def dot(self, b, out=None):
        if self._log is not None:
            self._log.product((self, b))
        return np.dot(_plain(self), _plain(b), out=out)


@dataclass
class Step:
    """One step as watched: the rows it multiplied with W (in the order met) and that W."""

    rows: list
    W: np.ndarray
    last: list = field(default_factory=list)      # the rows of its last product


@dataclass
class Trace:
    """One watched call: its steps, the W it returned (None if it raised), the number of steps taken before the
    first empty batch (None if no batch was empty), the rows of every product and the float keys of X."""

    steps: list
    final: np.ndarray = None
    empty_after: int = None
    seen: set = field(default_factory=set)
    float_keys: list = field(default_factory=list)


def steps(events):
    """Group the noted products into steps (see the module's docstring).

    Parameters
    ----------
    events : list of tuple
        The log of a watched call: ("product", rows, W) and ("empty", None, None), in order.

    Returns
    -------
    list of Step, int or None
        The steps, and how many steps came before the first empty batch (None: no empty batch).
    """
    out, empty_after = [], None
    for kind, rows, W in events:
        if kind == "empty":
            empty_after = len(out) if empty_after is None else empty_after
            continue
        last = out[-1] if out else None
        if last is not None and np.array_equal(W, last.W):
            if rows == last.last:
                continue                      # the same product again (e.g. S computed twice)
            if len(rows) == 1 and len(last.last) == 1:
                last.rows += rows               # a loop over the samples, all at one W
                last.last = rows
                continue
        out.append(Step(list(rows), W, rows))
    return out, empty_after


def trace(fn, X, y, K, options):
    """Call ``fn`` once on a watched copy of X; a :class:`Trace`, or None if it cannot be watched.

    Parameters
    ----------
    fn : callable
        The student's ``train_sgd``.
    X, y, K : ndarray, ndarray, int
        The problem (the rows of X distinct).
    options : dict
        lr, epochs, batch_size, seed.

    Returns
    -------
    Trace or None
        The steps watched (those after which W is unchanged left out when the call returned W) and the W it
        returned (None if it raised or returned no finite (D, K) array); None for a function that runs in the
        grader's sandbox.
    """
    if getattr(fn, "_course_grade_remote", False) or not callable(fn):
        return None
    log = _Log(X, K)
    Xt = np.array(X, dtype=np.float64).view(Traced)
    Xt._log = log
    try:
        final = np.asarray(fn(Xt, np.array(y), K, **options), dtype=np.float64)
        final = final if final.shape == (X.shape[1], K) and np.all(np.isfinite(final)) else None
    except Exception:            # noqa: BLE001 - a failing call still shows the steps before it
        final = None
    found, empty_after = steps(log.events)
    if final is not None:        # a product that leaves W as it is (a loss, an accuracy) is no step
        keep = [not np.array_equal(s.W, w) for s, w in zip(found, [s.W for s in found[1:]] + [final])]
        empty_after = None if empty_after is None else sum(keep[:empty_after])
        found = [s for s, k in zip(found, keep) if k]
    seen = {r for kind, rows, _ in log.events if kind == "product" and len(set(rows)) < len(X) for r in rows}
    return Trace(found, final, empty_after, seen, log.float_keys)

