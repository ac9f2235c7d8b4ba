"""Calling a student's function for a check: every failure becomes NotAttempted or Incorrect.

:func:`call` runs ``fn(*case.args, **case.kwargs)``; a ``NotImplementedError``
becomes :class:`NotAttempted` (naming the helper it came from), any other
exception an :class:`Incorrect` with a hint, and an input changed in place is
reported with the first entry that changed.
"""

import os
import re
import sysconfig

import numpy as np

from .core import Incorrect, NotAttempted, ProbeMisuse, _truncate, fmt_num


def fmt_pair(new, old):
    """Two numbers with just enough digits to tell them apart."""
    for digits in (4, 8, 12, 17):
        a, b = fmt_num(new, digits), fmt_num(old, digits)
        if a != b:
            break
    return a, b


def not_attempted(name, exc, fn=None):
    """The NotAttempted for a ``NotImplementedError``; names the function that raised it if not ``fn``."""
    where = ""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    code = getattr(fn, "__code__", None)
    if (tb is not None and code is not None and tb.tb_frame.f_code is not code
            and not _is_library_file(tb.tb_frame.f_code.co_filename)):
        where = f" (the NotImplementedError comes from `{tb.tb_frame.f_code.co_name}`, which it calls)"
    return NotAttempted(
        f"{name} is not attempted yet{where}: replace `raise NotImplementedError` with your code"
    )


def _is_library_file(filename):
    """True for files of course_utils itself, of installed packages and of the standard library."""
    path = os.path.abspath(filename)
    roots = [os.path.dirname(os.path.dirname(os.path.abspath(__file__))), sysconfig.get_paths()["stdlib"]]
    return ("site-packages" in path or "dist-packages" in path
            or any(path.startswith(root + os.sep) for root in roots))


_MAX_AS_MAXIMUM = ("np.max given two arrays reads the second as an axis: the elementwise larger of two arrays "
                   "is np.maximum")


def _name_hint(text):
    match = re.search(r"name '([^']+)' is not defined", text)
    name = f"`{match.group(1)}`" if match else "a name it uses"
    return (f"{name} is not defined when the function runs: a typo, or a name defined in a cell that has not "
            "run yet, or that raised before reaching it (run the notebook again from the top)")


def _exception_hint(spec, exc, case):
    """The hints for an exception raised by the student's function, each said once."""
    text = str(exc)
    hints = []
    if isinstance(exc, TypeError) and ("scalar index" in text or "interpreted as an integer" in text):
        hints.append(_MAX_AS_MAXIMUM)
    elif isinstance(exc, TypeError) and ("argument" in text or "positional" in text):
        hints.append(f"check that your function has exactly the signature {spec.signature}")
    elif isinstance(exc, IndexError) and spec.index_hint:
        hints.append(spec.index_hint)
    elif isinstance(exc, ValueError) and ("broadcast" in text or "shape" in text or "align" in text
                                          or "mismatch" in text) and spec.shape_hint:
        hints.append(spec.shape_hint)
    elif isinstance(exc, NameError):
        hints.append(_name_hint(text))
    elif isinstance(exc, RecursionError):
        hints.append("the function calls itself without end (does it call its own name?)")
    if case.hint:
        hints.append(case.hint)
    return "".join(f" Hint: {h}." for h in dict.fromkeys(hints))


def _snapshot(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    return None


def call(fn, spec, case, restore_tol=0.0):
    """Call ``fn(*case.args, **case.kwargs)``, turning every failure into NotAttempted/Incorrect.

    Array arguments must be unchanged afterwards (up to ``restore_tol``
    relative round-off, for functions that perturb and restore entries).
    """
    copies = [_snapshot(a) for a in case.args]
    try:
        out = fn(*case.args, **case.kwargs)
    except NotImplementedError as exc:
        raise not_attempted(spec.name, exc, fn) from None
    except ProbeMisuse as exc:
        raise Incorrect(f"{spec.name}: {exc} (on {case.desc})") from None
    except Exception as exc:
        raise Incorrect(
            f"{spec.name} raised {type(exc).__name__}: {_truncate(exc)} -- on {case.desc}."
            f"{_exception_hint(spec, exc, case)}"
        ) from exc
    for name, before, after in zip(spec.arg_names, copies, case.args):
        if before is None:
            continue
        changed = _changed_entries(before, after, restore_tol)
        if changed is not None:
            idx, old, new = changed
            new, old = fmt_pair(new, old)
            raise Incorrect(
                f"{spec.name} modifies its input `{name}` in place: after the call on {case.desc}, "
                f"{name}[{', '.join(map(str, idx))}] is {new} instead of {old}. {spec.mutation_hint}"
            )
    return out


def _changed_entries(before, after, tol):
    """``(index, old, new)`` of the first changed entry, or None if ``after`` still equals ``before``."""
    if after.shape != before.shape:
        return (("...",), float("nan"), float("nan"))
    if tol == 0.0:
        same = (after == before) | (np.isnan(after) & np.isnan(before))
    else:
        same = np.abs(after - before) <= tol * np.maximum(np.abs(before), 1e-300)
    if np.all(same):
        return None
    idx = tuple(int(i) for i in np.argwhere(~same)[0])
    return idx, before[idx], after[idx]
