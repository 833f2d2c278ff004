"""Bar-chart builders in the house style: labelled horizontal bars, grouped bars from a wide table,
and the model charts drawn as bars (tornado, waterfall).

Every function returns a :class:`matplotlib.figure.Figure` built with :func:`plotting.figure`
(title, axis labels with units, source line given by the caller); show it with
``plotting.show(fig)``. Horizontal bars list their categories top to bottom in the order given, with
house numbers (thousands separators) on the value axis.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.figures import labels, plotting

GROUP_WIDTH = 0.8  # share of a category's height the bars of one group fill
LABEL_WIDTH = 48  # characters of a category label per line; longer labels wrap (the title keeps room)


@plotting.styled
def hbar(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    ylabel: str,
    xlabel: str,
    source: str,
    colour: str | Sequence[str] | None = None,
    ghost: Sequence[float] | None = None,
    label_size: float | None = None,
    size_in: tuple[float, float] = plotting.SIZE_IN,
) -> Figure:
    """Return a horizontal bar chart of ``values`` (in the unit ``xlabel`` names), one bar per label,
    the first label on top; a missing value draws no bar.

    ``colour``: one colour or one per bar (default: Pakistan's house green). ``ghost``: optional
    second values, drawn behind each bar as an outline hatched in the bar's colour (e.g. an
    annualised figure beside the published one).
    ``label_size``: font size of the category labels (default: the house size).
    """
    labels = [_wrap(str(label)) for label in labels][::-1]  # drawn bottom up: the first label on top
    n, colour = len(labels), plotting.country_colour("PAK") if colour is None else colour
    colours = [colour] * n if isinstance(colour, str) else list(colour)[::-1]
    fig, ax = plotting.figure(title=title, ylabel=ylabel, xlabel=xlabel, source=source, size_in=size_in)
    if ghost is not None:
        rows, widths = _present(ghost)
        ax.barh(rows, widths, color="white", edgecolor=[colours[i] for i in rows], hatch="//")
    rows, widths = _present(values)
    ax.barh(rows, widths, color=[colours[i] for i in rows])
    ax.set_yticks(range(n), labels, **({} if label_size is None else {"fontsize": label_size}))
    _value_axis(ax)
    return fig


@plotting.styled
def grouped_hbar(
    wide: pd.DataFrame,
    *,
    title: str,
    ylabel: str,
    xlabel: str,
    source: str,
    colours: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    legend_title: str | None = None,
    zero_line: bool = False,
    size_in: tuple[float, float] = plotting.SIZE_IN,
) -> Figure:
    """Return a grouped horizontal bar chart of a wide table (values in the unit ``xlabel`` names):
    one group per row, labelled by the index (first row on top), one bar per column and present value.

    ``colours``: {column: colour}; a column not listed gets its house economy colour
    (:func:`plotting.country_colour`), so ISO3 columns need none. ``labels``: {column: legend text}
    (default: the column name). ``legend_title`` defaults to the columns' name. ``zero_line`` draws
    a line at zero, for values that can be negative (gaps).
    """
    fig, ax = plotting.figure(title=title, ylabel=ylabel, xlabel=xlabel, source=source, size_in=size_in)
    height = GROUP_WIDTH / len(wide.columns)
    for i, column in enumerate(wide.columns):  # first column on top within each group, as in the legend
        rows, widths = _present(wide[column])
        ax.barh(
            rows + GROUP_WIDTH / 2 - height * (i + 0.5),
            widths,
            height=height,
            color=(colours or {}).get(column, plotting.country_colour(str(column))),
            label=(labels or {}).get(column, str(column)),
        )
    ax.set_yticks(range(len(wide)), [_wrap(str(label)) for label in wide.index[::-1]])
    ax.legend(
        title=legend_title if legend_title is not None else wide.columns.name, **plotting.LEGEND_OUTSIDE
    )
    if zero_line:
        ax.axvline(0, color=plotting.REFERENCE_LINE, linewidth=0.8)
    _value_axis(ax)
    return fig


@plotting.styled
def tornado_chart(table: pd.DataFrame, *, source: str, top: int = 10) -> Figure:
    """Return the tornado chart of :func:`montecarlo.tornado`: horizon earnings (USD million) with each
    parameter alone at its low and at its high end, the ``top`` largest swings (largest on top)."""
    t = table.head(top).iloc[::-1]
    central, fy = float(t["central_earnings_usd_million"].iloc[0]), t["fy"].iloc[0]
    fig, ax = plotting.figure(
        title=f"{fy}: each parameter alone at its low or high end",
        ylabel="parameter (estimated or judgement)",
        xlabel=f"recorded freelancer earnings in {fy}, USD million",
        source=source,
        size_in=(8.0, 1.6 + 0.32 * len(t)),
    )
    names = [f"{labels.parameter_label(p)} ({k})" for p, k in zip(t["parameter"], t["kind"])]
    for column, colour, label in (
        ("earnings_at_low_usd_million", plotting.SCENARIO_COLOURS["low"], "parameter at its low end"),
        ("earnings_at_high_usd_million", plotting.SCENARIO_COLOURS["high"], "parameter at its high end"),
    ):
        ax.barh(names, t[column] - central, left=central, color=colour, height=0.6, label=label)
    ax.axvline(central, color=plotting.REFERENCE_LINE, linewidth=1)
    _value_axis(ax)
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(**plotting.LEGEND_OUTSIDE, fontsize=8)
    return fig


ACCOUNTS = {  # waterfall account -> (what it shows, its start, the levers' steps, its end columns)
    "new_income": (
        "income reaching Pakistan",
        "no_lever_income_usd_million",
        "contribution_new_income_usd_million",
        "income_usd_million",
    ),
    "recorded": (
        "recorded as services exports",
        "no_lever_recorded_usd_million",
        "contribution_recorded_usd_million",
        "recorded_usd_million",
    ),
}


@plotting.styled
def waterfall_chart(effects: pd.DataFrame, *, source: str, account: str = "new_income") -> Figure:
    """Return a waterfall (USD million) from the no-lever value through each lever's Shapley contribution
    to the package, in one ``account`` ('new_income' or 'recorded'), from
    :func:`analysis.models.lever_accounts.lever_effects`."""
    what, start_col, step_col, end_col = ACCOUNTS[account]
    levers, package = effects[effects["lever"] != "package"], effects[effects["lever"] == "package"].iloc[0]
    start, fy = float(package[start_col]), package["fy"]
    fig, ax = plotting.figure(
        title=f"{fy}, {what}: from no policy change to the package, lever by lever",
        ylabel="USD million per fiscal year",
        source=source,
    )
    steps = levers[step_col].to_numpy()
    bottoms = start + np.concatenate([[0.0], np.cumsum(steps)[:-1]])
    names = ["no levers"] + [f"+ {labels.lever_label(lev)}" for lev in levers["lever"]] + ["package"]
    names = [textwrap.fill(name, width=16) for name in names]  # long lever names on two lines
    ax.bar(
        names,
        [start, *steps, package[end_col]],
        bottom=[0.0, *bottoms, 0.0],
        color=["#636363"]
        + [plotting.scenario_colour("package")] * len(steps)
        + [plotting.scenario_colour("base")],
    )
    ax.grid(axis="x", visible=False)
    return fig


def _wrap(label: str) -> str:
    """Return a category label wrapped at ``LABEL_WIDTH`` characters a line."""
    return textwrap.fill(label, width=LABEL_WIDTH, break_on_hyphens=False)


def _present(values: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Return (row positions, values) of the values that are not missing, the first value on the top row.

    Rows count from the bottom (row 0) as matplotlib draws them. A missing value gets no bar: a bar
    of NaN width would also throw off where the legend is placed.
    """
    widths = np.asarray(values, dtype=float)[::-1]
    rows = np.flatnonzero(~np.isnan(widths))
    return rows, widths[rows]


def _value_axis(ax: Axes) -> None:
    """Give horizontal bars house numbers on the value (x) axis and no grid lines across the bars."""
    plotting.number_ticks(ax.xaxis)
    ax.grid(axis="y", visible=False)
