"""The grader's pages in Chromium: their own stylesheet applies, nothing a student wrote restyles or covers them.

tests/test_grading_render.py reads the pages' markup; here Debian's Chromium opens them from disk, as a TA
does.  A TA's grading page holds the answer of issue 17 (``\\verb|<style>...|``), one whose math is
moved and padded to paint a black block over the whole page, and honest ones; a second page is written
with a raw ``<style>`` and ``style`` attribute in its body, as if they had got past the sanitizer, to show
that the Content-Security-Policy alone refuses them.  Every wait is bounded.
"""

import pytest

from browser_support import OfflineGuard, screenshot
from course_utils.grading import manual, render
from test_grading_render import HONEST, ISSUE, written_records

pytestmark = pytest.mark.timeout(120)

OVERLAY = r"$\smash{\lower{40em}{\rule{100em}{80em}}}$ and $\smash{\raise{9em}{\colorbox{yellow}{Answer 0: empty}}}$"
ANSWERS = [ISSUE, HONEST, OVERLAY, "An *honest* answer, with $\\sum_j S_{ij} = 1$."]
INJECTED = ('<div class="answer"><h2>Answer A</h2><style>.answer { display: none } body { max-width: 1px }</style>'
            '<p id="styled" style="display: none">shown</p></div>')
# pages open from disk in one tab; a report is {"name": [values...]} of what the page shows
REPORT = """() => {
  const box = el => el.getBoundingClientRect();
  const shown = el => el.offsetHeight > 0 && getComputedStyle(el).display !== 'none'
                      && getComputedStyle(el).visibility !== 'hidden';
  const written = [...document.querySelectorAll('.written')];
  const stray = [];            // points outside every .written box where a .written box's content is hit
  for (let x = 5; x < innerWidth; x += 40) for (let y = 5; y < innerHeight; y += 40) {
    const hit = document.elementFromPoint(x, y), owner = hit && hit.closest('.written');
    if (owner) { const r = box(owner); if (x < r.left || x > r.right || y < r.top || y > r.bottom) stray.push([x, y]); }
  }
  return {
    maxWidth: getComputedStyle(document.body).maxWidth,
    grid: [...document.querySelectorAll('.answers')].map(el => getComputedStyle(el).display),
    border: [...document.querySelectorAll('.answer')].map(el => getComputedStyle(el).borderTopWidth),
    contain: written.map(el => getComputedStyle(el).contain),
    answers: [...document.querySelectorAll('.answer')].map(shown),
    styled: [...document.querySelectorAll('#styled')].map(shown),
    styleAttributes: document.querySelectorAll('[style]').length,
    stylesheets: document.styleSheets.length,
    stray: stray,
    text: document.body.innerText,
  };
}"""


@pytest.fixture(scope="module")
def reports(browser, tmp_path_factory):
    """``{"manual": report, "injected": report, "console": [messages]}`` of the two pages."""
    out = tmp_path_factory.mktemp("pages")
    manual.write_sheets(out, written_records(ANSWERS))
    (out / "injected.html").write_text(render.page("injected", INJECTED))
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    guard = OfflineGuard(context)
    page = context.new_page()
    page.set_default_timeout(15000)
    console = []
    page.on("console", lambda message: console.append(message.text))
    try:
        found = {}
        for name, path in (("manual", out / "manual" / "hw1" / "q_shift.html"), ("injected", out / "injected.html")):
            page.goto(path.as_uri(), wait_until="load", timeout=15000)
            found[name] = page.evaluate(REPORT)
            screenshot(page, f"grading-{name}")
        found["console"], found["blocked"] = console, guard.take()
        return found
    finally:
        context.close()


def test_the_pages_own_stylesheet_applies(reports):
    for name in ("manual", "injected"):
        report = reports[name]
        assert report["maxWidth"] == "1120px" and report["stylesheets"] == 1, name     # 70rem of 16px
        assert set(report["border"]) == {"1px"}, name
    assert reports["manual"]["grid"] == ["grid"] and set(reports["manual"]["contain"]) == {"paint"}


def test_no_answer_is_hidden_and_the_issues_markup_shows_as_text(reports):
    report = reports["manual"]
    assert report["answers"] == [True] * len(ANSWERS) and report["styleAttributes"] == 0
    assert "<style>.answer{display:none}</style>" in report["text"] and reports["blocked"] == []


def test_an_injected_style_element_or_attribute_does_not_apply(reports):
    report = reports["injected"]
    assert report["answers"] == [True] and report["styled"] == [True] and report["maxWidth"] == "1120px"
    refused = [m for m in reports["console"] if "inline style violates the following Content Security Policy" in m]
    assert len(refused) == 2, reports["console"]                     # the <style> element and the attribute


def test_math_cannot_paint_outside_its_answer(reports):
    """The overlay answer's black block is clipped to its box: no point elsewhere on the page hits it."""
    assert reports["manual"]["stray"] == []
