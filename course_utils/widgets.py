"""Interactive widgets of the lectures (ipywidgets + Matplotlib).

Each function returns an ``ipywidgets.interactive``: display it as the last
expression of a cell.  Its ``result`` holds what the current plot shows, so
the widgets can be tested without a browser.  Every lecture places a static
figure of the same kind beside each widget, for printed or exported copies.

The controls are number boxes, not sliders: ipywidgets draws each with a
``<label for=...>`` made from its ``description``, so a screen reader
announces its name; the arrow keys step it and Enter (or Tab) applies the
value, or a value is typed in.  A slider's handle gets no accessible name in
ipywidgets 8, and nothing settable from Python gives it one; a drop-down list
is named, but in JupyterLab its arrow keys move between cells instead.  Every
plot is shown with a description of what it shows for the current values
(:func:`course_utils.figures.show_figures`).
"""

import numpy as np

from ._validation import as_float_array, as_num_classes, check_model_inputs
from .figures import show_figures
from .numerics import add_bias, softmax
from .plotting import plot_decision_regions, plot_loss, plot_probabilities, plot_softmax_temperature
from .training import gradient_ascent

LABEL = {"description_width": "initial"}          # the whole name on screen, never cut to the default width


def _numbers(v):
    return "(" + ", ".join(f"{x:g}" for x in v) + ")"


def _probabilities(s):
    return "(" + ", ".join(f"{p:.2f}" for p in s) + ")"


def logit_controls(a=(2.0, 1.0, -1.0), limit=5.0):
    """One number box per logit a_k, and the bar chart of sigma(a) (lecture 01).

    ``result`` is the probability vector drawn.
    """
    import ipywidgets as widgets

    a = as_float_array(a, "a", ndim=1)
    boxes = {f"a{k}": widgets.BoundedFloatText(value=float(v), min=-limit, max=limit, step=0.1,
                                               description=f"logit a_{k}", continuous_update=False, style=LABEL)
             for k, v in enumerate(a)}

    def draw(**logits):
        values = np.array([logits[f"a{k}"] for k in range(len(a))])
        s = softmax(values)
        top = int(np.argmax(s))
        plot_probabilities(s, title=r"$\sigma(a)$ = " + ", ".join(f"{p:.2f}" for p in s), description=(
            f"Bar chart of the softmax of the logits chosen above, a = {_numbers(values)}: "
            f"probabilities {_probabilities(s)}. Class {top}, which has the largest logit, gets the largest "
            f"probability, {s[top]:.2f}; the bars always sum to 1."))
        show_figures()
        return s

    return widgets.interactive(draw, **boxes)


def temperature_control(a=(2.0, 1.0, -1.0)):
    """A number box for the temperature tau and the bars of softmax(a / tau) (lecture 01)."""
    import ipywidgets as widgets

    a = as_float_array(a, "a", ndim=1)
    tau = widgets.BoundedFloatText(value=1.0, min=0.05, max=20.0, step=0.05, description="temperature τ",
                                   continuous_update=False, style=LABEL)

    def draw(tau):
        s = softmax(a / tau)
        plot_softmax_temperature(a, temperatures=(tau,), description=(
            f"Bars of softmax(a / τ) for a = {_numbers(a)} at the chosen temperature τ = {tau:g}: probabilities "
            f"{_probabilities(s)}, the largest {s.max():.2f} against {1 / len(a):.2f} for uniform. The smaller "
            "τ, the closer to one-hot on the largest logit; the larger τ, the closer to uniform."))
        show_figures()
        return s

    return widgets.interactive(draw, tau=tau)


def training_explorer(X, y, num_classes, max_steps=200):
    """A learning rate and a number of steps for full-batch ascent on 2-D data (lecture 07).

    Draws the loss curve and the decision regions reached; ``result`` is the
    final weights W of shape (3, K).

    Parameters
    ----------
    X : ndarray of shape (N, 2)
        Raw 2-D inputs (the bias column is added here).
    y : ndarray of int, shape (N,)
    num_classes : int
    max_steps : int, default 200
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    K = as_num_classes(num_classes)
    Xb = add_bias(X)
    check_model_inputs(np.zeros((3, K)), Xb, y)
    lr = widgets.BoundedFloatText(value=0.5, min=0.05, max=10.0, step=0.05, description="learning rate",
                                  continuous_update=False, style=LABEL)
    steps = widgets.BoundedIntText(value=20, min=1, max=max_steps, step=1, description="steps",
                                   continuous_update=False, style=LABEL)

    def draw(lr, steps):
        W, history = gradient_ascent(Xb, y, K, lr=lr, steps=steps)
        _, (ax_loss, ax_regions) = plt.subplots(1, 2, figsize=(9, 3.5))
        rises = int(np.sum(np.diff(history.loss) > 0))
        plot_loss(history, ax_loss, description=(
            f"Left: the mean negative log-likelihood over {steps} steps of full-batch gradient ascent at the "
            f"chosen learning rate {lr:g}, from {history.loss[0]:.3f} to {history.loss[-1]:.3f}"
            + (f"; it went up at {rises} of the steps." if rises else ", going down at every step.")))
        ax_loss.set_title(f"lr = {lr:.3g}: final loss {history.loss[-1]:.3f}")
        plot_decision_regions(W, X, y, ax=ax_regions, description=(
            f"Right: the decision regions these weights reach, with the {len(y)} training points of {K} "
            f"classes on top; {history.accuracy[-1]:.1%} of the points lie in the region of their class."))
        show_figures()
        return W

    return widgets.interactive(draw, lr=lr, steps=steps)
