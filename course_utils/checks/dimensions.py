"""A size the student's function does not take from its arguments: a fixed N, D or K, seen from its behaviour.

A function that uses a notebook-level ``K`` (or ``N``, ``D``) instead of
``W.shape[1]`` works on every case of that size and fails on the first case
of another size.  The checks cannot read the function (in the grader only its
behaviour is visible), so the evidence is behavioural: every earlier case
passed, this case has a size none of them had, and the failure names an
earlier size (an exception's message, or an axis of the wrong result).

Examples
--------
>>> earlier = [{"N": 7, "D": 4, "K": 3}]
>>> print(exception_evidence({"N": 9, "D": 4, "K": 4}, earlier, "index 3 is out of bounds for axis 0 with size 3"))
it worked on an earlier case where K = 3, but not on this one, where K = 4: it seems to use a fixed K
(a global variable of the notebook?) instead of taking it from the shapes of its arguments (K is W.shape[1])
>>> shape_evidence({"N": 9, "D": 4, "K": 4}, earlier, (4, 3), (4, 4)) == exception_evidence(
...     {"N": 9, "D": 4, "K": 4}, earlier, "shapes (3,) (4,)")
True
"""

from .numpy_errors import sizes_in

#: Where each size comes from, quoted in the diagnosis.
SOURCES = {"N": "X.shape[0]", "D": "W.shape[0]", "K": "W.shape[1]"}


def changed_dims(now, before):
    """``{name: earlier values}`` for the sizes of ``now`` that no earlier case had."""
    changed = {}
    for name, value in now.items():
        olds = {d[name] for d in before if name in d}
        if olds and value not in olds:
            changed[name] = olds
    return changed


def fixed_message(hit, now):
    """The diagnosis of sizes fixed at ``hit`` (``{name: earlier value}``) on a case of sizes ``now``.

    Also the message of a fingerprint: the result of a function that loops over a fixed number of samples
    or classes, on a case with more of them (capitalize it and add a period).
    """
    names = list(hit)
    earlier = " and ".join(f"{n} = {hit[n]}" for n in names)
    here = " and ".join(f"{n} = {now[n]}" for n in names)
    sources = ", ".join(f"{n} is {SOURCES.get(n, 'a size of an argument')}" for n in names)
    return (f"it worked on an earlier case where {earlier}, but not on this one, where {here}: it seems to use a "
            f"fixed {' and '.join(names)} (a global variable of the notebook?) instead of taking it from the "
            f"shapes of its arguments ({sources})")


def exception_evidence(now, before, text):
    """The diagnosis for an exception whose message ``text`` names an earlier size of a changed dimension."""
    sizes = sizes_in(text)
    hit = {}
    for name, olds in changed_dims(now, before).items():
        named = sorted(sizes & olds)
        if named:
            hit[name] = named[0]
    return fixed_message(hit, now) if hit else None


def shape_evidence(now, before, got_shape, expected_shape):
    """The diagnosis for a result whose axis has an earlier size where this case's size is expected."""
    if len(got_shape) != len(expected_shape):
        return None
    hit = {}
    for name, olds in changed_dims(now, before).items():
        for got, want in zip(got_shape, expected_shape):
            if got != want and want == now[name] and got in olds:
                hit[name] = got
    return fixed_message(hit, now) if hit else None
