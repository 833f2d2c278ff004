"""Chart builders (analysis.figures.bars, .charts): labels top to bottom as given, one bar per value,
house colours, titles, units and source lines; ghost bars, grouped bars and the zero line; the house
style as a context (rcParams untouched), ordered scenario and verdict palettes, markers on isolated
points, legends over no data, thinned fiscal-year ticks, and reader's labels instead of codes."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import matplotlib.colors
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from analysis.core import periods
from analysis.figures import bars, charts, labels, plotting
from analysis.models import forecast as fc
from analysis.models import levers as lv
from analysis.models.forecast import backtest as bt
from analysis.models.verdicts import VALUE_VERDICTS
from analysis.sources import series


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


# --- the house style as a context, reader's labels, and the chart fixes of issue 15 ----------------


def test_importing_and_charting_leave_the_users_rcparams_alone():
    code = (
        "import matplotlib, pandas as pd\n"
        "before = dict(matplotlib.rcParams)\n"
        "from analysis.figures import bars, charts, plotting\n"
        "assert dict(matplotlib.rcParams) == before, 'import changed rcParams'\n"
        "fig = bars.hbar(['a', 'b'], [1.0, 2.0], title='t', ylabel='y', xlabel='x', source='s')\n"
        "plotting.png_bytes(fig)\n"
        "changed = {k for k in before if matplotlib.rcParams[k] != before[k]}\n"
        "assert not changed, changed\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_png_bytes_do_not_depend_on_the_users_settings():
    def png() -> bytes:
        return plotting.png_bytes(
            bars.hbar(["a", "b"], [1.0, 2.0], title="t", ylabel="y", xlabel="x", source="Source: s")
        )

    house = png()
    assert png() == house  # deterministic
    with matplotlib.rc_context({"font.size": 20, "axes.grid": False, "lines.linewidth": 5}):
        assert png() == house  # a user's own settings reach neither the building nor the rendering
        assert matplotlib.rcParams["font.size"] == 20  # and are theirs again afterwards


def _luminance(hex_colour: str) -> float:
    r, g, b = matplotlib.colors.to_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_low_base_high_are_one_ordered_scale_and_reform_stands_apart():
    low, base, high, reform = (plotting.scenario_colour(s) for s in ("low", "base", "high", "reform"))
    assert _luminance(low) > _luminance(base) > _luminance(high)  # light to dark as the scenario rises
    hues = [matplotlib.colors.rgb_to_hsv(matplotlib.colors.to_rgb(c))[0] for c in (low, base, high)]
    assert max(hues) - min(hues) < 0.05  # one hue, not red and green
    assert reform not in {low, base, high}
    assert plotting.scenario_colour("custom") == plotting.country_colour("custom")


def test_claims_by_verdict_are_coloured_by_verdict():
    verdicts = list(VALUE_VERDICTS)
    fig = bars.hbar(
        verdicts,
        [3, 2, 1, 0],
        title="Claims",
        ylabel="verdict",
        xlabel="claims",
        source="Source: test",
        colour=[plotting.verdict_colour(v) for v in verdicts],
    )
    colours = {p.get_facecolor()[:3] for p in fig.axes[0].patches}
    assert len(colours) == 4  # one colour per verdict (the bar of zero claims too)
    assert plotting.verdict_colour("overstated") != plotting.verdict_colour("supported")
    assert len({plotting.verdict_colour(v) for v in verdicts}) == len(verdicts)
    # diverging: understated and overstated lie on either side of supported
    assert _luminance(plotting.verdict_colour("understated")) < _luminance(
        plotting.verdict_colour("supported")
    )


def _long(values: dict[int, float]) -> pd.DataFrame:
    years = range(2018, 2025)
    return pd.DataFrame(
        {
            "iso3": ["PAK"] * len(years) + ["IND"] * len(years),
            "metric": "per internet user",
            "year": list(years) * 2,
            "value": [10.0 + y - 2018 for y in years] + [values.get(y, np.nan) for y in years],
        }
    )


def test_a_point_without_neighbours_gets_a_marker_and_gaps_break_lines():
    # India has 2019 and 2020, then only 2022 (the gap table's year), like its per-internet-user series
    frame = _long({2019: 30.0, 2020: 31.0, 2022: 35.0}).query("value == value")  # missing rows absent
    fig = charts.small_multiples(
        frame,
        panel_by="metric",
        line_by="iso3",
        title="t",
        ylabel="USD",
        source="Source: test",
        names={"PAK": "Pakistan", "IND": "India"},
    )
    ax = fig.axes[0]
    india = next(line for line in ax.get_lines() if line.get_label() == "India")
    years, values = india.get_xdata(), india.get_ydata()
    assert list(years) == [2019, 2020, 2021, 2022] and np.isnan(values[2])  # 2021 breaks the line
    marked = [y for y, m in zip(years, india.get_markevery()) if m]
    assert marked == [2022]  # only the isolated year is drawn as a dot
    pakistan = next(line for line in ax.get_lines() if line.get_label() == "Pakistan")
    assert not any(pakistan.get_markevery())


def test_small_multiples_legend_sits_outside_the_panels_with_names():
    frame = _long({y: 30.0 + y for y in range(2018, 2025)})
    fig = charts.small_multiples(
        frame,
        panel_by="metric",
        line_by="iso3",
        title="t",
        ylabel="USD",
        source="Source: test",
        names={"PAK": "Pakistan", "IND": "India"},
    )
    assert all(ax.get_legend() is None for ax in fig.axes)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["Pakistan", "India"]
    plotting.png_bytes(fig)
    renderer = fig.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    assert not box.overlaps(fig.axes[0].get_window_extent(renderer))  # drawn over no data


def _horizon_projections(last_fy_end: int) -> pd.DataFrame:
    fys = [periods.fy_label(y) for y in range(2025, last_fy_end + 1)]
    return pd.concat(
        pd.DataFrame(
            {"scenario": name, "fy": fys, "earnings_usd_million": [k * 100.0 + i for i in range(len(fys))]}
        )
        for k, name in enumerate(("low", "base", "high"), start=1)
    )


def test_fiscal_year_labels_never_collide_at_a_far_horizon():
    history = pd.DataFrame(
        {"fy": ["FY2018-19", "FY2021-22"], "definition": "a", "published_usd_million": [50.0, 80.0]}
    )
    fig = charts.scenario_chart(_horizon_projections(2035), title="t", source="Source: test", history=history)
    ax = fig.axes[0]
    plotting.png_bytes(fig)
    renderer = fig.canvas.get_renderer()
    shown = [t for t in ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(shown) <= charts.MAX_FY_TICKS and shown[0].get_rotation() == 45
    assert shown[-1].get_text() == "FY2034-35"  # the horizon is always labelled
    boxes = [t.get_window_extent(renderer) for t in shown]
    assert not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:]))
    ticked = set(ax.get_xticks()) | set(ax.get_xticks(minor=True))
    assert len(ticked) == 2035 - 2019 + 1  # every fiscal year still ticked
    # a short horizon keeps every label
    short = charts.scenario_chart(_horizon_projections(2030), title="t", source="Source: test")
    assert [t.get_text() for t in short.axes[0].get_xticklabels()] == [
        periods.fy_label(y) for y in range(2025, 2031)
    ]


def test_labels_are_words_from_the_catalogue_and_one_mapping():
    assert labels.series_label("FL.EARN.ES_9M") == series.label("FL.EARN.ES_9M")
    assert labels.series_label("not-a-code") == "not-a-code"
    assert labels.ratio_label("FL.EARN.ES_9M / TS_GP_BOP_WR_M.WR0340 × 100") == (
        f"{series.label('FL.EARN.ES_9M')} / {series.label('TS_GP_BOP_WR_M.WR0340')}"
    )
    every_parameter = {*lv.JUDGEMENTS, *lv.DRIVERS, *lv.LEVER_ALLOWED}
    assert every_parameter <= set(labels.PARAMETER_LABELS)  # no model parameter without its words
    assert set(lv.LEVERS) <= set(labels.LEVER_LABELS)
    models = {*fc.MONTHLY_MODELS, *fc.ANNUAL_MODELS, bt.MONTHLY_BENCHMARK, bt.ANNUAL_BENCHMARK}
    assert models <= set(labels.MODEL_LABELS)
    words = [*labels.PARAMETER_LABELS.values(), *labels.LEVER_LABELS.values(), *labels.MODEL_LABELS.values()]
    assert not any("_" in text for text in words)


def test_economies_sentence_uses_panel_names_with_articles_and_escapes():
    panel = pd.DataFrame(
        {
            "iso3": ["PAK", "PHL", "VNM", "XXA"],
            "country_name": ["Pakistan", "Philippines", "Viet Nam", "A <b>& B"],
        }
    )
    assert (
        labels.economies_sentence(panel, ["PAK", "VNM", "PHL"])
        == "Pakistan beside Viet Nam and the Philippines"
    )
    assert labels.economies_sentence(panel, ["PAK"]) == "Pakistan"
    assert (
        labels.economies_sentence(panel, ["PAK", "XXA", "LKA"])
        == "Pakistan beside A &lt;b&gt;&amp; B and LKA"
    )


def test_a_long_title_wraps_inside_the_figure():
    title = "FY2034-35, income reaching Pakistan: from no policy change to the package, lever by lever"
    fig = bars.hbar(["a", "b"], [1.0, 2.0], title=title, ylabel="y", xlabel="x", source="Source: test")
    plotting.png_bytes(fig)
    shown = fig.axes[0].get_title(loc="left")
    assert shown.replace("\n", " ") == title and "\n" in shown
    (text,) = [t for t in fig.axes[0].get_children() if isinstance(t, Text) and t.get_text() == shown]
    assert text.get_window_extent(fig.canvas.get_renderer()).x1 <= fig.bbox.x1


def test_every_line_of_a_scenario_chart_has_its_own_colour():
    fys = ["FY2020-21", "FY2021-22"]
    names = ["model from FY2020-21", "published A", "published B", "base"]
    projections = pd.concat(
        pd.DataFrame({"scenario": n, "fy": fys, "earnings_usd_million": [1.0 + i, 2.0 + i]})
        for i, n in enumerate(names)
    )
    ax = charts.scenario_chart(projections, title="t", source="Source: test", suffix="").axes[0]
    colours = {line.get_label(): line.get_color() for line in ax.get_lines()}
    assert len(set(colours.values())) == len(names)
    assert colours["base"] == plotting.scenario_colour("base")  # named scenarios keep their colour
