"""The offline course site (tools/build_site.py) and its vendored assets, checked without a browser.

The site is built once per test run from the stored notebooks (tests/site_support.py).
What it must be: an outline page, one page and one reveal.js deck per lecture, no
worked solutions, navigation between neighbours, links between notebooks turned
into links between pages, every script, style sheet and link local and relative,
and the vendored JavaScript (site_assets/) complete, trimmed and licensed.
How it looks in a browser is tests/test_browser.py's part.
"""

import pathlib
import re
import subprocess
import urllib.parse

import nbformat
import pytest

import site_support

ROOT = pathlib.Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HOMEWORK = sorted((ROOT / "exercises").glob("hw[0-9]_*.ipynb"))
ASSETS = ROOT / "site_assets"
CDN = re.compile(r"unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|code\.jquery\.com|fonts\.googleapis")
build_site = site_support.build_site_module()


@pytest.fixture(scope="module")
def site(course_site):
    return course_site


def html_files(site):
    return sorted(site.glob("*.html")) + sorted((site / "slides").glob("*.html"))


def test_one_page_per_lecture_and_homework_one_deck_per_lecture_and_no_solutions(site):
    stems = [p.stem for p in LECTURES]
    homework = [p.stem for p in HOMEWORK]
    assert homework and sorted(p.name for p in site.glob("*.html")) == sorted(
        ["index.html"] + [f"{s}.html" for s in stems + homework])
    assert sorted(p.name for p in (site / "slides").iterdir()) == sorted(f"{s}.slides.html" for s in stems)
    assert not (site / "pdf").exists() and "pdf/" not in (site / "index.html").read_text(encoding="utf-8"), (
        "built with --no-pdf: no handouts, and no links to them (tests/test_site_pdf.py checks a build with them)")
    secret = site_support.solution_lines()
    assert len(secret) > 20
    for page in html_files(site):
        text = page.read_text(encoding="utf-8")
        links = [value for _, _, value in site_support.page_links(text)]
        assert not [v for v in links if "solutions/" in v], page.name
        leaked = [line for line in secret if line in text or line.replace("&", "&amp;") in text]
        assert not leaked, f"{page.name} shows solution code: {leaked[:3]}"


def test_index_outlines_every_lecture_with_its_goals(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    readme_title = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert readme_title in index
    bullets = 0
    for path in LECTURES:
        title, goals = build_site.title_and_goals(nbformat.read(path, as_version=4))
        assert goals.strip(), f"{path.name}: no 'What you'll learn' bullets found"
        assert f'href="{path.stem}.html"' in index and f'href="slides/{path.stem}.slides.html"' in index
        assert title.split("·")[-1].strip() in index
        bullets += sum(line.startswith(("- ", "* ")) for line in goals.splitlines())
    for path in HOMEWORK:
        title, goals = build_site.title_and_goals(nbformat.read(path, as_version=4))
        assert f'href="{path.stem}.html"' in index and title.split("·")[-1].strip() in index
        bullets += sum(line.startswith(("- ", "* ")) for line in goals.splitlines())
    assert index.count("<li>") == bullets


@pytest.mark.parametrize("index", range(len(LECTURES)))
def test_pages_link_to_neighbours_outline_and_slides(site, index):
    stem = LECTURES[index].stem
    page = (site / f"{stem}.html").read_text(encoding="utf-8")
    nav = dict(re.findall(r'<a class="nav-(\w+)" href="([^"]+)"', page))
    assert nav["index"] == "index.html" and nav["slides"] == f"slides/{stem}.slides.html"
    assert nav.get("prev") == (f"{LECTURES[index - 1].stem}.html" if index else None)
    assert nav.get("next") == (f"{LECTURES[index + 1].stem}.html" if index + 1 < len(LECTURES) else None)


def test_links_between_notebooks_point_to_pages_and_decks(site):
    for page in html_files(site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*\.ipynb', text), f"{page.name} still links to a notebook"
    deck = (site / "slides" / f"{LECTURES[1].stem}.slides.html").read_text(encoding="utf-8")
    assert f'href="{LECTURES[0].stem}.slides.html"' in deck


def test_rewrite_links_keeps_anchors_and_leaves_other_links():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
        "[a](02_log_likelihood.ipynb#sec) [b](./03_chain_rule.ipynb) [c](https://x.org/04_y.ipynb) [d](notes.ipynb) "
        "[e](../exercises/hw1_softmax_likelihood.ipynb) [f](../notebooks/01_softmax_likelihood.ipynb)")]
    out = build_site.rewrite_links(nb, ".html").cells[0].source
    assert out == ("[a](02_log_likelihood.html#sec) [b](03_chain_rule.html) [c](https://x.org/04_y.ipynb) "
                   "[d](notes.ipynb) [e](hw1_softmax_likelihood.html) [f](01_softmax_likelihood.html)")
    slides = build_site.rewrite_links(nb, ".slides.html", "../").cells[0].source
    assert "[e](../hw1_softmax_likelihood.html)" in slides and "[a](02_log_likelihood.slides.html#sec)" in slides
    assert nb.cells[0].source.startswith("[a](02_log_likelihood.ipynb"), "the notebook itself must not change"


