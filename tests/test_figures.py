"""Text alternatives of figures: course_utils.figures, and every image the course's notebooks store.

Checked on the stored notebooks (lectures, worked solutions, homework): every
image, in a cell's outputs, in the outputs a widget's saved state holds, in
an HTML output or in Markdown, has a non-empty alt text; every figure output
is also given as an ``<img>`` with the same alt in HTML (which JupyterLab and the
widget manager draw: their image renderer sets no alt) and is followed by the
same text as a ``<details>`` description; and no two figures of one folder share a
text.  Tiny broken notebooks show that each check catches its own fault.
"""

import base64
import functools
import html
import pathlib
import re
from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from course_utils.figures import describe, description_of, figure_outputs, show_figures  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")
NOTEBOOKS = [p for folder in FOLDERS for p in sorted((ROOT / folder).glob("*.ipynb"))]
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]
STATE = "application/vnd.jupyter.widget-state+json"
DETAILS = re.compile(r'^<details class="figure-description"><summary>Figure description</summary>'
                     r"<p>(.*)</p></details>$", re.S)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- reading a notebook's images

MARKDOWN = MarkdownIt("commonmark")


@functools.lru_cache(maxsize=None)
def stored_images(path):
    """``images`` of the notebook at ``path``, read once for all the tests of this file."""
    return images(nbformat.read(path, as_version=4))


