"""Figures: each draws what it says, labels its axes, and refuses inputs it cannot draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import History, add_bias, make_blobs_2d, softmax  # noqa: E402
from course_utils.plotting import (  # noqa: E402
    plot_confusion_matrix, plot_decision_regions, plot_error_vs_step, plot_history, plot_probabilities,
    plot_softmax_temperature, plot_weight_images,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labelled(ax):
    return bool(ax.get_xlabel()) and bool(ax.get_ylabel())


def test_probability_bars_heights_and_labels():
    ax = plot_probabilities([0.1, 0.6, 0.3])
    np.testing.assert_allclose([p.get_height() for p in ax.patches], [0.1, 0.6, 0.3])
    assert labelled(ax)


def test_temperature_bars_are_softmax_of_scaled_logits():
    a = np.array([2.0, 0.0, -1.0])
    ax = plot_softmax_temperature(a, temperatures=(0.5, 2.0))
    heights = np.array([p.get_height() for p in ax.patches]).reshape(2, 3)
    np.testing.assert_allclose(heights, [softmax(a / 0.5), softmax(a / 2.0)])
    assert labelled(ax) and [t.get_text() for t in ax.get_legend().get_texts()] == ["τ = 0.5", "τ = 2"]


@pytest.mark.parametrize("bad, message", [((0.0, 1.0), r"must be positive, got \[0\.0, 1\.0\]"),
                                          ((-1.0,), r"must be positive, got \[-1\.0\]"),
                                          ((np.inf,), "must be finite")])
def test_temperature_bars_refuse_a_temperature_that_is_not_positive_and_finite(bad, message):
    with pytest.raises(ValueError, match="temperatures " + message):
        plot_softmax_temperature([1.0, 0.0], temperatures=bad)


def test_error_vs_step_is_log_log_with_one_line_per_method():
    h = np.logspace(-8, -1, 5)
    ax = plot_error_vs_step(h, [h ** 2, h], labels=["central", "forward"])
    assert ax.get_xscale() == ax.get_yscale() == "log" and len(ax.get_lines()) == 2 and labelled(ax)


def test_history_curves():
    history = History(step=[0, 1, 2], loss=[1.0, 0.5, 0.2], accuracy=[0.3, 0.6, 0.9], val_accuracy=[0.2, 0.5, 0.8])
    ax_loss, ax_acc = plot_history(history)
    np.testing.assert_allclose(ax_loss.get_lines()[0].get_ydata(), history.loss)
    assert len(ax_acc.get_lines()) == 2 and labelled(ax_loss) and labelled(ax_acc)


def test_weight_images_drop_the_bias_row():
    W = np.vstack([np.full((1, 3), 100.0), np.arange(12.0).reshape(4, 3)])
    axes = plot_weight_images(W, image_shape=(2, 2))
    np.testing.assert_allclose(axes[1].get_images()[0].get_array(), W[1:, 1].reshape(2, 2))
    with pytest.raises(ValueError, match=r"W must have 4 \+ 1 rows \(bias first\) for images of shape \(2, 2\)"):
        plot_weight_images(W[1:], image_shape=(2, 2))


def test_confusion_matrix_annotated():
    ax = plot_confusion_matrix(np.array([[3, 1], [0, 4]]))
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "3", "4"] and labelled(ax)


def test_decision_regions_match_predictions():
    X, y = make_blobs_2d(n_per_class=10, num_classes=3, seed=0)
    W = np.array([[0.0, 0.0, 0.0], [1.0, -0.5, -0.5], [0.0, 0.9, -0.9]])
    ax = plot_decision_regions(W, X, y, resolution=20)
    assert labelled(ax) and ax.collections
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\) and W shape \(3, K\)"):
        plot_decision_regions(W, add_bias(X), y)
