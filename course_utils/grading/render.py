"""Student text as safe, offline HTML: Markdown with its math as MathML, in pages that run no script.

Written answers and feedback pages are opened by TAs and students in a
browser, and a written answer is text a student chose.  So the Markdown is
rendered by markdown-it-py with raw HTML off (``<script>`` shows as text,
``javascript:`` links are refused), its ``$...$`` and ``$$...$$`` math is
converted to MathML by latex2mathml (browsers draw MathML themselves: no
MathJax, no network), with the text of ``\\text{}``, ``\\verb||`` and the
like escaped, and what comes out passes the allow-list of
:mod:`course_utils.grading.sanitize`; plain text (a diagnosis, a comment) is
escaped and passes it too.  Every page carries a Content-Security-Policy
that allows no script, no remote resource, no form, and no style but the
page's own stylesheet (named by its SHA-256), so neither a ``<style>`` nor a
``style`` attribute that got through would apply.  Rendered Markdown sits in
a box (``.written``) that clips what it draws, so math moved or padded out of
place cannot cover the page around it.
"""

import base64
import functools
import hashlib
import html
import re
from xml.etree.ElementTree import tostring

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from . import sanitize

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ccc; padding: .4rem; text-align: left;
vertical-align: top; } .answer { border: 1px solid #ccc; border-radius: 6px; padding: .2rem 1rem; margin: 1rem 0; }
.code { font-family: monospace; font-size: .9rem; } .muted { color: #666; } .correct { color: #155724; }
.incorrect, .error, .timeout, .forbidden { color: #842029; } .prompt { background: #f6f6f6; padding: .2rem 1rem; }
.answers { display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: 0 1rem; }
.written { overflow-x: auto; contain: paint; }
"""
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CSP = f"default-src 'none'; style-src '{STYLE_HASH}'; form-action 'none'; base-uri 'none'"
# latex2mathml writes its symbols into the text of its elements as character references ("&#x0003C;"), and its
# convert() unescapes the whole serialized tree to restore them: the markup in a \text{} or \verb|| too, so
# "<style>" there became a tag.  Here the tree is serialized escaped, and only those references are restored.
_REFERENCE = re.compile(r"&amp;(#x[0-9A-Fa-f]+;)")
_TOKENS = ("mi", "mn", "mo", "mtext")     # MathML elements of text: an element inside one would be read as HTML
_UNSAFE_TEX = re.compile(r"\\(href|url|html|class|style|require|includegraphics)\b")


@functools.lru_cache(maxsize=4096)
def _math(tex, display):
    """MathML for ``tex``, or the TeX itself as code when it cannot be converted (or could carry a link).

    Remembered: a class writes the same formulas again and again, and converting one costs about a millisecond.
    """
    if not _UNSAFE_TEX.search(tex):
        try:
            from latex2mathml.converter import convert_to_element

            element = convert_to_element(tex, display="block" if display else "inline")
            for token in [e for e in element.iter() if e.tag in _TOKENS and len(e)]:
                token.text, token[:] = "".join(token.itertext()), []        # \mathbin{x}: <mo><mrow><mi>x
            return _REFERENCE.sub(r"&\1", tostring(element, encoding="unicode"))
        except Exception:  # noqa: BLE001 - any TeX a student wrote
            pass
    escaped = html.escape(tex)
    return f"<code>{'$$' if display else '$'}{escaped}{'$$' if display else '$'}</code>"


def _markdown():
    md = MarkdownIt("commonmark", {"html": False}).use(dollarmath_plugin, double_inline=True)
    md.add_render_rule("math_inline", lambda self, tokens, idx, options, env: _math(tokens[idx].content, False))
    md.add_render_rule("math_block", lambda self, tokens, idx, options, env: _math(tokens[idx].content, True))
    md.add_render_rule("math_inline_double",
                       lambda self, tokens, idx, options, env: _math(tokens[idx].content, True))
    md.add_render_rule("image", lambda self, tokens, idx, options, env:     # no image: its alt text stays
                       html.escape(self.renderInlineAsText(tokens[idx].children, options, env)))
    return md


_MD = None


def markdown(text):
    """Markdown with math, as safe HTML (no raw HTML, no script, math as MathML), in a ``.written`` box."""
    return _markdown_html(str(text))


@functools.lru_cache(maxsize=1024)
def _markdown_html(text):
    """:func:`markdown` of a string, remembered: prompts and unedited answers repeat across a class."""
    global _MD
    if _MD is None:
        _MD = _markdown()
    return f'<div class="written">{sanitize.clean(_MD.render(text))}</div>'


def text(value):
    """Plain text (a diagnosis, an error message, a comment) as HTML: escaped, line breaks kept."""
    return sanitize.clean(html.escape(str(value)).replace("\n", "<br>"))


def page(title, body):
    """A complete, standalone HTML page that runs no script and loads nothing from elsewhere."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n"
            f"<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")
