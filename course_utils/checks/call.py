"""Calling a student's function for a check: every failure becomes NotAttempted or Incorrect.

:func:`call` runs ``fn(*case.args, **case.kwargs)``; a ``NotImplementedError``
becomes :class:`NotAttempted` (naming the helper it came from), any other
exception an :class:`Incorrect` with hints (NumPy's messages translated by
:mod:`course_utils.checks.numpy_errors`, each hint said once), and an input
changed in place is reported with the first entry that changed (or as
shuffled in place, when only the order of its rows changed).  :func:`probe`
calls it once more for a diagnosis (any failure: None).
"""

import os
import re
import sysconfig
from dataclasses import dataclass

import numpy as np

from .core import Incorrect, NotAttempted, ProbeMisuse, Spec, _truncate, fmt_num
from .numpy_errors import broadcast_shapes, matmul_sizes, numpy_hints
from .size_confirm import confirmed as _confirmed
from .symbols import exception_hints as _symbol_hints


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


_SIGNATURE = re.compile(r"(\S+)\(\) (?:got an unexpected keyword|got multiple values|missing \d+ required|"
                        r"takes \d+ positional|takes from \d+ to \d+ positional)")
_SHAPE_ERROR = re.compile(r"broadcast|shape|align|mismatch")


@dataclass(frozen=True)
class HintedSpec(Spec):
    """A :class:`Spec` with hints that depend on the exception and the input.

    ``exception_hint(exc, case)`` returns a list of sentences (without the final period), possibly
    empty; it is asked for every exception the student's function raises.
    """

    exception_hint: object = None


def _name_hint(text):
    match = re.search(r"name '([^']+)' is not defined", text)
    name = f"`{match.group(1)}`" if match else "a name it uses"
    return (f"{name} is not defined when the function runs: a typo, or a name defined in a cell that has not "
            "run yet, or that raised before reaching it (run the notebook again from the top)")


def format_hints(hints, message=""):
    """`` Hint: ...`` for each hint, each said once and none that ``message`` already holds."""
    return "".join(f" Hint: {h}{'' if h.endswith(('.', '?')) else '.'}"
                   for h in dict.fromkeys(h for h in hints if h and h not in message))


def _wrong_arity(exc, spec, fn):
    """True if ``exc`` says the student's function itself (not one it calls) got the wrong arguments."""
    match = _SIGNATURE.search(str(exc)) if isinstance(exc, TypeError) else None
    return match is not None and match.group(1).rpartition(".")[2] in {spec.name, getattr(fn, "__name__", None)}


def _exception_hint(spec, exc, case, fn=None):
    """The hints for an exception raised by the student's function ``fn``, each said once."""
    text = str(exc)
    shape_error = isinstance(exc, ValueError) and _SHAPE_ERROR.search(text) is not None
    hints = []
    if _wrong_arity(exc, spec, fn):
        hints.append(f"check that your function has exactly the signature {spec.signature}")
    hints += numpy_hints(exc, keepdims_known=(shape_error and "keepdims" in spec.shape_hint) or not spec.reduces)
    symbols = _symbol_hints(text, getattr(case, "sizes", None))
    if fn is not None and getattr(case, "remake", None) is not None and (broadcast_shapes(text) or matmul_sizes(text)):
        symbols = _confirmed(fn, spec, case, symbols)
    if isinstance(exc, IndexError) and getattr(case, "sizes", None):
        from .size_probe import class_index_hint, swapped_indices   # they call the function again, through here
        swapped = swapped_indices(fn, spec, case, text) if fn is not None and case.remake is not None else None
        symbols += [swapped or class_index_hint(case, text, probed=fn is not None and case.remake is not None)]
        symbols = [h for h in symbols if h]
    hints += symbols
    if isinstance(exc, IndexError) and not symbols and "must be of integer" not in text:
        hints.append(spec.index_hint)
    if shape_error and not symbols:
        hints.append(spec.shape_hint)
    if isinstance(exc, NameError):
        hints.append(_name_hint(text))
    if isinstance(exc, RecursionError):
        hints.append("the function calls itself without end (does it call its own name?)")
    extra = getattr(spec, "exception_hint", None)
    if extra is not None:
        hints += extra(exc, case) or []
    hints.append(case.hint)
    return format_hints(hints)


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
            f"{_exception_hint(spec, exc, case, fn)}"
        ) from exc
    for name, before, after in zip(spec.arg_names, copies, case.args):
        if before is None:
            continue
        changed = _changed_entries(before, after, restore_tol)
        if changed is not None and _reordered(before, after):
            what = "rows" if before.ndim > 1 else "entries"
            raise Incorrect(
                f"{spec.name} modifies its input `{name}` in place: after the call on {case.desc}, it holds the "
                f"same {what} in another order, as if it had been shuffled in place. Shuffle an array of indices "
                f"(or a copy) instead, and leave the caller's `{name}` as it was."
            )
        if changed is not None:
            idx, old, new = changed
            new, old = fmt_pair(new, old)
            raise Incorrect(
                f"{spec.name} modifies its input `{name}` in place: after the call on {case.desc}, "
                f"{name}[{', '.join(map(str, idx))}] is {new} instead of {old}. {spec.mutation_hint}"
            )
    return out


def probe(fn, spec, case, restore_tol=0.0):
    """One more call of the student's function, for a diagnosis: its result as a float64 array, or None if the
    call fails (any exception) or the result is not numeric; a probe that fails tells nothing."""
    try:
        return np.asarray(call(fn, spec, case, restore_tol), dtype=np.float64)
    except Exception:          # noqa: BLE001 - a probe that fails tells nothing
        return None


def _reordered(before, after):
    """True if ``after`` holds the rows (entries, if 1-D) of ``before`` in another order."""
    if after.shape != before.shape or before.ndim == 0 or len(before) < 2:
        return False
    if before.ndim == 1:
        return bool(np.array_equal(np.sort(before), np.sort(after)))
    rows = lambda a: sorted(map(tuple, a.reshape(len(a), -1).tolist()))    # noqa: E731
    return rows(before) == rows(after)


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
