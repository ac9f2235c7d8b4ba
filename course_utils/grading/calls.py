"""Calling a student's function inside the sandbox, and the functions that may be passed to it.

A check sometimes hands the student's function another function: the
``f`` of ``numerical_gradient(f, W, h)``.  Functions cannot travel between
processes as data, so such an argument must be a :class:`TestFunction`,
which travels as its name and parameters and is rebuilt in the sandbox
from :data:`REGISTRY`.  Everything else travels by value; arrays the
student's function changed in place are sent back so that a check can
still see the mutation.
"""

import time

import numpy as np


class TestFunction:
    """A scalar test function of W known by name on both sides, e.g. ``TestFunction("sum_exp")``."""

    __test__ = False  # not a pytest test class

    def __init__(self, name, **params):
        if name not in REGISTRY:
            raise ValueError(f"unknown test function {name!r}; known: {sorted(REGISTRY)}")
        self.name, self.params = name, params
        self._fn = REGISTRY[name](**params)

    def __call__(self, W):
        return self._fn(W)

    def spec(self):
        return {"__test_function__": self.name, "params": self.params}

    def __repr__(self):
        return f"TestFunction({self.name!r})"


def _sum_exp():
    return lambda W: float(np.sum(np.exp(W)))


def _cubic(scale=1.0):
    return lambda W: float(scale * np.sum(np.asarray(W) ** 3))


def _quadratic(A):
    A = np.asarray(A, dtype=float)
    return lambda W: float(np.ravel(W) @ A @ np.ravel(W))


def _log_likelihood(X, y):
    from course_utils import log_likelihood

    return lambda W: log_likelihood(W, X, y)


def _sum_sin():
    return lambda W: float(np.sum(np.sin(W)))


REGISTRY = {
    "sum_exp": _sum_exp,
    "cubic": _cubic,
    "quadratic": _quadratic,
    "log_likelihood": _log_likelihood,
    "sum_sin": _sum_sin,
}


def _rebuild(value):
    if isinstance(value, dict) and "__test_function__" in value:
        return TestFunction(value["__test_function__"], **value.get("params", {}))
    return value


def run_call(namespace, msg):
    """Run ``namespace[msg["name"]](*args, **kwargs)``; return the reply message (sandbox side)."""
    name = msg.get("name")
    fn = namespace.get(name)
    if not callable(fn):
        return {"ok": False, "error": "NameError", "message": f"no function named {name!r} is defined"}
    try:
        args = [_rebuild(a) for a in msg.get("args", [])]
        kwargs = {k: _rebuild(v) for k, v in msg.get("kwargs", {}).items()}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": "ProtocolError", "message": str(exc)[:500]}
    try:
        start = time.perf_counter()
        value = fn(*args, **kwargs)
        seconds = time.perf_counter() - start
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are the student's too
        return {"ok": False, "error": type(exc).__name__, "message": str(exc)[:1000]}
    after = [a if isinstance(a, np.ndarray) else None for a in args]
    return {"ok": True, "value": value, "seconds": seconds, "args_after": after}
