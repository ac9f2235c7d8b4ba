"""The offline course site and its slides, in headless Chromium.

The site is built from the stored notebooks (tools/build_site.py) and served
by a local http.server; every request that would leave 127.0.0.1 is blocked
and fails the test that made it.  Opened here: the outline, the first homework
page, lecture 01's page (with widgets), one deck with widgets and one without,
a TeX sampler and the broken notebooks, all exported by tools/build_site.py.
Checked on each: the math checks of JupyterLab (here MathJax 2), widgets
rendered from the stored state, every link answers 200; reveal.js starts,
math typesets, the next slide can be reached; each broken notebook is caught
by its own check.

The other lecture and homework pages are not opened, to keep the test command
quick: their math is typeset by MathJax 3 in tests/test_browser_lab.py (the
homework's as in the worked solutions), the site's markdown
step hands every formula to MathJax unchanged
(tests/test_site.py::test_every_formula_reaches_mathjax_unchanged), and the
TeX sampler holds, for every TeX command, environment and escape the course
uses, the first formula that uses it, so MathJax 2 is shown to typeset all of
them.  Every page and every deck runs the machinery of the page or deck of
its kind opened here (tests/test_site.py::test_every_page_and_deck_runs_the_machinery_of_one_checked_here).
"""

import pathlib
import urllib.request

import pytest

import site_support
from browser_common import (
    BROKEN, CHECKS, DECKS_IN_BROWSER, HOMEWORK, LECTURES, PAGES_WITH_WIDGETS_IN_BROWSER, failures,
    widget_views,
)
from browser_support import StaticServer
from site_support import SiteTabs

PAGES = (["index.html"] + [f"{stem}.html" for stem in PAGES_WITH_WIDGETS_IN_BROWSER]
         + [f"{HOMEWORK[0].stem}.html"])
SLIDES = [f"slides/{stem}.slides.html" for stem in DECKS_IN_BROWSER]
SAMPLER = "sampler-site/tex_sampler.html"


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
    # lecture pages only: the homework pages these builds would add are the course's, opened in site/
    build(out.parent / "broken-site", lectures=sorted(broken.values()), homework=[])
    sampler = broken[CHECKS[0]].parent / "tex_sampler.ipynb"
    site_support.math_sampler(LECTURES + HOMEWORK, sampler)
    build(out.parent / "sampler-site", lectures=[sampler], homework=[])
    server = StaticServer(out.parent)
    tabs = SiteTabs(browser, server.url)
    names = ([f"site/{name}" for name in PAGES + SLIDES] + [f"broken-site/broken_{c}.html" for c in CHECKS]
             + [SAMPLER])
    try:
        reports = tabs.load([(name, expected_widgets(name)) for name in names])
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
