"""The report page's allow-list, table of contents, previous/next links and build date."""

from __future__ import annotations

import re

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.publish import facts, sanitize
from analysis.publish import html as report_html
from analysis.sources.catalogue import sources_frame

PNG = "data:image/png;base64,iVBORw0KGgo="
CSV_LINK = (
    '<a class="g2g-csv" download="gap.csv" href="data:text/csv;charset=utf-8;base64,YSxiCjEsMgo=">CSV</a>'
)
TABLE = (
    '<figure class="g2g-table-figure"><figcaption>ICT service exports, USD million</figcaption>'
    '<table class="g2g-table"><thead><tr><th style="text-align: left;">iso3</th></tr></thead>'
    '<tbody><tr><td style="text-align: right;">PAK</td></tr></tbody></table></figure>'
)


def test_embedded_figures_tables_and_csv_downloads_are_kept_as_written():
    kept = f'<div class="jp-RenderedImage" tabindex="0"><img alt="chart" src="{PNG}"></div>{TABLE}{CSV_LINK}'
    assert sanitize.clean(kept) == kept
    anchors = '<h2 id="Sources">Sources<a class="anchor-link" href="#Sources">¶</a></h2>'
    assert sanitize.clean(anchors) == anchors
    assert (
        sanitize.clean('<a href="https://data.worldbank.org">WDI</a>')
        == '<a href="https://data.worldbank.org">WDI</a>'
    )


@pytest.mark.parametrize(
    "hostile, gone",
    [
        ('<img src="http://example.com/x.png">', "example.com"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "svg+xml"),
        ('<a href="data:text/csv;base64,YSxi">no download attribute</a>', "data:"),
        ('<a download="x.html" href="data:text/html;base64,PHNjcmlwdD4=">html</a>', "data:"),
        ('<a href=" JaVaScRiPt:alert(1)">j</a>', "javascript"),
        ('<a href="vbscript:msgbox(1)">v</a>', "vbscript"),
        ('<b onclick="alert(1)" onmouseover="alert(2)">b</b>', "alert"),
        ('<span style="background: url(http://example.com/y.png)">s</span>', "url("),
        ('<span style="color: red; background-image: u\\72l(http://x)">s</span>', "http"),
    ],
)
def test_what_could_run_or_fetch_is_removed(hostile, gone):
    assert gone not in sanitize.clean(hostile).lower()


def test_disallowed_tags_are_shown_as_text_not_run():
    out = sanitize.clean('<script>alert(1)</script><svg onload="alert(2)"></svg><iframe src="x"></iframe>')
    assert "<script" not in out and "<svg" not in out and "<iframe" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&lt;svg" in out


def _page(cells) -> str:
    nb = new_notebook(cells=[new_markdown_cell("# Title\n\n**Question:** What?"), *cells])
    return report_html.export_html(nb)


def test_contents_list_every_section_and_sub_section_after_the_title():
    page = _page(
        [
            new_markdown_cell("## First part\n\ntext\n\n### A detail"),
            new_markdown_cell("## Sources"),
        ]
    )
    toc = re.search(r'<nav class="g2g-toc".*?</nav>', page).group(0)
    assert toc == (
        '<nav class="g2g-toc" aria-label="Contents"><p>Contents</p><ol>'
        '<li><a href="#First-part">First part</a><ol><li><a href="#A-detail">A detail</a></li></ol></li>'
        '<li><a href="#Sources">Sources</a></li></ol></nav>'
    )
    assert page.index('id="Title"') < page.index('<nav class="g2g-toc"') < page.index('id="First-part"')
    for anchor in re.findall(r'<a href="#([^"]+)">', toc):
        assert f'id="{anchor}"' in page


def test_outputs_pass_the_allow_list_but_the_page_style_stays():
    hostile = {"text/html": '<img src="http://example.com/x.png" onerror="alert(1)"><b>kept</b>'}
    page = _page([new_code_cell("", outputs=[new_output("display_data", data=hostile)])])
    assert "example.com" not in page and "onerror" not in page and "<b>kept</b>" in page
    assert page.count("<style") >= 2 and ".g2g-toc" in page  # the template's CSS and ours


def test_previous_and_next_links_name_their_reports():
    page = _page([])
    first, second = {"file": "01_a.html", "title": "A & co"}, {"file": "03_c.html", "title": "C"}
    linked = report_html.link_neighbours(page, first, second)
    assert '<a href="01_a.html" rel="prev">&lsaquo; Previous: A &amp; co</a>' in linked
    assert '<a href="03_c.html" rel="next">Next &rsaquo;: C</a>' in linked
    alone = report_html.link_neighbours(page, None, None)
    assert 'rel="prev"' not in alone and 'rel="next"' not in alone and "All reports" in alone


def test_build_date_is_the_newest_vintage_or_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    sources = sources_frame()
    built, basis = facts.built_date(sources)
    assert built == max(v for v in sources["vintage"] if v) and "newest" in basis
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert facts.built_date(sources) == ("2026-01-01", "the date SOURCE_DATE_EPOCH gives")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        facts.built_date(sources)


def test_parameters_used_are_the_defaults_with_passed_ones_on_top():
    nb = new_notebook(
        cells=[
            new_code_cell(
                "countries = ['PAK', 'IND']  # economies\nseed = 1", metadata={"tags": ["parameters"]}
            ),
            new_code_cell('countries = ["LKA"]', metadata={"tags": ["injected-parameters"]}),
        ]
    )
    assert facts.parameter_values(nb) == [("countries", '["LKA"]'), ("seed", "1")]


def test_index_shows_version_build_date_vintage_and_escapes_data():
    card = {
        "file": "01_a.html",
        "title": "<b>A</b>",
        "question": "Q?",
        "finding": "**F**",
        "parameters": [("countries", "['PAK']")],
    }
    about = {
        "version": "9.9",
        "built": "2026-08-15",
        "built_from": "the newest vintage",
        "sources": sources_frame(),
    }
    page = report_html.index_html([card], None, about)
    assert "Project version <b>9.9</b>." in page and "Built <b>2026-08-15</b> (the newest vintage)." in page
    assert "&lt;b&gt;A&lt;/b&gt;" in page and "<strong>F</strong>" in page
    assert "<code>countries = [&#x27;PAK&#x27;]</code>" in page
    for row in sources_frame().itertuples(index=False):
        assert f"<td>{row.vintage}</td>" in page
