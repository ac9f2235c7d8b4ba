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
from .testfunctions import TestFunction

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


def step_message(fn, spec, probe, W, logged=None):
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
    logged : float, optional
        The largest step f's calls showed (:mod:`course_utils.checks.numgrad_log`), if they were logged: then
        a step that ignores h is named from the log, and round-off only blamed on a step below 1e-8.

    Returns
    -------
    str or None
        It ignores h (and f, or the step it uses, or round-off), its step is proportional to the entry, or a
        multiple of h; None if its step is h.
    """
    results = [_call(fn, spec, probe, W, h) for h in PROBE_STEPS]
    if any(r is None or r.shape != W.shape or not np.all(np.isfinite(r)) for r in results):
        return None
    steps = [_steps(r, W, 1.0) for r in results]
    exact = 3 * W ** 2
    tried = " and ".join(f"h = {h:g}" for h in PROBE_STEPS)
    if same(results[0], results[1], 1e-12):
        read = steps[0] is not None and np.allclose(steps[0], steps[0].flat[0], rtol=1e-4)
        step = logged if logged is not None else (steps[0].flat[0] if read else None)
        if step is not None and step >= 1e-8:
            return (f"It gives the same result whatever h is (tried {tried}): it ignores its `h` argument and always "
                    f"uses a step of about {fmt_num(step, 3)}. Use the step h it is given.")
        doubled = _call(fn, spec, TestFunction("cubic", scale=2.0), W, PROBE_STEPS[0])
        if doubled is not None and same(doubled, results[0], 1e-12):
            return (f"It gives the same result whatever h is (tried {tried}) and whatever f is (tried f doubled): it "
                    f"uses neither its `h` nor its `f` argument. The partial derivatives are differences of values "
                    f"of the f it is given, at W + h and W - h.")
        err = float(np.max(np.abs(results[0] - exact) / np.abs(exact)))
        if step is not None:
            return (f"It gives the same result whatever h is (tried {tried}): it ignores its `h` argument and always "
                    f"uses a step of about {fmt_num(step, 2)}, far too small: its result differs from the exact "
                    f"derivative by up to {err:.0e} (relative), round-off (subtracting two nearly equal values of f "
                    f"cancels their digits). Use the step h it is given.")
        if logged is None and err < 10 and not _forward_step(results[0], W):
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


def log_step_message(ev):
    """The steps read off the log of f's calls (:class:`course_utils.checks.numgrad_log.Evaluations`), when they
    are not h and :func:`step_message` has nothing sound to say.

    Returns
    -------
    str
        The moves of the first entry moved, and whether they are one step for all entries or proportional to them.
    """
    if not ev.single:
        return (f"The points f is evaluated at differ from W by at most {ev.largest:.2g}, round-off, while h = "
                f"{fmt_num(ev.h)}: move each entry by +h and by -h.")
    points = [ev.W[i] + d for i, m in ev.single.items() for d, _, _ in m]
    if np.all(ev.W == np.round(ev.W)) and np.all(np.asarray(points) == np.round(points)):
        return ("f was only ever evaluated at whole numbers: W holds integers, and so does a copy of it (W.copy(), "
                "np.copy, np.zeros_like of W keep its integer dtype), so an entry moved by h is truncated back to a "
                "whole number. Move the entries of a float64 copy of W.")
    steps = {ix: [abs(d) for d, _, _ in m] for ix, m in ev.single.items()}
    ix = next((i for i, st in steps.items() if not np.allclose(st, ev.h, rtol=1e-6)), next(iter(steps)))
    said = " and ".join(f"{d:+.3g}" for d, _, _ in ev.single[ix])
    one_side = all(len({np.sign(d) for d, _, _ in m}) == 1 for m in ev.single.values())
    head = (f"It moves entry [{', '.join(map(str, ix))}] by {said}{' only' * one_side}, but h = {fmt_num(ev.h)}: "
            f"f must be evaluated with the entry moved by +h and by -h.")
    flat = np.concatenate([st for st in steps.values()])
    sizes = np.concatenate([[abs(ev.W[i])] * len(st) for i, st in steps.items()])
    if np.allclose(flat, flat[0], rtol=1e-6):
        k = flat[0] / ev.h
        return (f"{head} Its step is {fmt_num(k, 3)} times h for every entry: move by h itself." if 1e-3 < k < 1e3
                else f"{head} Its step, {fmt_num(flat[0], 3)}, is the same for every entry: use the argument h.")
    if np.allclose(flat / sizes, flat[0] / sizes[0], rtol=1e-6):
        return (f"{head} Its step is proportional to |W entry| (0 for an entry that is 0): move every entry by "
                f"h itself.")
    if all(np.isclose(abs(ev.W[i] + d), ev.h, rtol=1e-6) for i, m in ev.single.items() for d, _, _ in m):
        return (f"{head} The moved entry's value becomes +h and -h themselves: it sets the entry to h (an assignment) "
                f"instead of moving it by h from its value (an increment), so f is evaluated where that entry is "
                f"about 0.")
    return (f"{head} Its step differs from entry to entry (from {fmt_num(flat.min(), 3)} to "
            f"{fmt_num(flat.max(), 3)}): move every entry by h itself.")
