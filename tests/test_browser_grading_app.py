"""The grading app in Chromium, used as TAs use it: by keyboard, two at once, reloading.

The gradebook is tests/test_grading_app.py's (five answers to one question, two of them identical).  Checked:
a score entered with the keyboard and Ctrl+Enter is saved for its whole group, the progress says so and the
focus moves to the next answer to grade; a reload shows what was saved; a rubric item added, applied, then
edited re-scores its answers; an answer split off its group is graded alone; two TAs in two browsers grade at
once and the sheet has both; axe-core's WCAG 2.1 A/AA rules find nothing on the two pages.  Every wait is
bounded.
"""

import threading

import pytest

from a11y_support import axe_violations
from browser_support import SCREENSHOTS, OfflineGuard
from course_utils.grading import app
from test_grading_app import book, by_student, codes, question  # noqa: F401 - book is a fixture

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def served(book, browser):  # noqa: F811
    server = app.GradingServer(book)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    contexts = []

    def tab():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append((context, OfflineGuard(context)))
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(server.url.replace("/?", "/q/hw/q1?"))
        page.get_by_label("Your name (kept in the history)").fill("tess")
        return page

    yield server, tab
    for context, guard in contexts:
        assert guard.take() == [], "the app made a request that left 127.0.0.1"
        context.close()
    server.shutdown()
    server.server_close()


def card(page, code):
    return page.locator(f"section.answer:has(h3:text-is('Answer {code}'))")


def test_keyboard_grading_saves_a_group_and_survives_a_reload(served, book):  # noqa: F811
    server, tab = served
    page = tab()
    c = codes(book)
    first = min(c["ada"], c["cy"])
    box = card(page, first).get_by_label("Points (0 to 2)")
    box.focus()
    page.keyboard.type("1.5")
    page.keyboard.press("Tab")
    page.keyboard.type("Say why the maximum cancels.")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => document.getElementById('progress').textContent === '3 of 5 graded'")
    assert page.locator("#status").text_content().startswith("Saved ")
    assert page.evaluate("() => document.activeElement.closest('.answer').querySelector('h3').textContent") != \
        f"Answer {first}", "the focus stayed on the answer just saved"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)          # the README's picture: docs/grading/grading-app.png
    page.screenshot(path=str(SCREENSHOTS / "grading-app.png"))
    assert [by_student(book)[s]["points"] for s in ("ada", "cy")] == ["1.5", "1.5"]
    page.reload()
    box = card(page, first).get_by_label("Points (0 to 2)")
    assert box.input_value() == "1.5" and page.locator("#progress").text_content() == "3 of 5 graded"
    box.fill("2")                                                   # an edit: the history keeps both
    box.press("Control+Enter")
    page.wait_for_function("() => document.getElementById('status').textContent.includes(': 2 points.')")
    assert [by_student(book)[s]["points"] for s in ("ada", "cy")] == ["2", "2"]
    assert [(h["old"], h["new"], h["who"]) for h in question(book).read().state["history"]
            if h["answer"] == first] == [(None, "1.5", "tess"), ("1.5", "2", "tess")]


def test_a_rubric_item_applied_then_edited_rescores_its_answers(served, book):  # noqa: F811
    server, tab = served
    page = tab()
    c = codes(book)
    add = page.locator("form:has(button:text-is('Add rubric item'))")
    add.get_by_label("Points").fill("-0.5")
    add.get_by_label("Text").fill("Sign slip")
    add.get_by_role("button").click()
    page.wait_for_selector("button:text-is('Change item r1')")
    answer = card(page, c["bob"])
    answer.get_by_label("Sign slip (-0.5)").check()
    answer.get_by_label("Points (0 to 2)").fill("")
    answer.get_by_role("button", name="Save").click()
    page.wait_for_function("() => document.getElementById('progress').textContent === '2 of 5 graded'")
    assert answer.get_by_label("Points (0 to 2)").input_value() == "0"            # -0.5, clipped at 0
    item = page.locator("form:has(button:text-is('Change item r1'))")
    item.get_by_label("Points").fill("1")
    item.get_by_label("Text").fill("Names the cancellation")
    item.get_by_role("button").click()
    page.wait_for_selector("label:text-is(' Names the cancellation (1)')", timeout=20_000)
    row = by_student(book)["bob"]
    assert (row["points"], row["comment"]) == ("1", "Names the cancellation (+1)")


def test_a_split_answer_is_graded_alone_and_two_tas_at_once_lose_nothing(served, book):  # noqa: F811
    server, tab = served
    c = codes(book)
    one, two = tab(), tab()
    second = max(c["ada"], c["cy"])
    one.get_by_role("button", name=f"Split {second} off").click()
    one.wait_for_selector(f"h3:text-is('Answer {second}')")
    two.reload()
    for page, code, points in ((one, second, "2"), (two, c["dan"], "1")):
        card(page, code).get_by_label("Points (0 to 2)").fill(points)
    # both pages open at once, each saving what the other does not show yet (requests truly at once:
    # tests/test_grading_app.py::test_two_tas_at_once_lose_nothing)
    card(one, second).get_by_role("button", name="Save").click()
    card(two, c["dan"]).get_by_role("button", name="Save").click()
    for page, code in ((one, second), (two, c["dan"])):
        page.wait_for_selector(f"section.answer.done:has(h3:text-is('Answer {code}'))")
        assert page.locator("#status").text_content().startswith(f"Saved {code}: ")
    rows = by_student(book)
    assert (rows["ada" if second == c["ada"] else "cy"]["points"], rows["dan"]["points"]) == ("2", "1")
    assert rows["ada" if second == c["cy"] else "cy"]["points"] == "", "the split answer's old group was graded too"


def test_the_grading_app_pages_have_no_axe_violation(served, book):  # noqa: F811
    server, tab = served
    page = tab()
    assert axe_violations(page) == []
    page.goto(server.url)
    assert axe_violations(page) == []
