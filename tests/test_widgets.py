"""Widgets: moving a slider recomputes what the plot shows (no browser needed; see test_browser_lab.py)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import gradient_ascent, add_bias, make_blobs_2d, softmax  # noqa: E402
from course_utils.widgets import logit_sliders, temperature_slider, training_explorer  # noqa: E402


def slider(widget, description):
    return next(c for c in widget.children if getattr(c, "description", None) == description)


def test_logit_sliders_show_softmax_of_the_slider_values():
    w = logit_sliders(a=(1.0, 0.0, -1.0))
    np.testing.assert_allclose(w.result, softmax([1.0, 0.0, -1.0]))
    slider(w, "a_2").value = 3.0
    np.testing.assert_allclose(w.result, softmax([1.0, 0.0, 3.0]))


def test_temperature_slider():
    a = np.array([2.0, 1.0, -1.0])
    w = temperature_slider(a)
    slider(w, "τ").value = 10 ** 0.5
    np.testing.assert_allclose(w.result, softmax(a / 10 ** 0.5))


def test_training_explorer_reruns_ascent_with_the_chosen_settings():
    X, y = make_blobs_2d(n_per_class=10, num_classes=3, seed=0)
    w = training_explorer(X, y, 3, max_steps=30)
    slider(w, "steps").value = 7
    expected, _ = gradient_ascent(add_bias(X), y, 3, lr=slider(w, "lr").value, steps=7)
    np.testing.assert_allclose(w.result, expected)


def test_training_explorer_checks_its_data():
    X, y = make_blobs_2d(n_per_class=5, num_classes=2, seed=0)
    with pytest.raises(ValueError, match=r"y must hold labels in 0..1 \(K = 2 classes\)"):
        training_explorer(X, y + 1, 2)
