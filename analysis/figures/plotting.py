"""House style for figures and tables: fixed country colours, units on axes, a source line, stable bytes.

Figures are plain :class:`matplotlib.figure.Figure` objects (never registered with pyplot), so a
notebook never stores ``<Figure size …>`` text: build one with :func:`figure` or a chart function of
:mod:`analysis.figures.charts`, then call :func:`show`, which displays a PNG at a fixed dpi (identical bytes
on every run) and returns None. :func:`show_table` and :func:`show_finding` display data text
HTML-escaped. This module holds the style and the display primitives only; the chart builders live in
:mod:`analysis.figures.charts` (series over time, coverage) and :mod:`analysis.figures.bars`
(bar charts), which use them.
"""

from __future__ import annotations

import base64
import html
import io
import re
import textwrap
import unicodedata
import zlib
from collections.abc import Mapping

import matplotlib
import matplotlib.ticker
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure

from analysis.core.csvtext import csv_text
from analysis.figures import labels
from analysis.sources.catalogue import sources_frame

DPI = 100
SIZE_IN = (8.0, 4.5)
# Fixed colours for the economies every notebook compares (colour-blind-safe pairs).
COUNTRY_COLOURS = {
    "PAK": "#1b7837",  # green
    "IND": "#e08214",  # orange
    "BGD": "#b2182b",  # red
    "PHL": "#2166ac",  # blue
    "WLD": "#636363",  # grey
}
# Any other economy gets one of these, chosen by a stable checksum of its code (same on every run).
FALLBACK_COLOURS = (
    "#762a83",
    "#35978f",
    "#8c510a",
    "#c51b7d",
    "#4d4d4d",
    "#5aae61",
    "#9970ab",
    "#01665e",
    "#bf812d",
    "#de77ae",
)
# Fixed colours for the named scenarios of analysis.models.scenarios (any other name: a fallback colour).
SCENARIO_COLOURS = {
    "low": "#b2182b",
    "base": "#1b7837",
    "high": "#2166ac",
    "reform": "#e08214",
    "package": "#e08214",
}
UNIT_COLUMNS = ("unit", "evidence_unit")  # a column whose text gives the unit of each row's values
CSV_MAX_BYTES = 1_000_000  # a table or figure's data larger than this is not embedded in the report
_csv_count = 0  # downloads made in this kernel: numbers the file names in display order
REFERENCE_LINE = "#333333"  # a reference line drawn across a chart (zero, a central value)
# Tables show whole numbers in these columns as years (2024, not 2,024): named ``year``, ``period`` or
# ``*_year`` (not ``*_per_year``), every value a whole number in YEAR_RANGE. Counts (``n_years``,
# ``draws``) and rates (``usd_per_year``) keep their separators.
YEAR_COLUMNS = ("year", "period")
YEAR_RANGE = (1900, 2100)
_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "svg.hashsalt": "gigs-to-growth",
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
}
matplotlib.rcParams.update(_STYLE)  # the house style, for every figure made after import


def country_colour(iso3: str) -> str:
    """Return the house colour (hex) of an economy: fixed for the key four, stable fallback otherwise."""
    if iso3 in COUNTRY_COLOURS:
        return COUNTRY_COLOURS[iso3]
    return FALLBACK_COLOURS[zlib.crc32(iso3.encode()) % len(FALLBACK_COLOURS)]


def scenario_colour(name: str) -> str:
    """Return a scenario's colour (hex): fixed for the named scenarios, a stable fallback otherwise."""
    return SCENARIO_COLOURS.get(name, country_colour(name))


def figure(
    *, title: str, ylabel: str, xlabel: str = "", source: str = "", size_in: tuple[float, float] = SIZE_IN
) -> tuple[Figure, Axes]:
    """Return a new house-style (figure, axes) with title, axis labels (units!) and source line.

    Numbers on the y axis get the house format (:func:`number_ticks`); plotting categories on it
    (``ax.barh(labels, …)``) shows the labels instead, as does a date axis its dates.
    """
    if not ylabel:
        raise ValueError("every chart needs a y-axis label with its unit")
    fig = Figure(figsize=size_in, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    number_ticks(ax.yaxis)
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    if source:
        add_source(fig, source)
    return fig, ax


def panels(
    *, title: str, nrows: int, columns: int, source: str, height_in: float
) -> tuple[Figure, list[Axes]]:
    """Return a house-style figure of ``nrows`` × ``columns`` axes (flat list), overall title and source line.

    Each axes' y axis gets the house number format; give each one its own title and unit.
    """
    fig = Figure(figsize=(SIZE_IN[0], height_in), dpi=DPI, layout="constrained")
    axes = list(fig.subplots(nrows, columns, squeeze=False).ravel())
    for ax in axes:
        number_ticks(ax.yaxis)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=_STYLE["axes.titlesize"])
    add_source(fig, source)
    return fig, axes


def number_ticks(axis: Axis) -> None:
    """Label ``axis`` (e.g. ``ax.xaxis``) with house numbers (thousands separators, no needless decimals).

    Installed as the axis's *default* formatter, so data in other units replaces it just as it
    would matplotlib's own: categories (``ax.barh(labels, …)``) show their labels, dates their dates.
    """
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(_tick))
    axis.isDefault_majfmt = True


