"""A reading of sizes in symbols, confirmed by calling the function again with other sizes.

On a case with N = 7, D = 4, K = 3 a failed broadcast of (3,) against (4,)
reads as "(K,) and (D,)"; but 3 may be the number of samples of one class,
equal to K only by chance.  :func:`confirmed` calls the function once more on
the same kind of input with every size changed (:attr:`Case.remake`) and keeps
the reading only if the new failure reads the same in the new sizes.
"""

import re

from .symbols import exception_hints as _symbol_hints

#: Not empty while a reading of sizes is being confirmed (its own call must not confirm again).
_CONFIRMING = []


def _spread(sizes):
    """Other sizes for the same symbols: each new, and none equal to another or to any old one."""
    taken = set(sizes.values())
    new = {}
    for step, (name, value) in zip((4, 2, 1, 3), sizes.items()):
        n = value + step
        while n in taken:
            n += 1
        taken.add(n)
        new[name] = n
    return new


def confirmed(fn, spec, case, symbols):
    """``symbols`` if the function, called again with other sizes, fails the same way read in symbols; else [].

    Sizes that coincide (3 samples of a class where K = 3) would otherwise be read as the wrong symbol."""
    if _CONFIRMING or not symbols:
        return symbols
    _CONFIRMING.append(True)
    try:
        other = case.remake(_spread(case.sizes))
        try:
            fn(*other.args, **other.kwargs)
        except Exception as exc:      # noqa: BLE001 - the failure to compare
            again = _symbol_hints(str(exc), other.sizes)
        else:
            return []
    except Exception:                 # noqa: BLE001 - a remake that fails confirms nothing
        return []
    finally:
        _CONFIRMING.pop()
    same = [re.sub(r"\d+", "#", h) for h in again] == [re.sub(r"\d+", "#", h) for h in symbols]
    return symbols if same else []
