"""Figures: each draws what it says, labels its axes, refuses inputs it cannot draw, requires a description of
itself, and tells its series and classes apart by more than colour (marker, line style, hatch, grey level)."""

import matplotlib

matplotlib.use("Agg")

import inspect  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from course_utils import History, add_bias, figures, make_blobs_2d, plotting, softmax  # noqa: E402
from course_utils.figures import description_of  # noqa: E402
from course_utils.plotting import (  # noqa: E402
    plot_confusion_matrix, plot_decision_regions, plot_error_vs_step, plot_history, plot_loss, plot_probabilities,
    plot_softmax_temperature, plot_weight_images,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labelled(ax):
    return bool(ax.get_xlabel()) and bool(ax.get_ylabel())


def test_probability_bars_heights_and_labels():
    ax = plot_probabilities([0.1, 0.6, 0.3], description="d")
    np.testing.assert_allclose([p.get_height() for p in ax.patches], [0.1, 0.6, 0.3])
    assert labelled(ax)


def test_temperature_bars_are_softmax_of_scaled_logits():
    a = np.array([2.0, 0.0, -1.0])
    ax = plot_softmax_temperature(a, temperatures=(0.5, 2.0), description="d")
    heights = np.array([p.get_height() for p in ax.patches]).reshape(2, 3)
    np.testing.assert_allclose(heights, [softmax(a / 0.5), softmax(a / 2.0)])
    assert labelled(ax) and [t.get_text() for t in ax.get_legend().get_texts()] == ["τ = 0.5", "τ = 2"]


@pytest.mark.parametrize("bad, message", [((0.0, 1.0), r"must be positive, got \[0\.0, 1\.0\]"),
                                          ((-1.0,), r"must be positive, got \[-1\.0\]"),
                                          ((np.inf,), "must be finite")])
def test_temperature_bars_refuse_a_temperature_that_is_not_positive_and_finite(bad, message):
    with pytest.raises(ValueError, match="temperatures " + message):
        plot_softmax_temperature([1.0, 0.0], temperatures=bad, description="d")


def test_error_vs_step_is_log_log_with_one_line_per_method():
    h = np.logspace(-8, -1, 5)
    ax = plot_error_vs_step(h, [h ** 2, h], labels=["central", "forward"], description="d")
    assert ax.get_xscale() == ax.get_yscale() == "log" and len(ax.get_lines()) == 2 and labelled(ax)


def test_history_curves():
    history = History(step=[0, 1, 2], loss=[1.0, 0.5, 0.2], accuracy=[0.3, 0.6, 0.9], val_accuracy=[0.2, 0.5, 0.8])
    ax_loss, ax_acc = plot_history(history, description="d")
    np.testing.assert_allclose(ax_loss.get_lines()[0].get_ydata(), history.loss)
    assert len(ax_acc.get_lines()) == 2 and labelled(ax_loss) and labelled(ax_acc)


def test_weight_images_drop_the_bias_row():
    W = np.vstack([np.full((1, 3), 100.0), np.arange(12.0).reshape(4, 3)])
    axes = plot_weight_images(W, image_shape=(2, 2), description="d")
    np.testing.assert_allclose(axes[1].get_images()[0].get_array(), W[1:, 1].reshape(2, 2))
    with pytest.raises(ValueError, match=r"W must have 4 \+ 1 rows \(bias first\) for images of shape \(2, 2\)"):
        plot_weight_images(W[1:], image_shape=(2, 2), description="d")


def test_confusion_matrix_annotated():
    ax = plot_confusion_matrix(np.array([[3, 1], [0, 4]]), description="d")
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "3", "4"] and labelled(ax)


def test_decision_regions_match_predictions():
    X, y = make_blobs_2d(n_per_class=10, num_classes=3, seed=0)
    W = np.array([[0.0, 0.0, 0.0], [1.0, -0.5, -0.5], [0.0, 0.9, -0.9]])
    ax = plot_decision_regions(W, X, y, resolution=20, description="d")
    assert labelled(ax) and ax.collections
    with pytest.raises(ValueError, match=r"X must have shape \(N, 2\) and W shape \(3, K\)"):
        plot_decision_regions(W, add_bias(X), y, description="d")


# ---------------------------------------------------------------- descriptions (the figure's text alternative)

HELPERS = {name: getattr(plotting, name) for name in dir(plotting) if name.startswith("plot_")}
HISTORY = History(step=[0, 1, 2], loss=[1.0, 0.5, 0.2], accuracy=[0.3, 0.6, 0.9], val_accuracy=[0.2, 0.5, 0.8])
DRAW = {  # one call per helper, given its description
    "plot_probabilities": lambda d: plot_probabilities([0.5, 0.5], description=d),
    "plot_softmax_temperature": lambda d: plot_softmax_temperature([1.0, 0.0], description=d),
    "plot_error_vs_step": lambda d: plot_error_vs_step([1e-3, 1e-2], [[1e-6, 1e-4]], description=d),
    "plot_loss": lambda d: plot_loss(HISTORY, description=d),
    "plot_history": lambda d: plot_history(HISTORY, description=d)[0],
    "plot_weight_images": lambda d: plot_weight_images(np.ones((5, 2)), image_shape=(2, 2), description=d)[0],
    "plot_confusion_matrix": lambda d: plot_confusion_matrix([[1, 0], [0, 1]], description=d),
    "plot_decision_regions": lambda d: plot_decision_regions(np.eye(3), [[0.0, 1.0], [1.0, 0.0]], [1, 2],
                                                             resolution=10, description=d),
}


