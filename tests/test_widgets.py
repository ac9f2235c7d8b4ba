"""Widgets: changing a control recomputes what the plot shows and what its description says (no browser needed;
see test_browser_lab.py), and every control is one that ipywidgets labels with its description."""

import html
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import gradient_ascent, add_bias, make_blobs_2d, softmax  # noqa: E402
from course_utils.widgets import logit_controls, temperature_control, training_explorer  # noqa: E402

# controls ipywidgets draws with a <label for=...> made from their description, and whose arrow keys JupyterLab
# leaves to them (a slider's handle gets no name; a drop-down list's arrow keys move between cells)
LABELLED = {"BoundedFloatText", "BoundedIntText"}


@pytest.fixture(autouse=True)
def shown(monkeypatch):
    """The (data, metadata) of everything the widgets display, in order (IPython.display.display recorded).

    The figures are drawn but not rasterized (a PNG costs 0.3-1 s here; tests/test_figures.py checks a real one).
    """
    outputs = []
    monkeypatch.setattr("IPython.core.pylabtools.print_figure", lambda fig, fmt, **kwargs: b"PNG")
    monkeypatch.setattr("IPython.display.display", lambda data, raw, metadata: outputs.append((data, metadata)))
    return outputs


def control(widget, description):
    return next(c for c in widget.children if getattr(c, "description", None) == description)


def last_alt(shown):
    return next(m["image/png"]["alt"] for _, m in reversed(shown) if "image/png" in m)


@pytest.fixture(scope="module")
def blobs():
    return make_blobs_2d(n_per_class=10, num_classes=3, seed=0)


@pytest.mark.parametrize("make, names", [
    (logit_controls, ["logit a_0", "logit a_1", "logit a_2"]),
    (temperature_control, ["temperature τ"]),
    (lambda: training_explorer(*make_blobs_2d(n_per_class=5, num_classes=2, seed=0), 2), ["learning rate", "steps"]),
])
def test_every_control_is_labelled_by_a_readable_name_shown_in_full(make, names, shown):
    controls = make().children[:-1]                             # the last child is the output
    assert [c.description for c in controls] == names
    assert {type(c).__name__ for c in controls} <= LABELLED
    assert all(c.style.description_width == "initial" for c in controls)
    assert all(getattr(c, "continuous_update", False) is False for c in controls)


def test_logit_controls_show_softmax_of_the_chosen_values_and_describe_them(shown):
    w = logit_controls(a=(1.0, 0.0, -1.0))
    np.testing.assert_allclose(w.result, softmax([1.0, 0.0, -1.0]))
    control(w, "logit a_2").value = 3.0
    np.testing.assert_allclose(w.result, softmax([1.0, 0.0, 3.0]))
    alt = last_alt(shown)
    assert "a = (1, 0, 3)" in alt and "Class 2, which has the largest logit" in alt
    data, _ = shown[-1]                                         # the description, after the image
    assert html.escape(alt) in data["text/html"] and data["text/plain"] == f"Figure description: {alt}"


def test_temperature_control(shown):
    a = np.array([2.0, 1.0, -1.0])
    w = temperature_control(a)
    tau = control(w, "temperature τ")
    assert (tau.value, tau.min, tau.max) == (1.0, 0.05, 20.0)
    tau.value = 10.0
    np.testing.assert_allclose(w.result, softmax(a / 10.0))
    assert "temperature τ = 10:" in last_alt(shown)


def test_training_explorer_reruns_ascent_with_the_chosen_settings(blobs, shown):
    X, y = blobs
    w = training_explorer(X, y, 3, max_steps=30)
    control(w, "steps").value = 7
    expected, history = gradient_ascent(add_bias(X), y, 3, lr=control(w, "learning rate").value, steps=7)
    np.testing.assert_allclose(w.result, expected)
    alt = last_alt(shown)
    assert re.search(rf"over 7 steps .* learning rate 0\.5, from 1\.099 to {history.loss[-1]:.3f}", alt)
    assert "the 30 training points of 3 classes" in alt


def test_training_explorer_checks_its_data():
    X, y = make_blobs_2d(n_per_class=5, num_classes=2, seed=0)
    with pytest.raises(ValueError, match=r"y must hold labels in 0..1 \(K = 2 classes\)"):
        training_explorer(X, y + 1, 2)
