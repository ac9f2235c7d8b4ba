"""Calling a failing function again on inputs of other sizes: a fixed size, or swapped sample and class indices.

A failure that names a size none of the case's sizes (a broadcast of (3, 3)
against (1, 4) where K = 4) may come from a size fixed in the code (a
notebook-level ``K = 3``); an index error at index K on an axis of size K may
come from a class index one too large or from a sample index on the class
axis.  Reading the function is not possible (in the grader only its
behaviour is), so these probes call it again on the same kind of input
(:attr:`course_utils.checks.core.Case.remake`) and state a cause only when
the new results show it:

* :func:`fixed_size`: the function is RIGHT once a symbol takes the foreign
  size (K = 3): it uses a fixed K = 3;
* :func:`swapped_indices`: the function RUNS once there are as many samples
  as classes (N = K): it indexes a sample axis with a class index, or the reverse;
* :func:`fixed_samples`: an index past the last sample, and the function runs
  from some larger N on: it uses a fixed number of samples.
"""

import functools

import numpy as np

from .call import call, probe
from .dimensions import SOURCES as _DEFAULT
from .numpy_errors import index_error, sizes_in
from .symbols import name_size

#: Where each size comes from, per function, quoted in the diagnosis.
SOURCES = {"softmax_jacobian": {"K": "s.shape[-1]", "N": "s.shape[0]"},
           "grad_log_likelihood_sample": {"D": "W.shape[0]", "K": "W.shape[1]"}}
#: Sizes beyond this are not tried (a probe must stay cheap).
LARGEST = 1000
#: The numbers of classes of the course's own data (iris, digits), which a notebook-level K is likely to hold.
COURSE_CLASSES = (3, 10)
#: The numbers of samples of the course's own data (iris; digits, and its training and test split), which a
#: notebook-level N is likely to hold: tried first, and even above :data:`LARGEST`.
COURSE_SIZES = (150, 1347, 450, 1797)


def _right(fn, spec, case, tol, floor):
    """True if ``fn`` returns the right result on ``case`` (anything else, an exception included: False)."""
    out = probe(fn, spec, case)
    if out is None:
        return False
    expected = np.asarray(case.expected, dtype=np.float64)
    if out.shape != expected.shape:
        out = out.reshape(()) if expected.shape == () and out.size == 1 else out
        if out.shape != expected.shape:
            return False
    scale = max(floor, float(np.max(np.abs(expected))) * 1e-6) if expected.size else floor
    with np.errstate(all="ignore"):
        err = np.abs(out - expected) / np.maximum(np.abs(expected), scale)
    return bool(np.all(err <= tol))


def foreign_sizes(sizes, text="", shape=()):
    """The sizes a fixed size could have, from an exception's ``text`` or a result's ``shape``: those named that are
    none of ``sizes`` (nor 1), and, after an index K on an axis of K classes, the course's numbers of classes
    above K (a loop over a fixed K runs past the end)."""
    named = set(sizes_in(text)) | set(shape)
    past = set()
    found = index_error(text)
    if found:
        named.discard(found[0])
        if found[0] == found[2] == sizes.get("K"):
            past = {n for n in (sizes["K"] + 1, *COURSE_CLASSES) if n > sizes["K"]}
    return sorted({n for n in named if name_size(n, sizes) is None and 1 < n <= LARGEST} | past)


def fixed_size(fn, spec, case, tol, floor, candidates):
    """The diagnosis of a size fixed in the code: ``fn`` is right once one symbol takes a size of ``candidates``.

    Parameters
    ----------
    fn : callable
        The student's function.
    spec : Spec
        How to call and name it.
    case : Case
        The failing case, with ``sizes`` and ``remake``.
    tol, floor : float
        The check's tolerance and floor, for "right".
    candidates : iterable of int
        The foreign sizes the failure named (:func:`foreign_sizes`).

    Returns
    -------
    str or None
        The hint (without final period), or None.
    """
    if case.remake is None or not case.sizes:
        return None
    sources = SOURCES.get(spec.name, _DEFAULT)
    for n in candidates:
        right = [s for s in case.sizes if _right(fn, spec, case.remake({**case.sizes, s: n}), tol, floor)]
        if len(right) == 1:
            s = right[0]
            return (f"called again on the same kind of input with {s} = {n}, it is right, but here {s} = "
                    f"{case.sizes[s]}: it seems to use a fixed {s} = {n} (a global variable of the notebook?) "
                    f"instead of taking it from the shapes of its arguments ({s} is {sources.get(s, 'a size of an argument')})")
    return None


