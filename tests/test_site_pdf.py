"""The PDF handouts (tools/site_pdf.py, printed by tools/build_site.py with the site), read as a reader's tools
read them.

The course site is built once per run with its handouts, as the instructor builds it (tests/site_support.py).  Each PDF is read back with
``pdftotext`` (poppler-utils): it holds its notebook's headings and its formulas' symbols as text (math was
typeset: the symbols MathJax draws for its TeX commands are there), no word lies outside the printable area (nothing is cut at the margins), and a
homework's handout shows no solution code.  Its structure tree, read with pypdf, gives every figure the alt text
of its description.  Two broken builds show the promises are kept: a page wider than the paper stops the build
naming it, and so does a missing Chromium.
"""

import html
import pathlib
import re
import shutil
import subprocess

import nbformat
import pytest

import site_support
from browser_support import browser_unavailable, require

ROOT = pathlib.Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HOMEWORK = sorted((ROOT / "exercises").glob("hw[0-9]_*.ipynb"))
SOURCES = {p.stem: p for p in LECTURES + HOMEWORK}
MARGIN_PT = 15 / 25.4 * 72                       # tools/site_pdf.py prints with 15 mm margins
# What MathJax draws for a TeX command, as text a PDF reader extracts
SYMBOLS = {r"\sigma": "σ", r"\ell": "ℓ", r"\sum": "∑", r"\prod": "∏", r"\nabla": "∇", r"\top": "⊤",
           r"\partial": "∂", r"\eta": "η", r"\lambda": "λ", r"\tau": "τ", r"\mu": "μ", r"\beta": "β",
           r"\alpha": "α", r"\delta": "δ", r"\theta": "θ", r"\infty": "∞", r"\neq": "≠", r"\le": "≤", r"\leq": "≤",
           r"\ge": "≥", r"\geq": "≥", r"\in": "∈", r"\times": "×", r"\approx": "≈", r"\to": "→", r"\Vert": "∥"}
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
build_site = site_support.build_site_module()
pytestmark = pytest.mark.timeout(240)        # the handouts' build, in the first test's setup: about 35 s here


@pytest.fixture(scope="module")
def handouts(course_site_with_handouts):
    require(None if shutil.which("pdftotext") else "pdftotext (apt-get install -y poppler-utils)")
    return course_site_with_handouts / "pdf"


