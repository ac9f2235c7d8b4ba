"""Student and TA text on the grader's pages: no markup of theirs can restyle, script or relink a page.

Issue 17, item 4: ``$\\verb|<style>.answer{display:none}</style>|$`` in one written answer hid every
other answer on the TA's grading page.  Every payload below is written where a student (an answer, a
diagnosis quoting their code, a cell's error) or a TA (a comment) puts text, each page kind is built by
the grader's own functions, and the page is read back with the standard library's HTML parser: only
allow-listed elements and attributes, no ``style`` anywhere but the page's own stylesheet, no URL but
http, https and mailto, and a Content-Security-Policy with no ``'unsafe-inline'``.  Hypothesis then feeds
the renderer arbitrary text and mixtures of the payloads; honest Markdown and math must still come out
as HTML and MathML.  What a browser makes of a page is in tests/test_browser_grading.py.
"""

import base64
import hashlib
import html.parser
import json
import pathlib
import re

import latex2mathml.commands
import pytest
from hypothesis import given, settings, strategies as st

from course_utils.grading import csvsafe, exports, feedback, gradebook, manual, render, sanitize

ROOT = pathlib.Path(__file__).resolve().parent.parent
ISSUE = r"$\verb|<style>.answer{display:none}</style>|$ Answer hidden: see the TA."
PAYLOADS = [
    ISSUE,
    # tags and attributes, as raw HTML (markdown-it shows it as text) and inside math
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<iframe src=https://evil.example></iframe>",
    "<object data=x.swf></object>", "<form action=https://evil.example><input name=p></form>",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>', "<div style=display:none>x</div>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>", '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    # CSS
    "<style>.answer{display:none}</style>", "<style>@import url(https://evil.example/x.css);</style>",
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:white">x</p>',
    # URLs in Markdown: inline links, autolinks, images, reference links, entities and mixed case
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))",
    "[x](java\tscript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))", "[x]( javascript:alert(1))", "<javascript:alert(1)>", "<data:text/html,x>",
    "<VBSCRIPT:msgbox(1)>", "![x](javascript:alert(1))", "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "![x](https://evil.example/track.png)", "[x][r]\n\n[r]: javascript:alert(1)", "[x][r]\n\n[r]: data:text/html,x",
    "[x](./../records/student/hw.json)", "[x](//evil.example/)",
    # MathML written as HTML
    "<math><mtext><style>.answer{display:none}</style></mtext></math>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><maction actiontype="toggle"><mi>a</mi><mi>b</mi></maction></math>',
    '<math href="javascript:alert(1)"><mi href="https://evil.example" style="color:red">x</mi></math>',
    '<math><annotation-xml encoding="text/html"><style>.answer{display:none}</style></annotation-xml></math>',
    # markup inside TeX
    r"$\text{<style>.answer{display:none}</style>}$", r"$\mbox{<img src=x onerror=alert(1)>}$",
    r"$\verb|<script>alert(1)</script>|$", r"$\textrm{<b style='color:red'>x</b>}$",
    r"$\operatorname{<svg onload=alert(1)>}$", r"$\href{javascript:alert(1)}{x}$", r"$\url{javascript:alert(1)}$",
    r"$\style{display:none}{x}$", r"$\class{answer}{x}$", r"$\mathrm{<style>}x$",
    r"$$\text{</math><style>p{}</style>}$$",
    r"$\color{red;background:url(https://evil.example)}{x}$", r"$\text{&lt;style&gt;}$", r"$\unicode{x3C}style$",
    # NUL bytes, entities, very long input
    "\x00<script>alert(1)</script>\x00", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;style&#x3E;p{}&#x3C;/style&#x3E;",
    "<scr\x00ipt>alert(1)</scr\x00ipt>", "[x](java\x00script:alert(1))",
    "<style>" + "x" * 50000 + "</style>", "$" + r"\text{<b>}" * 2000 + "$", "> " * 500 + "<style>p{}</style>",
]
NEVER_TAGS = {"style", "script", "svg", "iframe", "object", "embed", "form", "input", "img", "link", "base",
              "maction", "semantics", "annotation", "annotation-xml", "foreignobject", "template", "frame",
              "frameset", "applet", "audio", "video", "source", "meta"}
