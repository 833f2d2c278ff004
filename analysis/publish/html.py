"""The HTML of a report and of the index: the offline page template, the exporter, the index cards."""

from __future__ import annotations

import functools
import html
import json

from analysis.publish.notebooks import title_and_question

_FINDING_TAGS = {"p", "b", "strong", "em", "i", "code"}  # all a finding's Markdown may render to
# The lab template without its CDN scripts (require.js, MathJax, mermaid): reports work offline.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}<style>__CSS__</style>{%- endblock html_head_css -%}
{%- block body_header -%}{{ super() }}<nav class="g2g-nav"><a href="index.html">&larr; All reports</a></nav>
{%- endblock body_header -%}
"""
_CSS = """
.g2g-nav { padding: 8px 20px; font: 13px sans-serif; }
table.g2g-table { border-collapse: collapse; font-size: 12px; margin: 4px 0; }
table.g2g-table th, table.g2g-table td { padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left; }
table.g2g-table td { font-variant-numeric: tabular-nums; }
.g2g-note { color: #555; font-size: 12px; }
"""
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
</style>
</head>
<body>
<h1>gigs-to-growth: reports</h1>
<p class="meta">Each report was produced by executing its notebook afresh; figures are embedded and
every report ends with its sources.__PARAMS__</p>
__CARDS__
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
    """Return the executed notebook as a self-contained HTML page (code cells hidden unless ``code``)."""
    title, _ = title_and_question(nb)
    body, _ = _exporter(bool(code)).from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body.rstrip("\n") + "\n"


def index_html(cards: list[dict], params: dict | None = None) -> str:
    """Return the index page: one card per report (title link, question, key finding)."""
    import bleach
    from nbconvert.filters import markdown2html

    blocks = []
    for card in cards:
        finding = (
            bleach.clean(markdown2html(card["finding"]), tags=_FINDING_TAGS, attributes={}, strip=False)
            if card["finding"]
            else "<p>(no finding cell output)</p>"
        )
        blocks.append(
            f'<article class="card">\n<h2><a href="{html.escape(card["file"])}">'
            f"{html.escape(card['title'])}</a></h2>\n"
            f'<p class="question">{html.escape(card["question"])}</p>\n'
            f'<div class="finding">{finding}</div>\n</article>'
        )
    used = (
        " Parameters: <code>" + html.escape(json.dumps(params, sort_keys=True)) + "</code>." if params else ""
    )
    return _INDEX.replace("__PARAMS__", used).replace("__CARDS__", "\n".join(blocks))
