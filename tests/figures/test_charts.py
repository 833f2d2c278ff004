"""Bar-chart builders (analysis.figures.bars): labels top to bottom as given, one bar per value, house
colours,
titles, units and source lines; ghost bars, grouped bars and the zero line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.figures import bars, plotting


def _labels_top_down(ax) -> list[str]:
    """Return the y tick labels ordered from the top of the chart down."""
    ticks = sorted(zip(ax.get_yticks(), ax.get_yticklabels()), key=lambda t: -t[0])
    return [label.get_text() for _, label in ticks]


def _bar_at(ax, y: float):
    """Return the one bar (patch) whose vertical centre is ``y``."""
    found = [p for p in ax.patches if p.get_y() + p.get_height() / 2 == pytest.approx(y)]
    assert len(found) == 1
    return found[0]


def test_hbar_lists_labels_top_down_with_title_units_and_source():
    fig = bars.hbar(
        ["supported", "refuted", "unverifiable"],
        [3, 1500, 0],
        title="Claims by verdict",
        ylabel="verdict",
        xlabel="number of claims",
        source="Source: test",
    )
    ax = fig.axes[0]
    plotting.png_bytes(fig)  # draw, so that tick labels are formatted
    assert _labels_top_down(ax) == ["supported", "refuted", "unverifiable"]
    assert len(ax.patches) == 3
    # the top bar (y = 2) is the first value, the bottom one (y = 0) the last
    assert _bar_at(ax, 2).get_width() == 3 and _bar_at(ax, 0).get_width() == 0
    assert ax.get_title(loc="left") == "Claims by verdict" and fig.get_supxlabel() == "Source: test"
    assert ax.get_ylabel() == "verdict" and ax.get_xlabel() == "number of claims"
    assert "1,000" in [t.get_text() for t in ax.get_xticklabels()]  # house numbers on the value axis
    assert all(
        p.get_facecolor()[:3] == pytest.approx((0x1B / 255, 0x78 / 255, 0x37 / 255)) for p in ax.patches
    )


def test_hbar_colours_per_bar_follow_the_labels():
    fig = bars.hbar(
        pd.Series(["exports", "remittances"], index=[7, 3]),
        pd.Series([2.5, 0.5], index=[7, 3]),
        title="Shares",
        ylabel="pair",
        xlabel="percent",
        source="Source: test",
        colour=["#1b7837", "#999999"],
        label_size=7,
    )
    ax = fig.axes[0]
    top, bottom = _bar_at(ax, 1), _bar_at(ax, 0)
    assert (top.get_width(), bottom.get_width()) == (2.5, 0.5)
    assert top.get_facecolor()[:3] == pytest.approx((0x1B / 255, 0x78 / 255, 0x37 / 255))
    assert bottom.get_facecolor()[:3] == pytest.approx((0x99 / 255,) * 3)
    assert [t.get_fontsize() for t in ax.get_yticklabels()] == [7, 7]


def test_hbar_ghost_bars_sit_behind_and_skip_missing_values():
    # earnings 300 (nine months, annualised ×12/9 = 400) and 500 (a full year: no annualised figure)
    fig = bars.hbar(
        ["FY2024-25 Jul-Mar", "FY2023-24"],
        [300.0, 500.0],
        title="Earnings",
        ylabel="series · period",
        xlabel="USD million",
        source="Source: test",
        ghost=[400.0, np.nan],
    )
    ax = fig.axes[0]
    assert len(ax.patches) == 3  # two bars, one ghost
    ghost = ax.patches[0]  # drawn first, so the published bar covers its left part
    assert ghost.get_hatch() == "//" and ghost.get_width() == 400.0
    assert ghost.get_y() + ghost.get_height() / 2 == pytest.approx(1)  # beside the first label, on top
    assert ghost.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert ghost.get_edgecolor()[:3] == pytest.approx((0x1B / 255, 0x78 / 255, 0x37 / 255))


def test_grouped_hbar_groups_rows_colours_columns_and_labels_the_legend():
    wide = pd.DataFrame(
        {"PAK": [10.0, -5.0], "IND": [20.0, 4.0], "article": [30.0, 1.0]},
        index=pd.Index(["per person", "share of GDP"], name="ratio"),
    )
    wide.columns.name = "peer"
    fig = bars.grouped_hbar(
        wide,
        title="Gap",
        ylabel="ratio matched",
        xlabel="USD million",
        source="Source: test",
        colours={"article": "#bbbbbb"},
        labels={"article": "the article"},
    )
    ax = fig.axes[0]
    assert _labels_top_down(ax) == ["per person", "share of GDP"]
    assert len(ax.patches) == 6
    # three bars share a group 0.8 high: each 0.8 / 3; the first row's group is centred on y = 1,
    # its first column on top: centre 1 + 0.4 - 0.8 / 6
    height = 0.8 / 3
    first = _bar_at(ax, 1 + 0.4 - height / 2)
    assert first.get_width() == 10.0 and first.get_height() == pytest.approx(height)
    assert first.get_facecolor()[:3] == pytest.approx((0x1B / 255, 0x78 / 255, 0x37 / 255))  # PAK green
    assert _bar_at(ax, 0 + 0.4 - height / 2).get_width() == -5.0
    assert _bar_at(ax, 1 - 0.4 + height / 2).get_facecolor()[:3] == pytest.approx((0xBB / 255,) * 3)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["PAK", "IND", "the article"]
    assert legend.get_title().get_text() == "peer"  # the columns' name by default
    assert (ax.get_ylabel(), ax.get_xlabel(), fig.get_supxlabel()) == (
        "ratio matched",
        "USD million",
        "Source: test",
    )
    assert not ax.get_lines()


def test_grouped_hbar_zero_line_and_legend_title():
    wide = pd.DataFrame({"BGD": [-3.0, np.nan], "PHL": [2.0, 1.0]}, index=["per internet user", "per person"])
    fig = bars.grouped_hbar(
        wide,
        title="Gap",
        ylabel="ratio matched",
        xlabel="USD million",
        source="Source: test",
        zero_line=True,
        legend_title="economy",
    )
    ax = fig.axes[0]
    assert [tuple(line.get_xdata()) for line in ax.get_lines()] == [(0, 0)]
    assert ax.get_legend().get_title().get_text() == "economy"
    # Bangladesh has no value per person: no bar there (three bars, not four)
    assert sorted(p.get_width() for p in ax.patches) == [-3.0, 1.0, 2.0]


def test_scenario_colours_are_fixed_with_stable_fallbacks():
    assert plotting.scenario_colour("base") == "#1b7837" and plotting.scenario_colour("reform") == "#e08214"
    assert plotting.scenario_colour("custom") == plotting.country_colour("custom")