NEVER_ATTRIBUTES = {"style", "class", "id", "src", "srcset", "action", "formaction", "xlink:href", "background",
                    "poster", "data"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "cite"}
SAFE_SCHEMES = {"http", "https", "mailto"}
# the page's own markup: its elements, their attributes, and the classes STYLE gives a look to
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "div", "table", "tr", "th", "td", "p",
             "b", "code", "ul", "li", "br"}
HEAD_ATTRIBUTES = {("meta", "charset"), ("meta", "http-equiv"), ("meta", "content"), ("meta", "name")}
PAGE_CLASSES = {"", "answer", "answers", "prompt", "written", "code", "muted", "correct", "incorrect", "error",
                "timeout", "forbidden"}
HEAD_ONLY = {"meta", "title", "style"}
TEXT_ATTRIBUTES = {("a", "rel")} | {(tag, a) for tag, names in sanitize.ATTRIBUTES.items() for a in names}


def scheme(url):
    """The scheme a browser reads in ``url`` (it drops leading spaces and control characters, tabs, newlines)."""
    url = re.sub(r"^[\x00-\x20]+", "", re.sub(r"[\t\n\r]", "", url))
    found = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return found.group(1).lower() if found else ""


class Audit(html.parser.HTMLParser):
    """Reads a page or a fragment and lists what a student's or TA's text must never put there."""

    def __init__(self, classes):
        super().__init__(convert_charrefs=True)
        self.classes, self.problems, self.in_head, self.styles, self.csp = classes, [], False, [], []
        self._style = None

    def handle_starttag(self, tag, attrs):
        self.in_head |= tag == "head"
        if tag in NEVER_TAGS and not (tag in HEAD_ONLY and self.in_head):
            self.problems.append(f"<{tag}> outside the page's head")
        if tag not in PAGE_TAGS | sanitize.HTML_TAGS | sanitize.MATHML_TAGS:
            self.problems.append(f"<{tag}> is not allow-listed")
        for name, value in attrs:
            value = value or ""
            allowed = ((tag, name) in HEAD_ATTRIBUTES and self.in_head or (tag, name) in TEXT_ATTRIBUTES
                       or (tag, name) == ("html", "lang") or name == "class" and value in self.classes)
            if name.startswith("on") or (name in NEVER_ATTRIBUTES and name != "class") or not allowed:
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and (tag != "a" or scheme(value) not in SAFE_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>: not an http, https or mailto link")
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.csp.append(dict(attrs).get("content", ""))
        if tag == "style":
            self._style = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self.in_head &= tag != "head"
        if tag == "style" and self._style is not None:
            self.styles.append("".join(self._style))
            self._style = None

    def handle_data(self, data):
        if self._style is not None:
            self._style.append(data)

    def handle_comment(self, data):
        self.problems.append(f"a comment: {data[:40]!r}")

    def handle_pi(self, data):
        self.problems.append(f"a processing instruction: {data[:40]!r}")


def audit(text, classes=PAGE_CLASSES):
    """What ``text`` (a page or a fragment) has that it must not, as a list of problems; and its reader."""
    reader = Audit(classes)
    reader.feed(text)
    reader.close()
    return reader.problems, reader


def audit_fragment(fragment):
    """The problems of rendered text, where no element has a class (but the ``.written`` box of Markdown)."""
    found = re.fullmatch(r'<div class="written">(.*)</div>', fragment, re.S)
    return audit(found.group(1) if found else fragment, classes=())[0]


def audit_page(text):
    """``audit`` a complete page, and its policy: the page's own stylesheet only, by hash, and no unsafe-inline."""
    problems, reader = audit(text)
    if not text.startswith("<!DOCTYPE html>"):
        problems.append("no <!DOCTYPE html> first")
    if len(reader.csp) != 1:
        problems.append(f"expected one Content-Security-Policy meta; got {len(reader.csp)}")
    for policy in reader.csp:
        problems += [f"the policy allows {word}" for word in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "*")
                     if word in policy]
        digest = base64.b64encode(hashlib.sha256(render.STYLE.encode()).digest()).decode()
        if f"style-src 'sha256-{digest}'" not in policy or "default-src 'none'" not in policy:
            problems.append(f"the policy does not allow the page's stylesheet alone: {policy}")
    if reader.styles != [render.STYLE]:
        problems.append(f"expected the page's stylesheet alone; got {len(reader.styles)} stylesheets")
    return problems


