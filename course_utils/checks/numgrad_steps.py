"""How a numerical gradient answers its step h, found by calling it again on a cubic.

The central difference of f(W) = sum of W^3 with step t is exactly 3 w^2 + t^2 for each entry, so each
entry's step t can be read off the result.  :func:`step_message` calls the student's function with
h = 0.1 and h = 0.01 and says what its step is: h itself (nothing to say), the same whatever h is (a fixed
step, or round-off from one far too small), proportional to |W entry|, or a multiple of h.
:func:`default_message` compares the function called without h and with h = 1e-5: a wrong default.
"""

import numpy as np

from .call import probe as _probe_call   # `probe` here names the test function
from .core import Case, fmt_num
from .numgrad_explain import same

#: The steps the function is called with to see how it answers h.
PROBE_STEPS = (0.1, 0.01)


def _steps(got, W, scale):
    """Each entry's step t if ``got`` is the central difference of scale * sum W^3 (t^2 = got / scale - 3 w^2)."""
    t2 = np.asarray(got, dtype=np.float64) / scale - 3 * W ** 2
    if got.shape != W.shape or np.any(t2 <= 1e-12 * np.max(3 * W ** 2)):
        return None
    return np.sqrt(t2)


def _forward_step(got, W):
    """True if ``got`` is a one-sided difference of sum W^3 with one step t for all entries (3 w t + t^2 = got - 3 w^2)."""
    excess = np.asarray(got, dtype=np.float64) - 3 * W ** 2
    t = (-3 * W + np.sqrt(np.maximum(9 * W ** 2 + 4 * excess, 0.0))) / 2
    return bool(np.all(np.abs(t) > 0) and np.allclose(t, t.flat[0], rtol=1e-4))


def _call(fn, spec, probe, W, h):
    kwargs = {} if h is None else {"h": h}
    return _probe_call(fn, spec, Case("a probe", (probe, W.copy()), None, kwargs=kwargs), 1e-12)


def step_message(fn, spec, probe, W):
    """How the function's step answers h, from more calls on a cubic.

    Parameters
    ----------
    fn : callable
        The student's ``numerical_gradient``.
    spec : Spec
        How to call and name it.
    probe : TestFunction
        The cubic sum of W^3 (scale 1), which travels to the grader's sandbox by name.
    W : ndarray
        The point of the calls.

    Returns
    -------
    str or None
        It ignores h (and the step it uses, or round-off), its step is proportional to the entry, or a
        multiple of h; None if its step is h.
    """
    results = [_call(fn, spec, probe, W, h) for h in PROBE_STEPS]
    if any(r is None or r.shape != W.shape or not np.all(np.isfinite(r)) for r in results):
        return None
    steps = [_steps(r, W, 1.0) for r in results]
    exact = 3 * W ** 2
    tried = " and ".join(f"h = {h:g}" for h in PROBE_STEPS)
    if same(results[0], results[1], 1e-12):
        if steps[0] is not None and np.allclose(steps[0], steps[0].flat[0], rtol=1e-4):
            return (f"It gives the same result whatever h is (tried {tried}): it ignores its `h` argument and always "
                    f"uses a step of about {fmt_num(steps[0].flat[0], 3)}. Use the step h it is given.")
        err = float(np.max(np.abs(results[0] - exact) / np.abs(exact)))
        if err < 10 and not _forward_step(results[0], W):
            return (f"It gives the same result whatever h is (tried {tried}): it ignores its `h` argument. Its result "
                    f"differs from the exact derivative by up to {err:.0e} (relative), with no pattern of any step: "
                    f"round-off, from a step far too small (subtracting two nearly equal values of f cancels their "
                    f"digits). Use the step h it is given.")
        return f"It gives the same result whatever h is (tried {tried}): it ignores its `h` argument."
    if any(s is None for s in steps):
        return None
    if all(np.allclose(s, h, rtol=1e-4) for s, h in zip(steps, PROBE_STEPS)):
        return None
    if all(np.allclose(s, h * np.abs(W), rtol=1e-4) for s, h in zip(steps, PROBE_STEPS)):
        return ("Its step for each entry is h times the size of that entry, not h (with h = 0.1, the entry "
                f"{fmt_num(W.flat[0], 3)} is moved by {fmt_num(steps[0].flat[0], 3)}): a step proportional to "
                "|W entry|, which is 0 for an entry that is 0. Move every entry by h itself.")
    ratios = [s / h for s, h in zip(steps, PROBE_STEPS)]
    if all(np.allclose(r, ratios[0].flat[0], rtol=1e-4) for r in ratios):
        return (f"Its step is {fmt_num(ratios[0].flat[0], 3)} times h, not h (read off its results on a cubic for "
                f"{tried}): the entry must move by +h and by -h, and the change be divided by 2h.")
    return None


def default_message(fn, spec, probe, W, expected):
    """The diagnosis of a wrong default h: right with h = 1e-5 given, wrong without it.

    Parameters
    ----------
    fn : callable
        The student's ``numerical_gradient``.
    spec : Spec
        How to call and name it.
    probe : TestFunction
        The case's function (its step is read off the result if it is a cubic).
    W, expected : ndarray
        The case's point and the right result.

    Returns
    -------
    str or None
        The diagnosis, or None if the function is not right with h = 1e-5 either.
    """
    given = _call(fn, spec, probe, W, 1e-5)
    if given is None or not same(given, expected):
        return None
    got = _call(fn, spec, probe, W, None)
    t = _steps(got, W, probe.params.get("scale", 1.0)) if got is not None and probe.name == "cubic" else None
    step = (f": called without h it uses a step of about {fmt_num(t.flat[0], 3)}"
            if t is not None and np.allclose(t, t.flat[0], rtol=1e-3) else "")
    return (f"With h = 1e-5 given it is right, but not when h is left out{step}. The default value of h must be "
            f"1e-5, as in the signature numerical_gradient(f, W, h=1e-5).")
