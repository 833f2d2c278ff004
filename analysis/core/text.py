"""Data text made inert for Markdown: a string from a data file never becomes a link, image or HTML.

Markdown renderers (JupyterLab's, nbconvert's) turn ``[x](javascript:…)`` into a live link,
``![x](http://…)`` into a remote image and ``<img …>`` into HTML. :func:`markdown_escape` returns
text that renders as the same characters, with none of that markup.
"""

from __future__ import annotations

import html
import re

# Inline Markdown (CommonMark + GFM + Lab's $math$) that can start markup: backslash-escaped.
_INLINE = "\\`*_[]!~|$"
# Block markup is only read at the start of a line: headings, quotes, lists, rules.
_LINE_START = re.compile(r"^(\s*)([#+\-=])|^(\s*\d+)([.)])")
_WORD = re.compile(r"[^\W_]")  # a letter or digit, not "_"


def markdown_escape(text: str, keep: str = "") -> str:
    """Return ``text`` as inert Markdown: HTML escaped, link/image/code/emphasis characters escaped.

    Line breaks become spaces (data text is shown inline); ``://`` is escaped so that no bare
    address becomes a link. ``keep`` names characters left as
    markup (``show_finding`` keeps ``*`` for its ``**bold**``). An ``_`` between two word
    characters is left alone: Markdown never reads it as emphasis (``sarima_eid`` stays as written).
    """
    text = html.escape(" ".join(str(text).splitlines()), quote=False)
    out = []
    for i, char in enumerate(text):
        if char in _INLINE and char not in keep and not _intraword_underscore(text, i):
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = "".join(out).replace("://", "\\://")  # no bare address turned into a link (GFM autolink)
    return _LINE_START.sub(lambda m: "\\".join(g for g in m.groups() if g is not None), escaped, 1)


def _intraword_underscore(text: str, i: int) -> bool:
    """Return True for an ``_`` with a word character on both sides."""
    return (
        text[i] == "_"
        and 0 < i < len(text) - 1
        and bool(_WORD.match(text[i - 1]))
        and bool(_WORD.match(text[i + 1]))
    )
