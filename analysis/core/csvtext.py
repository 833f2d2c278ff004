"""CSV text that a spreadsheet opens as data, never as formulas (CSV formula injection).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return runs as a
formula in Excel, LibreOffice or Google Sheets. :func:`csv_text` prefixes such a cell with ``'``
(OWASP's advice) unless it is a plain number (``-12.5`` stays ``-12.5``). Numbers are written as
pandas writes them (shortest round-trip form), so the bytes are the same on every run.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*)?(\.\d+)?([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """Return ``text`` prefixed with ``'`` when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_STARTS) and not (PLAIN_NUMBER.fullmatch(text) and any(map(str.isdigit, text))):
        return "'" + text
    return text


def _cell(text: str) -> str:
    """Return a text cell neutralised, line breaks as ``\\n`` (the csv writer quotes a cell holding one;
    it would leave a bare carriage return unquoted and so split the row)."""
    return neutralise(text).replace("\r\n", "\n").replace("\r", "\n")


def csv_text(df: pd.DataFrame) -> str:
    """Return ``df`` (no index) as CSV text with ``\\n`` line ends, text cells and headers neutralised."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        values = out[col]
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values)):
            out[col] = values.map(lambda v: _cell(v) if isinstance(v, str) else v).astype(object)
    return out.to_csv(index=False, lineterminator="\n")
