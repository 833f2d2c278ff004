"""markdown_escape: data text rendered as Markdown shows its own characters and no markup."""

from __future__ import annotations

import html
import re

import pytest
from nbconvert.filters import markdown2html

from analysis.core.text import markdown_escape

WAYS_IN = [
    "[x](javascript:alert(1))",
    "![x](http://example.com/x.png)",
    "<img src=x onerror=alert(1)>",
    '<a href="data:text/html,<script>alert(1)</script>">d</a>',
    "<svg onload=alert(1)>",
    "<javascript:alert(1)>",
    "see http://example.com/x.png and www.example.com",
    "[r][ref]\n\n[ref]: javascript:alert(1)",
    "`code` *em* __strong__ ~~gone~~ $x$ | a | b |",
    "# heading",
    "- item",
    "1. item",
    "text\n===",
    "a \\[ backslash \\\\ then [x](javascript:alert(1))",
    "&#106;avascript:alert(1) &amp; &lt;b&gt;",
]


def _text(rendered: str) -> str:
    """Return what a reader sees of rendered HTML: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


@pytest.mark.parametrize("data", WAYS_IN)
def test_escaped_data_renders_as_its_own_characters_and_no_markup(data):
    rendered = markdown2html(markdown_escape(data))
    assert re.findall(r"<(?!/?p>)[a-z]", rendered) == []  # nothing but the paragraph itself
    assert _text(rendered) == " ".join(data.split())


def test_words_and_numbers_of_a_finding_are_left_as_written():
    finding = "Pakistan's **38,299.2 USD million** in FY2024-25 (+8.6 %); sarima_eid MAPE 15.8 % → 9.2 %."
    assert markdown_escape(finding, keep="*") == finding.replace("'", "'")
    assert markdown_escape("**bold**") == "\\*\\*bold\\*\\*"  # without keep, even emphasis is text


def test_kept_emphasis_still_renders_and_data_links_do_not():
    rendered = markdown2html(markdown_escape("**6 of 8** claims; [x](javascript:alert(1))", keep="*"))
    assert "<strong>6 of 8</strong>" in rendered and "<a" not in rendered
