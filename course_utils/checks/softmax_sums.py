"""A wrong softmax on moderate logits explained by its sums along the class axis, its sign and its formula.

Helper of :mod:`course_utils.checks.softmax`: :func:`sums_explain` makes the ``explain`` of a case with
moderate logits (every output 1, negative outputs or log-probabilities, sums that are not 1, another formula
of the logits, a cap or a shift).
"""

import numpy as np

from .. import numerics as _numerics
from .softmax_explain import fmt_list as _fmt_list
from .softmax_forms import forms_message
from .softmax_logits import capped_message, shift_message


def sums_explain(a, axis, axis_value=-1):
    """Diagnose a finite softmax output that is wrong on moderate logits (``axis_value``: the `axis` passed)."""

    def explain(got):
        if not np.all(np.isfinite(got)):
            return None
        other = forms_message(a, got, axis)
        if other:
            return other
        sums = np.sum(got, axis=axis)
        if a.ndim == 1 and a.size > 1 and np.allclose(got, 1.0):
            return ("Every output is 1: each logit is normalized on its own, as if it were a row of one class. For a "
                    "1-D vector the whole vector is one distribution (a loop over the rows of a 1-D array goes "
                    "through single numbers).")
        if np.any(got < 0):
            logs = _numerics.log_softmax(a, axis=axis)
            if got.shape == logs.shape and np.allclose(got, logs, rtol=1e-9, atol=1e-12):
                return ("It returns the LOG-probabilities (log-softmax: a - m - log sum e^(a - m)), not the "
                        "probabilities: softmax returns e^(a - m) / sum e^(a - m), each between 0 and 1.")
            return "Some outputs are negative, but probabilities are >= 0."
        if not np.allclose(sums, 1.0, rtol=1e-6):
            return (f"The outputs along the class axis sum to {_fmt_list(sums)}, not 1: the "
                    f"exponentials must be divided by their sum over the class axis.")
        if got.shape != a.shape:
            return None
        return capped_message(a, got, axis_value, axis) or shift_message(a, got, axis)

    return explain
