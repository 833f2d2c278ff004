"""Tables a reader can read and download: words for headers, digits by unit, a caption, an embedded CSV.

:func:`show_table` displays a frame under its one-line caption as an escaped HTML table, inside
``<figure class="g2g-table-figure">`` with a ``<a class="g2g-csv" download>`` link that embeds every
row as CSV (:func:`csv_link`: original names and codes, formulas neutralised by
:func:`analysis.core.csvtext.csv_text`), so a report stays one offline file. Headers and cells come in
words and digits from :mod:`analysis.figures.columns`. :mod:`analysis.figures.plotting` re-exports the
display functions (notebooks call ``plotting.show_table``) and uses :func:`csv_link` for figures' data.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

from analysis.core.csvtext import csv_text
from analysis.figures import columns

UNIT_COLUMNS = ("unit", "evidence_unit")  # a column whose text gives the unit of each row's values
CSV_MAX_BYTES = 1_000_000  # a table or figure's data larger than this is not embedded in the report
_csv_count = 0  # downloads made in this kernel: numbers the file names in display order
# Tables show whole numbers in these columns as years (2024, not 2,024): named ``year``, ``period`` or
# ``*_year`` (not ``*_per_year``), every value a whole number in YEAR_RANGE. Counts (``n_years``,
# ``draws``) and rates (``usd_per_year``) keep their separators.
YEAR_COLUMNS = ("year", "period")
YEAR_RANGE = (1900, 2100)


def format_frame(df: pd.DataFrame, digits: int | Mapping[str, int] | None = None) -> pd.DataFrame:
    """Return ``df`` as text a person would write: numbers rounded with thousands separators, words in cells.

    Decimals come from the column names and units (:func:`analysis.figures.columns.column_digits`;
    forecasts from their intervals, :func:`~analysis.figures.columns.interval_digits`); ``digits``
    (one int, or {column: decimals}) overrides them. Year columns (:func:`is_year_column`) show whole
    years without separators; booleans show yes/no, missing cells blank, series codes their labels.
    A named index is shown as leading column(s); an unnamed one (row numbers) is not (:func:`_index_columns`).
    """
    out = _index_columns(df)
    places_of = columns.interval_digits(out)
    unit_col = next((c for c in UNIT_COLUMNS if c in out.columns), None)
    units = None if unit_col is None else out[unit_col].tolist()
    text = {}
    for col in out.columns:
        values = out[col]
        if isinstance(digits, Mapping) and col in digits or isinstance(digits, int):
            places = digits[col] if isinstance(digits, Mapping) else digits
        else:
            places = places_of.get(str(col))  # per row, from the interval; else None: by column name
            number = pd.api.types.is_float_dtype(values)
            if places is None and units is not None and number and not columns.names_a_unit(col):
                places = [columns.value_digits(v, u) for v, u in zip(values, units)]  # by each row's unit
        if pd.api.types.is_bool_dtype(values):
            text[col] = values.map(columns.cell_text)
        elif is_year_column(col, values):
            text[col] = values.map(lambda v: "" if pd.isna(v) else str(int(v)))
        elif pd.api.types.is_integer_dtype(values):
            text[col] = values.map(lambda v: "" if pd.isna(v) else f"{v:,}")
        elif pd.api.types.is_float_dtype(values):
            own = columns.column_digits(col, values)
            rows = places if isinstance(places, list) else [own if places is None else places] * len(values)
            text[col] = [_number(v, own if p is None else p) for v, p in zip(values, rows)]
        elif pd.api.types.is_datetime64_any_dtype(values):
            text[col] = values.dt.strftime("%Y-%m-%d").fillna("")
        elif col in columns.NAME_COLUMNS:
            text[col] = values.map(
                lambda v: columns.column_label(v) if isinstance(v, str) and v else _cell(v)
            )
        else:
            text[col] = values.map(_cell)
    return pd.DataFrame(text, columns=[str(c) for c in out.columns])


def table_html(
    df: pd.DataFrame, caption: str = "", digits: int | Mapping[str, int] | None = None, max_rows: int = 60
) -> str:
    """Return ``df`` as an HTML table with readers' headers, every text cell and header escaped, at most
    ``max_rows`` rows; with a ``caption``, inside a captioned figure with a CSV download of all rows.

    Numeric columns are right-aligned, text columns left-aligned (inline style, so JupyterLab and
    the reports agree).
    """
    shown = format_frame(df.head(max_rows), digits)
    numeric = [
        pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
        for t in _index_columns(df).dtypes
    ]
    align = ['style="text-align: right"' if n else 'style="text-align: left"' for n in numeric]
    head = "".join(
        f"<th {a}>{html.escape(columns.column_label(c))}</th>" for a, c in zip(align, shown.columns)
    )
    rows = "\n".join(
        "<tr>" + "".join(f"<td {a}>{html.escape(v)}</td>" for a, v in zip(align, row)) + "</tr>"
        for row in shown.itertuples(index=False)
    )
    body = f'<table class="g2g-table">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>'
    if len(df) > max_rows:
        rest = " (all are in the CSV)" if caption else ""
        body += f'\n<p class="g2g-note">… {len(df) - max_rows:,} more rows not shown{rest}</p>'
    if not caption:
        return body
    caption = check_caption(caption)
    return (
        f'<figure class="g2g-table-figure"><figcaption>{html.escape(caption)}</figcaption>'
        f"{body} {csv_link(df, caption)}</figure>"
    )


def show_table(
    df: pd.DataFrame, caption: str, *, digits: int | Mapping[str, int] | None = None, max_rows: int = 60
) -> None:
    """Display ``df`` under its one-line ``caption``: escaped HTML table, CSV download, plain text.

    Digits come from the column names and units unless ``digits`` overrides them (:func:`format_frame`).
    """
    from IPython.display import display

    caption = check_caption(caption)
    shown = format_frame(df.head(max_rows), digits)
    shown.columns = [columns.column_label(c) for c in shown.columns]
    text = caption + "\n" + shown.to_string(index=False)
    display({"text/html": table_html(df, caption, digits, max_rows), "text/plain": text}, raw=True)


def csv_link(df: pd.DataFrame, caption: str) -> str:
    """Return an ``<a class="g2g-csv" download>`` link embedding ``df`` as CSV (original names and codes,
    series-code headers with their unit; formulas neutralised), named ``NN-slug.csv`` by display order.

    A CSV larger than :data:`CSV_MAX_BYTES` is left out, and the link's place says so.
    """
    global _csv_count
    _csv_count += 1
    data = csv_frame(df)
    payload = csv_text(data).encode("utf-8")
    if len(payload) > CSV_MAX_BYTES:
        return f'<span class="g2g-note">(data not embedded: {len(payload) / 1e6:.1f} MB CSV)</span>'
    name = f"{_csv_count:02d}-{slug(caption)}.csv"
    encoded = base64.b64encode(payload).decode("ascii")
    return f'<a class="g2g-csv" download="{name}" href="data:text/csv;charset=utf-8;base64,{encoded}">CSV</a>'


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return the frame a CSV download holds: named index as columns, series-code headers as 'CODE [unit]'."""
    out = _index_columns(df)
    out.columns = [
        f"{c} [{columns.series_unit(str(c))}]" if columns.is_series_code(str(c)) else str(c)
        for c in out.columns
    ]
    return out


