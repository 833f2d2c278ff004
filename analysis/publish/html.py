"""The HTML of a report and of the index: the offline page template, the exporter, the index cards."""

from __future__ import annotations

import functools
import html
import json
import re
from html.parser import HTMLParser

from analysis.publish import sanitize
from analysis.publish.notebooks import title_and_question

_FINDING_TAGS = {"p", "b", "strong", "em", "i", "code"}  # all a finding's Markdown may render to
# The lab template without its CDN scripts (require.js, MathJax, mermaid): reports work offline.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style>__CSS__</style>{%- endblock html_head_css -%}
"""
# Wide tables wrap their cells rather than scroll: the whole table stays on screen.
_CSS = """
.g2g-nav { padding: 8px 20px; font: 13px sans-serif; display: flex; gap: 1.5em; flex-wrap: wrap; }
.g2g-toc { margin: 0 20px 0 calc(var(--jp-cell-prompt-width, 64px) + 20px); font: 13px sans-serif; }
.g2g-toc p { font-weight: bold; margin: 0.4em 0; }
.g2g-toc ol { margin: 0; padding-left: 1.6em; } .g2g-toc ol ol { list-style: lower-alpha; }
.jp-OutputArea-output:has(table.g2g-table) { overflow: visible; }
table.g2g-table { border-collapse: collapse; font-size: 12px; margin: 4px 0; table-layout: auto;
  max-width: 100%; }
table.g2g-table th, table.g2g-table td { padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left;
  white-space: normal; overflow-wrap: break-word; }