def test_every_helper_is_drawn_here_and_takes_a_description_it_cannot_omit():
    assert sorted(HELPERS) == sorted(DRAW)
    for name, helper in HELPERS.items():
        parameter = inspect.signature(helper).parameters.get("description")
        assert parameter is not None and parameter.kind is parameter.KEYWORD_ONLY, name
        assert parameter.default is parameter.empty, f"{name}: description must be required"


@pytest.mark.parametrize("name", sorted(DRAW))
def test_a_helper_records_its_description_on_the_figure(name):
    ax = DRAW[name]("What is plotted, and the point it makes.")
    assert description_of(ax.figure) == "What is plotted, and the point it makes."


@pytest.mark.parametrize("bad, message", [
    (None, r"non-empty str saying what is plotted and the point it makes; got None"),
    ("  ", r"non-empty str .*; got '  '"),
    (3, r"non-empty str .*; got 3"),
    (r"bars of $\sigma$", r"plain text without TeX \(write σ, not \$\\sigma\$\); got 'bars of \$\\\\sigma\$'"),
])
@pytest.mark.parametrize("name", sorted(DRAW))
def test_a_helper_refuses_a_missing_or_unreadable_description_before_drawing(name, bad, message):
    with pytest.raises(ValueError, match="description must be (a )?" + message):
        DRAW[name](bad)
    assert plt.get_fignums() == [], "a figure was drawn before the description was checked"


def test_parts_drawn_on_one_figure_are_read_in_order():
    _, (ax0, ax1) = plt.subplots(1, 2)
    plot_loss(HISTORY, ax0, description="Left: a loss.")
    plot_probabilities([0.5, 0.5], ax1, description="Right: two bars.")
    assert description_of(ax0.figure) == "Left: a loss. Right: two bars."


# ---------------------------------------------------------------- colour-blind-safe: not by colour alone

def luminance(colour):
    """Relative luminance (WCAG 2.1) of a colour, 0 black .. 1 white."""
    rgb = np.array(to_rgb(colour))
    return float(np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4) @ [0.2126, 0.7152, 0.0722])


def lightness(colour):
    """CIE L* (0 black .. 100 white) of a colour: what is left of it in grayscale, in even perceptual steps."""
    y = luminance(colour)
    return 116 * np.cbrt(y) - 16 if y > 216 / 24389 else 24389 / 27 * y


def distinct_greys(colours, at_least=5.0):
    greys = sorted(lightness(c) for c in colours)
    return len(greys) < 2 or min(np.diff(greys)) >= at_least


def styles(lines):
    return [(str(line.get_linestyle()), str(line.get_marker())) for line in lines]


def assert_series_apart(lines, n):
    assert len(lines) == n
    looks = styles(lines)
    assert len({s for s, _ in looks}) == n and len({m for _, m in looks}) == n, f"same line style or marker: {looks}"
    assert distinct_greys([line.get_color() for line in lines]), "two series are the same grey"


def test_series_differ_by_line_style_and_marker_and_grey():
    h = np.logspace(-8, -1, 5)
    assert_series_apart(plot_error_vs_step(h, [h ** 2, h, h ** 0.5], description="d").get_lines(), 3)
    _, ax = plt.subplots()
    for lr in (0.05, 0.5, 5.0):                        # lecture 07's three learning rates, on one axes
        plot_loss(HISTORY, ax, label=f"lr = {lr}", description=f"lr {lr}")
    assert_series_apart(ax.get_lines(), 3)
    assert_series_apart(plot_history(HISTORY, description="d")[1].get_lines(), 2)   # train, validation


def test_temperature_bars_differ_by_hatch_and_grey():
    ax = plot_softmax_temperature([2.0, 1.0, -1.0], temperatures=(0.25, 1.0, 4.0), description="d")
    groups = [ax.patches[3 * i] for i in range(3)]          # the first bar of each temperature
    assert len({p.get_hatch() or "" for p in groups}) == 3
    assert distinct_greys([p.get_facecolor() for p in groups]) and all(p.get_linewidth() > 0 for p in groups)


def test_decision_regions_classes_differ_by_marker_hatch_and_grey_with_their_borders_drawn():
    X, y = make_blobs_2d(n_per_class=10, num_classes=4, seed=0)
    W = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0]])
    ax = plot_decision_regions(W, X, y, resolution=30, description="d")
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points) == 4, "one scatter per class"
    shapes = {tuple(np.round(c.get_paths()[0].vertices, 3).ravel()) for c in points}
    assert len(shapes) == 4, "two classes share a marker"
    assert distinct_greys([c.get_facecolor()[0] for c in points])
    hatched = [c for c in ax.collections if any(getattr(c, "hatches", None) or [])]
    assert len(hatched) == 1 and len(set(hatched[0].hatches[:4])) == 4, "two regions share a hatch"
    borders = [c for c in ax.collections if getattr(c, "filled", True) is False]
    assert borders and all(np.allclose(c.get_edgecolor()[:, :3], 0) for c in borders), "borders not drawn in black"


def test_the_palette_is_okabe_ito_and_its_line_colours_stand_out_on_white():
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert set(figures.OKABE_ITO.values()) == okabe_ito
    assert set(figures.LINE_COLOURS) | set(figures.FILL_COLOURS) <= okabe_ito
    for colour in figures.LINE_COLOURS:                     # WCAG 1.4.11: graphics 3:1 against their background
        assert 1.05 / (luminance(colour) + 0.05) >= 3, colour
    assert distinct_greys(figures.LINE_COLOURS[:4]) and distinct_greys(figures.FILL_COLOURS[:4])