@pytest.mark.parametrize("index", range(len(HOMEWORK)))
def test_homework_pages_link_to_each_other_and_the_outline(site, index):
    page = (site / f"{HOMEWORK[index].stem}.html").read_text(encoding="utf-8")
    nav = dict(re.findall(r'<a class="nav-(\w+)" href="([^"]+)"', page))
    assert nav["index"] == "index.html" and "slides" not in nav
    assert nav.get("next") == (f"{HOMEWORK[index + 1].stem}.html" if index + 1 < len(HOMEWORK) else None)


@pytest.mark.parametrize("kind", ["page", "slides"])
def test_every_reference_is_relative_and_exists(site, kind):
    pages = sorted(site.glob("*.html")) if kind == "page" else sorted((site / "slides").glob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not CDN.search(text), f"{page.name} refers to a CDN: {CDN.search(text)[0]}"
        for tag, attribute, value in site_support.page_links(text):
            if value.startswith(("data:", "#")):
                continue
            parts = urllib.parse.urlsplit(value)
            assert not parts.scheme and not parts.netloc and not parts.path.startswith("/"), (
                f"{page.name}: <{tag} {attribute}={value!r}> is not a relative local reference")
            assert (page.parent / urllib.parse.unquote(parts.path)).is_file(), f"{page.name}: {value} is missing"


def test_slides_follow_the_slide_metadata(site):
    for path in LECTURES:
        nb = nbformat.read(path, as_version=4)
        kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
        deck = (site / "slides" / f"{path.stem}.slides.html").read_text(encoding="utf-8")
        assert deck.count('<div class="fragment"') == kinds.count("fragment"), path.name
        assert deck.count("<section") == 2 * kinds.count("slide") + kinds.count("subslide"), path.name
        assert 'src="../assets/requirejs/require.js"' in deck and '"../assets/reveal.js/dist/reveal.js"' in deck


@pytest.mark.parametrize("path", LECTURES + HOMEWORK, ids=[p.stem for p in LECTURES + HOMEWORK])
def test_every_formula_reaches_mathjax_unchanged(site, path):
    """The markdown step must not touch math (an underscore turned into <em>, a backslash eaten): each formula of
    the notebook is in its page, character for character (HTML-escaped), for MathJax to find."""
    import html

    page = (site / f"{path.stem}.html").read_text(encoding="utf-8")
    found = site_support.formulas(nbformat.read(path, as_version=4))
    assert found or path.stem.startswith("hw"), "no formula found at all"
    changed = [(cell, formula) for cell, formula in found if html.escape(formula, quote=False) not in page]
    assert not changed, f"formulas changed on the way to the page: {changed[:5]}"


def head_without_title(text):
    return re.sub(r"<title>.*?</title>", "", text.split("<body", 1)[0], flags=re.S)


def scripts_with(text, needle):
    return [s for s in re.findall(r"<script[^>]*>(.*?)</script>", text, flags=re.S) if needle in s]


def test_every_page_and_deck_runs_the_machinery_of_one_checked_here(site):
    """The browser (tests/test_browser_site.py) opens lecture 01's page (widgets), the first homework page
    (none), and two decks, one with widgets and one without.  Every other lecture or homework page and every
    other deck must load the same scripts and styles as the checked one of its kind (and start reveal.js the
    same way), and every page and deck must set MathJax up as the pages the browser opens do."""
    from browser_common import DECKS_IN_BROWSER, PAGES_WITH_WIDGETS_IN_BROWSER, widget_views

    def read(name):
        return (site / name).read_text(encoding="utf-8")

    def kind(stem):
        return bool(widget_views(ROOT / "notebooks" / f"{stem}.ipynb"))

    decks = {kind(stem): read(f"slides/{stem}.slides.html") for stem in DECKS_IN_BROWSER}
    pages = {True: read(f"{PAGES_WITH_WIDGETS_IN_BROWSER[0]}.html"), False: read(f"{HOMEWORK[0].stem}.html")}
    assert set(decks) == {True, False} and kind(PAGES_WITH_WIDGETS_IN_BROWSER[0]), "one of each kind must be checked"
    mathjax = scripts_with(pages[False], "MathJax.Hub.Config")
    assert mathjax and scripts_with(pages[True], "MathJax.Hub.Config") == mathjax
    checked = [(f"slides/{p.stem}.slides.html", decks[kind(p.stem)]) for p in LECTURES]
    checked += [(f"{p.stem}.html", pages[bool(widget_views(p))]) for p in LECTURES + HOMEWORK]
    for name, like in checked:
        text = read(name)
        assert head_without_title(text) == head_without_title(like), f"{name}: not the head of the checked one"
        assert scripts_with(text, "MathJax.Hub.Config") == mathjax, f"{name}: another MathJax set-up"
    for path in LECTURES:
        deck = read(f"slides/{path.stem}.slides.html")
        assert scripts_with(deck, "Reveal.initialize") == scripts_with(decks[False], "Reveal.initialize") != []


def test_formulas_are_out_of_the_tab_order_and_decks_fit_a_16_9_projector(site):
    """MathJax 2 is told, on every page and deck, to keep formulas out of the Tab order (the browser test counts
    the Tab stops); every deck is 1280x720, and its arrow keys walk through the subslides too."""
    for page in html_files(site):
        configs = scripts_with(page.read_text(encoding="utf-8"), "MathJax.Hub.Config")
        assert any(re.search(r"menuSettings:\s*\{\s*inTabOrder:\s*false\s*\}", c) for c in configs), page.name
    for path in LECTURES:
        deck = (site / "slides" / f"{path.stem}.slides.html").read_text(encoding="utf-8")
        start = scripts_with(deck, "Reveal.initialize")[0]
        assert re.search(r"width: 1280,\s*height: 720,", start), path.stem
        assert 'navigationMode: "linear"' in start and "pdfSeparateFragments: false" in start, path.stem


def test_pages_start_with_a_skip_link_to_the_main_content(site):
    for page in sorted(site.glob("*.html")):
        body = page.read_text(encoding="utf-8").split("<body", 1)[1]
        first_link = re.search(r"<a [^>]*>[^<]*</a>", body)[0]
        assert first_link == '<a class="skip-link" href="#main-content">Skip to content</a>', page.name
        assert body.count('<main id="main-content"') == 1, page.name


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_every_figure_on_pages_and_slides_carries_its_own_description_as_alt(site, path):
    """The alt of each stored figure (course_utils.figures) reaches the page and the deck, in order, instead of
    nbconvert's "No description has been provided for this image"."""
    import html as html_module

    nb = nbformat.read(path, as_version=4)
    alts = [o.metadata["image/png"]["alt"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if "image/png" in o.get("data", {})]
    for built in (site / f"{path.stem}.html", site / "slides" / f"{path.stem}.slides.html"):
        text = built.read_text(encoding="utf-8")
        assert "No description has been provided" not in text, built.name
        found = [html_module.unescape(a) for a in re.findall(r'<img alt="([^"]*)"[^>]*? src="data:image/png', text)]
        assert found == alts, built.name


def test_build_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(SystemExit, match="not a course site"):
        build_site.prepare_out(tmp_path)
    assert (tmp_path / "precious.txt").exists()


def test_execute_runs_the_notebook_in_memory_only(tmp_path):
    nb = nbformat.v4.new_notebook(metadata=nbformat.read(LECTURES[0], as_version=4).metadata)
    nb.cells = [nbformat.v4.new_markdown_cell("# T\n\n**What you'll learn**\n\n- $x$"),
                nbformat.v4.new_code_cell("print(6 * 7)")]
    source = tmp_path / "00_t.ipynb"
    nbformat.write(nb, source)
    before = source.read_bytes()
    build_site.build(tmp_path / "site", run=True, timeout=120, lectures=[source], homework=[], pdf=False)
    assert "42" in (tmp_path / "site" / "00_t.html").read_text(encoding="utf-8")
    assert source.read_bytes() == before, "--execute must not write the notebook"


def test_usage_is_documented():
    assert "Usage:" in build_site.__doc__ and "--execute" in build_site.__doc__
    script = (ROOT / "tools" / "vendor_site_assets.sh").read_text()
    assert script.startswith("#!/usr/bin/env bash\n# ") and "Usage:" in script


def test_vendored_assets_are_complete_trimmed_and_licensed():
    versions = dict(line.split(" ", 1) for line in (ASSETS / "VERSIONS.txt").read_text().splitlines())
    script = (ROOT / "tools" / "vendor_site_assets.sh").read_text()
    for name, variable in [("mathjax", "MATHJAX"), ("requirejs", "REQUIREJS"), ("reveal.js", "REVEAL"),
                           ("@jupyter-widgets/html-manager", "HTML_MANAGER")]:
        assert f"{variable}={versions[name].split()[0]}" in script, f"{name}: VERSIONS.txt and the script disagree"
    assert versions["mathjax"].startswith("2."), "MathJax 3 breaks the widget manager"
    for needed in ["mathjax/MathJax.js", "mathjax/config/TeX-AMS_CHTML-full.js", "mathjax/config/Safe.js",
                   "mathjax/jax/output/CommonHTML/jax.js", "mathjax/fonts/HTML-CSS/TeX/woff/MathJax_Main-Regular.woff",
                   "requirejs/require.js", "html-manager/embed-amd.js", "reveal.js/dist/reveal.js",
                   "reveal.js/dist/reveal.css", "reveal.js/dist/theme/white.css", "reveal.js/plugin/notes/notes.js"]:
        assert (ASSETS / needed).is_file(), needed
    licences = {p.name for p in (ASSETS / "LICENSES").iterdir()}
    for package in ["mathjax", "requirejs", "jupyter-widgets", "fontawesome", "reveal.js", "source-sans-pro"]:
        assert any(name.startswith(package) for name in licences), f"no licence for {package}"
    size = sum(p.stat().st_size for p in (ASSETS / "mathjax").rglob("*") if p.is_file())
    assert size < 6e6, f"MathJax is {size / 1e6:.1f} MB: trim it (tools/vendor_site_assets.sh)"


def test_vendored_assets_are_not_ignored_by_git():
    ignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "build/" in ignore and not any(line.strip("/") in ("site_assets", "site_assets/*") for line in ignore)
    shell = subprocess.run(["bash", "-n", str(ROOT / "tools" / "vendor_site_assets.sh")], capture_output=True)
    assert shell.returncode == 0, shell.stderr.decode()
