"""HTML reports: execute every numbered notebook afresh, export it, and write an index of findings.

``build_reports()`` is ``make report`` (``make notebooks`` is analysis.publish.notebooks.execute_in_place).
Reports embed their figures (base64 PNG) and load nothing from the network.
Sources are listed from ``data/raw/sources.yml`` by :func:`show_sources` (the last notebook cell).
"""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.publish.notebooks import (
    check_conventions,
    declared_parameters,
    finding_markdown,
    notebook_paths,
    run_papermill,
    title_and_question,
)
from analysis.sources.catalogue import cited_pages, sources_frame
from analysis.sources.registry import PUBLISHED_FIGURES

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


def _parts(row) -> list[str]:
    """Return the plain-text pieces of one source line: publisher, dataset, title, years, …"""
    parts = [row.publisher] + [v for v in dict.fromkeys((row.dataset, row.title)) if v]
    return parts + [
        f"{label}: {value}"
        for label, value in (
            ("years", row.years),
            ("vintage", row.vintage),
            ("licence", row.licence),
            ("note", row.note),
        )
        if value
    ]


def _link(url: str) -> str:
    """Return an escaped link for an http(s) address, the escaped text otherwise."""
    text = html.escape(url)
    return f'<a href="{text}">{text}</a>' if re.match(r"https?://", url) else text


def sources_html(used: Iterable[str] | pd.DataFrame | None = None, path: Path | None = None) -> str:
    """Return the sources as an HTML list (escaped; addresses as links only when http(s))."""
    items = []
    for row in sources_frame(used, path).itertuples(index=False):
        first, *rest = [html.escape(p) for p in _parts(row)]
        line = " · ".join([f"<b>{first}</b>", *rest] + ([_link(row.url)] if row.url else []))
        pages = cited_pages(used if row.source == PUBLISHED_FIGURES else None)
        if len(pages):
            nested = "".join(
                f"\n<li>{html.escape(p.source_title)} · {_link(p.url)} ({p.figures})</li>"
                for p in pages.itertuples(index=False)
            )
            line += f"\n<ul>{nested}\n</ul>"
        items.append(f'<li>{line} <span class="g2g-note">[{html.escape(row.source)}]</span></li>')
    return '<ul class="g2g-sources">\n' + "\n".join(items) + "\n</ul>"


def sources_text(used: Iterable[str] | pd.DataFrame | None = None, path: Path | None = None) -> str:
    """Return the sources as plain text, one '- ' line per source (cited pages indented below)."""
    lines = []
    for row in sources_frame(used, path).itertuples(index=False):
        lines.append("- " + " · ".join(_parts(row) + ([row.url] if row.url else [])) + f" [{row.source}]")
        if row.source == PUBLISHED_FIGURES:
            lines += [
                f"  - {p.source_title} · {p.url} ({p.figures})"
                for p in cited_pages(used).itertuples(index=False)
            ]
    return "\n".join(lines)


def show_sources(used: Iterable[str] | pd.DataFrame | None = None) -> None:
    """Display the sources used (the last notebook cell, tagged ``sources``); return None.

    Pass the panel rows the notebook used (or their source ids): curated figures then also list
    the web pages they were quoted from.
    """
    from IPython.display import display

    display({"text/html": sources_html(used), "text/plain": sources_text(used)}, raw=True)


def parse_params(text: str | None) -> dict:
    """Return parameters from ``key=value key=value`` text (values JSON, else bare strings) or a JSON object.

    >>> parse_params('countries=["PAK", "LKA"] start_year=2005 scenario=high')
    {'countries': ['PAK', 'LKA'], 'start_year': 2005, 'scenario': 'high'}
    """
    text = (text or "").strip()
    if text.startswith("{"):
        return json.loads(text)
    params, decoder, pos = {}, json.JSONDecoder(), 0
    while pos < len(text):
        match = re.compile(r"\s*([A-Za-z_]\w*)=").match(text, pos)
        if not match:
            raise ValueError(f"--params: expected key=value at {text[pos:]!r}")
        key, pos = match.group(1), match.end()
        try:
            params[key], pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            word = re.compile(r"\S*").match(text, pos)
            params[key], pos = word.group(0), word.end()
        pos = len(text) - len(text[pos:].lstrip())
    return params


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


def build_reports(
    code: bool = False,
    params: dict | None = None,
    out_dir: Path = paths.REPORTS,
    notebooks_dir: Path = paths.NOTEBOOKS,
) -> list[Path]:
    """Execute every ``NN_*.ipynb`` afresh and write ``NN_topic.html`` + ``index.html``; return their paths.

    Each notebook receives only the ``params`` its parameters cell declares. Everything is written
    to a temporary folder first and moved into ``out_dir`` only when all notebooks ran, so a failure
    leaves the previous reports intact. The committed notebooks are never modified.
    """
    sources = notebook_paths(notebooks_dir)
    if not sources:
        raise FileNotFoundError(f"no notebooks NN_*.ipynb in {notebooks_dir}")
    declared = {name for path in sources for name in declared_parameters(check_conventions(path))}
    unknown = sorted(set(params or {}) - declared)
    if unknown:
        raise ValueError(f"--params: no notebook declares {unknown}; declared: {sorted(declared)}")
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; reports are meant to be shared
    try:
        cards = []
        with tempfile.TemporaryDirectory(prefix="g2g-executed-") as executed:
            for n, path in enumerate(sources, 1):
                t0 = time.perf_counter()
                print(f"[{n}/{len(sources)}] {path.name}: executing …", flush=True)
                try:
                    nb = run_papermill(path, Path(executed) / path.name, params)
                except Exception:
                    print(
                        f"[{n}/{len(sources)}] {path.name}: FAILED; previous reports left as they were",
                        flush=True,
                    )
                    raise
                target = staging / f"{path.stem}.html"
                target.write_text(export_html(nb, code), encoding="utf-8", newline="\n")
                title, question = title_and_question(nb)
                cards.append(
                    {
                        "file": target.name,
                        "title": title,
                        "question": question,
                        "finding": finding_markdown(nb),
                    }
                )
                print(
                    f"[{n}/{len(sources)}] {path.name}: wrote {target.name} "
                    f"({target.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s)",
                    flush=True,
                )
        (staging / "index.html").write_text(index_html(cards, params), encoding="utf-8", newline="\n")
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"reports: {len(cards)} notebooks -> {_shown(out_dir)}/index.html", flush=True)
    return [out_dir / c["file"] for c in cards] + [out_dir / "index.html"]


def _swap(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staging`` with two renames (the old folder is removed afterwards)."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
        out_dir.rename(old / out_dir.name)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _shown(path: Path) -> str:
    """Return ``path`` relative to the project root when inside it (no absolute paths in output)."""
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)