def feedback_record(payload):
    """A graded record with ``payload`` wherever a student or a TA put text into it."""
    return gradebook.totals({
        "student": "student_alpha", "homework": "hw1",
        "questions": [{"function": "softmax", "score": 0.0, "points": 2.0, "status": "incorrect",
                       "diagnosis": payload},
                      {"function": payload, "score": 0.0, "points": 1.0, "status": payload, "diagnosis": "x"}],
        "written": [{"id": "q_shift", "points": 2.0, "prompt": "Why?", "answer": payload, "answered": True,
                     "score": 1.0, "comment": payload}],
        "error": payload, "cells_with_errors": [{"cell": 3, "error": payload, "message": payload}],
        "notes": [payload]})


def written_records(answers):
    """Records of one homework whose written answer q_shift is each of ``answers`` in turn."""
    return [gradebook.totals({"student": f"student_{i}", "homework": "hw1", "questions": [], "error": "",
                              "written": [{"id": "q_shift", "points": 2.0, "prompt": "Show $\\sigma(a-c)=\\sigma(a)$.",
                                           "answer": a, "answered": True, "score": None, "comment": ""}]})
            for i, a in enumerate(answers)]


HONEST = r"Because $\sigma_k = e^{a_k}/\sum_j e^{a_j}$ for *every* $k$."


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_a_written_answer_cannot_put_markup_on_the_tas_grading_page(tmp_path, payload):
    manual.write_sheets(tmp_path, written_records([payload, HONEST]))
    page = (tmp_path / "manual" / "hw1" / "q_shift.html").read_text()
    assert audit_page(page) == []
    assert page.count('<div class="answer">') == 2 and "<msub>" in page       # the honest answer is there too


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_nothing_a_student_or_ta_wrote_puts_markup_on_the_feedback_page(payload):
    assert audit_page(feedback.page(feedback_record(payload))) == []


def test_a_ta_comment_reaches_the_feedback_page_as_text(tmp_path):
    """The comment goes the real way: typed into the grading sheet, merged, exported."""
    records = written_records([HONEST])
    gradebook.write_record(tmp_path, records[0])
    manual.write_sheets(tmp_path, records)
    sheet = tmp_path / "manual" / "hw1" / "q_shift.csv"
    rows = manual.read_sheet(sheet)
    (code, (_, row)), = rows.items()
    comment = "<style>.answer{display:none}</style><img src=x onerror=alert(1)> [x](javascript:alert(1))"
    sheet.write_text(csvsafe.text([list(manual.SHEET), [code, row["max_points"], "1", comment]]))
    assert manual.merge(tmp_path) == (1, 0)
    exports.write_exports(tmp_path)
    pages = sorted(tmp_path.rglob("*.html"))
    assert [p.relative_to(tmp_path).as_posix() for p in pages] == ["feedback/student_0/hw1.html",
                                                                    "manual/hw1/q_shift.html"]
    for path in pages:
        assert audit_page(path.read_text()) == [], path
    assert "&lt;style&gt;.answer{display:none}&lt;/style&gt;" in pages[0].read_text()    # shown, as text


