"""What a numerical gradient did with f, read off the log of f's calls, and what is wrong with its points.

The f a check hands to ``numerical_gradient`` records every call it gets in this process (the point, the value,
and whether the array was the caller's W itself).  :class:`Evaluations` reads that log: which entries each call
moved from W and by how much.  :func:`points_message` says what is wrong with the points, each claim read off the
log: f never saw a moved entry, several entries moved at once (all, a whole row, earlier moves never undone),
entries never moved, both points on the same side, one point W itself.  Steps other than h are left to
:mod:`course_utils.checks.numgrad_steps` (:attr:`Evaluations.steps_right` says whether they are h).  When the
autograder runs the function in its sandbox, f runs there and the log here stays empty: nothing is said.
"""

import numpy as np

from .core import fmt_num

#: The diagnosis of forward or backward differences (also a fingerprint of the check).
ONE_SIDED = ("It looks like {0} differences: their error is of order h (here about 1e-5 relative) instead of h^2. "
             "Use central differences: evaluate f with the entry moved by +h AND by -h, and divide the change by 2h.")
#: Longest log kept (a function calling f without end is stopped by the check's time limit, not here).
MAX_CALLS = 2000


def where(idx):
    """An entry as a student indexes it: "[1, 0]"."""
    return f"[{', '.join(str(int(i)) for i in idx)}]"


def _close(x, y, rtol=1e-6):
    return bool(np.all(np.abs(np.asarray(x) - y) <= rtol * np.abs(y)))


class Evaluations:
    """The calls of f, as moves of W: ``calls[k] = (moved entries, their moves, value, f got the caller's W)``.

    Parameters
    ----------
    log : list of (ndarray, float, bool)
        Each call's point (a copy), value, and whether the array was the caller's W itself (or a view of it).
    W : ndarray
        The point the function was given (as it was before the call).
    h : float
        The step it was given.
    """

    def __init__(self, log, W, h):
        self.W, self.h = np.asarray(W, dtype=np.float64), h
        tiny = 8 * np.spacing(np.abs(self.W))      # an entry put back by arithmetic is back up to round-off
        self.calls, self.largest = [], 0.0
        for point, value, mine in log:
            D = point - self.W
            self.largest = max(self.largest, float(np.max(np.abs(D), initial=0.0)))
            idx = [tuple(int(i) for i in ix) for ix in np.argwhere(np.abs(D) > tiny)]
            self.calls.append((idx, [float(D[ix]) for ix in idx], value, mine))
        self.base = [c for c in self.calls if not c[0]]
        self.single = {}
        for idx, deltas, value, mine in self.calls:
            if len(idx) == 1:
                self.single.setdefault(idx[0], []).append((deltas[0], value, mine))

    @property
    def multi(self):
        """The calls that moved more than one entry."""
        return [c for c in self.calls if len(c[0]) > 1]

    @property
    def steps_right(self):
        """True if every single-entry move is by h or -h, and W moved at all (not only by round-off)."""
        if not self.single and not self.multi:
            return self.largest == 0.0
        return all(_close(abs(d), self.h) for moves in self.single.values() for d, _, _ in moves)

    def central(self):
        """``(f at W + h, f at W - h)`` per entry in W's shape if every entry was moved by +h and by -h, else None."""
        plus, minus = np.full(self.W.shape, np.nan), np.full(self.W.shape, np.nan)
        for ix, moves in self.single.items():
            plus[ix] = next((v for d, v, _ in moves if _close(d, self.h)), np.nan)
            minus[ix] = next((v for d, v, _ in moves if _close(d, -self.h)), np.nan)
        return (plus, minus) if np.all(np.isfinite(plus) & np.isfinite(minus)) and not self.multi else None


