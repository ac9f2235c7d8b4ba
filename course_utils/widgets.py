"""Interactive widgets of the lectures (ipywidgets + Matplotlib).

Each function returns an ``ipywidgets.interactive``: display it as the last
expression of a cell.  Its ``result`` holds what the current plot shows, so
the widgets can be tested without a browser.  Every lecture places a static
figure of the same kind beside each widget, for printed or exported copies.
"""

import numpy as np

from ._validation import as_float_array, as_num_classes, check_model_inputs
from .numerics import add_bias, softmax
from .plotting import plot_decision_regions, plot_loss, plot_probabilities, plot_softmax_temperature
from .training import gradient_ascent


def _show():
    import matplotlib.pyplot as plt

    plt.show()


def logit_sliders(a=(2.0, 1.0, -1.0), limit=5.0):
    """One slider per logit a_k, and the bar chart of sigma(a) (lecture 01).

    ``result`` is the probability vector drawn.
    """
    import ipywidgets as widgets

    a = as_float_array(a, "a", ndim=1)
    sliders = {f"a{k}": widgets.FloatSlider(value=float(v), min=-limit, max=limit, step=0.1,
                                            description=f"a_{k}", continuous_update=False)
               for k, v in enumerate(a)}

    def draw(**logits):
        s = softmax(np.array([logits[f"a{k}"] for k in range(len(a))]))
        plot_probabilities(s, title=r"$\sigma(a)$ = " + ", ".join(f"{p:.2f}" for p in s))
        _show()
        return s

    return widgets.interactive(draw, **sliders)


def temperature_slider(a=(2.0, 1.0, -1.0)):
    """A log-scale slider for the temperature tau and the bars of softmax(a / tau) (lecture 01)."""
    import ipywidgets as widgets

    a = as_float_array(a, "a", ndim=1)
    tau = widgets.FloatLogSlider(value=1.0, base=10, min=-1.5, max=1.5, step=0.05,
                                 description="τ", continuous_update=False)

    def draw(tau):
        plot_softmax_temperature(a, temperatures=(tau,))
        _show()
        return softmax(a / tau)

    return widgets.interactive(draw, tau=tau)


def training_explorer(X, y, num_classes, max_steps=200):
    """Sliders for learning rate and number of steps of full-batch ascent on 2-D data (lecture 07).

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
    lr = widgets.FloatLogSlider(value=0.5, base=10, min=-2, max=1, step=0.1,
                                description="lr", continuous_update=False)
    steps = widgets.IntSlider(value=20, min=1, max=max_steps, description="steps", continuous_update=False)

    def draw(lr, steps):
        W, history = gradient_ascent(Xb, y, K, lr=lr, steps=steps)
        _, (ax_loss, ax_regions) = plt.subplots(1, 2, figsize=(9, 3.5))
        plot_loss(history, ax_loss)
        ax_loss.set_title(f"lr = {lr:.3g}: final loss {history.loss[-1]:.3f}")
        plot_decision_regions(W, X, y, ax=ax_regions)
        _show()
        return W

    return widgets.interactive(draw, lr=lr, steps=steps)