def test_the_issues_answer_is_shown_as_text_and_hides_no_other(tmp_path):
    manual.write_sheets(tmp_path, written_records([ISSUE, HONEST, "Another *honest* answer."]))
    page = (tmp_path / "manual" / "hw1" / "q_shift.html").read_text()
    assert "&lt;style&gt;.answer{display:none}&lt;/style&gt;</mtext>" in page
    assert page.count('<div class="answer">') == 3 and "<em>honest</em>" in page


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_rendered_markdown_and_text_keep_to_the_allow_list(payload):
    for fragment in (render.markdown(payload), render.text(payload)):
        assert audit_fragment(fragment) == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_the_sanitizer_alone_removes_what_the_payloads_would_put_on_a_page(payload):
    """Each payload taken as HTML, as if the rendering before the sanitizer had let all of it through."""
    assert audit_fragment(sanitize.clean(payload)) == []


def test_the_allow_list_lets_no_dangerous_element_or_attribute_through():
    allowed_tags = sanitize.HTML_TAGS | sanitize.MATHML_TAGS
    assert allowed_tags & NEVER_TAGS == set() and allowed_tags & sanitize.DROPPED == set()
    for tag, names in sanitize.ATTRIBUTES.items():
        assert not names & NEVER_ATTRIBUTES and not any(n.startswith("on") for n in names), tag
        assert "href" not in names or tag == "a", tag
    assert sanitize.URL_SCHEMES == SAFE_SCHEMES


def test_the_page_policy_allows_no_inline_style_or_script():
    assert "unsafe-inline" not in render.CSP and "script-src" not in render.CSP
    assert audit_page(render.page("t", "<p>x</p>")) == []


def test_the_audit_catches_what_the_pages_once_let_through():
    """The checks above can fail: the page of the issue, as the grader wrote it before, is refused."""
    old = render.page("t", '<p><math><mrow><mtext mathvariant="monospace"><style>.answer{display:none}</style>'
                           "</mtext></mrow></math></p>").replace(render.CSP, "default-src 'none'; style-src "
                                                                           "'unsafe-inline'")
    problems = audit_page(old)
    assert "<style> outside the page's head" in problems and "the policy allows unsafe-inline" in problems
    assert audit('<a href=" jAvAsCrIpT:x">x</a><mi href="https://x" style="c" onclick="x">y</mi>')[0] == [
        "<a href=' jAvAsCrIpT:x'>: not an http, https or mailto link", "<mi href='https://x'>",
        "<mi href='https://x'>: not an http, https or mailto link", "<mi style='c'>", "<mi onclick='x'>"]
    assert audit_fragment('<div class="written"><p class="answer">x</p></div>') == ["<p class='answer'>"]


def test_clean_refuses_what_is_not_text():
    with pytest.raises(ValueError, match=r"expected an HTML fragment \(str\); got NoneType"):
        sanitize.clean(None)


# ---------------------------------------------------------------- honest text still renders


class Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, sorted(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def elements(fragment):
    """``([(tag, sorted attributes)], text)`` of ``fragment``, in document order."""
    reader = Elements()
    reader.feed(fragment)
    reader.close()
    return reader.found, "".join(reader.text)


@pytest.mark.parametrize("source, expected", [
    (HONEST, ["math", "msub", "msup", "em"]),
    ("- one\n- two\n\n3. three\n4. four", ["ul", "li", "ol", "li"]),
    ("**strong** and `code` and _em_", ["strong", "code", "em"]),
    ("# Title\n\n> quoted\n\n---\n\n```\nx = 1\n```", ["h1", "blockquote", "hr", "pre", "code"]),
    ("line  \nbreak", ["br"]),
    (r"$$\begin{pmatrix} a & b \\ c & d \end{pmatrix}$$", ["math", "mtable", "mtr", "mtd"]),
    (r"$\frac{\partial \ell}{\partial W} = X^\top (Y - S)$", ["mfrac", "msup"]),
    (r"$\sqrt{x} \sqrt[3]{y} \hat{w} \boxed{z}$ $$\sum_{i=1}^N$$",
     ["msqrt", "mroot", "mover", "menclose", "munderover"]),
])
def test_honest_markdown_and_math_still_render(source, expected):
    tags = [t for t, _ in elements(render.markdown(source))[0]]
    assert all(t in tags for t in expected), tags


def test_safe_links_stay_links():
    found, _ = elements(render.markdown("[a](https://numpy.org/doc/) <http://x.org> <mailto:ta@example.edu> "
                                        "[rel](./notes.html)"))
    hrefs = [dict(attrs).get("href") for tag, attrs in found if tag == "a"]
    assert hrefs == ["https://numpy.org/doc/", "http://x.org", "mailto:ta@example.edu", None]


def test_markup_inside_tex_text_is_shown_as_typed():
    found, text = elements(render.markdown(r"$\text{if a < b & c > d}$ and $\verb|<b>|$"))
    assert "b" not in [t for t, _ in found] and "if\xa0a\xa0<\xa0b\xa0&\xa0c\xa0>\xa0d" in text and "<b>" in text


def course_formulas():
    """Every formula of the course's lectures and worked solutions, as written in their markdown cells."""
    formulas = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            source = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
            formulas |= set(re.findall(r"\$\$(.+?)\$\$", source, re.S))
            formulas |= set(re.findall(r"(?<![$\\])\$([^$\n]+?)\$(?!\$)", source))
    return sorted(formulas)


def test_the_allow_list_keeps_all_the_math_latex2mathml_writes_for_the_course():
    """Every element, attribute and character of the course's math comes through the sanitizer unchanged."""
    formulas = course_formulas()
    assert len(formulas) > 1000
    changed = []
    for tex in formulas:
        for display in (False, True):
            mathml = render._math(tex, display)
            if mathml.startswith("<math") and elements(sanitize.clean(mathml)) != elements(mathml):
                changed.append(tex)
    assert changed == []


COMMANDS = sorted(set(re.findall(r'r"(\\[a-zA-Z]+)"', pathlib.Path(latex2mathml.commands.__file__).read_text())))
ARGUMENTS = ["", "{x}", "{x}{y}", "{x}{y}{z}", "[2]{x}", "{1em}", "{red}{x}", "{-1em}{2em}{x}", " x"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(COMMANDS), st.sampled_from(ARGUMENTS))
def test_the_allow_list_keeps_what_latex2mathml_writes_for_any_of_its_commands(command, arguments):
    """Every element and all the text; an attribute goes only if it is no MathML or its value no length or word."""
    assert len(COMMANDS) > 250, "latex2mathml keeps its commands elsewhere now"
    mathml = render._math(command + arguments, False)
    (tags, text), (kept, kept_text) = elements(mathml), elements(sanitize.clean(mathml))
    assert [t for t, _ in kept] == [t for t, _ in tags] and kept_text == text
    dropped = {(name, value) for (_, a), (_, b) in zip(tags, kept) for name, value in set(a) - set(b)}
    assert all(name == "border-color" or "[" in value for name, value in dropped), dropped


# ---------------------------------------------------------------- fuzzing

FRAGMENTS = sorted({piece for p in PAYLOADS if len(p) < 300 for piece in re.split(r"(?<=[>|}$)\]])", p) if piece}
                   | {"$", "$$", "\\", "`", "*", "\n\n", "<", "&"})
FAST = settings(max_examples=120, deadline=None)


MARKUP = "<>/='\"&#;:$\\{}|`[]()! \nabcdefhilmnoprstvxy"


@FAST
@given(st.text(max_size=400) | st.text(MARKUP, max_size=400))
def test_any_text_renders_to_allow_listed_html_only(source):
    for fragment in (render.markdown(source), render.text(source)):
        assert audit_fragment(fragment) == []


@FAST
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join))
def test_any_mixture_of_the_payloads_renders_to_allow_listed_html_only(source):
    assert audit_fragment(render.markdown(source)) == []
    assert audit_fragment(render.markdown(f"${source}$")) == []


@FAST
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_escaped_text_is_kept_whole(value):
    fragment = render.text(value)
    assert audit_fragment(fragment) == []
    assert html.unescape(fragment.replace("<br>", "\n")) == value