def several(ev):
    """The diagnosis of calls that moved several entries at once."""
    first = ev.multi[0]
    idx, deltas = first[0], first[1]
    k = ev.calls.index(first)
    point = ev.W[tuple(np.array(idx).T)] + deltas
    if np.all(point == np.round(point)) and not np.all(ev.W == np.round(ev.W)):
        return (f"f is evaluated at W with its entries rounded to whole numbers (at its call {k + 1}, entry "
                f"{where(idx[0])} is {point[0]:g}): an array of integers (astype(int), np.zeros(..., dtype=int)) "
                f"cannot hold W, let alone W + h. Work on a float copy of W.")
    for earlier in ev.calls[:k]:
        left = [(ix, d) for ix, d in zip(idx, deltas) if ix in earlier[0] and d == earlier[1][earlier[0].index(ix)]]
        new = [ix for ix in idx if ix not in earlier[0]]
        if left and new:
            ix, d = left[0]
            cause = ("W itself is moved in place, and no entry is put back before the next one moves" if first[3] else
                     "Each entry is moved in the array moved for the entry before (one copy made outside the loop, "
                     "or a copy of the moved copy), and no entry is put back")
            return (f"When f is evaluated with entry {where(new[0])} moved, entry {where(ix)} is still moved by "
                    f"{d:+.3g} from before: the moves pile up from one entry to the next. {cause}. Start every "
                    f"entry from W itself: a fresh copy for each entry, or put the entry back after its evaluations.")
    moved = ", ".join(f"{where(ix)} by {d:+.3g}" for ix, d in list(zip(idx, deltas))[:4])
    head = (f"f is evaluated with several entries of W moved at once (at its call {k + 1}: "
            f"{moved}{', ...' if len(idx) > 4 else ''}), but each partial derivative moves ONE entry, leaving the "
            f"others as they are.")
    values = ev.W[tuple(np.array(idx).T)]
    if len(idx) < ev.W.size and np.all(values == values[0]) and np.sum(ev.W == values[0]) == len(idx):
        return (f"{head} The entries moved together are exactly those EQUAL to {values[0]:g}: a mask of the entries "
                f"with the moved entry's value (W == value) selects every copy of that value. Select the entry by "
                f"its index.")
    if len(idx) == ev.W.size and np.allclose(deltas, deltas[0]):
        return (f"{head} Here EVERY entry moves by {deltas[0]:+.3g}: adding h to the whole array (W + h) moves "
                f"them all. Move one entry at a time.")
    for axis, what in ((0, "row"), (1, "column")):
        if (ev.W.ndim == 2 and len({ix[axis] for ix in idx}) == 1 and len(idx) == ev.W.shape[1 - axis]
                and np.allclose(deltas, deltas[0])):       # W[i] += h moves the row by h; other moves say nothing
            name = (f"W[{idx[0][0]}], with one index, is the whole row {idx[0][0]} of a 2-D W" if axis == 0
                    else f"W[:, {idx[0][1]}] is the whole column {idx[0][1]}")
            return (f"{head} Here the whole {what} {idx[0][axis]} moves: {name}. Index one entry with as many "
                    f"indices as W has dimensions (np.ndindex(W.shape) gives them all).")
    return head


def _one_side(ev, got, entries, sign):
    """The diagnosis when every entry is moved to one side only (``sign`` = +1 or -1), ``entries`` the moved ones."""
    side = "W + h" if sign > 0 else "W - h"
    other = "W - h" if sign > 0 else "W + h"
    if any(len(ev.single[ix]) > 1 for ix in entries):
        ix = next(ix for ix in entries if len(ev.single[ix]) > 1)
        return (f"Both points f is evaluated at for entry {where(ix)} are {side} (the entry moved by "
                f"{sign * ev.h:+.3g} both times), so their difference is 0 or noise: the second point must be "
                f"{other}, the entry moved by {-sign * ev.h:+.3g} ({'-= h' if sign > 0 else '+= h'} for one of "
                f"them, where {'+= h' if sign > 0 else '-= h'} is written twice).")
    if not ev.base:
        return (f"f is evaluated once per entry, at {side} only: a central difference needs f at W + h and at W - h.")
    f0 = ev.base[0][2]
    with np.errstate(all="ignore"):
        D = np.array([sign * (ev.single[ix][0][1] - f0) / got[ix] for ix in entries])
    if _close(D, ev.h):
        return ONE_SIDED.format("forward (one-sided)" if sign > 0 else "backward (one-sided)")
    sentence = (f"For each entry f is evaluated at {side} and at W itself, never at {other}: a one-sided difference, "
                f"with an error of order h.")
    if _close(D, 2 * ev.h):
        sentence = (f"It is half a one-sided difference, (f({side}) - f(W)) / (2h): the second point f is evaluated "
                    f"at is W itself, not {other}.")
        moved_mine = all(mine for ix in entries for _, _, mine in ev.single[ix])
        if moved_mine and all(mine for _, _, _, mine in ev.base):
            sentence += (f" f got your W itself (or a view of it) both times, first moved by {sign * ev.h:+.3g} and "
                         f"then moved back: a second name for an array (Wm = W), or a view of it (W[:]), is not a "
                         f"copy of it.")
    return sentence + " Evaluate f with the entry moved by +h AND by -h, and divide the change by 2h."