def slug(text: str, max_chars: int = 48) -> str:
    """Return a file-name slug of ``text``: lower-case ASCII words joined by hyphens, at most max_chars."""
    words = re.findall(
        r"[a-z0-9]+", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    )
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > max_chars:
            break
        out = f"{out}-{word}" if out else word[:max_chars]
    return out or "table"


def is_year_column(name, values: pd.Series) -> bool:
    """Return True for a numeric column named year/period/``*_year`` holding whole years in YEAR_RANGE."""
    name = str(name)
    named = name in YEAR_COLUMNS or (name.endswith("_year") and not name.endswith("_per_year"))
    if not named or not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    present = values.dropna()
    return bool(((present % 1 == 0) & present.between(*YEAR_RANGE)).all())


def _index_columns(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with its index as leading columns when the index is named (``set_index``, ``pivot``);
    an unnamed index holds row numbers, also after ``.loc[mask]`` keeps old ones, and is dropped."""
    return df.reset_index(drop=all(name is None for name in df.index.names))


def check_caption(caption: str) -> str:
    """Return the caption stripped; ValueError when it is missing or longer than one line."""
    text = (caption or "").strip()
    if not text or "\n" in text:
        raise ValueError("every table and figure needs a one-line caption saying what it shows")
    return text


def _number(value: float, places: int) -> str:
    """Return a number with thousands separators, rounded to ``places`` decimals (negative: to tens…)."""
    if pd.isna(value):
        return ""
    if places < 0:
        return f"{round(value, places):,.0f}"
    return f"{value:,.{places}f}"


def _cell(value) -> str:
    """Return a non-numeric cell as text: yes/no, blank for missing, series codes as their labels."""
    word = columns.cell_text(value)
    return str(value) if word is None else word