def text_of(pdf):
    """The PDF's text, ligatures split, runs of white space made one space (none before punctuation)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True,
                         timeout=60).stdout
    # the space pdftotext puts between a code span and the punctuation after it is dropped
    return re.sub(r" ([,.:;)])", r"\1", re.sub(r"\s+", " ", out.translate(LIGATURES)))


def words_outside_the_margins(pdf):
    """Words that pdftotext places outside the printable width of their page, as 'page: word'."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True,
                         timeout=60).stdout
    outside = []
    for number, (width, body) in enumerate(re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', out, re.S), 1):
        for x_min, x_max, word in re.findall(r'<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)" '
                                             r'yMax="[\d.-]+">(.*?)</word>', body):
            if float(x_min) < MARGIN_PT - 1 or float(x_max) > float(width) - MARGIN_PT + 1:
                outside.append(f"page {number}: {html.unescape(word)!r} at x {x_min}-{x_max} of {width}")
    return outside


def headings(nb):
    """The text of each Markdown heading of a notebook, without its math or Markdown marks."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if re.match(r"#{1,4} ", line) and "$" not in line:
                text = re.sub(r"\*\*|`|\[([^]]*)\]\([^)]*\)", lambda m: m.group(1) or "", line.lstrip("# ")).strip()
                found.append(re.sub(r"\s+", " ", text))
    return found


def formula_symbols(nb):
    """The symbols MathJax draws for the TeX commands of the notebook's formulas."""
    return {SYMBOLS[c] for _, formula in site_support.formulas(nb) for c in TEX_COMMAND.findall(formula)
            if c in SYMBOLS}


def figure_alts(pdf):
    """[(structure type, alt)] of every structure element with an /Alt, and every /Figure without one."""
    import pypdf

    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/Alt" in node or node.get("/S") == "/Figure":
                found.append((str(node.get("/S")), str(node.get("/Alt", ""))))
            if "/K" in node:
                walk(node["/K"])

    walk(pypdf.PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def stored_descriptions(nb):
    return [o["metadata"]["image/png"]["alt"] for c in nb.cells for o in c.get("outputs", [])
            if "image/png" in o.get("metadata", {})]


def test_the_index_links_a_handout_for_every_lecture_and_homework(handouts):
    index = (handouts.parent / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in handouts.iterdir()) == sorted(f"{stem}.pdf" for stem in SOURCES)
    for stem in SOURCES:
        assert f'href="pdf/{stem}.pdf"' in index, f"the index has no link to pdf/{stem}.pdf"
        assert (handouts / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("stem", list(SOURCES))
def test_each_handout_has_its_headings_and_typeset_formulas(handouts, stem):
    nb = nbformat.read(SOURCES[stem], as_version=4)
    text = text_of(handouts / f"{stem}.pdf")
    missing = [h for h in headings(nb) if h not in text]
    assert len(headings(nb)) >= 3 and not missing, f"headings not in the PDF's text: {missing}"
    symbols = formula_symbols(nb)
    assert len(symbols) >= (4 if stem in {p.stem for p in LECTURES} else 1), symbols
    assert not [s for s in symbols if s not in text], f"formula symbols not in the PDF: {symbols - set(text)}"


@pytest.mark.parametrize("stem", list(SOURCES))
def test_no_handout_is_cut_at_the_margins(handouts, stem):
    outside = words_outside_the_margins(handouts / f"{stem}.pdf")
    assert not outside, "words outside the printable area:\n" + "\n".join(outside[:10])


@pytest.mark.parametrize("stem", [p.stem for p in LECTURES])
def test_every_figure_of_a_handout_keeps_its_description_as_alt(handouts, stem):
    alts = figure_alts(handouts / f"{stem}.pdf")
    assert all(alt.strip() for _, alt in alts), f"figures without alt: {alts}"
    descriptions = stored_descriptions(nbformat.read(SOURCES[stem], as_version=4))
    assert [a for _, a in alts if a in descriptions] == descriptions


def test_homework_handouts_show_no_solution(handouts):
    secret = {re.sub(r"\s+", " ", line) for line in site_support.solution_lines()}
    for path in HOMEWORK:
        text = text_of(handouts / f"{path.stem}.pdf")
        leaked = [line for line in secret if line in text]
        assert not leaked, f"{path.stem}.pdf shows solution code: {leaked[:3]}"


def test_the_margin_check_finds_a_word_outside(tmp_path):
    """words_outside_the_margins reads pdftotext's boxes: a line printed across the right margin is found."""
    require(None if shutil.which("pdftotext") else "pdftotext (apt-get install -y poppler-utils)")
    import pypdf
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=595.92, height=842.88)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(font)})})
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 60 700 Td (inside) Tj 500 0 Td (outside) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(tmp_path / "cut.pdf")
    assert [w.split(":")[1].split(" at")[0].strip() for w in words_outside_the_margins(tmp_path / "cut.pdf")] == [
        "'outside'"]


@pytest.fixture
def tiny_lecture(tmp_path):
    def make(markdown):
        nb = nbformat.v4.new_notebook(metadata=nbformat.read(LECTURES[0], as_version=4).metadata)
        nb.cells = [nbformat.v4.new_markdown_cell("# 98 · Tiny\n\n**What you'll learn**\n\n- nothing"),
                    nbformat.v4.new_markdown_cell(markdown)]
        path = tmp_path / "98_tiny.ipynb"
        nbformat.write(nb, path)
        return path
    return make


def test_a_page_wider_than_the_paper_stops_the_build_and_is_named(tiny_lecture, tmp_path):
    require(browser_unavailable())
    path = tiny_lecture('<div style="width: 2000px; border: 1px solid">A table far too wide for A4.</div>')
    with pytest.raises(SystemExit, match=r"PDF handouts: 98_tiny\.html is wider than the paper and would be cut "
                                         r"at the margin: \['div\.: A table far too wide for A4\.'"):
        build_site.build(tmp_path / "site", lectures=[path], homework=[])


def test_without_chromium_the_build_says_how_to_go_on(tiny_lecture, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(SystemExit, match=r"PDF handouts: PDF handouts need Chromium at .*no-chromium \(apt-get "
                                         r"install chromium, or set COURSE_CHROMIUM\); build without them with --no-pdf"):
        build_site.build(tmp_path / "site", lectures=[tiny_lecture("Text.")], homework=[])
    assert build_site.build(tmp_path / "site", lectures=[tiny_lecture("Text.")], homework=[], pdf=False)
    assert not (tmp_path / "site" / "pdf").exists()