def log_y_axis(ax: Axes) -> None:
    """Put the y axis of ``ax`` on a log scale: ticks at 1, 2 and 5 times powers of ten, labelled in full."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(_tick))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())


def add_source(fig: Figure, text: str) -> None:
    """Write ``text`` as the source line under the figure (bottom left, small grey type)."""
    label = text if text.lower().startswith("source") else f"Source: {text}"
    label = "\n".join(textwrap.wrap(label, width=150))
    fig.supxlabel(label, x=0.01, ha="left", fontsize=7, color="#555555")


def png_bytes(fig: Figure) -> bytes:
    """Return the figure as PNG bytes at the house dpi, without timestamp or software metadata.

    Printed by the Agg canvas directly: ``savefig`` lays a constrained-layout figure out in an
    extra draw first, which made each figure take about 1.4x as long.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer, dpi = io.BytesIO(), fig.dpi
    fig.dpi = DPI
    try:
        FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
    finally:
        fig.dpi = dpi
    return buffer.getvalue()


def show(fig: Figure, caption: str, *, data: pd.DataFrame | None = None) -> None:
    """Display the figure as a PNG, then its one-line caption and (given ``data``) a CSV download of
    the data behind it; return None. The PNG's text part is its overall title, else the first axes' title.
    """
    from IPython.display import display

    caption = _caption(caption)
    title = fig.get_suptitle() or (fig.axes[0].get_title(loc="left") if fig.axes else "")
    display({"image/png": png_bytes(fig), "text/plain": f"[figure: {title}]"}, raw=True)
    link = "" if data is None else " " + csv_link(data, caption)
    html_text = (
        f'<figure class="g2g-table-figure"><figcaption>{html.escape(caption)}</figcaption>{link}</figure>'
    )
    display({"text/html": html_text, "text/plain": caption}, raw=True)


def source_line(frame: pd.DataFrame) -> str:
    """Return 'Source: publisher, dataset (vintage …); …' for the sources in ``frame['source']``."""
    catalogue = sources_frame(frame)
    parts = []
    for (publisher, dataset), rows in catalogue.groupby(["publisher", "dataset"], sort=True):
        vintages = sorted(set(rows["vintage"]) - {""})
        span = vintages[0] if len(vintages) == 1 else f"{vintages[0]} to {vintages[-1]}" if vintages else ""
        parts.append(
            f"{publisher}, {dataset or ', '.join(rows['title'])}" + (f" (vintage {span})" if span else "")
        )
    return "Source: " + "; ".join(parts)


def format_frame(df: pd.DataFrame, digits: int | Mapping[str, int] | None = None) -> pd.DataFrame:
    """Return ``df`` as text a person would write: numbers rounded with thousands separators, words in cells.

    Decimals come from the column names and units (:func:`analysis.figures.labels.column_digits`;
    forecasts from their intervals, :func:`~analysis.figures.labels.interval_digits`); ``digits``
    (one int, or {column: decimals}) overrides them. Year columns (:func:`is_year_column`) show whole
    years without separators; booleans show yes/no, missing cells blank, series codes their labels.
    A named index is shown as leading column(s); an unnamed one (row numbers) is not (:func:`_index_columns`).
    """
    out = _index_columns(df)
    places_of = labels.interval_digits(out)
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
            if places is None and units is not None and number and not labels.names_a_unit(col):
                places = [labels.value_digits(v, u) for v, u in zip(values, units)]  # by each row's unit
        if pd.api.types.is_bool_dtype(values):
            text[col] = values.map(labels.cell_text)
        elif is_year_column(col, values):
            text[col] = values.map(lambda v: "" if pd.isna(v) else str(int(v)))
        elif pd.api.types.is_integer_dtype(values):
            text[col] = values.map(lambda v: "" if pd.isna(v) else f"{v:,}")
        elif pd.api.types.is_float_dtype(values):
            own = labels.column_digits(col, values)
            rows = places if isinstance(places, list) else [own if places is None else places] * len(values)
            text[col] = [_number(v, own if p is None else p) for v, p in zip(values, rows)]
        elif pd.api.types.is_datetime64_any_dtype(values):
            text[col] = values.dt.strftime("%Y-%m-%d").fillna("")
        elif col in labels.NAME_COLUMNS:
            text[col] = values.map(lambda v: labels.column_label(v) if isinstance(v, str) and v else _cell(v))
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
        f"<th {a}>{html.escape(labels.column_label(c))}</th>" for a, c in zip(align, shown.columns)
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
    caption = _caption(caption)
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

    caption = _caption(caption)
    shown = format_frame(df.head(max_rows), digits)
    shown.columns = [labels.column_label(c) for c in shown.columns]
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
        f"{c} [{labels.series_unit(str(c))}]" if labels.is_series_code(str(c)) else str(c)
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


def show_finding(text: str) -> None:
    """Display a one-sentence Markdown finding (HTML special characters escaped); return None.

    The report index shows this output as the notebook's key finding (cell tag ``finding``).
    """
    from IPython.display import display

    display({"text/markdown": html.escape(text, quote=False), "text/plain": text}, raw=True)


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


def _caption(caption: str) -> str:
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
    word = labels.cell_text(value)
    return str(value) if word is None else word


def _tick(value: float, _pos=None) -> str:
    """Return an axis tick label: thousands separators, no needless decimals."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")
