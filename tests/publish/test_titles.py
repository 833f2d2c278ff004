"""Titles built from the parameters: a cell tagged ``title`` shows the economies compared, and the report
index appends its heading to the notebook's title (names from the panel, Markdown escaped once)."""

from __future__ import annotations

import nbformat
import pandas as pd

from analysis.figures import labels
from analysis.publish.html import index_html
from analysis.publish.notebooks import title_and_question

PANEL = pd.DataFrame(
    {
        "iso3": ["PAK", "LKA", "VNM", "XXA"],
        "country_name": ["Pakistan", "Sri Lanka", "Viet Nam", "Trinidad & Tobago"],
    }
)


def _notebook(countries: list[str] | None) -> nbformat.NotebookNode:
    first = nbformat.v4.new_markdown_cell("# 06 · Peer comparison\n\n**Question:** How do they compare?")
    cells = [first]
    if countries is not None:
        cell = nbformat.v4.new_code_cell(
            "labels.show_heading(panel, countries)", metadata={"tags": ["title"]}
        )
        text = labels.economies_heading(PANEL, countries)
        cell.outputs = [
            nbformat.v4.new_output("display_data", data={"text/markdown": text, "text/plain": text})
        ]
        cells.append(cell)
    return nbformat.v4.new_notebook(cells=cells)


def test_the_index_title_names_the_economies_of_the_run():
    title, question = title_and_question(_notebook(["PAK", "LKA", "VNM"]))
    assert title == "06 · Peer comparison: Pakistan beside Sri Lanka and Viet Nam"
    assert question == "How do they compare?"
    assert title_and_question(_notebook(None))[0] == "06 · Peer comparison"  # no title cell: as written


def test_a_name_with_special_characters_is_escaped_once_on_the_card():
    heading = labels.economies_heading(PANEL, ["PAK", "XXA"])
    assert heading.startswith("## Pakistan beside Trinidad &amp; Tobago\n")  # Markdown output escaped
    title, question = title_and_question(_notebook(["PAK", "XXA"]))
    assert title == "06 · Peer comparison: Pakistan beside Trinidad & Tobago"
    card = {"file": "06.html", "title": title, "question": question, "finding": ""}
    page = index_html([card])
    assert "Pakistan beside Trinidad &amp; Tobago</a>" in page and "&amp;amp;" not in page
