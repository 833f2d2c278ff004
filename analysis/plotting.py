"""House style for figures and tables: fixed country colours, units on axes, a source line, stable bytes.

Figures are plain :class:`matplotlib.figure.Figure` objects (never registered with pyplot), so a
notebook never stores ``<Figure size …>`` text: build one with :func:`figure` or a chart function,
then call :func:`show`, which displays a PNG at a fixed dpi (identical bytes on every run) and
returns None. :func:`show_table` and :func:`show_finding` display data text HTML-escaped.
"""
from __future__ import annotations

import html
import io
import textwrap
import zlib
from collections.abc import Iterable, Mapping

import matplotlib
import matplotlib.colors
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

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
FALLBACK_COLOURS = ("#762a83", "#35978f", "#8c510a", "#c51b7d", "#4d4d4d",
                    "#5aae61", "#9970ab", "#01665e", "#bf812d", "#de77ae")
MISSING_COLOUR = "#eeeeee"
BASIS_LABELS = {"calendar_year": "calendar year (Jan–Dec)", "fiscal_year_jul_jun": "fiscal year (Jul–Jun)",
                "fiscal_year_apr_mar": "fiscal year (Apr–Mar)", "month": "month", "quarter": "quarter",
                "fiscal_year_jul_jun_partial": "part of a fiscal year (Jul–Jun)"}
_STYLE = {
    "font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": 11, "axes.titleweight": "bold",
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.color": "#dddddd",
    "grid.linewidth": 0.6, "legend.frameon": False, "svg.hashsalt": "gigs-to-growth",
    "figure.dpi": DPI, "savefig.dpi": DPI,
}
matplotlib.rcParams.update(_STYLE)  # the house style, for every figure made after import


def country_colour(iso3: str) -> str:
    """Return the house colour (hex) of an economy: fixed for the key four, stable fallback otherwise."""
    if iso3 in COUNTRY_COLOURS:
        return COUNTRY_COLOURS[iso3]
    return FALLBACK_COLOURS[zlib.crc32(iso3.encode()) % len(FALLBACK_COLOURS)]


def figure(title: str, ylabel: str, xlabel: str = "", source: str = "",
           size_in: tuple[float, float] = SIZE_IN) -> tuple[Figure, Axes]:
    """Return a new house-style (figure, axes) with title, axis labels (units!) and source line."""
    if not ylabel:
        raise ValueError("every chart needs a y-axis label with its unit")
    fig = Figure(figsize=size_in, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(_tick))
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    if source:
        add_source(fig, source)
    return fig, ax


def add_source(fig: Figure, text: str) -> None:
    """Write ``text`` as the source line under the figure (bottom left, small grey type)."""
    label = text if text.lower().startswith("source") else f"Source: {text}"
    label = "\n".join(textwrap.wrap(label, width=150))
    fig.supxlabel(label, x=0.01, ha="left", fontsize=7, color="#555555")