def points_message(ev, got):
    """What is wrong with the points f was evaluated at, or None if they are right or their steps are not h.

    Parameters
    ----------
    ev : Evaluations
        The calls of f.
    got : ndarray
        The function's result, shaped like W.

    Returns
    -------
    str or None
        The diagnosis; None if every entry was moved by +h and by -h (the points are right), if the steps are
        not h (for :mod:`course_utils.checks.numgrad_steps`; a move lost in rounding, within a few units of the
        last digit of W, counts as a step), or if nothing was logged.
    """
    if not ev.calls or not ev.steps_right and not ev.multi:
        return None
    if all(not c[0] for c in ev.calls):
        mine = all(c[3] for c in ev.calls)
        return (f"f was called {len(ev.calls)} times, always at W itself{' (the very array you were given)' * mine}, "
                f"never with an entry moved: the entry was moved in another array that f never got (W.flatten(), "
                f"W.copy(), np.array(W) and W + 0 make copies), or put back before f was called. "
                f"Call f with the moved array.")
    if ev.multi:
        return several(ev)
    never = [ix for ix in np.ndindex(ev.W.shape) if ix not in ev.single]
    if never:
        listed = ", ".join(where(ix) for ix in never[:4]) + (", ..." if len(never) > 4 else "")
        got = np.asarray(got, dtype=np.float64)
        if got.shape == ev.W.shape and all(np.isfinite(got[ix]) and got[ix] != 0 for ix in never):
            return (f"f is never evaluated with entries {listed} moved, yet the result holds numbers there: they do not "
                    f"come from this call's evaluations of f, but from somewhere else, such as an earlier call (a "
                    f"cache, a global, a mutable default argument, kept between calls). Each call must evaluate f "
                    f"with every entry moved, and use only those values.")
        if sorted(never) == sorted(map(tuple, np.argwhere(ev.W == 0))):
            return (f"f is never evaluated with entries {listed} moved, exactly the entries where W is 0: the loop runs "
                    f"over the nonzero entries only (np.argwhere or np.nonzero of W list those). Every entry gets its "
                    f"partial derivative, whatever its value (np.ndindex(W.shape) gives them all).")
        return (f"f is never evaluated with entries {listed} moved, so their partial derivatives are not computed: "
                f"the loop does not reach every entry of W (np.ndindex(W.shape) gives them all, for any shape).")
    for sign in (1, -1):
        if all(all(np.sign(d) == sign for d, _, _ in moves) for moves in ev.single.values()):
            return _one_side(ev, got, list(ev.single), sign)
    bad = [ix for ix, moves in ev.single.items() if len({np.sign(d) for d, _, _ in moves}) < 2]
    if bad:
        moves = ", ".join(f"{d:+.3g}" for d, _, _ in ev.single[bad[0]])
        return (f"Entry {where(bad[0])} is moved only by {moves}: each entry must be moved by +h AND by -h "
                f"(h = {fmt_num(ev.h)}).")
    return None

