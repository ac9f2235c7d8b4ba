"""How the course's figures look and how they reach readers who cannot see them (lectures 01-08).

Every figure carries a description: what is plotted, and the point it makes.
The helpers of :mod:`course_utils.plotting` take it as a required argument;
an ad-hoc figure gets it from :func:`describe` or from
``show_figures(description=...)``.  :func:`show_figures` then displays the
figure as a PNG whose ``alt`` is the description (the output metadata
nbconvert reads for the site and the slides; the same PNG is also given as an
``<img>`` with that alt, for JupyterLab and widgets), followed by the same
text in a ``<details>`` element, which sighted readers can open too.

Colours come from the Okabe-Ito palette, which stays distinct under the common
colour-vision deficiencies; every series also has its own line style and
marker (:func:`series_style`), and every class its own marker and hatch
(:func:`class_style`), so that no figure relies on colour alone.
Matplotlib and IPython are imported only inside the functions that need them.
"""

import html

# Okabe & Ito (2008), "Color Universal Design".  Lines use the colours with at least 3:1 contrast on white,
# in an order whose grey levels differ; filled areas (bars, regions, markers) have black edges, so they may use
# the light colours too, again ordered so that neighbours differ in grey level.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7"}
LINE_COLOURS = tuple(OKABE_ITO[c] for c in ("blue", "vermillion", "black", "reddish purple", "bluish green"))
FILL_COLOURS = tuple(OKABE_ITO[c] for c in ("sky blue", "vermillion", "yellow", "blue", "bluish green",
                                            "reddish purple", "orange", "black"))
LINE_STYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
HATCHES = ("", "//", "..", "\\\\", "xx", "++", "oo", "--", "||", "**")
ATTRIBUTE = "course_description"        # the parts of a figure's description, in the order they were given


def series_style(i):
    """Colour, line style and marker of the ``i``-th series of a line plot (lectures 01-08).

    Examples
    --------
    >>> series_style(1)
    {'color': '#D55E00', 'linestyle': '--', 'marker': 's'}
    """
    return {"color": LINE_COLOURS[i % len(LINE_COLOURS)], "linestyle": LINE_STYLES[i % len(LINE_STYLES)],
            "marker": MARKERS[i % len(MARKERS)]}


def class_style(k):
    """Fill colour, marker and hatch of class (or group of bars) ``k`` (lectures 01, 07-08).

    Examples
    --------
    >>> class_style(0)
    {'color': '#56B4E9', 'marker': 'o', 'hatch': ''}
    """
    return {"color": FILL_COLOURS[k % len(FILL_COLOURS)], "marker": MARKERS[k % len(MARKERS)],
            "hatch": HATCHES[k % len(HATCHES)]}


def check_description(description):
    """Return ``description`` stripped; ValueError unless it is a non-empty plain-text str (lectures 01-08).

    Descriptions are read aloud and shown as plain text, so TeX (``$...$``) is refused: write σ, not
    ``$\\sigma$``.
    """
    if not isinstance(description, str) or not description.strip():
        raise ValueError("description must be a non-empty str saying what is plotted and the point it makes; "
                         f"got {description!r}")
    if "$" in description:
        raise ValueError(f"description must be plain text without TeX (write σ, not $\\sigma$); got {description!r}")
    return description.strip()


def _figure_of(obj):
    """The Matplotlib Figure that ``obj`` (a Figure, SubFigure or Axes) belongs to, or None."""
    for _ in range(4):                                   # Axes -> (SubFigure ->) Figure
        if hasattr(obj, "savefig"):
            return obj
        obj = getattr(obj, "figure", None)
    return None


def describe(fig, description):
    """Add a part to the description of a figure (lectures 01-08).

    Every helper of :mod:`course_utils.plotting` calls it; a lecture calls it for what it draws itself.
    The parts given for one figure are read in the order they were given.

    Parameters
    ----------
    fig : matplotlib Figure, SubFigure or Axes
        The figure, or a part of it.
    description : str
        What is plotted, and the point it makes: plain text, no TeX.

    Returns
    -------
    matplotlib.figure.Figure
        The figure described.
    """
    text = check_description(description)
    figure = _figure_of(fig)
    if figure is None:
        raise ValueError(f"describe needs a Matplotlib Figure or Axes; got {type(fig).__name__}")
    setattr(figure, ATTRIBUTE, [*getattr(figure, ATTRIBUTE, []), text])
    return figure


def description_of(fig):
    """The description of ``fig``: its parts joined, or ``""`` when it has none (lectures 01-08)."""
    return " ".join(getattr(_figure_of(fig), ATTRIBUTE, []))


def figure_outputs(fig):
    """The two outputs that show a described figure (lectures 01-08).

    Returns
    -------
    list of (dict, dict)
        ``(data, metadata)`` of the PNG (drawn as the inline backend draws it, ``bbox_inches="tight"``) with
        the description as its ``alt`` in ``metadata["image/png"]``, where nbconvert reads it, and the same
        PNG as ``<img alt=...>`` HTML, which JupyterLab and the widget manager prefer (their image renderer
        sets no alt); then of the description itself, as ``<details class="figure-description">`` HTML and as
        plain text.

    Raises
    ------
    ValueError
        If the figure has no description.
    """
    import base64

    from IPython.core.pylabtools import print_figure

    text = description_of(fig)
    if not text:
        raise ValueError(f"{fig!r} has no description: pass description=... to the plotting helper, "
                         "call describe(fig, text), or call show_figures(fig, description=text)")
    png = base64.b64encode(print_figure(fig, "png", bbox_inches="tight")).decode("ascii")
    # the same PNG as an <img> with its alt: JupyterLab's image renderer and the widget manager of the site
    # draw an image/png without alt, but prefer text/html, which they draw as written
    img = f'<img src="data:image/png;base64,{png}" alt="{html.escape(text, quote=True)}">'
    image = ({"text/html": img, "image/png": png, "text/plain": repr(fig)}, {"image/png": {"alt": text}})
    details = ('<details class="figure-description"><summary>Figure description</summary>'
               f"<p>{html.escape(text)}</p></details>")
    return [image, ({"text/html": details, "text/plain": f"Figure description: {text}"}, {})]


def show_figures(fig=None, *, description=None):
    """Display figures with their descriptions, then close them (lectures 01-08).

    Use it where ``plt.show()`` would go.  Closing keeps the inline backend from showing a figure a second
    time, without its description.

    Parameters
    ----------
    fig : matplotlib Figure, optional
        The figure to show; by default every open figure, in the order they were opened.
    description : str, optional
        Added to the figure's description first (:func:`describe`); then ``fig`` must be given, or be the
        only open figure.

    Raises
    ------
    ValueError
        If a figure has no description (nothing is shown then), or ``description`` has no single figure.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    figures = [fig] if fig is not None else [plt.figure(n) for n in plt.get_fignums()]
    if description is not None:
        if len(figures) != 1:
            raise ValueError(f"description= needs exactly one figure to describe; got {len(figures)} open figures")
        describe(figures[0], description)
    outputs = [figure_outputs(f) for f in figures]          # every description checked before anything is shown
    for f, bundles in zip(figures, outputs):
        for data, metadata in bundles:
            display(data, raw=True, metadata=metadata)
        plt.close(f)
