"""The allow-list a report's HTML passes before it is written: nothing from data can run or fetch.

Applied (with bleach) to everything a notebook put on the page: rendered Markdown and the outputs.
Kept: text markup, tables, lists, headings with their anchors, figures with captions, links to
http(s), relative and in-page (``#…``) addresses, images embedded as ``data:image/png;base64``, and
``data:text/csv`` links only on ``<a download>`` (the embedded table downloads). Gone: scripts,
``on*`` handlers, SVG and MathML, frames, forms, remote images, ``javascript:`` and other
schemes, and ``style`` beyond a few text properties (never ``url(``). A disallowed tag is shown
as text, not silently dropped, so a reader sees what the data held.
"""

from __future__ import annotations

import functools
import re

TAGS = frozenset(
    "a abbr article b blockquote br caption code col colgroup dd del div dl dt em figcaption figure h1 "
    "h2 h3 h4 h5 h6 hr i img ins kbd li mark nav ol p pre s samp section small span strong sub sup "
    "table tbody td tfoot th thead tr u ul var".split()
)
_COMMON = ["class", "id", "title", "tabindex", "lang", "dir", "role", "data-mime-type", "style"]
ATTRIBUTES = {
    "*": _COMMON,
    "a": [*_COMMON, "href", "download"],
    "img": [*_COMMON, "src", "alt", "width", "height"],
    "td": [*_COMMON, "colspan", "rowspan"],
    "th": [*_COMMON, "colspan", "rowspan", "scope"],
    "col": [*_COMMON, "span"],
    "colgroup": [*_COMMON, "span"],
    "ol": [*_COMMON, "start"],
}
# CSS properties a table or text may set inline; none of them can load anything.
CSS_PROPERTIES = frozenset(
    "text-align vertical-align white-space color background-color font-weight font-style "
    "font-variant-numeric text-decoration".split()
)
PROTOCOLS = frozenset({"http", "https", "data"})  # data: narrowed below to the two embedded kinds
_PNG = "data:image/png;base64,"
_CSV = re.compile(r"data:text/csv(;charset=utf-8)?;base64,")
_INVISIBLE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")  # what browsers ignore inside a URL


def _normalised(url: str) -> str:
    """Return ``url`` as a browser reads its scheme: no whitespace or control characters, lower case."""
    return _INVISIBLE.sub("", url).lower()


def _embedded_only():
    """Return an html5lib filter class: ``data:`` only as a PNG image or a CSV download, else removed."""
    from bleach.html5lib_shim import Filter

    class EmbeddedOnly(Filter):
        def __iter__(self):
            for token in Filter.__iter__(self):
                if token.get("name") == "img" and token["type"] in ("StartTag", "EmptyTag"):
                    if not _normalised(token["data"].get((None, "src"), "")).startswith(_PNG):
                        continue  # a remote or script image is left out entirely
                if token.get("name") == "a" and token["type"] == "StartTag":
                    attrs = token["data"]
                    href = _normalised(attrs.get((None, "href"), ""))
                    if href.startswith("data:") and not ((None, "download") in attrs and _CSV.match(href)):
                        del attrs[(None, "href")]
                yield token

    return EmbeddedOnly


def _style_allowed(_tag: str, name: str, value: str) -> bool:
    """Return False for a ``style`` that names a URL or an expression (also when CSS-escaped)."""
    if name != "style":
        return True
    flat = _normalised(value).replace("\\", "")
    return not any(word in flat for word in ("url(", "expression(", "image(", "@import"))


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    """Return True for an attribute on the allow-list (per tag or for every tag) with a safe style."""
    allowed = name in ATTRIBUTES.get(tag, ATTRIBUTES["*"])
    return allowed and _style_allowed(tag, name, value)


@functools.lru_cache(maxsize=1)
def _cleaner():
    """Return the bleach Cleaner for report HTML (built once per process)."""
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    return bleach.Cleaner(
        tags=TAGS,
        attributes=_attribute_allowed,
        protocols=PROTOCOLS,
        strip=False,
        strip_comments=True,
        css_sanitizer=CSSSanitizer(allowed_css_properties=CSS_PROPERTIES),
        filters=[_embedded_only()],
    )


def clean(fragment: str) -> str:
    """Return an HTML fragment with only allow-listed tags, attributes, styles and addresses."""
    return _cleaner().clean(fragment)
