"""Tables a policy reader can read: headers in words with units, digits a person would write,
captions required, and every table's and figure's data downloadable as CSV from the page itself."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pandas as pd
import pytest

from analysis.figures import columns, plotting, tables

CSV_LINK = re.compile(
    r'<a class="g2g-csv" download="(\d\d-[a-z0-9-]+\.csv)" '
    r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)">CSV</a>'
)


# --- labels ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("mc_p10_usd_million", "Monte Carlo 10th percentile, USD million"),
        ("base_draws_below_pct", "Monte Carlo draws below the base path, percent"),
        ("BX.GSR.CCIS.CD:per_internet_user", "ICT service exports (BoP), USD per internet user"),
        ("BX.GSR.CCIS.CD:yoy", "ICT service exports (BoP), year-on-year growth, percent"),
        ("TS_GP_BOP_WR_M.WR0340", "Workers' remittances, total inflow (SBP), USD million"),
        ("persons_low", "Persons, low"),
        ("usd_per_month_high", "USD per month, high"),
        ("lo80_usd_million", "80% interval, low end, USD million"),
        ("n_fiscal_years", "Number of fiscal years"),
        ("pct_gdp_per_head_high", "Percent of GDP per head, high"),
        ("difference_pp", "Difference, percentage points"),
        ("working_age_internet_users_persons", "Working age internet users, persons"),
        ("base_fy", "Base fiscal year"),
        ("p50", "50th percentile"),
        ("low", "Low"),
        ("denominator, USD million", "Denominator, USD million"),
        ("PAK", "PAK"),
    ],
)
def test_column_names_read_as_words_with_units(name, header):
    assert columns.column_label(name) == header


def test_every_catalogue_code_gets_its_label_and_unit():
    from analysis.sources import series

    for code in [*series.CATALOGUE["published"], *series.CATALOGUE["curated"]]:
        header = columns.column_label(code)
        assert code not in header and header.endswith(", " + series.entry(code)["unit"]), code


def test_codes_in_cells_become_labels_and_flags_words():
    df = pd.DataFrame(
        {
            "series": ["BX.GSR.CCIS.CD", "FL.EARN.ES_9M"],
            "note": ["BX.GSR.CCIS.CD:pct_gdp is calendar-year data.", "none"],
            "chosen": [True, False],
            "beats_naive": pd.array([True, pd.NA], dtype="boolean"),
            "mixed": [True, None],
        }
    )
    text = plotting.format_frame(df)
    assert text["series"].tolist() == [
        "ICT service exports (BoP)",
        "Freelancers' FX earnings, Economic Survey (Jul-Mar)",
    ]
    assert text["note"][0] == "ICT service exports (BoP), share of GDP is calendar-year data."
    assert text["chosen"].tolist() == ["yes", "no"]
    names = pd.DataFrame({"variable": ["earnings_usd_million"], "tier": ["ever_worked"]})
    names = plotting.format_frame(names)
    assert names.iloc[0].tolist() == ["Earnings, USD million", "Ever worked"]
    basis = plotting.format_frame(pd.DataFrame({"basis": ["fiscal_year_jul_jun", "calendar_year"]}))["basis"]
    assert basis.tolist() == ["fiscal year (Jul–Jun)", "calendar year (Jan–Dec)"]
    assert text["beats_naive"].tolist() == ["yes", ""] and text["mixed"].tolist() == ["yes", ""]


def test_table_headers_are_words_and_the_csv_keeps_the_codes():
    df = pd.DataFrame(
        {"iso3": ["PAK"], "BX.GSR.CCIS.CD:per_internet_user": [31.25], "mc_p10_usd_million": [1.0]}
    )
    out = plotting.table_html(df, "ICT exports per internet user")
    headers = re.findall(r"<th [^>]*>(.*?)</th>", out)
    assert headers == [
        "Economy (ISO3)",
        "ICT service exports (BoP), USD per internet user",
        "Monte Carlo 10th percentile, USD million",
    ]
    back = _csv(out)
    assert back.columns.tolist() == [
        "iso3",
        "BX.GSR.CCIS.CD:per_internet_user [USD per internet user]",
        "mc_p10_usd_million",
    ]


# --- digits ------------------------------------------------------------------------------------------


def test_digits_follow_the_units_in_the_column_names():
    df = pd.DataFrame(
        {
            "persons_low": [2_320_000.0, 150_000.0],
            "earnings_usd_million": [350.456, 12.04],
            "female_share_pct": [14.1593, 16.9348],
            "usd_per_month": [512.7, 96.2],
            "value": [2.0, 3.0],
            "p_value": [0.01234, 0.5],
            "ratio": [0.012345, 0.5],
            "low": [0.25, 1.5],
        }
    )
    text = plotting.format_frame(df)
    assert text["persons_low"].tolist() == ["2,320,000", "150,000"]  # whole persons
    assert text["earnings_usd_million"].tolist() == ["350.5", "12.0"]
    assert text["female_share_pct"].tolist() == ["14.2", "16.9"]  # shares to one decimal
    assert text["usd_per_month"].tolist() == ["513", "96"]
    assert text["value"].tolist() == ["2", "3"]  # whole numbers without a needless .0
    assert text["p_value"].tolist() == ["0.012", "0.500"] and text["ratio"].tolist() == ["0.012", "0.500"]
    assert text["low"].tolist() == ["0.2", "1.5"]  # a bare bound: by magnitude
    assert plotting.format_frame(df, digits={"persons_low": 1})["persons_low"][0] == "2,320,000.0"
    small = plotting.format_frame(pd.DataFrame({"usd_per_month": [0.43, 5.2], "share_pct": [0.04, 0.5]}))
    assert small["usd_per_month"].tolist() == ["0.4", "5.2"]  # not 0 and 5: a whole dollar would hide them
    assert small["share_pct"].tolist() == ["0.04", "0.50"]  # every share below 1 %: two decimals


def test_a_value_column_beside_a_unit_column_gets_each_rows_digits():
    df = pd.DataFrame(
        {
            "value": [67_816_232.4, 350.456, 14.1593, 2.5],
            "unit": ["persons", "USD million", "percent of population", "LCU per USD"],
            "peer_ratio": [0.123, 1.5, 2.25, 3.0],
        }
    )
    text = plotting.format_frame(df)
    assert text["value"].tolist() == ["67,816,232", "350.5", "14.2", "2.50"]  # LCU per USD: 3 significant
    assert text["peer_ratio"].tolist() == ["0.12", "1.50", "2.25", "3.00"]  # its name fixes its digits


def test_forecasts_are_rounded_to_what_their_interval_supports():
    df = pd.DataFrame(
        {
            "fy": ["FY2025-26", "FY2029-30"],
            "mean_usd_million": [38_412.37, 45_987.6],
            "lo80_usd_million": [37_611.2, 40_100.0],
            "hi80_usd_million": [39_203.9, 52_300.0],
            "observed_usd_million": [38_299.24, np.nan],
        }
    )
    text = plotting.format_frame(df)  # 80 % intervals 1,592.7 and 12,200 wide: hundreds, then thousands
    assert text["mean_usd_million"].tolist() == ["38,400", "46,000"]
    assert text["lo80_usd_million"].tolist() == ["37,600", "40,000"]
    assert text["hi80_usd_million"][1] == "52,000"
    assert text["observed_usd_million"].tolist() == ["38,299.2", ""]  # data keep their published precision
    narrow = df.assign(
        lo80_usd_million=df["mean_usd_million"] - 0.4, hi80_usd_million=df["mean_usd_million"] + 0.4
    )
    assert plotting.format_frame(narrow)["mean_usd_million"][0] == "38,412.37"


# --- captions and downloads --------------------------------------------------------------------------


def test_tables_and_figures_need_a_one_line_caption(monkeypatch):
    shown = _displays(monkeypatch)
    df = pd.DataFrame({"value": [1.0]})
    for caption in ("", "   ", "two\nlines"):
        with pytest.raises(ValueError, match="caption"):
            plotting.show_table(df, caption)
    with pytest.raises(TypeError):
        plotting.show_table(df)  # the caption is required
    fig, _ = plotting.figure(title="One chart", ylabel="USD million")
    with pytest.raises(ValueError, match="caption"):
        plotting.show(fig, "")
    assert shown == []


def test_show_table_is_a_captioned_figure_with_an_embedded_csv(monkeypatch):
    shown = _displays(monkeypatch)
    df = pd.DataFrame({"iso3": ["PAK", "IND"], "persons": [2_320_000.0, np.nan], "note": ["=cmd()", "ok"]})
    plotting.show_table(df, "Freelancers by economy")
    (output,) = shown
    html_text = output["text/html"]
    assert html_text.startswith(
        '<figure class="g2g-table-figure"><figcaption>Freelancers by economy</figcaption>'
        '<table class="g2g-table">'
    )
    assert html_text.endswith("</table> " + CSV_LINK.search(html_text).group(0) + "</figure>")
    assert output["text/plain"].startswith("Freelancers by economy\n")
    back = _csv(html_text)
    pd.testing.assert_frame_equal(
        back, df.assign(note=["'=cmd()", "ok"])
    )  # every value, unrounded; formula inert
    assert CSV_LINK.search(html_text).group(1).endswith("-freelancers-by-economy.csv")


def test_a_long_table_shows_some_rows_and_downloads_all():
    df = pd.DataFrame({"year": range(1950, 2050), "value": np.arange(100) / 3})
    out = plotting.table_html(df, "A hundred years", max_rows=10)
    assert out.count("<tr>") == 11 and "90 more rows not shown" in out
    pd.testing.assert_frame_equal(_csv(out), df)


def test_downloads_are_byte_identical_and_numbered_in_display_order(monkeypatch):
    df = pd.DataFrame({"value": [1.5, 2.25]})
    monkeypatch.setattr(tables, "_csv_count", 0)
    first = plotting.table_html(df, "Same table")
    monkeypatch.setattr(tables, "_csv_count", 0)
    assert plotting.table_html(df, "Same table") == first
    assert 'download="01-same-table.csv"' in first
    assert 'download="02-same-table.csv"' in plotting.table_html(df, "Same table")


def test_figure_shows_caption_and_the_data_behind_it(monkeypatch):
    shown = _displays(monkeypatch)
    fig, _ = plotting.figure(title="One chart", ylabel="USD million")
    data = pd.DataFrame({"iso3": ["PAK"], "year": [2024], "BX.GSR.CCIS.CD": [3_800.5]})
    plotting.show(fig, "ICT service exports, Pakistan", data=data)
    png, caption = shown
    assert png["image/png"][:4] == b"\x89PNG" and png["text/plain"] == "[figure: One chart]"
    assert caption["text/html"].startswith(
        '<figure class="g2g-table-figure"><figcaption>ICT service exports, Pakistan</figcaption>'
        ' <a class="g2g-csv"'
    )
    back = _csv(caption["text/html"])
    assert (
        back.columns.tolist() == ["iso3", "year", "BX.GSR.CCIS.CD [USD million]"]
        and back.iloc[0, 2] == 3_800.5
    )
    plotting.show(fig, "Without data")
    assert "g2g-csv" not in shown[-1]["text/html"]


def test_a_csv_over_the_cap_is_left_out_and_said_so(monkeypatch):
    monkeypatch.setattr(tables, "CSV_MAX_BYTES", 100)
    out = plotting.table_html(pd.DataFrame({"value": np.arange(100.0)}), "Big")
    assert "g2g-csv" not in out and "data not embedded" in out


def _csv(html_text: str) -> pd.DataFrame:
    """Return the frame a page's (first) CSV link downloads."""
    payload = base64.b64decode(CSV_LINK.search(html_text).group(2))
    return pd.read_csv(io.StringIO(payload.decode("utf-8")))


def _displays(monkeypatch) -> list[dict]:
    import IPython.display

    shown: list[dict] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append(obj))
    return shown