def output_lists(nb):
    """[(where, outputs)]: each code cell's outputs, and each output widget's outputs in the saved widget state."""
    found = [(f"cell {i}", cell.outputs) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    state = nb.metadata.get("widgets", {}).get(STATE, {}).get("state", {})
    found += [(f"widget {model_id[:8]} (output of a widget)", model["state"]["outputs"])
              for model_id, model in state.items() if isinstance(model.get("state", {}).get("outputs"), list)]
    return found


class ImgAlts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alts = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")


def html_alts(text):
    parser = ImgAlts()
    parser.feed(text)
    return parser.alts


def markdown_alts(source):
    alts = []
    for token in MARKDOWN.parse(source):
        if token.type == "html_block":
            alts += html_alts(token.content)
        for child in token.children or []:
            if child.type == "image":
                alts.append(child.content)
            elif child.type == "html_inline":
                alts += html_alts(child.content)
    return alts


def images(nb):
    """[(where, alt, index, outputs)] of every image: ``index`` into ``outputs`` for a figure output, else None."""
    found = []
    for where, outputs in output_lists(nb):
        for k, output in enumerate(outputs):
            data, metadata = output.get("data", {}), output.get("metadata", {})
            alts = html_alts(str(data.get("text/html", "")))
            for mime in (m for m in data if m.startswith("image/")):
                alt = (metadata.get(mime) or {}).get("alt", "")
                found.append((f"{where}, output {k} ({mime})", alt, k, outputs))
                if str(alt).strip() and alts != [alt]:      # JupyterLab draws the text/html: this image, this alt
                    found.append((f"{where}, output {k} (its <img> in HTML lacks the {mime} alt)", "", None, None))
                alts = []
            found += [(f"{where}, output {k} (<img> in HTML)", alt, None, None) for alt in alts]
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found += [(f"cell {i} (Markdown image)", alt, None, None) for alt in markdown_alts(cell.source)]
    return found


def missing_alts(found):
    """Where the images ``found`` (by ``images``) have no alt text."""
    return [where for where, alt, _, _ in found if not str(alt).strip()]


def missing_descriptions(found):
    """Where the figure outputs ``found`` are not followed by a ``<details>`` description that says their alt."""
    wrong = []
    for where, alt, k, outputs in found:
        if k is None:
            continue
        following = outputs[k + 1].get("data", {}) if k + 1 < len(outputs) else {}
        match = DETAILS.match(str(following.get("text/html", "")))
        said = match and html.unescape(match[1]) == alt and following.get("text/plain") == f"Figure description: {alt}"
        if not said:
            wrong.append(where)
    return wrong


def shared_alts(paths):
    """{alt: [places]} of the alt texts that more than one image of ``paths`` carries."""
    seen = {}
    for path in paths:
        for where, alt, _, _ in stored_images(path):
            if str(alt).strip():
                seen.setdefault(alt, []).append(f"{path.name}: {where}")
    return {alt: places for alt, places in seen.items() if len(places) > 1}


# ---------------------------------------------------------------- the stored notebooks

@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_image_has_a_text_alternative(path):
    missing = missing_alts(stored_images(path))
    assert not missing, f"images without alt text (describe them: see course_utils.figures): {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_is_followed_by_its_description(path):
    missing = missing_descriptions(stored_images(path))
    assert not missing, f"figures not followed by their <details> description (use show_figures): {missing}"


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_two_figures_share_a_description(folder):
    shared = shared_alts(sorted((ROOT / folder).glob("*.ipynb")))
    assert not shared, f"figures with the same alt text: {shared}"


def test_the_lectures_have_figures_and_widget_figures_to_check():
    found = [where for p in NOTEBOOKS for where, *_ in stored_images(p)]
    assert len(found) >= 26 and sum("output of a widget" in w for w in found) >= 3


# ---------------------------------------------------------------- each check catches its fault

def notebook(outputs=(), markdown="", widget_outputs=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(markdown), nbformat.v4.new_code_cell("", outputs=list(outputs))]
    if widget_outputs is not None:
        nb.metadata["widgets"] = {STATE: {"state": {"abc123": {"model_name": "OutputModel",
                                                              "state": {"outputs": widget_outputs}}}}}
    return nb


def figure(alt=None, details=True, text=None, img=True):
    data = {"image/png": "AA==", "text/plain": "<Figure>"}
    if img:
        data["text/html"] = '<img src="data:image/png;base64,AA==" alt="{}">'.format(html.escape(alt or ""))
    image = nbformat.v4.new_output("display_data", data=data,
                                   metadata={} if alt is None else {"image/png": {"alt": alt}})
    text = alt if text is None else text
    caption = nbformat.v4.new_output("display_data", data={
        "text/html": '<details class="figure-description"><summary>Figure description</summary>'
                     f"<p>{html.escape(text or '')}</p></details>",
        "text/plain": f"Figure description: {text}"})
    return [image, caption] if details else [image]


def test_the_checks_pass_a_described_figure():
    nb = notebook(figure("Bars & more: <1>"), markdown="![a chart](c.png)", widget_outputs=figure("Widget bars."))
    assert missing_alts(images(nb)) == [] and missing_descriptions(images(nb)) == []


@pytest.mark.parametrize("nb, where", [
    (notebook(figure(img=False)), "cell 1, output 0 (image/png)"),
    (notebook(figure("  ")), "cell 1, output 0 (image/png)"),
    (notebook(widget_outputs=figure(img=False)), "widget abc123 (output of a widget), output 0 (image/png)"),
    (notebook(figure("Bars.", img=False)), "cell 1, output 0 (its <img> in HTML lacks the image/png alt)"),
    (notebook(markdown="A chart: ![](c.png)"), "cell 0 (Markdown image)"),
    (notebook(markdown='<img src="c.png">'), "cell 0 (Markdown image)"),
    (notebook([nbformat.v4.new_output("display_data", data={"text/html": '<p><img src="c.png" alt=""></p>'})]),
     "cell 1, output 0 (<img> in HTML)"),
])
def test_an_image_without_alt_is_caught(nb, where):
    assert missing_alts(images(nb)) == [where]


def test_a_figure_whose_html_shows_another_alt_is_caught():
    image, caption = figure("Bars.")
    image["data"]["text/html"] = '<img src="data:image/png;base64,AA==" alt="Other bars.">'
    assert missing_alts(images(notebook([image, caption]))) == [
        "cell 1, output 0 (its <img> in HTML lacks the image/png alt)"]


@pytest.mark.parametrize("outputs, where", [
    (figure("Bars.", details=False), "cell 1, output 0 (image/png)"),
    (figure("Bars.", text="Other bars."), "cell 1, output 0 (image/png)"),
    (figure("Bars.")[::-1], "cell 1, output 1 (image/png)"),
], ids=["no details", "other text", "details first"])
def test_a_figure_without_its_description_after_it_is_caught(outputs, where):
    assert missing_descriptions(images(notebook(outputs))) == [where]


def test_two_figures_sharing_a_description_are_caught(tmp_path):
    nbformat.write(notebook(figure("Same.")), tmp_path / "a.ipynb")
    nbformat.write(notebook(widget_outputs=figure("Same.")), tmp_path / "b.ipynb")
    assert shared_alts(sorted(tmp_path.glob("*.ipynb"))) == {"Same.": [
        "a.ipynb: cell 1, output 0 (image/png)", "b.ipynb: widget abc123 (output of a widget), output 0 (image/png)"]}


# ---------------------------------------------------------------- course_utils.figures

def test_figure_outputs_are_a_png_with_its_alt_then_the_escaped_description():
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, 1], [1, 0])
    describe(ax, "A line falling from 1 to 0 & <nothing> else.")
    (image, image_meta), (details, details_meta) = figure_outputs(fig)
    assert base64.b64decode(image["image/png"]).startswith(b"\x89PNG") and image["text/plain"] == repr(fig)
    assert image["text/html"] == (f'<img src="data:image/png;base64,{image["image/png"]}" '
                                  'alt="A line falling from 1 to 0 &amp; &lt;nothing&gt; else.">')
    assert image_meta == {"image/png": {"alt": "A line falling from 1 to 0 & <nothing> else."}} and details_meta == {}
    assert DETAILS.match(details["text/html"])[1] == "A line falling from 1 to 0 &amp; &lt;nothing&gt; else."
    assert details["text/plain"] == "Figure description: A line falling from 1 to 0 & <nothing> else."


