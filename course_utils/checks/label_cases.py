"""Problems whose labels lack a class: K must come from W, never from the labels.

A function that takes the number of classes from the labels (``y.max() + 1``,
``len(np.unique(y))``) is right whenever every class occurs, which the
checks' ordinary problems ensure.  A batch of SGD may lack a class, so the
checks of the functions that take ``(W, X, y)`` add three problems: one whose
labels lack a middle class (against ``len(np.unique(y))``; ``y.max() + 1`` is
still right there), one whose labels lack the top class (against
``y.max() + 1``), in this order, so that each way gets its own case, and one
whose labels lack class 0 (against labels shifted to start at 0, ``y - y.min()``).

Examples
--------
>>> [(p.missing, p.from_labels) for p in label_problems(0)]
[(2, (4,)), (4, (4,)), (0, (4,))]
"""

from dataclasses import dataclass

import numpy as np

#: The labels of the three problems (K = 5 classes, N = 12 samples): no class 2, no class 4, no class 0.
_LABELS = (np.array([0, 1, 3, 4, 4, 3, 1, 0, 0, 1, 3, 4]), np.array([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]),
           np.array([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]))
_K = 5


@dataclass(frozen=True)
class LabelProblem:
    """A problem (W, X, y) whose labels lack class ``missing``; ``from_labels``: the K a function would take
    from the labels instead of W (all different from the true K)."""

    desc: str
    W: np.ndarray
    X: np.ndarray
    y: np.ndarray
    missing: int

    @property
    def from_labels(self):
        K = self.W.shape[1]
        return tuple(sorted({int(self.y.max()) + 1, len(np.unique(self.y))} - {K}))

    @property
    def hint(self):
        """The hint for an exception (or a wrong shape) on this problem."""
        return (f"no sample of this batch has class {self.missing}: K must come from W.shape[1], not from the "
                f"labels (a batch may lack a class)")

    @property
    def diagnosis(self):
        """The diagnosis of a result computed with K taken from the labels."""
        return (f"It seems to take K from the labels: no sample here has class {self.missing}, so the labels "
                f"show only {self.from_labels[0]} classes. K must come from W.shape[1], not from the labels: a "
                f"batch may lack a class.")


    @property
    def fallback(self):
        """What is said of a wrong value here, after the earlier cases (every class present) were right."""
        return (f"The earlier cases, where every class has a sample, were right; here no sample has class "
                f"{self.missing}: something depends on which classes occur among the labels (K taken from them, the "
                f"labels renumbered or sorted, a count per class found in y). The classes are the K columns of W, "
                f"whether or not a sample has them.")


def label_problems(seed, D=3):
    """The three problems: a middle class missing, the top class, then class 0 (N = 12, D, K = 5)."""
    rng = np.random.default_rng(seed)
    problems = []
    for y, missing, where in zip(_LABELS, (2, _K - 1, 0), ("a middle class", "the top class", "class 0")):
        X = np.hstack([np.ones((len(y), 1)), rng.standard_normal((len(y), D - 1))])
        W = rng.standard_normal((D, _K))
        desc = (f"labels lacking {where} (N = {len(y)}, D = {D}, K = {_K} classes in W, but no sample has "
                f"class {missing})")
        problems.append(LabelProblem(desc, W, X, y.copy(), missing))
    return problems
