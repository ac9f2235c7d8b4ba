"""The offline course site and its slides, in headless Chromium.

The site is built from the stored notebooks (tools/build_site.py) and served
by a local http.server; every request that would leave 127.0.0.1 is blocked
and fails the test that made it.  Opened here: the outline, the first homework
page, lecture 01's page (with widgets), every deck, lecture 07's deck in print
view, a TeX sampler and the broken notebooks, all exported by tools/build_site.py.
Checked on each: the math checks of JupyterLab (here MathJax 2), widgets
rendered from the stored state, every link answers 200; reveal.js starts,
math typesets, the next slide can be reached, and every slide of every deck,
its fragments shown, fits the 1280x720 box; axe-core's WCAG 2.1 A and AA rules
find nothing on the pages named in AUDITED and PRINT_VIEWS; each broken
notebook is caught by its own check.

The other lecture and homework pages are not opened, to keep the test command
quick: their math is typeset by MathJax 3 in tests/test_browser_lab.py (the
homework's as in the worked solutions), the site's markdown
step hands every formula to MathJax unchanged
(tests/test_site.py::test_every_formula_reaches_mathjax_unchanged), and the
TeX sampler holds, for every TeX command, environment and escape the course
uses, the first formula that uses it, so MathJax 2 is shown to typeset all of
them.  Every page and every deck runs the machinery of the page or deck of
its kind opened here (tests/test_site.py::test_every_page_and_deck_runs_the_machinery_of_one_checked_here).
With COURSE_AXE=all, axe-core checks every page and every deck's print view.
"""

import pathlib
import urllib.request

import nbformat
import pytest

import site_support
from a11y_support import AXE_EVERYWHERE, overflowing
from browser_common import (
    BROKEN, CHECKS, DECKS_IN_BROWSER, HOMEWORK, LECTURES, PAGES_WITH_WIDGETS_IN_BROWSER, failures, widget_views,
)
from browser_support import StaticServer
from site_support import SiteTabs

PAGES = (["index.html"] + [f"{stem}.html" for stem in PAGES_WITH_WIDGETS_IN_BROWSER]
         + [f"{HOMEWORK[0].stem}.html"])
SLIDES = [f"slides/{p.stem}.slides.html" for p in LECTURES]          # every deck: each slide must fit
SAMPLER = "sampler-site/tex_sampler.html"
# axe-core on: the index, a homework page, lecture 01's page (widgets and figures), lecture 07's deck in print
# view (every slide and fragment shown: widgets, figures and formulas in the slides' style) and the TeX sampler
# (a page with every TeX command the course uses, typeset).  The other pages and decks are made by the same
# templates from the same kinds of cells (test_site.py); COURSE_AXE=all checks every one of them, in about
# 150 s more, with every notebook in JupyterLab (README, "Accessibility").
AUDITED = ["index.html"] + [f"{p.stem}.html" for p in LECTURES + HOMEWORK] if AXE_EVERYWHERE else PAGES
PRINT_VIEWS = [f"{deck}?print-pdf"
               for deck in (SLIDES if AXE_EVERYWHERE else [f"slides/{DECKS_IN_BROWSER[-1]}.slides.html"])]
A11Y_BROKEN = "broken-site/broken_a11y"
# The module's fixture loads every page above in one tab (about 70 s on two busy cores; with COURSE_AXE=all,
# about 150 s more): its first test's time limit covers it.
pytestmark = pytest.mark.timeout(600 if AXE_EVERYWHERE else 240)


def a11y_broken_notebook(path):
    """A notebook whose page breaks two WCAG rules (a number box without a name, pale text) and whose deck has a
    slide too tall for its box."""
    nb = nbformat.v4.new_notebook(metadata=nbformat.read(LECTURES[0], as_version=4).metadata)
    # an unnamed control, as the audit found the sliders' handles (nbconvert gives any <img> a default alt)
    control = nbformat.v4.new_output("display_data", data={"text/html": '<input type="number" value="1">'})
    nb.cells = [nbformat.v4.new_markdown_cell("# Broken: accessibility\n\n**What you'll learn**\n\n- that it is caught"),
                nbformat.v4.new_markdown_cell('<p><span style="color: #c0c0c0">Pale grey text on white.</span></p>'),
                nbformat.v4.new_code_cell("show_a_control()", outputs=[control]),
                nbformat.v4.new_markdown_cell("\n".join(f"- line {i}" for i in range(40)),
                                              metadata={"slideshow": {"slide_type": "subslide"}})]
    nbformat.write(nb, path)
    return path


def expected_widgets(name):
    stem = pathlib.Path(name).name.split(".")[0]
    source = next((p for p in LECTURES + HOMEWORK if p.stem == stem), None)
    return widget_views(source) if source else 0