def png_bytes(fig: Figure) -> bytes:
    """Return the figure as PNG bytes at the house dpi, without timestamp or software metadata."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def show(fig: Figure) -> None:
    """Display the figure as a PNG in the notebook (text part: its title); return None."""
    from IPython.display import display

    title = fig.axes[0].get_title(loc="left") if fig.axes else ""
    display({"image/png": png_bytes(fig), "text/plain": f"[figure: {title}]"}, raw=True)


def line_chart(frame: pd.DataFrame, title: str, ylabel: str | None = None,
               source: str | None = None) -> Figure:
    """Return a line chart of ``value`` over time, one coloured line per ``iso3``.

    ``frame`` is a panel slice of one series and one basis. The y label defaults to the unit; the
    x axis is the year for calendar years and the mid-point of each period otherwise.
    """
    unit = _one(frame, "unit")
    basis = _one(frame, "basis")
    fig, ax = figure(title, ylabel or unit, xlabel=_x_label(basis), source=source or source_line(frame))
    for iso3, rows in frame.sort_values("start").groupby("iso3", sort=True):
        ax.plot(_x_values(rows, basis), rows["value"], color=country_colour(iso3), label=iso3,
                linewidth=1.8, marker="o" if len(rows) < 15 else None, markersize=3)
    ax.legend(loc="upper left")
    return fig


def bar_chart(frame: pd.DataFrame, title: str, ylabel: str | None = None,
              source: str | None = None, label: str = "period") -> Figure:
    """Return a bar chart of ``value``, one bar per row labelled by ``label``, coloured by ``iso3``."""
    fig, ax = figure(title, ylabel or _one(frame, "unit"), source=source or source_line(frame))
    ax.bar(frame[label].astype(str), frame["value"], color=[country_colour(c) for c in frame["iso3"]])
    ax.grid(axis="x", visible=False)
    return fig


def windows_chart(monthly: pd.DataFrame, windows: pd.DataFrame, title: str,
                  source: str | None = None) -> Figure:
    """Return monthly values as bars with each period of ``windows`` shaded and labelled.

    Shows which months a fiscal-year and a calendar-year sum cover (``windows``: panel rows with
    ``period``, ``start``, ``end``); the bars are the months of those windows and a year either side.
    """
    lo, hi = windows["start"].min() - pd.DateOffset(years=1), windows["end"].max() + pd.DateOffset(years=1)
    rows = monthly[(monthly["start"] >= lo) & (monthly["end"] <= hi)].sort_values("start")
    fig, ax = figure(title, _one(rows, "unit") + " per month", xlabel="month",
                     source=source or source_line(pd.concat([rows, windows])))
    ax.bar(rows["start"] + pd.Timedelta(days=14), rows["value"], width=24,
           color=[country_colour(c) for c in rows["iso3"]])
    top = float(rows["value"].max())
    for n, window in enumerate(windows.sort_values("start").itertuples(index=False)):
        ax.axvspan(window.start, window.end + pd.Timedelta(days=1), ymax=0.9 - 0.06 * n,
                   color=FALLBACK_COLOURS[n % len(FALLBACK_COLOURS)], alpha=0.12)
        ax.text(window.start, top * (1.1 - 0.07 * n), f"{window.period}: {_basis_label(window.basis)}",
                fontsize=8, color=FALLBACK_COLOURS[n % len(FALLBACK_COLOURS)])
    ax.set_ylim(0, top * 1.25)
    return fig


def coverage_heatmap(panel: pd.DataFrame, iso3: Iterable[str] | None = None,
                     series: Iterable[str] | None = None, start_year: int | None = None,
                     derived: bool = False, curated: bool = False) -> Figure:
    """Return a chart of which economy × series × calendar year holds at least one observation.

    A cell is filled (in the economy's colour) when some observation's [start, end] touches that
    year; fiscal years therefore fill both calendar years they straddle. Derived series
    (``code:derivation``) are left out unless ``derived``, figures quoted from web pages (source
    ``published_figures``) unless ``curated``.
    """
    from analysis.build import CURATED

    rows = panel.dropna(subset=["start", "end"])
    if not curated:
        rows = rows[rows["source"] != CURATED]
    if not derived:
        rows = rows[~rows["series"].str.contains(":", regex=False)]
    if iso3 is not None:
        rows = rows[rows["iso3"].isin(list(iso3))]
    if series is not None:
        rows = rows[rows["series"].isin(list(series))]
    grid = _coverage_grid(rows, start_year)
    fig, ax = figure("Which economy holds which series in which year", "economy · series",
                     xlabel="calendar year (filled: at least one observation touches the year)",
                     source=source_line(rows), size_in=(8.0, 1.4 + 0.16 * max(len(grid), 1)))
    image = np.ones((len(grid), len(grid.columns), 3))
    for i, (code, _) in enumerate(grid.index):
        image[i, grid.iloc[i].to_numpy()] = matplotlib.colors.to_rgb(country_colour(code))
        image[i, ~grid.iloc[i].to_numpy()] = matplotlib.colors.to_rgb(MISSING_COLOUR)
    ax.imshow(image, aspect="auto", interpolation="nearest",
              extent=(grid.columns[0] - 0.5, grid.columns[-1] + 0.5, len(grid) - 0.5, -0.5))
    ax.set_yticks(range(len(grid)), [f"{c} · {s}" for c, s in grid.index], fontsize=6)
    ax.grid(False)
    return fig


def _coverage_grid(rows: pd.DataFrame, start_year: int | None) -> pd.DataFrame:
    """Return a boolean frame: index (iso3, series), columns calendar years, True where covered."""
    if rows.empty:
        raise ValueError("coverage_heatmap: no observations for the chosen economies and series")
    first = rows["start"].dt.year.to_numpy()
    spans = rows["end"].dt.year.to_numpy() - first + 1
    which = np.repeat(np.arange(len(rows)), spans)
    offset = np.arange(spans.sum()) - np.repeat(np.cumsum(spans) - spans, spans)
    cells = pd.DataFrame({"iso3": rows["iso3"].to_numpy()[which],
                          "series": rows["series"].to_numpy()[which], "year": first[which] + offset})
    lo = max(int(first.min()), start_year or int(first.min()))
    grid = pd.crosstab([cells["iso3"], cells["series"]], cells["year"]) > 0
    return grid.reindex(columns=range(lo, int(cells["year"].max()) + 1), fill_value=False)


def source_line(frame: pd.DataFrame) -> str:
    """Return 'Source: publisher, dataset (vintage …); …' for the sources in ``frame['source']``."""
    from analysis.report import sources_frame

    catalogue = sources_frame(frame)
    parts = []
    for (publisher, dataset), rows in catalogue.groupby(["publisher", "dataset"], sort=True):
        vintages = sorted(set(rows["vintage"]) - {""})
        span = vintages[0] if len(vintages) == 1 else f"{vintages[0]} to {vintages[-1]}" if vintages else ""
        parts.append(f"{publisher}, {dataset or ', '.join(rows['title'])}" + (f" (vintage {span})" if span else ""))
    return "Source: " + "; ".join(parts)


def format_frame(df: pd.DataFrame, digits: int | Mapping[str, int] = 1) -> pd.DataFrame:
    """Return ``df`` as text: numbers rounded to ``digits`` decimals with thousands separators."""
    out = df.reset_index(drop=isinstance(df.index, pd.RangeIndex))
    text = {}
    for col in out.columns:
        places = digits.get(col, 1) if isinstance(digits, Mapping) else digits
        values = out[col]
        if pd.api.types.is_bool_dtype(values):
            text[col] = values.map(str)
        elif pd.api.types.is_integer_dtype(values):
            text[col] = values.map(lambda v: "" if pd.isna(v) else f"{v:,}")
        elif pd.api.types.is_float_dtype(values):
            text[col] = values.map(lambda v: "" if pd.isna(v) else f"{v:,.{places}f}")
        elif pd.api.types.is_datetime64_any_dtype(values):
            text[col] = values.dt.strftime("%Y-%m-%d").fillna("")
        else:
            text[col] = values.map(lambda v: "" if v is None or v is pd.NA or v != v else str(v))
    return pd.DataFrame(text, columns=[str(c) for c in out.columns])


def table_html(df: pd.DataFrame, digits: int | Mapping[str, int] = 1, max_rows: int = 60) -> str:
    """Return ``df`` as an HTML table, every text cell and header escaped, at most ``max_rows`` rows.

    Numeric columns are right-aligned, text columns left-aligned (inline style, so JupyterLab and
    the reports agree).
    """
    shown = format_frame(df.head(max_rows), digits)
    numeric = [pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t)
               for t in df.reset_index(drop=isinstance(df.index, pd.RangeIndex)).dtypes]
    align = ['style="text-align: right"' if n else 'style="text-align: left"' for n in numeric]
    head = "".join(f"<th {a}>{html.escape(c)}</th>" for a, c in zip(align, shown.columns))
    rows = "\n".join("<tr>" + "".join(f"<td {a}>{html.escape(v)}</td>" for a, v in zip(align, row)) + "</tr>"
                     for row in shown.itertuples(index=False))
    body = f'<table class="g2g-table">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>'
    if len(df) > max_rows:
        body += f'\n<p class="g2g-note">… {len(df) - max_rows:,} more rows not shown</p>'
    return body


def show_table(df: pd.DataFrame, digits: int | Mapping[str, int] = 1, max_rows: int = 60) -> None:
    """Display ``df`` rounded to ``digits`` decimals as an escaped HTML table (plus plain text); return None."""
    from IPython.display import display

    text = format_frame(df.head(max_rows), digits).to_string(index=False)
    display({"text/html": table_html(df, digits, max_rows), "text/plain": text}, raw=True)


def show_finding(text: str) -> None:
    """Display a one-sentence Markdown finding (HTML special characters escaped); return None.

    The report index shows this output as the notebook's key finding (cell tag ``finding``).
    """
    from IPython.display import display

    display({"text/markdown": html.escape(text, quote=False), "text/plain": text}, raw=True)


def _tick(value: float, _pos=None) -> str:
    """Return an axis tick label: thousands separators, no needless decimals."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def _one(frame: pd.DataFrame, column: str) -> str:
    """Return the single value of ``column`` in ``frame``; ValueError if it holds several."""
    values = sorted(frame[column].unique())
    if len(values) != 1:
        raise ValueError(f"chart needs one {column}, found {values}: select first")
    return str(values[0])


def _x_label(basis: str) -> str:
    """Return the x-axis label for a period basis."""
    if basis == "calendar_year":
        return "calendar year"
    return f"{_basis_label(basis)}, plotted at its mid-point"


def _basis_label(basis: str) -> str:
    """Return a reader's label for a period basis code."""
    return BASIS_LABELS.get(basis, basis.replace("_", " "))


def _x_values(rows: pd.DataFrame, basis: str):
    """Return x positions: the year for calendar years, else each period's mid-point (Timestamp)."""
    if basis == "calendar_year":
        return rows["start"].dt.year.to_numpy()
    return (rows["start"] + (rows["end"] - rows["start"]) / 2).to_numpy()
