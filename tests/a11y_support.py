"""Accessibility checks of the browser tests: axe-core's WCAG 2.1 A and AA rules, and slides that fit their box.

``axe_violations(page, include=None)`` runs axe-core (the copy that the
maintained ``axe-playwright-python`` package ships) in a loaded page, limited
to the rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa, over the whole
document or the elements matching the CSS selectors ``include``; it returns
one line per element that breaks a rule ("rule: element: what to fix"), so a
failing test says what is wrong and where.  The run is bounded by a timer
(browser_support.evaluate_bounded).

``AXE_EVERYWHERE`` (``COURSE_AXE=all``) asks the browser tests to run axe-core on
every page, deck and notebook rather than on one of each kind.

``SLIDE_FIT`` measures, in a reveal.js deck, every slide (each vertical
subslide too) with all its fragments shown: its content's height and width
against the deck's configured size, and any element that would need a
scroll bar.
"""

import os

from browser_support import evaluate_bounded

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# COURSE_AXE=all: axe-core on every page, deck and notebook, not only on one of each kind (README, "Accessibility")
AXE_EVERYWHERE = os.environ.get("COURSE_AXE", "").strip().lower() == "all"


def axe_script():
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def axe_violations(page, include=None, seconds=90.0):
    """["rule: element: failure summary"] of axe-core's WCAG 2.1 A/AA rules in ``page``.

    ``include`` is a list of CSS selectors (every element each matches is checked), or None for the document.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    context = "document" if include is None else "{include: arg.include.map(s => [s])}"
    run = f"""(arg) => axe.run({context}, {{runOnly: {{type: 'tag', values: arg.tags}},
                                         resultTypes: ['violations']}})
      .then(r => r.violations.flatMap(v => v.nodes.map(n =>
        v.id + ': ' + n.target.join(' ') + ': ' + (n.failureSummary || v.help).replace(/\\s+/g, ' '))))"""
    return evaluate_bounded(page, run, {"tags": AXE_TAGS, "include": include or []}, seconds=seconds,
                            what="axe-core")


SLIDE_FIT = """() => {
  const {width, height} = Reveal.getConfig();
  const start = Reveal.getIndices();
  const slides = Reveal.getSlides().map(s => {
    const i = Reveal.getIndices(s);
    Reveal.slide(i.h, i.v);
    s.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
    const scrolls = [...s.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1
        && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX));
    return {slide: `${i.h + 1}.${i.v + 1}`, height: s.scrollHeight, width: s.scrollWidth,
            scrolls: scrolls.map(e => e.textContent.trim().slice(0, 60)),
            text: s.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60)};
  });
  Reveal.slide(start.h, start.v, start.f);
  return {width, height, slides};
}"""


def overflowing(fit):
    """The slides of a SLIDE_FIT report whose content does not fit the deck's box, or scrolls, as text."""
    return [f"slide {s['slide']} ({s['text']!r}): {s['width']}x{s['height']} px in {fit['width']}x{fit['height']}"
            + (f", scrolls: {s['scrolls']}" if s["scrolls"] else "")
            for s in fit["slides"]
            if s["height"] > fit["height"] or s["width"] > fit["width"] or s["scrolls"]]
