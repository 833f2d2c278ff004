"""Chart builders in the house style for series over time: panel series, coverage, peer comparisons,
forecasts, scenario paths.

Every function returns a :class:`matplotlib.figure.Figure` built with :mod:`analysis.figures.plotting`
(title, unit on the value axis, source line from ``sources.yml`` or the caller); show it with
``plotting.show(fig)``. The models (compare, forecast, montecarlo, scenarios) only compute tables;
drawing their results happens here and, for bar charts of tables, in :mod:`analysis.figures.bars`.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable

import matplotlib.colors
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.core import periods
from analysis.figures import labels, plotting
from analysis.models.forecast import ANNUAL_START_YEAR, MonthlyForecast
from analysis.panel.query import select
from analysis.sources.registry import PUBLISHED_FIGURES
from analysis.sources.series import SBP_REMITTANCES

MISSING_COLOUR = "#eeeeee"
MAX_FY_TICKS = 9  # fiscal-year labels shown at most along an axis (more are thinned, every year ticked)
LEVEL_FY_TICKS = 5  # up to this many fiscal-year labels stand level; more are set at an angle
LEGEND_WIDTH = 34  # characters per line of a legend entry beside a chart
SCENARIO_UNITS = {"earnings_usd_million": "USD million per fiscal year", "freelancers_persons": "persons"}


@plotting.styled
def line_chart(
    frame: pd.DataFrame, *, title: str, ylabel: str | None = None, source: str | None = None
) -> Figure:
    """Return a line chart of ``value`` over time, one coloured line per ``iso3``.

    ``frame`` is a panel slice of one series and one basis. The y label defaults to the unit; the
    x axis is the year for calendar years and the mid-point of each period otherwise.
    """
    unit, basis = _one(frame, "unit"), _one(frame, "basis")
    fig, ax = plotting.figure(
        title=title,
        ylabel=ylabel or unit,
        xlabel=_x_label(basis),
        source=source or plotting.source_line(frame),
    )
    names = _country_names(frame)
    for iso3, rows in frame.sort_values("start").groupby("iso3", sort=True):
        ax.plot(
            _x_values(rows, basis),
            rows["value"],
            color=plotting.country_colour(iso3),
            label=names.get(iso3, iso3),
            linewidth=1.8,
            marker="o",
            markersize=3,
            markevery=None if len(rows) < 15 else _isolated(rows["value"]),
        )
    ax.legend(**plotting.LEGEND_OUTSIDE)
    return fig


@plotting.styled
def bar_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    ylabel: str | None = None,
    source: str | None = None,
    label: str = "period",
) -> Figure:
    """Return a bar chart of ``value``, one bar per row labelled by ``label``, coloured by ``iso3``."""
    fig, ax = plotting.figure(
        title=title, ylabel=ylabel or _one(frame, "unit"), source=source or plotting.source_line(frame)
    )
    ax.bar(
        frame[label].astype(str), frame["value"], color=[plotting.country_colour(c) for c in frame["iso3"]]
    )
    ax.grid(axis="x", visible=False)
    return fig


@plotting.styled
def windows_chart(
    monthly: pd.DataFrame, windows: pd.DataFrame, *, title: str, source: str | None = None
) -> Figure:
    """Return monthly values as bars with each period of ``windows`` shaded and labelled.

    Shows which months a fiscal-year and a calendar-year sum cover (``windows``: panel rows with
    ``period``, ``start``, ``end``); the bars are the months of those windows and a year either side.
    """
    lo, hi = windows["start"].min() - pd.DateOffset(years=1), windows["end"].max() + pd.DateOffset(years=1)
    rows = monthly[(monthly["start"] >= lo) & (monthly["end"] <= hi)].sort_values("start")
    fig, ax = plotting.figure(
        title=title,
        ylabel=_one(rows, "unit") + " per month",
        xlabel="month",
        source=source or plotting.source_line(pd.concat([rows, windows])),
    )
    ax.bar(
        rows["start"] + pd.Timedelta(days=14),
        rows["value"],
        width=24,
        color=[plotting.country_colour(c) for c in rows["iso3"]],
    )
    top, shades = float(rows["value"].max()), plotting.FALLBACK_COLOURS
    for n, window in enumerate(windows.sort_values("start").itertuples(index=False)):
        ax.axvspan(
            window.start,
            window.end + pd.Timedelta(days=1),
            ymax=0.9 - 0.06 * n,
            color=shades[n % len(shades)],
            alpha=0.12,
        )
        ax.text(
            window.start,
            top * (1.1 - 0.07 * n),
            f"{window.period}: {_basis_label(window.basis)}",
            fontsize=8,
            color=shades[n % len(shades)],
        )
    ax.set_ylim(0, top * 1.25)
    return fig


@plotting.styled
def coverage_heatmap(
    panel: pd.DataFrame,
    *,
    iso3: Iterable[str] | None = None,
    series: Iterable[str] | None = None,
    start_year: int | None = None,
    derived: bool = False,
    curated: bool = False,
) -> Figure:
    """Return a chart of which economy × series × calendar year holds at least one observation.

    A cell is filled (in the economy's colour) when some observation's [start, end] touches that
    year; fiscal years therefore fill both calendar years they straddle. Derived series
    (``code:derivation``) are left out unless ``derived``, figures quoted from web pages (source
    ``published_figures``) unless ``curated``.
    """
    rows = panel.dropna(subset=["start", "end"])
    if not curated:
        rows = rows[rows["source"] != PUBLISHED_FIGURES]
    if not derived:
        rows = rows[~rows["series"].str.contains(":", regex=False)]
    if iso3 is not None:
        rows = rows[rows["iso3"].isin(list(iso3))]
    if series is not None:
        rows = rows[rows["series"].isin(list(series))]
    grid = _coverage_grid(rows, start_year)
    fig, ax = plotting.figure(
        title="Which economy holds which series in which year",
        ylabel="economy · series",
        xlabel="calendar year (filled: at least one observation touches the year)",
        source=plotting.source_line(rows),
        size_in=(8.0, 1.4 + 0.16 * max(len(grid), 1)),
    )
    image = np.ones((len(grid), len(grid.columns), 3))
    for i, (code, _) in enumerate(grid.index):
        image[i, grid.iloc[i].to_numpy()] = matplotlib.colors.to_rgb(plotting.country_colour(code))
        image[i, ~grid.iloc[i].to_numpy()] = matplotlib.colors.to_rgb(MISSING_COLOUR)
    ax.imshow(
        image,
        aspect="auto",
        interpolation="nearest",
        extent=(grid.columns[0] - 0.5, grid.columns[-1] + 0.5, len(grid) - 0.5, -0.5),
    )
    names = _country_names(rows)
    ax.set_yticks(
        range(len(grid)),
        [f"{names.get(c, c)} · {labels.series_label(s)}" for c, s in grid.index],
        fontsize=6,
    )
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
    cells = pd.DataFrame(
        {
            "iso3": rows["iso3"].to_numpy()[which],
            "series": rows["series"].to_numpy()[which],
            "year": first[which] + offset,
        }
    )
    lo = max(int(first.min()), start_year or int(first.min()))
    grid = pd.crosstab([cells["iso3"], cells["series"]], cells["year"]) > 0
    return grid.reindex(columns=range(lo, int(cells["year"].max()) + 1), fill_value=False)


@plotting.styled
def small_multiples(
    frame: pd.DataFrame,
    *,
    panel_by: str,
    line_by: str,
    title: str,
    ylabel,
    source: str,
    value: str = "value",
    titles=None,
    log=(),
    columns: int = 2,
    order=None,
    names=None,
) -> Figure:
    """Return a figure: one panel per ``panel_by`` value, one line per ``line_by`` value over ``year``.

    Lines carry the economy's house colour (``iso3`` is ``panel_by`` or ``line_by``); when lines
    are series they are told apart by line style. ``ylabel`` is one text or {panel: text} (with the
    unit), ``titles`` an optional {panel: title}; panels listed in ``log`` use a log scale;
    ``order`` lists the panels (default: their order in ``frame``). ``names``: {iso3 or key: reader's
    name} for legends and panel titles (default: the frame's ``country_name``, if it has one).
    """
    keys = [k for k in (order or dict.fromkeys(frame[panel_by])) if k in set(frame[panel_by])]
    dashes = ("-",) if line_by == "iso3" else ("-", "--", ":", "-.")
    styles = {k: dashes[i % len(dashes)] for i, k in enumerate(dict.fromkeys(frame[line_by]))}
    nrows = -(-len(keys) // columns)
    fig, axes = plotting.panels(
        title=title, nrows=nrows, columns=columns, source=source, height_in=0.8 + 2.4 * nrows
    )
    names = {**_country_names(frame), **(names or {})}
    legend = {}  # one legend for the figure, beside the panels, so that no line is hidden under it
    for ax, key in zip(axes, keys):
        for line, rows in frame[frame[panel_by] == key].groupby(line_by, sort=False):
            text = names.get(line, str(line)) if line_by == "iso3" else str(line)
            rows = _every_year(rows, value)
            (drawn,) = ax.plot(
                rows["year"],
                rows[value],
                linestyle=styles[line],
                linewidth=1.6,
                marker="o",
                markersize=3.5,
                markevery=_isolated(rows[value]),  # a year without neighbours shows as a dot
                color=plotting.country_colour(line if line_by == "iso3" else key),
                label=text,
            )
            legend.setdefault(text, drawn)
        name = (titles or {}).get(key, str(key))
        if panel_by == "iso3":
            name = names.get(key, name) if titles is None else name
        ax.set_title(name + (" (log scale)" if key in log else ""), loc="left", fontsize=9)
        ax.set_ylabel(ylabel.get(key, "") if isinstance(ylabel, dict) else ylabel)
        ax.set_xlabel("calendar year")
        if key in log:
            plotting.log_y_axis(ax)
    fig.legend(legend.values(), legend.keys(), loc="outside right upper", fontsize=8)
    for ax in axes[len(keys) :]:
        ax.set_visible(False)
    return fig


@plotting.styled
def monthly_chart(
    panel: pd.DataFrame,
    result: MonthlyForecast | None = None,
    *,
    parts: pd.DataFrame | None = None,
    months_shown: int = 36,
) -> Figure:
    """Return a chart (USD million per month) of the last observed months, with the STL trend of
    :func:`forecast.decompose_monthly` (``parts``) and/or the forecast ``result`` with its 80/95 % bands."""
    rows = (
        select(panel, iso3="PAK", series=SBP_REMITTANCES, basis=periods.MONTH)
        .sort_values("start")
        .tail(months_shown)
    )
    title, source = "Pakistan: workers' remittances by month", plotting.source_line(rows)
    if parts is not None:
        title, source = title + " and their trend", source + "; trend: robust STL on logs"
    if result is not None:
        title += f", and the {labels.model_label(result.model)} forecast"
        name = labels.model_label(result.model)
        source += f"; forecast: {name} on logs, trained {result.train_start} to {result.train_end}"
        if result.step_from is not None:
            source += f", level-shift step from {result.step_from}"
    fig, ax = plotting.figure(title=title, ylabel="USD million per month", xlabel="month", source=source)
    colour = plotting.country_colour("PAK")
    ax.plot(
        rows["start"], rows["value"], color=colour, linewidth=1.8 if parts is None else 1.0, label="observed"
    )
    if parts is not None:
        ax.plot(parts["start"], parts["trend_usd_million"], color="#333333", linewidth=2, label="trend (STL)")
    if result is not None:
        m, x = result.monthly, pd.PeriodIndex(result.monthly["month"], freq="M").to_timestamp()
        for level, alpha in ((95, 0.15), (80, 0.3)):
            ax.fill_between(
                x,
                m[f"lo{level}_usd_million"],
                m[f"hi{level}_usd_million"],
                color=colour,
                alpha=alpha,
                linewidth=0,
                label=f"{level} % interval",
            )
        ax.plot(x, m["mean_usd_million"], color=colour, linestyle="--", label="forecast mean")
    ax.legend(**plotting.LEGEND_OUTSIDE)
    return fig


@plotting.styled
def annual_chart(panel: pd.DataFrame, table: pd.DataFrame, *, start_year: int = ANNUAL_START_YEAR) -> Figure:
    """Return a log-scale chart of each economy's annual series and its forecast mean with 80 % band.

    ``table`` is one series' :func:`forecast.forecast_annual` output, one model per economy (e.g. the
    backtest's choice); the legend names each economy's model. The forecast starts from the last
    observation.
    """
    code, unit = (str(table[c].iloc[0]) for c in ("series", "unit"))
    models = sorted(set(table["model"]))
    model_names = [labels.model_label(m) for m in models]
    model = model_names[0] if len(models) == 1 else "chosen-model"
    rows = select(panel, iso3=sorted(set(table["iso3"])), series=code, basis=periods.CALENDAR)
    rows = rows[(rows["breakdown"] == "") & (rows["start"].dt.year >= start_year)].sort_values("start")
    fig, ax = plotting.figure(
        title=f"{rows['series_name'].iloc[0]}: history and {model} forecast",
        ylabel=f"{unit} (log scale)",
        xlabel="calendar year",
        source=f"{plotting.source_line(rows)}; forecast: {' / '.join(model_names)} on logs, 80 % interval",
    )
    suffix = "_usd_million" if unit == "USD million" else ""
    names = _country_names(rows)
    for iso3, fc_rows in table.groupby("iso3", sort=True):
        colour, hist = plotting.country_colour(iso3), rows[rows["iso3"] == iso3]
        last_x, last_y = [hist["start"].dt.year.iloc[-1]], [hist["value"].iloc[-1]]
        x = last_x + fc_rows["year"].astype(int).tolist()
        name = names.get(iso3, iso3)
        label = name if len(models) == 1 else f"{name} ({labels.model_label(fc_rows['model'].iloc[0])})"
        ax.plot(hist["start"].dt.year, hist["value"], color=colour, linewidth=1.8, label=label)
        lo, hi = last_y + fc_rows[f"lo80{suffix}"].tolist(), last_y + fc_rows[f"hi80{suffix}"].tolist()
        ax.fill_between(x, lo, hi, color=colour, alpha=0.2, linewidth=0)
        ax.plot(x, last_y + fc_rows[f"mean{suffix}"].tolist(), color=colour, linestyle="--")
    plotting.log_y_axis(ax)
    ax.legend(**plotting.LEGEND_OUTSIDE)
    return fig


@plotting.styled
def scenario_chart(
    projections: pd.DataFrame,
    *,
    title: str,
    source: str,
    bands: pd.DataFrame | None = None,
    variable: str = "earnings_usd_million",
    suffix: str = " (deterministic)",
    history: pd.DataFrame | None = None,
) -> Figure:
    """Return a chart by fiscal year of scenario paths (lines) and, optionally, one scenario's MC bands.

    ``suffix`` follows each line's name in the legend (e.g. '' for published figures). ``history``:
    published figures to mark on the chart (columns fy, definition, published_usd_million), the
    fiscal-year axis extended back to the first of them.

    ``projections``: :func:`scenarios.project` outputs stacked; ``bands``: a
    :func:`montecarlo.monte_carlo` table (shaded 5–95 % and 25–75 %, dotted median).
    """
    fig, ax = plotting.figure(
        title=title, ylabel=SCENARIO_UNITS[variable], xlabel="fiscal year (Jul–Jun)", source=source
    )
    fys = list(projections["fy"]) + ([] if history is None else list(history["fy"]))
    ends = [periods.fy_end_year(fy) for fy in fys]
    labels = [periods.fy_label(y) for y in range(min(ends), max(ends) + 1)]  # every year, none skipped
    pos = {fy: i for i, fy in enumerate(labels)}
    markers = ("s", "D", "^", "v", "P")
    for i, (definition, rows) in enumerate(
        () if history is None else history.groupby("definition", sort=True)
    ):
        ax.scatter(
            rows["fy"].map(pos),
            rows["published_usd_million"],
            color=plotting.REFERENCE_LINE,
            marker=markers[i % len(markers)],
            s=22,
            zorder=5,
            label=textwrap.fill(f"published: {definition}", LEGEND_WIDTH),
        )
    names = list(dict.fromkeys(projections["scenario"]))
    names += [] if bands is None else [n for n in dict.fromkeys(bands["scenario"]) if n not in names]
    colours = _scenario_colours(names)
    if bands is not None:
        b = bands[bands["variable"] == variable]
        name, x = b["scenario"].iloc[0], b["fy"].map(pos)
        colour = colours[name]
        ax.fill_between(
            x, b["p5"], b["p95"], color=colour, alpha=0.15, linewidth=0, label=f"{name}: Monte Carlo 5–95 %"
        )
        ax.fill_between(x, b["p25"], b["p75"], color=colour, alpha=0.3, linewidth=0, label=f"{name}: 25–75 %")
        ax.plot(x, b["p50"], color=colour, linestyle=":", label=f"{name}: median of draws")
    for name, rows in projections.groupby("scenario", sort=False):
        ax.plot(
            rows["fy"].map(pos),
            rows[variable],
            color=colours[name],
            marker="o",
            markersize=3,
            linewidth=1.8,
            label=f"{name}{suffix}",
        )
    _fy_ticks(ax, labels)
    ax.legend(**plotting.LEGEND_OUTSIDE, fontsize=7)
    return fig


def _scenario_colours(names: list[str]) -> dict[str, str]:
    """Return {scenario: colour}: the house colour of a named scenario, and for any other name the next
    unused fallback colour in order of appearance, so two lines never share a colour."""
    named = {n: plotting.SCENARIO_COLOURS[n] for n in names if n in plotting.SCENARIO_COLOURS}
    spare = itertools.cycle([c for c in plotting.FALLBACK_COLOURS if c not in named.values()])
    return {n: named.get(n) or next(spare) for n in names}


def _fy_ticks(ax, labels: list[str]) -> None:
    """Tick every fiscal year at positions 0, 1, …; label at most ``MAX_FY_TICKS`` of them, evenly
    spaced and always the last (the horizon), at an angle when more than ``LEVEL_FY_TICKS``: labels
    never collide."""
    step = -(-len(labels) // MAX_FY_TICKS)
    shown = range((len(labels) - 1) % step, len(labels), step)
    level = len(shown) <= LEVEL_FY_TICKS
    ax.set_xticks(
        list(shown),
        [labels[i] for i in shown],
        rotation=0 if level else 45,
        ha="center" if level else "right",
    )
    ax.set_xticks(range(len(labels)), minor=True)


def _country_names(frame: pd.DataFrame) -> dict[str, str]:
    """Return {iso3: country name} of the rows in ``frame`` ({} when it has no names)."""
    return labels.country_names(frame, frame["iso3"]) if {"iso3", "country_name"} <= set(frame) else {}


def _every_year(rows: pd.DataFrame, value: str) -> pd.DataFrame:
    """Return ``rows`` with a (missing) row for every year absent between the first and the last, so
    that a line breaks over a gap instead of joining across it."""
    years = range(int(rows["year"].min()), int(rows["year"].max()) + 1)
    full = rows.drop_duplicates("year").set_index("year").reindex(years)
    return full.rename_axis("year").reset_index()[["year", value]]


def _isolated(values: pd.Series) -> list[bool]:
    """Return, per value, True where it is present and both neighbours are missing (or absent): a
    point a line cannot show, which gets a marker."""
    present = values.notna().to_numpy()
    before = np.concatenate([[False], present[:-1]])
    after = np.concatenate([present[1:], [False]])
    return list(present & ~before & ~after)


def _one(frame: pd.DataFrame, column: str) -> str:
    """Return the single value of ``column`` in ``frame``; ValueError if it holds several."""
    values = sorted(frame[column].unique())
    if len(values) != 1:
        raise ValueError(f"chart needs one {column}, found {values}: select first")
    return str(values[0])


def _x_label(basis: str) -> str:
    """Return the x-axis label for a period basis."""
    return "calendar year" if basis == "calendar_year" else f"{_basis_label(basis)}, plotted at its mid-point"


def _basis_label(basis: str) -> str:
    """Return a reader's label for a period basis code."""
    return labels.BASIS_LABELS.get(basis, basis.replace("_", " "))


def _x_values(rows: pd.DataFrame, basis: str):
    """Return x positions: the year for calendar years, else each period's mid-point (Timestamp)."""
    if basis == "calendar_year":
        return rows["start"].dt.year.to_numpy()
    return (rows["start"] + (rows["end"] - rows["start"]) / 2).to_numpy()
