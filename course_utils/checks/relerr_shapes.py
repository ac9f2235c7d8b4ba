"""A failed broadcast in relative_error read as a maximum taken along the wrong axis of stacked arrays.

``np.max(np.stack([np.abs(a), np.abs(b)]), axis=1)`` has the shape of ``a`` with one of ITS axes reduced and an
axis of 2 (the arrays put together) in front: dividing |a - b| by it fails with, for a of shape (4, 3),
"could not be broadcast together with shapes (4,3) (2,3)".  :func:`stacked_axis_hint` reads a shape of the
message that way, confirms it by calling the function again on inputs of another shape (the count of stacked
arrays stays, the rest follows a), and says which axis was reduced instead of the one holding the arrays.
"""

import numpy as np

from .call import call
from .core import Case, Incorrect, Spec
from .numpy_errors import broadcast_shapes

#: The inputs' shapes the confirming call uses, by number of dimensions.
OTHER_SHAPES = {1: (7,), 2: (5, 4), 3: (4, 5, 6)}


def _reading(shapes, a_shape):
    """``(count, axis, place)`` if a shape of ``shapes`` is ``a_shape`` without ``axis``, with an axis of ``count``
    (2 or 3) inserted at ``place``; else None."""
    for shape in shapes:
        if shape == a_shape or len(shape) != len(a_shape):
            continue
        for place in (0, len(shape) - 1):
            rest = shape[:place] + shape[place + 1:]
            for axis in range(len(a_shape)):
                if shape[place] in (2, 3) and rest == a_shape[:axis] + a_shape[axis + 1:]:
                    return shape[place], axis, place
    return None


def _raised(fn, name, args, kwargs):
    """The message of the exception ``fn`` raises on ``args``, or None if it raises none."""
    try:
        call(fn, Spec(name, "", ("a", "b")), Case("a probe", args, None, kwargs=kwargs))
    except Incorrect as exc:
        return str(exc.__cause__) if exc.__cause__ is not None else None
    return None


def stacked_axis_hint(fn, name, case, text):
    """The hint for a failed broadcast of relative_error on ``case`` (message ``text``), or None.

    Parameters
    ----------
    fn : callable
        The student's ``relative_error``, called once more on inputs of another shape.
    name : str
        Its name, for the confirming call.
    case : Case
        The case it failed on: ``args`` are (a, b).
    text : str
        The exception's message.

    Returns
    -------
    str or None
        Which axis of a the maximum reduced, and that it must reduce the axis holding the stacked arrays.
    """
    a = np.asarray(case.args[0])
    found = _reading(broadcast_shapes(text), a.shape)
    other = OTHER_SHAPES.get(a.ndim)
    if found is None or other is None:
        return None
    rng = np.random.default_rng(0)
    a2 = rng.uniform(0.5, 2.0, other)
    again = _raised(fn, name, (a2, a2 * 1.5), dict(case.kwargs))
    if again is None or _reading(broadcast_shapes(again), other) != found:
        return None
    count, axis, place = found
    rest = a.shape[:axis] + a.shape[axis + 1:]
    shape = rest[:place] + (count,) + rest[place:]
    names = {0: "entries"} if a.ndim == 1 else {0: "rows", 1: "columns"}
    what = f"its {a.shape[axis]} {names.get(axis, 'entries along that axis')}"
    return (f"{shape} is the shape of a, {a.shape}, with its axis {axis} ({what}) reduced and an axis of {count} "
            f"{'in front' if place == 0 else 'at the end'}, one entry per array put together (np.stack, or np.array "
            f"of a list): the maximum was taken "
            f"along an axis of a instead of along the axis that holds the {count} arrays (axis=0 for np.stack([...]) "
            f"and np.array([...])). np.maximum, which compares two arrays entry by entry, needs no axis")
