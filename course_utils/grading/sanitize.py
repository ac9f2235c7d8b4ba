"""The allow-list every student's and TA's text passes on its way into a page the grader writes.

A written answer, a diagnosis, a cell's error, a TA's comment: each is
rendered (Markdown, math as MathML) or escaped, and then cleaned by nh3,
the Python binding of Rust's ammonia, a maintained HTML sanitizer that parses
the fragment as a browser would (html5ever, MathML namespaces included) and
writes back only what is listed here:

* the HTML markdown-it produces (paragraphs, emphasis, code, lists,
  headings, block quotes, rules, line breaks, links);
* the MathML latex2mathml produces (the elements and presentational
  attributes found by rendering every command and environment it knows);
* links to ``http``, ``https`` and ``mailto`` addresses only.

No ``style``, ``class``, ``id``, event handler, ``src`` or MathML ``href``
survives, nor ``<style>``, ``<script>``, ``<svg>``, ``<iframe>``,
``<object>``, ``<form>`` or ``<img>``.  Every kept MathML attribute value
is a short word, length or colour (``-0.167em``, ``bold``, ``#ff0000``).
"""

import re
import urllib.parse

import nh3

HTML_TAGS = frozenset({"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
                       "h1", "h2", "h3", "h4", "h5", "h6"})
MATHML_TAGS = frozenset({"math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "mstyle", "mpadded", "mphantom",
                         "mfrac", "msqrt", "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover",
                         "menclose", "mtable", "mtr", "mtd"})
MATHML_ATTRIBUTES = frozenset({
    "display", "xmlns", "mathvariant", "mathsize", "mathcolor", "mathbackground", "displaystyle", "scriptlevel",
    "stretchy", "fence", "separator", "form", "largeop", "movablelimits", "accent", "lspace", "rspace",
    "minsize", "maxsize", "linethickness", "notation", "width", "height", "depth", "voffset", "linebreak",
    "rowspacing", "columnspacing", "columnalign", "columnlines"})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, **{tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with everything inside them (other tags not listed go, their text stays).
DROPPED = frozenset({"script", "style", "template", "noscript", "textarea", "title", "xmp", "noembed", "noframes",
                     "iframe", "object", "embed", "svg"})
MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
_WORD = re.compile(r"[A-Za-z0-9#.+\- ]{0,40}")


def _value(tag, attribute, value):
    """The attribute's value if it is safe to keep, else ``None`` (nh3 then drops the attribute)."""
    if attribute == "href":
        return value if urllib.parse.urlsplit(value.strip()).scheme.lower() in URL_SCHEMES else None
    if attribute == "xmlns":
        return value if value == MATHML_NAMESPACE else None
    if tag in MATHML_TAGS:
        return value if _WORD.fullmatch(value) else None
    return value


def clean(fragment):
    """``fragment`` (HTML text) with only the allow-listed elements, attributes and URLs kept.

    Parameters
    ----------
    fragment : str
        An HTML fragment: rendered Markdown and MathML, or escaped text.

    Returns
    -------
    str
        The same fragment, parsed as a browser would and written back with everything
        not allowed removed.

    Raises
    ------
    ValueError
        If ``fragment`` is not a string.
    """
    if not isinstance(fragment, str):
        raise ValueError(f"expected an HTML fragment (str); got {type(fragment).__name__}")
    return nh3.clean(fragment, tags=set(HTML_TAGS | MATHML_TAGS), clean_content_tags=set(DROPPED),
                     attributes=ATTRIBUTES, attribute_filter=_value, url_schemes=set(URL_SCHEMES),
                     strip_comments=True, link_rel="noopener noreferrer")