@pytest.fixture(scope="module")
def site_reports(browser, broken, course_site):
    """{name: report} for every page and deck of the built site and the broken notebooks' pages.

    Served from one local http.server: ``site/...`` is the course, ``broken-site/...`` the
    broken notebooks exported the same way (each must be caught by its own check); the pages load one after
    another in one tab (site_support.SiteTabs).  Module-scoped: the tab (MathJax, reveal.js, widgets) closes
    when this file's tests end, not at the end of the session.
    """
    out = course_site
    build = site_support.build_site_module().build
    # lecture pages only: the homework pages these builds would add are the course's, opened in site/; no
    # handouts: tests/test_site_pdf.py checks those of the course's own build
    a11y = a11y_broken_notebook(broken[CHECKS[0]].parent / "broken_a11y.ipynb")
    build(out.parent / "broken-site", lectures=sorted(broken.values()) + [a11y], homework=[], pdf=False)
    sampler = broken[CHECKS[0]].parent / "tex_sampler.ipynb"
    site_support.math_sampler(LECTURES + HOMEWORK, sampler)
    build(out.parent / "sampler-site", lectures=[sampler], homework=[], pdf=False)
    server = StaticServer(out.parent)
    tabs = SiteTabs(browser, server.url)
    pages = list(dict.fromkeys(PAGES + AUDITED))              # in order, once each
    names = ([f"site/{name}" for name in pages + SLIDES + PRINT_VIEWS]
             + [f"broken-site/broken_{c}.html" for c in CHECKS] + [SAMPLER]
             + [f"{A11Y_BROKEN}.html", "broken-site/slides/broken_a11y.slides.html"])
    audit = [f"site/{name}" for name in AUDITED + PRINT_VIEWS] + [SAMPLER, f"{A11Y_BROKEN}.html"]
    try:
        reports = tabs.load([(name, expected_widgets(name)) for name in names], audit=audit)
        yield {name.removeprefix("site/"): report for name, report in reports.items()}
    finally:
        tabs.close()
        server.close()


@pytest.mark.parametrize("name", PAGES + SLIDES)
def test_site_math_has_no_mathjax_error(site_reports, name):
    report = site_reports[name]
    assert report["typeset"] > 0, f"no math typeset; timed out waiting for {report['timeouts']}"
    assert not report["errors"], failures(report, "errors")


@pytest.mark.parametrize("name", PAGES + SLIDES)
def test_site_math_has_no_undefined_macro(site_reports, name):
    assert not site_reports[name]["undefined"], failures(site_reports[name], "undefined")


@pytest.mark.parametrize("name", PAGES + SLIDES)
def test_site_math_leaves_no_raw_tex(site_reports, name):
    assert not site_reports[name]["raw"], failures(site_reports[name], "raw")


@pytest.mark.parametrize("name", PAGES + SLIDES)
def test_site_page_is_offline_and_its_links_resolve(site_reports, name):
    report = site_reports[name]
    assert report["blocked"] == [], f"requests that left 127.0.0.1: {report['blocked']}"
    assert report["bad"] == [], f"failed responses: {report['bad']}"
    for link in sorted({link.split("#")[0] for link in report["links"]}):
        assert link.startswith(report["origin"] + "site/"), f"link outside the site: {link}"
        with urllib.request.urlopen(link) as response:
            assert response.status == 200, link


@pytest.mark.parametrize("name", [n for n in PAGES + SLIDES if expected_widgets(n)])
def test_site_widgets_render_from_stored_state(site_reports, name):
    report = site_reports[name]
    assert report["widgets"] == report["plots"] == expected_widgets(name), (
        f"{report['widgets']} widget views and {report['plots']} plots rendered, "
        f"{expected_widgets(name)} stored")


@pytest.mark.parametrize("name", SLIDES)
def test_slides_start_and_advance(site_reports, name):
    report = site_reports[name]
    assert report["slides"] > 1, "reveal.js did not start or found no slides"
    assert report["advanced"], "the right arrow never reached the second slide"


def test_site_typesets_every_tex_command_the_course_uses(site_reports, workdir):
    import nbformat

    report = site_reports[SAMPLER]
    expected = len(site_support.formulas(nbformat.read(workdir / "tex_sampler.ipynb", as_version=4)))
    assert expected > 50 and report["typeset"] == expected, f"{report['typeset']} of {expected} typeset"
    for check in CHECKS:
        assert not report[check], failures(report, check)
    assert report["blocked"] == [] and report["bad"] == []


@pytest.mark.parametrize("check", CHECKS)
def test_site_math_checks_catch_broken_math(site_reports, check):
    report = site_reports[f"broken-site/broken_{check}.html"]
    assert report[check], f"the {check!r} check missed {BROKEN[check]!r}"
    assert not any(report[c] for c in CHECKS if c != check), {c: report[c] for c in CHECKS}


# ---------------------------------------------------------------- accessibility

@pytest.mark.parametrize("name", AUDITED + PRINT_VIEWS + [SAMPLER])
def test_axe_finds_no_wcag_21_aa_violation(site_reports, name):
    violations = site_reports[name]["axe"]
    assert not violations, "axe-core, WCAG 2.1 A and AA:\n" + "\n".join(violations)


@pytest.mark.parametrize("name", SLIDES)
def test_every_slide_fits_the_projector_with_its_fragments_shown(site_reports, name):
    fit = site_reports[name]["fit"]
    assert (fit["width"], fit["height"]) == (1280, 720) and len(fit["slides"]) > 1
    assert not overflowing(fit), "slides that overflow their box (split them: subslides):\n" + "\n".join(
        overflowing(fit))


def test_the_accessibility_checks_catch_an_unnamed_control_pale_text_and_a_slide_too_tall(site_reports):
    rules = {line.split(":")[0] for line in site_reports[f"{A11Y_BROKEN}.html"]["axe"]}
    assert rules == {"label", "color-contrast"}, site_reports[f"{A11Y_BROKEN}.html"]["axe"]
    too_tall = overflowing(site_reports["broken-site/slides/broken_a11y.slides.html"]["fit"])
    assert len(too_tall) == 1 and too_tall[0].startswith("slide 1.2 ('line 0 line 1"), too_tall