def swapped_indices(fn, spec, case, text):
    """The diagnosis of swapped sample and class indices.

    Parameters
    ----------
    fn : callable
        The student's function.
    spec : Spec
        How to call and name it.
    case : Case
        The failing case, with ``sizes`` (N and K) and ``remake``.
    text : str
        The message of its IndexError.

    Returns
    -------
    str or None
        The hint, if the error is at index K (or N) on an axis of that size and the function runs on inputs
        with as many samples as classes; else None.
    """
    found = index_error(text)
    sizes = case.sizes or {}
    if not found or case.remake is None or "N" not in sizes or "K" not in sizes or sizes["N"] == sizes["K"]:
        return None
    index, _, size = found
    if index != size or size not in (sizes["N"], sizes["K"]):
        return None
    for n in sorted({sizes["N"], sizes["K"]}):
        try:
            call(fn, spec, case.remake({**sizes, "N": n, "K": n}))
        except Exception:      # noqa: BLE001 - still failing: not (only) a swap
            return None
    return (f"called again with as many samples as classes (N = K), it runs without this error: it indexes an axis "
            f"of the samples with a class index, or the axis of the classes with a sample index, so the indices "
            f"seem swapped. Arrays of shape (N, K) take [sample, class]: check the index order")


def class_index_hint(case, text, probed):
    """The hint for an index K on an axis of K classes, when it cannot be a sample index: the swap probe found
    nothing (``probed``), or there are no more samples than classes."""
    sizes = case.sizes or {}
    found = index_error(text)
    K = sizes.get("K")
    if not found or K is None or found[0] != K or found[2] != K:
        return None
    if list(sizes.values()).count(K) > 1 or not (probed or sizes.get("N", 0) <= K):
        return None
    return (f"index {K} on an axis of the K = {K} classes: classes run from 0 to K - 1, so a class index (a label "
            f"plus one, or a loop over the classes that runs one too far) has reached K")


def smallest_running(runs, start, right=None):
    """The number of samples a function seems fixed to: the first of :data:`COURSE_SIZES` from ``start`` on for
    which ``right(n)`` holds, else the smallest n >= ``start`` for which ``runs(n)``, assuming it stays True from
    there on; None if none up to :data:`LARGEST`."""
    for n in COURSE_SIZES:
        if n >= start and right is not None and right(n):
            return n
    bad, good = start - 1, start
    while not runs(good):
        bad, good = good, 2 * good
        if good > LARGEST:
            return None
    while good - bad > 1:
        middle = (bad + good) // 2
        bad, good = (bad, middle) if runs(middle) else (middle, good)
    return good


def index_past(text, size):
    """The index of an IndexError message ``text`` if it is past the end of an axis of ``size``, else None."""
    found = index_error(text)
    return found[0] if found and found[2] == size and found[0] >= size else None


def fixed_samples(fn, spec, case, tol, floor, text):
    """The diagnosis of a fixed number of samples: an index past the N samples, and a function that runs from some
    larger N on (and is right with exactly that many)."""
    sizes = case.sizes or {}
    index = index_past(text, sizes.get("N", -1)) if case.remake is not None else None
    if index is None:
        return None

    def runs(n):
        try:
            call(fn, spec, case.remake({**sizes, "N": n}))
        except Exception:      # noqa: BLE001 - still failing
            return False
        return True
    return fixed_samples_hint(runs, lambda n: _right(fn, spec, case.remake({**sizes, "N": n}), tol, floor),
                              index, sizes["N"], "it is right")


def fixed_samples_hint(runs, right, index, N, exact):
    """The hint of a fixed number of samples, after an index past the N samples: the smallest number of samples
    ``runs(n)`` holds for (:func:`smallest_running`), with ``exact`` ("it is right") said if ``right`` of it holds;
    None if none."""
    right = functools.lru_cache(maxsize=None)(right)        # asked again of the number found
    n = smallest_running(runs, index + 1, right)
    if n is None:
        return None
    exact = f", and with exactly N = {n} samples {exact}" if right(n) else ""
    return (f"called again with more samples, it runs from N = {n} samples on{exact}: it seems to use a fixed number "
            f"of samples, N = {n} (a global variable of the notebook?), instead of the number of rows of X "
            f"(X.shape[0], here {N})")
