"""The hand-curated tables (published figures, the article's claims): content, loader and validator."""

import csv

import pandas as pd
import pytest

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.sources.curated import CLAIM_COLUMNS, FIGURE_COLUMNS, load_curated, normalise
from analysis.sources.quotes import number_forms, quote_has_number
from analysis.sources.series import CURATED_SERIES

SEED = paths.ROOT.parent / "shared" / "seed" / "000_4907b0b80fb358e5.txt"


@pytest.fixture(scope="module")
def figures():
    return load_curated("published_figures")


@pytest.fixture(scope="module")
def claims():
    return load_curated("article_claims")


def one(df, series, period, iso3="PAK", breakdown=""):
    """The single value of (iso3, series, breakdown, period)."""
    hit = df[
        (df["series"] == series)
        & (df["period"] == period)
        & (df["iso3"] == iso3)
        & (df["breakdown"] == breakdown)
    ]
    assert len(hit) == 1, (series, period, iso3, breakdown)
    return hit["value"].iloc[0]


# --- the real tables -----------------------------------------------------------------------------


def test_real_tables_load_with_types(figures, claims):
    assert len(figures) > 100 and len(claims) >= 10
    assert figures["value"].dtype == float and claims["value"].dtype == float
    assert str(figures["start"].dtype).startswith("datetime64")
    assert figures["secondary"].dtype == bool
    assert figures["figure_id"].is_unique and claims["claim_id"].is_unique
    assert set(figures["series"]) <= set(CURATED_SERIES)


def test_every_figure_has_an_address_and_its_number_in_the_quote(figures):
    assert figures["url"].str.match(r"https?://").all()
    for row in figures.itertuples():
        assert quote_has_number(row.quote, _text(row.value), row.unit), row.figure_id


def test_every_claim_quotes_the_article_with_its_number(claims):
    article = SEED.read_text(encoding="utf-8") if SEED.exists() else None
    for row in claims.itertuples():
        assert quote_has_number(row.quote, _text(row.value), row.unit), row.claim_id
        if article is not None:
            assert row.quote in article, row.claim_id


def _text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def test_moitt_freelancer_totals_are_it_plus_non_it(figures):
    # FY2021-22: 265.444 + 131.884 = 397.328; FY2020-21: 363.064 + 33.179 = 396.243 (USD million)
    for fy, total in (("FY2021-22", 397.328), ("FY2020-21", 396.243)):
        assert one(figures, "FL.EARN.MOITT", fy) == total
        parts = one(figures, "FL.EARN.MOITT_IT", fy) + one(figures, "FL.EARN.MOITT_NONIT", fy)
        assert parts == pytest.approx(total, abs=1e-9)


def test_the_nation_rounding_agrees_with_moitt_to_within_a_million(figures):
    nation = "vintage=The Nation 2023"
    for series in ("FL.EARN.MOITT_IT", "FL.EARN.MOITT_NONIT"):
        for fy in ("FY2020-21", "FY2021-22"):
            assert abs(one(figures, series, fy, breakdown=nation) - one(figures, series, fy)) < 1


def test_published_growth_rates_are_reproduced(figures):
    # ES 2024-25: 2.825 / 2.284 - 1 = 23.69% ("23.7%"); ES 2023-24: 2.283 / 1.944 - 1 = 17.44%
    es24, es25 = "vintage=Economic Survey 2023-24", "vintage=Economic Survey 2024-25"
    g25 = (
        one(figures, "ICT.EXP.ES_9M", "FY2024-25 Jul-Mar", breakdown=es25)
        / one(figures, "ICT.EXP.ES_9M", "FY2023-24 Jul-Mar", breakdown=es25)
        - 1
    )
    g24 = (
        one(figures, "ICT.EXP.ES_9M", "FY2023-24 Jul-Mar", breakdown=es24)
        / one(figures, "ICT.EXP.ES_9M", "FY2022-23 Jul-Mar", breakdown=es24)
        - 1
    )
    assert round(100 * g25, 1) == 23.7 and round(100 * g24, 2) == 17.44
    # IT & ITeS: 3.223 / 2.596 - 1 = 24.2% ("24 per cent growth")
    it = one(figures, "ITITES.EXP.SBP", "FY2023-24") / one(figures, "ITITES.EXP.SBP", "FY2022-23") - 1
    assert round(100 * it) == 24


def test_fiscal_year_rows_cover_july_to_june(figures):
    row = figures[figures["figure_id"] == "fl-earn-es-9m-pak-fy2024-25-jul-mar"].iloc[0]
    assert (row["start"], row["end"]) == (pd.Timestamp("2024-07-01"), pd.Timestamp("2025-03-31"))
    fy = figures[figures["basis"] == "fiscal_year_jul_jun"]
    assert (fy["start"].dt.month == 7).all() and (fy["end"].dt.month == 6).all()