@pytest.fixture
def shown(monkeypatch):
    outputs = []
    monkeypatch.setattr("IPython.core.pylabtools.print_figure", lambda fig, fmt, **kwargs: repr(fig).encode())
    monkeypatch.setattr("IPython.display.display", lambda data, raw, metadata: outputs.append((data, metadata)))
    return outputs


def test_show_figures_shows_every_open_figure_with_its_description_and_closes_it(shown):
    first, second = plt.figure(), plt.figure()
    describe(first, "First.")
    describe(second, "Second.")
    show_figures()
    assert [m["image/png"]["alt"] for _, m in shown[::2]] == ["First.", "Second."]
    assert [d["text/plain"] for d, _ in shown[1::2]] == ["Figure description: First.", "Figure description: Second."]
    assert plt.get_fignums() == []


def test_show_figures_adds_a_description_to_its_figure(shown):
    fig, ax = plt.subplots()
    describe(fig, "A plot.")
    show_figures(fig, description="It says so.")
    assert shown[0][1]["image/png"]["alt"] == "A plot. It says so."


def test_show_figures_refuses_a_figure_without_description_and_shows_nothing(shown):
    describe(plt.figure(), "Described.")
    plt.figure()
    with pytest.raises(ValueError, match=r"has no description: pass description=\.\.\. to the plotting helper, "
                                         r"call describe\(fig, text\), or call show_figures\(fig, description=text\)"):
        show_figures()
    assert shown == [] and len(plt.get_fignums()) == 2


def test_show_figures_needs_one_figure_to_add_a_description_to(shown):
    plt.figure()
    plt.figure()
    with pytest.raises(ValueError, match="description= needs exactly one figure to describe; got 2 open figures"):
        show_figures(description="Which one?")
    assert shown == []


def test_describe_needs_a_figure_or_axes():
    with pytest.raises(ValueError, match="describe needs a Matplotlib Figure or Axes; got str"):
        describe("not a figure", "Text.")
    fig = plt.figure()
    sub = fig.subfigures(1, 2)[1]
    describe(sub.subplots(), "Of the whole figure.")
    assert description_of(fig) == "Of the whole figure."
