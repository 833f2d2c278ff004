"""House style for figures: fixed country colours, units on axes, a source line, stable bytes.

Figures are plain :class:`matplotlib.figure.Figure` objects (never registered with pyplot), so a
notebook never stores ``<Figure size …>`` text: build one with :func:`figure` or a chart function of
:mod:`analysis.figures.charts`, then call :func:`show`, which displays a PNG at a fixed dpi (identical
bytes on every run), its caption and the data behind it as CSV, and returns None. Tables are
:mod:`analysis.figures.tables` (re-exported here: ``plotting.show_table``); :func:`show_finding`
displays data text HTML-escaped. This module holds the style and the display primitives only; the
chart builders live in :mod:`analysis.figures.charts` (series over time, coverage) and
:mod:`analysis.figures.bars` (bar charts), which use them.

The house style (``_STYLE`` over matplotlib's defaults) is applied only inside the library's own
builders and renderers (:func:`styled`, :func:`style_context`): importing the library or building a
chart leaves the user's ``matplotlib.rcParams`` as they were, and the user's settings never reach a
house figure. Scenarios low < base < high share one ordered blue scale; claim verdicts a diverging one.
"""

from __future__ import annotations

import functools
import html
import io
import textwrap
import zlib
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import matplotlib
import matplotlib.style
import matplotlib.ticker
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure

from analysis.core.text import markdown_escape
from analysis.figures.tables import check_caption, csv_link
from analysis.figures.tables import format_frame as format_frame  # re-exported: notebooks call plotting.*
from analysis.figures.tables import is_year_column as is_year_column
from analysis.figures.tables import show_table as show_table
from analysis.figures.tables import table_html as table_html
from analysis.sources.catalogue import sources_frame

P, R = ParamSpec("P"), TypeVar("R")
DPI = 100
SIZE_IN = (8.0, 4.5)
TITLE_WIDTH = 72  # characters of a chart title per line; longer titles wrap instead of running off the figure
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
# Fixed colours for the named scenarios of analysis.models.scenarios (any other name: a fallback colour):
# low < base < high on one ordered (sequential blue) scale, light to dark; policy scenarios apart in orange.
SCENARIO_COLOURS = {
    "low": "#6baed6",
    "base": "#2171b5",
    "high": "#08306b",
    "reform": "#e08214",
    "package": "#e08214",
}
# Claim verdicts on a diverging scale: under the evidence (blue), inside it (green), over it (red);
# a claim that cannot be checked is grey.
VERDICT_COLOURS = {
    "understated": "#2166ac",
    "supported": "#4d9221",
    "overstated": "#b2182b",
    "not checkable": "#bababa",
}
LEGEND_OUTSIDE = {
    "loc": "upper left",
    "bbox_to_anchor": (1.01, 1.0),
}  # ax.legend beside the axes, over no data
REFERENCE_LINE = "#333333"  # a reference line drawn across a chart (zero, a central value)
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


def styled(builder: Callable[P, R]) -> Callable[P, R]:
    """Return ``builder`` run inside the house style (:func:`style_context`), leaving rcParams as found.

    Decorates every function that makes or renders a figure, so importing the library or building a
    chart never changes a user's matplotlib settings.
    """

    @functools.wraps(builder)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with style_context():
            return builder(*args, **kwargs)

    return wrapper


def style_context():
    """Return a context manager applying matplotlib's defaults plus the house style (``_STYLE``), then
    restoring the caller's rcParams; the same figure whatever the user's own settings are."""
    return matplotlib.style.context(["default", _STYLE])


def country_colour(iso3: str) -> str:
    """Return the house colour (hex) of an economy: fixed for the key four, stable fallback otherwise."""
    if iso3 in COUNTRY_COLOURS:
        return COUNTRY_COLOURS[iso3]
    return FALLBACK_COLOURS[zlib.crc32(iso3.encode()) % len(FALLBACK_COLOURS)]


def scenario_colour(name: str) -> str:
    """Return a scenario's colour (hex): fixed for the named scenarios, a stable fallback otherwise."""
    return SCENARIO_COLOURS.get(name, country_colour(name))


def verdict_colour(verdict: str) -> str:
    """Return a claim verdict's colour (hex) on the diverging verdict scale; grey for any other verdict."""
    return VERDICT_COLOURS.get(verdict, VERDICT_COLOURS["not checkable"])


@styled
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
    ax.set_title(textwrap.fill(title, TITLE_WIDTH), loc="left")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    if source:
        add_source(fig, source)
    return fig, ax


@styled
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
    fig.suptitle(
        textwrap.fill(title, TITLE_WIDTH),
        x=0.01,
        ha="left",
        fontweight="bold",
        fontsize=_STYLE["axes.titlesize"],
    )
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


@styled
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

    caption = check_caption(caption)
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


def show_finding(text: str) -> None:
    """Display a one-sentence finding as inert Markdown, ``**bold**`` its only markup; return None.

    The text mixes the notebook's words with data text (claims, names), so everything else is
    escaped (:func:`analysis.core.text.markdown_escape`): no link, image, HTML or code survives.
    The report index shows this output as the notebook's key finding (cell tag ``finding``).
    """
    from IPython.display import display

    display({"text/markdown": markdown_escape(text, keep="*"), "text/plain": text}, raw=True)


def _tick(value: float, _pos=None) -> str:
    """Return an axis tick label: thousands separators, no needless decimals."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")