def test_normalise_converts_to_panel_units(figures):
    panel = normalise(figures).set_index("figure_id")
    assert panel.at["itites-exp-sbp-pak-fy2023-24", "value"] == 3223.0
    assert panel.at["itites-exp-sbp-pak-fy2023-24", "unit"] == "USD million"
    assert panel.at["fl-count-active-pak-c-2023", "value"] == 2_370_000.0
    assert panel.at["fl-count-active-pak-c-2023", "unit"] == "persons"
    assert panel.at["fl-earn-es-9m-pak-fy2024-25-jul-mar", "value"] == 400.0


def test_number_forms_cover_separators_trailing_zeros_and_ranks():
    assert {"3.810", "3.81"} <= set(number_forms("3.810", "USD billion"))
    assert "50,000" in number_forms("50000", "persons")
    assert {"4th", "fourth"} <= set(number_forms("4", "rank"))
    assert quote_has_number("nearly a fifth of exports", "20", "percent")
    assert quote_has_number("the second largest supplier", "2", "rank")
    assert not quote_has_number("reached $3.223 billion", "3", "USD billion")
    assert not quote_has_number("only 1,100 (1.3 percent)", "100", "count")
    assert not quote_has_number("top 3 nations", "3", "rank")


# --- the validator on small bad tables --------------------------------------------------------------

GOOD = [
    {
        "figure_id": "a",
        "iso3": "PAK",
        "series": "ITITES.EXP.SBP",
        "metric": "IT & ITeS exports",
        "definition": "Jul–Jun, computer + call-centre services",
        "breakdown": "",
        "period": "FY2023-24",
        "basis": "fiscal_year_jul_jun",
        "start": "2023-07-01",
        "end": "2024-06-30",
        "value": "3.223",
        "unit": "USD billion",
        "publisher": "State Bank of Pakistan",
        "reporter": "Business Recorder",
        "source_title": "BR",
        "url": "https://example.org/a",
        "quote": "reached $3.223 billion in 2023-24",
        "secondary": "false",
    },
    {
        "figure_id": "b",
        "iso3": "PAK",
        "series": "FL.COUNT.GOV",
        "metric": "freelancers",
        "definition": "stock of freelancers",
        "breakdown": "vintage=CW 2024",
        "period": "c.2024-12",
        "basis": "point_in_time",
        "start": "2024-12-01",
        "end": "2024-12-31",
        "value": "2.32",
        "unit": "million persons",
        "publisher": "government or industry statement",
        "reporter": "CW Pakistan",
        "source_title": "CW",
        "url": "https://example.org/b",
        "quote": "Pakistan boasts 2.32 million freelancers",
        "secondary": "true",
    },
]
CLAIM = {
    "claim_id": "c",
    "quote": "ranked fourth globally",
    "claim": "rank 4",
    "value": "4",
    "unit": "rank",
    "period": "2020",
    "basis": "calendar_year",
    "iso3": "PAK",
    "attribution": "Payoneer",
    "kind": "rank",
}


def write(tmp_path, name, rows, columns):
    with (tmp_path / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[r.get(c, "") for c in columns] for r in rows])
    return tmp_path / f"{name}.csv"


def assert_names(err, path, line, column):
    text = str(err.value)
    assert str(path) in text and f"line {line}" in text and f"column {column!r}" in text, text


def test_small_good_tables_load(tmp_path):
    write(tmp_path, "published_figures", GOOD, FIGURE_COLUMNS)
    write(tmp_path, "article_claims", [CLAIM], CLAIM_COLUMNS)
    assert load_curated("published_figures", raw_dir=tmp_path)["value"].tolist() == [3.223, 2.32]
    assert load_curated("article_claims", raw_dir=tmp_path)["value"].tolist() == [4.0]


@pytest.mark.parametrize(
    "column,bad",
    [
        ("url", ""),
        ("quote", ""),
        ("value", ""),
        ("unit", ""),
        ("period", ""),
        ("basis", ""),
        ("value", "3,223"),
        ("value", "about 3"),
        ("value", "-3.223"),
        ("unit", "USD bn"),
        ("series", "ITITES.EXP.NOPE"),
        ("period", "FY2023-25"),
        ("period", "2023-24"),
        ("basis", "fiscal_year"),
        ("start", "2023-07-02"),
        ("end", "2024-07-31"),
        ("start", "2023-02-30"),
        ("quote", "reached a record in 2023-24"),
        ("quote", "reached $3.2231 billion"),
        ("url", "www.example.org"),
        ("secondary", "yes"),
        ("iso3", "Pakistan"),
        ("breakdown", "vintage"),
        ("publisher", ""),
        ("reporter", " "),
    ],
)
def test_bad_cell_names_file_line_and_column(tmp_path, column, bad):
    path = write(tmp_path, "published_figures", [GOOD[1], {**GOOD[0], column: bad}], FIGURE_COLUMNS)
    with pytest.raises(DataError) as err:
        load_curated("published_figures", raw_dir=tmp_path)
    assert_names(err, path, 3, column)


