"""Answer groups of the grading app: identical answers graded once, near-duplicates suggested.

Two answers are identical when their texts agree once white space and spacing-only TeX (``\\,``, ``\\quad``,
``\\left``, ...) are dropped and braces around one letter or digit are too (``e^{a}`` is ``e^a``) (:func:`normalize`).  Near-duplicates are pairs whose normalized texts have a
difflib similarity ratio of at least 0.9 (:func:`suggestions`); a TA confirms them before they are grouped.
"""

import difflib
import re

_SPACING = re.compile(r"\\[,;:! ]|\\q?quad\b|\\left\b|\\right\b|\s+")
_BRACED = re.compile(r"\{(\w)\}")           # e^{a} is e^a


def normalize(text):
    """An answer's text without white space and spacing-only TeX, for grouping identical answers.

    >>> normalize(r"$\\sigma_{k} \\, (1 - \\sigma_k)$") == normalize(r"$\\sigma_k(1-\\sigma_k)$")
    True
    """
    return _BRACED.sub(r"\1", _SPACING.sub("", str(text)))


def suggestions(texts, threshold=0.9, limit=400):
    """Pairs ``(a, b)`` of keys of ``texts`` ({key: normalized text}) that are near-duplicates (difflib's
    ratio at least ``threshold``), most similar first; only the first ``limit`` texts are compared."""
    keys = sorted(texts)[:limit]
    found = []
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            matcher = difflib.SequenceMatcher(None, texts[a], texts[b], autojunk=False)
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
                ratio = matcher.ratio()
                if ratio >= threshold:
                    found.append((ratio, a, b))
    return [(a, b) for _, a, b in sorted(found, key=lambda t: -t[0])]


def group(answers, split=(), merged=()):
    """[[codes]] of ``answers`` ({code: written entry}): identical answered ones together unless their code is in
    ``split``; each pair of ``merged`` joins its two groups.  Blank answers stay alone."""
    by_text = {}
    for code in sorted(answers):
        entry = answers[code]
        key = ("own", code) if code in split or not entry.get("answered") else \
            ("text", normalize(entry.get("answer", "")))
        by_text.setdefault(key, []).append(code)
    groups = list(by_text.values())
    for a, b in merged:
        ga = next((g for g in groups if a in g), None)
        gb = next((g for g in groups if b in g), None)
        if ga is not None and gb is not None and ga is not gb:
            ga.extend(gb)
            groups.remove(gb)
    return [sorted(g) for g in groups]