table.g2g-table th { overflow-wrap: anywhere; }  /* a long header breaks; a cell's word stays whole */
table.g2g-table td { font-variant-numeric: tabular-nums; }
.g2g-note { color: #555; font-size: 12px; }
"""
NAV = '<nav class="g2g-nav"><a href="index.html">&larr; All reports</a></nav>'
_MAIN = re.compile(r"<main>(.*)</main>", re.S)
_CELL = re.compile(r'<div class="jp-Cell(?=[ "])')  # a cell's outer element, not its parts
_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>gigs-to-growth: reports</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em;
       color: #222; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6em 1.2em; margin: 1em 0; }
.card h2 { font-size: 1.15em; margin: 0.3em 0; }
.question { color: #444; font-style: italic; }
.finding { border-left: 3px solid #1b7837; padding-left: 0.8em; }
.meta { color: #666; font-size: 0.85em; }
table.vintage { border-collapse: collapse; font-size: 0.85em; }
table.vintage th, table.vintage td { padding: 2px 8px; border-bottom: 1px solid #ddd; text-align: left;
       vertical-align: top; }
</style>
</head>
<body>
__BODY__
</body>
</html>
"""


@functools.lru_cache(maxsize=2)
def _exporter(code: bool):
    """Return the HTML exporter (one per ``code`` setting, reused: its template is compiled once)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        template_file="g2g.html.j2",
        extra_loaders=[DictLoader({"g2g.html.j2": _TEMPLATE.replace("__CSS__", _CSS)})],
        exclude_input=not code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def export_html(nb, code: bool = False) -> str:
    """Return the executed notebook as a self-contained HTML page (code cells hidden unless ``code``).

    Everything the notebook put on the page (rendered Markdown, outputs) passes the allow-list of
    :mod:`analysis.publish.sanitize`; the page's own style is kept. A table of contents of the
    notebook's headings follows the first cell, and :data:`NAV` leads back to the index.
    """
    title, _ = title_and_question(nb)
    page, _ = _exporter(bool(code)).from_notebook_node(nb, resources={"metadata": {"name": title}})
    found = _MAIN.findall(page)
    if len(found) != 1:
        raise ValueError(f"{title}: the exported page has {len(found)} <main> elements, not one")
    inner = sanitize.clean(found[0])
    cells = [m.start() for m in _CELL.finditer(inner)]
    at = cells[1] if len(cells) > 1 else 0
    inner = inner[:at] + toc_html(inner) + inner[at:]
    page = _MAIN.sub(lambda _: f"<main>{NAV}{inner}</main>", page)
    return page.rstrip("\n") + "\n"


class _Headings(HTMLParser):
    """Collect (level, id, text) of the h2 and h3 headings that carry an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[list] = []
        self._open: list | None = None
        self._in_anchor = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3") and attrs.get("id"):
            self._open = [int(tag[1]), attrs["id"], ""]
        self._in_anchor = self._in_anchor or (tag == "a" and "anchor-link" in (attrs.get("class") or ""))

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_anchor = False
        if self._open and tag == f"h{self._open[0]}":
            self._open[2] = " ".join(self._open[2].split())
            self.found.append(self._open)
            self._open = None

    def handle_data(self, data):
        if self._open and not self._in_anchor:
            self._open[2] += data


def toc_html(body: str) -> str:
    """Return a table of contents linking the h2 (and nested h3) headings of ``body`` ('' if none)."""
    parser = _Headings()
    parser.feed(body)
    parts, nested = [], False
    for level, anchor, text in parser.found:
        link = f'<a href="#{html.escape(anchor)}">{html.escape(text)}</a>'
        if level == 3 and parts:
            parts += [] if nested else ["<ol>"]
            parts.append(f"<li>{link}</li>")
            nested = True
            continue
        parts += (["</ol>"] if nested else []) + (["</li>"] if parts else []) + [f"<li>{link}"]
        nested = False
    if not parts:
        return ""
    parts += (["</ol>"] if nested else []) + ["</li>"]
    return f'<nav class="g2g-toc" aria-label="Contents"><p>Contents</p><ol>{"".join(parts)}</ol></nav>'


def link_neighbours(page: str, previous: dict | None, following: dict | None) -> str:
    """Return ``page`` with previous/next links (cards with ``file`` and ``title``) in its top bar."""
    links = [NAV.removeprefix('<nav class="g2g-nav">').removesuffix("</nav>")]
    for card, label in ((previous, "&lsaquo; Previous"), (following, "Next &rsaquo;")):
        if card:
            links.append(
                f'<a href="{html.escape(card["file"])}" rel="{"prev" if card is previous else "next"}">'
                f"{label}: {html.escape(card['title'])}</a>"
            )
    bar = '<nav class="g2g-nav">' + "".join(links) + "</nav>"
    if f"<main>{NAV}" not in page:
        raise ValueError("the report page has no top bar to add previous/next links to")
    return page.replace(f"<main>{NAV}", f"<main>{bar}", 1)


def index_html(cards: list[dict], params: dict | None = None, about: dict | None = None) -> str:
    """Return the index page: build facts, one card per report, the data vintage of each source.

    A card holds ``file``, ``title``, ``question``, ``finding`` (Markdown) and optionally
    ``parameters`` ([(name, value as written)]). ``about`` holds ``version``, ``built`` (a date),
    ``built_from`` (what that date is) and ``sources`` (rows with source, publisher, title, years,
    vintage). The page passes the same allow-list as the reports.
    """
    parts = ["<h1>gigs-to-growth: reports</h1>", _about_html(params, about or {})]
    parts += [_card_html(card) for card in cards]
    if about and about.get("sources") is not None:
        parts.append(_vintage_html(about["sources"]))
    return _INDEX.replace("__BODY__", sanitize.clean("\n".join(parts)))


def _about_html(params: dict | None, about: dict) -> str:
    """Return the index's opening note: version, build date and what it is, parameters passed."""
    facts = []
    if about.get("version"):
        facts.append(f"Project version <b>{html.escape(about['version'])}</b>.")
    if about.get("built"):
        facts.append(f"Built <b>{html.escape(about['built'])}</b> ({html.escape(about['built_from'])}).")
    if about.get("sources") is not None:
        facts.append('The <a href="#data-vintage">data vintage</a> of every source is listed below.')
    facts.append(
        "Parameters passed: <code>" + html.escape(json.dumps(params, sort_keys=True)) + "</code>."
        if params
        else "Parameters: each notebook's defaults (listed on its card)."
    )
    return (
        '<p class="meta">Each report was produced by executing its notebook; figures are embedded and '
        "every report ends with its sources. " + " ".join(facts) + "</p>"
    )


def _card_html(card: dict) -> str:
    """Return one report's card: title link, question, key finding, parameters used."""
    import bleach
    from nbconvert.filters import markdown2html

    finding = (
        bleach.clean(markdown2html(card["finding"]), tags=_FINDING_TAGS, attributes={}, strip=False)
        if card["finding"]
        else "<p>(no finding cell output)</p>"
    )
    used = card.get("parameters") or []
    shown = "; ".join(f"<code>{html.escape(name)} = {html.escape(value)}</code>" for name, value in used)
    return (
        f'<article class="card">\n<h2><a href="{html.escape(card["file"])}">'
        f"{html.escape(card['title'])}</a></h2>\n"
        f'<p class="question">{html.escape(card["question"])}</p>\n'
        f'<div class="finding">{finding}</div>\n'
        + (f'<p class="meta params">Parameters used: {shown}</p>\n' if used else "")
        + "</article>"
    )


def _vintage_html(sources) -> str:
    """Return the table of every data source's publisher, dataset, years covered and vintage."""
    rows = "\n".join(
        "<tr>"
        + "".join(f"<td>{html.escape(str(v))}</td>" for v in (r.publisher, r.title, r.years, r.vintage))
        + f"<td><code>{html.escape(r.source)}</code></td></tr>"
        for r in sources.itertuples(index=False)
    )
    head = "".join(f"<th>{h}</th>" for h in ("Publisher", "Dataset", "Years", "Vintage", "Source id"))
    return (
        '<h2 id="data-vintage">Data vintage</h2>\n<table class="vintage">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
    )