@pytest.mark.parametrize(
    "period,basis,start,end,column",
    [
        ("2025-13", "month", "2025-12-01", "2025-12-31", "period"),
        ("2024", "calendar_year", "2024-01-01", "2024-12-30", "end"),
        ("2019Q2", "quarter", "2019-04-01", "2019-06-30", None),
        ("FY2024-25 Jul-Mar", "fiscal_year_jul_jun_partial", "2024-07-01", "2025-03-31", None),
        ("FY2024-25 Mar-Jul", "fiscal_year_jul_jun_partial", "2024-07-01", "2025-03-31", "period"),
        ("c.2024-12", "point_in_time", "2024-12-31", "2024-12-01", "start"),
        ("c.2022", "point_in_time", "2024-01-01", "2024-12-31", "start"),
        ("2016/2023Q1", "point_in_time", "2016-01-01", "2023-03-31", None),
        ("2023/2016", "point_in_time", "2016-01-01", "2023-12-31", "period"),
        ("2016/2023Q1", "point_in_time", "2016-01-01", "2023-06-30", "end"),
        ("c.someday", "point_in_time", "2016-01-01", "2023-06-30", "period"),
    ],
)
def test_period_labels_and_their_days(tmp_path, period, basis, start, end, column):
    row = {**GOOD[1], "period": period, "basis": basis, "start": start, "end": end}
    path = write(tmp_path, "published_figures", [GOOD[0], row], FIGURE_COLUMNS)
    if column is None:
        assert len(load_curated("published_figures", raw_dir=tmp_path)) == 2
        return
    with pytest.raises(DataError) as err:
        load_curated("published_figures", raw_dir=tmp_path)
    assert_names(err, path, 3, column)


def test_missing_and_extra_columns_name_line_1(tmp_path):
    columns = [c for c in FIGURE_COLUMNS if c != "unit"]
    path = write(tmp_path, "published_figures", GOOD, columns)
    with pytest.raises(DataError) as err:
        load_curated("published_figures", raw_dir=tmp_path)
    assert_names(err, path, 1, "unit")
    path = write(tmp_path, "published_figures", GOOD, FIGURE_COLUMNS + ["note"])
    with pytest.raises(DataError) as err:
        load_curated("published_figures", raw_dir=tmp_path)
    assert_names(err, path, 1, "note")


def test_duplicate_id_and_conflicting_values(tmp_path):
    path = write(
        tmp_path, "published_figures", [GOOD[0], GOOD[1], {**GOOD[1], "breakdown": ""}], FIGURE_COLUMNS
    )
    with pytest.raises(DataError) as err:
        load_curated("published_figures", raw_dir=tmp_path)
    assert_names(err, path, 4, "figure_id")
    # same (iso3, series, breakdown, period) as line 2 but 3.3 bn instead of 3.223 bn
    other = {**GOOD[0], "figure_id": "a2", "value": "3.3", "quote": "reached $3.3 billion"}
    path = write(tmp_path, "published_figures", [GOOD[0], GOOD[1], other], FIGURE_COLUMNS)
    with pytest.raises(DataError) as err:
        load_curated("published_figures", raw_dir=tmp_path)
    assert_names(err, path, 4, "value")
    # the same quantity in another unit (3223 USD million) is no conflict
    same = {**other, "value": "3223", "unit": "USD million", "quote": "USD 3,223 million"}
    write(tmp_path, "published_figures", [GOOD[0], GOOD[1], same], FIGURE_COLUMNS)
    assert len(load_curated("published_figures", raw_dir=tmp_path)) == 3


def test_lines_count_from_the_header_across_multiline_cells(tmp_path):
    first = {**GOOD[1], "definition": "stock of\nfreelancers"}  # record spans lines 2-3
    path = write(tmp_path, "published_figures", [first, {**GOOD[0], "unit": "USD bn"}], FIGURE_COLUMNS)
    with pytest.raises(DataError) as err:
        load_curated("published_figures", raw_dir=tmp_path)
    assert_names(err, path, 4, "unit")


@pytest.mark.parametrize(
    "column,bad",
    [
        ("kind", "headline"),
        ("quote", "ranked fifth globally"),
        ("quote", ""),
        ("value", "four"),
        ("period", "FY2019-21"),
        ("unit", "place"),
    ],
)
def test_bad_claim_names_file_line_and_column(tmp_path, column, bad):
    path = write(tmp_path, "article_claims", [CLAIM, {**CLAIM, "claim_id": "d", column: bad}], CLAIM_COLUMNS)
    with pytest.raises(DataError) as err:
        load_curated("article_claims", raw_dir=tmp_path)
    assert_names(err, path, 3, column)


def test_claims_quote_fractions_and_ordinals(tmp_path):
    rows = [
        {
            **CLAIM,
            "claim_id": "f",
            "quote": "nearly a fifth of IT exports",
            "value": "20",
            "unit": "percent",
            "kind": "share",
        },
        CLAIM,
    ]
    write(tmp_path, "article_claims", rows, CLAIM_COLUMNS)
    assert load_curated("article_claims", raw_dir=tmp_path)["value"].tolist() == [20.0, 4.0]
