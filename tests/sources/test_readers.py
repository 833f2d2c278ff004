"""Publisher readers: values exactly as published, and malformed input named by file, line and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadr
import pytest

from analysis.core.errors import DataError
from analysis.sources.oli import read_oli_gender
from analysis.sources.rawio import RAW_COLUMNS
from analysis.sources.sbp import read_sbp_easydata
from analysis.sources.wdi import (
    read_wdi_country_metadata,
    read_wdi_long,
    read_wdi_wide,
    wdi_info,
    wdi_last_updated,
    wdi_unit,
)

FIX = Path(__file__).parents[1] / "fixtures" / "sources"
WIDE = FIX / "wdi" / "API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv"
META = FIX / "wdi" / "Metadata_Country_API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv"
RPW = FIX / "rpw" / "API_SI.RMT.COST.IB.ZS_DS2_en_csv_v2_fixture.csv"
REMIT = FIX / "datahub" / "bx.trf.pwkr.cd.dt" / "data.csv"
BBND = FIX / "datahub" / "it.net.bbnd.p2" / "data.csv"
SBP = FIX / "sbp" / "easydata_workers_remittances_fixture.csv"
OLI = FIX / "oli" / "worker_gender_fixture.rda"
REMIT_NAME = "Personal remittances, received (current US$)"


def edited(tmp_path: Path, src: Path, old: str, new: str, count: int = 1) -> Path:
    """Return a copy of ``src`` in tmp_path with ``old`` replaced by ``new`` (bytes otherwise kept)."""
    data = src.read_bytes()
    assert data.count(old.encode()) >= count, f"{old!r} not in {src.name}"
    out = tmp_path / src.name
    out.write_bytes(data.replace(old.encode(), new.encode(), count))
    return out


def raises_at(call, path: Path, line: int | None, column: str | None) -> DataError:
    """Run ``call``; assert it raises DataError naming ``path``, ``line`` and ``column``."""
    with pytest.raises(DataError) as info:
        call()
    err, msg = info.value, str(info.value)
    assert Path(err.file).name == path.name and path.name in msg
    assert err.row == line and (line is None or f"line {line}," in msg or f"line {line}:" in msg)
    assert err.column == column and (column is None or f"column {column!r}" in msg)
    return err


def value(df: pd.DataFrame, code: str, period: str, **where) -> str:
    """Return the single value text of ``code`` in ``period``."""
    sel = df[(df["country_code"] == code) & (df["period"] == period)]
    for col, want in where.items():
        sel = sel[sel[col] == want]
    assert len(sel) == 1
    return sel["value"].iloc[0]


# --- WDI wide -------------------------------------------------------------------------------


def test_wdi_wide_keeps_published_text_and_drops_empty_cells():
    df = read_wdi_wide(WIDE, "wdi_bx_gsr_ccis_cd")
    assert list(df.columns) == list(RAW_COLUMNS)
    assert all(df[c].dtype == "str" for c in df.columns)
    # BGD, IND, PAK and WLD have 2019-2024 (6 years each); 2025, SAS and VNM are empty.
    assert len(df) == 4 * 6
    assert value(df, "PAK", "2024") == "3633000000"
    assert value(df, "IND", "2024") == "177745449130.6"
    assert value(df, "WLD", "2024") == "611000000000.25"
    assert not df["country_code"].isin(["SAS", "VNM"]).any() and "2025" not in set(df["period"])
    assert set(df["unit"]) == {"current US$"} and set(df["basis"]) == {"calendar_year"}
    assert set(df["series"]) == {"BX.GSR.CCIS.CD"} and set(df["source"]) == {"wdi_bx_gsr_ccis_cd"}
    assert df[["series", "country_code", "period"]].equals(
        df[["series", "country_code", "period"]].sort_values(["series", "country_code", "period"])
    )


def test_wdi_wide_metadata_lines():
    info = wdi_info(WIDE)
    assert (info.last_updated, info.indicator_code) == ("2026-02-24", "BX.GSR.CCIS.CD")
    assert info.indicator_name == "ICT service exports (BoP, current US$)"
    assert wdi_last_updated(RPW) == "2022-02-15"


def test_wdi_wide_without_bom_and_with_crlf(tmp_path):
    rpw = read_wdi_wide(RPW, "wb_rpw_si_rmt_cost_ib_zs")
    assert len(rpw) == 8 and set(rpw["unit"]) == {"%"}
    assert value(rpw, "PAK", "2020") == "4.02" and value(rpw, "BGD", "2017") == "4.4219646602869"
    crlf = tmp_path / WIDE.name
    crlf.write_bytes(WIDE.read_bytes().replace(b"\n", b"\r\n"))
    assert read_wdi_wide(crlf, "x").equals(read_wdi_wide(WIDE, "x"))


@pytest.mark.parametrize(
    "name, unit",
    [
        ("ICT service exports (BoP, current US$)", "current US$"),
        ("Official exchange rate (LCU per US$, period average)", "LCU per US$"),
        (
            "Unemployment, youth male (% of male labor force ages 15-24) (modeled ILO estimate)",
            "% of male labor force ages 15-24",
        ),
        ("Fixed broadband subscriptions (per 100 people)", "per 100 people"),
        ("Average transaction cost of sending remittances to a specific country (%)", "%"),
        ("Population, total", "Population, total"),
    ],
)
def test_wdi_unit_from_indicator_name(name, unit):
    assert wdi_unit(name) == unit


HEADER = '"Country Name","Country Code","Indicator Name","Indicator Code","2019"'


@pytest.mark.parametrize(
    "old, new, line, column",
    [
        ('"3633000000"', '"3.6bn"', 8, "2024"),  # non-numeric
        ('"3633000000"', '"-3633000000"', 8, "2024"),  # negative money
        ('"Last Updated Date","2026-02-24",', "", 5, "Last Updated Date"),  # metadata line missing
        ('"Last Updated Date","2026-02-24"', '"Last Updated Date","24/02/2026"', 3, "Last Updated Date"),
        ('"Country Name","Country Code"', '"Country Code","Country Name"', 5, "Country Name"),  # shuffled
        ('"Indicator Name","Indicator Code"', '"Indicator Code"', 5, "Indicator Name"),  # missing column
        (HEADER, HEADER.replace('"2019"', '"19"'), 5, "19"),  # year not 4 digits
        ('"BX.GSR.CCIS.CD","1430000000"', '"BX.GSR.CCIS.ZS","1430000000"', 8, "Indicator Code"),
        ('"2120000000","2650000000","2718000000","3633000000","",', '"2120000000"', 8, "2022"),  # cut row
    ],
)
def test_wdi_wide_rejects(tmp_path, old, new, line, column):
    bad = edited(tmp_path, WIDE, old, new)
    raises_at(lambda: read_wdi_wide(bad, "x"), bad, line, column)


def test_wdi_wide_rejects_empty_and_truncated_files(tmp_path):
    empty = tmp_path / "API_EMPTY.csv"
    empty.write_bytes(b"")
    raises_at(lambda: read_wdi_wide(empty, "x"), empty, 1, "Data Source")
    head = tmp_path / "API_HEAD.csv"
    head.write_bytes(b"\n".join(WIDE.read_bytes().split(b"\n")[:5]) + b"\n")
    raises_at(lambda: read_wdi_wide(head, "x"), head, 6, "Country Name")


def test_wdi_wide_duplicate_rows(tmp_path):
    lines = WIDE.read_text(encoding="utf-8-sig").splitlines()
    pak = next(x for x in lines if '"PAK"' in x)
    same = tmp_path / "same.csv"
    same.write_text("\n".join(lines + [pak]) + "\n", encoding="utf-8")
    assert len(read_wdi_wide(same, "x")) == 24  # identical duplicate collapsed
    differ = tmp_path / "differ.csv"
    differ.write_text("\n".join(lines + [pak.replace("3633000000", "3634000000")]) + "\n", encoding="utf-8")
    err = raises_at(lambda: read_wdi_wide(differ, "x"), differ, 12, "2024")
    assert "line 8" in err.expected and err.found == "3634000000"


# --- WDI long (datahub) ---------------------------------------------------------------------


def test_wdi_long_values_as_published():
    df = read_wdi_long(REMIT, "wdi_bx_trf_pwkr_cd_dt", "BX.TRF.PWKR.CD.DT", REMIT_NAME)
    assert len(df) == 5 and set(df["unit"]) == {"current US$"}
    assert value(df, "PAK", "2024") == "34914000000" and value(df, "SAS", "2024") == "189600000000.5"
    bb = read_wdi_long(BBND, "b", "IT.NET.BBND.P2", "Fixed broadband subscriptions (per 100 people)")
    assert value(bb, "PAK", "2001") == "1.67E-05"
    assert value(bb, "KOR", "2024", country_name="Korea, Rep.") == "45.2"
    assert set(bb["unit"]) == {"per 100 people"}


@pytest.mark.parametrize(
    "old, new, line, column",
    [
        ("PAK,2024,34914000000", "PAK,2024,34.9bn", 5, "Value"),
        ("PAK,2024,34914000000", "PAK,2024,-34914000000", 5, "Value"),
        ("PAK,2024,34914000000", "PAK,24,34914000000", 5, "Year"),
        ("PAK,2024,34914000000", "PAK,2024", 5, "Value"),  # truncated row
        ("Country Code,Year,Value", "Country Code,Value,Year", 1, "Year"),  # shuffled header
        ("Country Code,Year,Value", "Country Code,Year", 1, "Value"),  # missing column
        ("Pakistan,PAK,2024,34914000000", "Pakistan,,2024,34914000000", 5, "Country Code"),
        ("PAK,2023,26558000000", "PAK,2024,26558000000", 5, "Value"),  # duplicate, other value
    ],
)
def test_wdi_long_rejects(tmp_path, old, new, line, column):
    bad = edited(tmp_path, REMIT, old, new)
    raises_at(lambda: read_wdi_long(bad, "x", "BX.TRF.PWKR.CD.DT", REMIT_NAME), bad, line, column)


def test_wdi_long_empty_truncated_and_identical_duplicates(tmp_path):
    empty = tmp_path / "data.csv"
    empty.write_bytes(b"")
    raises_at(lambda: read_wdi_long(empty, "x", "C", REMIT_NAME), empty, 1, "Country Name")
    empty.write_bytes(b"Country Name,Country Code,Year,Value\r\n")
    raises_at(lambda: read_wdi_long(empty, "x", "C", REMIT_NAME), empty, 2, "Country Name")
    dup = tmp_path / "dup.csv"
    dup.write_bytes(REMIT.read_bytes() + b"Pakistan,PAK,2024,34914000000\r\n")
    assert len(read_wdi_long(dup, "x", "BX.TRF.PWKR.CD.DT", REMIT_NAME)) == 5


# --- WDI country metadata -------------------------------------------------------------------


def test_wdi_country_metadata_as_published():
    meta = read_wdi_country_metadata(META)
    assert list(meta.columns) == ["country_code", "region", "income_group", "table_name"]
    assert list(meta["country_code"]) == ["BGD", "IND", "PAK", "SAS", "VNM", "WLD"]
    pak = meta.set_index("country_code").loc["PAK"]
    assert (pak["region"], pak["income_group"]) == ("Middle East & North Africa", "Lower middle income")
    assert meta.set_index("country_code").loc["SAS", "region"] == ""  # aggregates: empty region


@pytest.mark.parametrize(
    "old, new, line, column",
    [
        ('"Country Code","Region"', '"Region","Country Code"', 1, "Country Code"),
        ('"IncomeGroup",', "", 1, "IncomeGroup"),
        ('"VNM","East Asia & Pacific"', '"PAK","East Asia & Pacific"', 6, "Country Code"),
        (
            '"VNM","East Asia & Pacific","Lower middle income","","Viet Nam",',
            '"VNM","East Asia"',
            6,
            "IncomeGroup",
        ),
    ],
)
def test_wdi_country_metadata_rejects(tmp_path, old, new, line, column):
    bad = edited(tmp_path, META, old, new)
    raises_at(lambda: read_wdi_country_metadata(bad), bad, line, column)


# --- SBP EasyData ---------------------------------------------------------------------------


def test_sbp_months_values_as_published():
    df = read_sbp_easydata(SBP, "sbp_easydata_workers_remittances")
    assert list(df["period"]) == [
        "2024-01",
        "2024-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
        "2025-07",
    ]  # sorted oldest first; 29-Feb-2024 is a month end
    assert value(df, "PAK", "2025-07") == "3214.5" and value(df, "PAK", "2024-02") == "2246.5"
    assert set(df["series"]) == {"TS_GP_BOP_WR_M.WR0340"} and set(df["unit"]) == {"Million USD"}
    assert set(df["basis"]) == {"month"} and set(df["country_name"]) == {"Pakistan"}


@pytest.mark.parametrize(
    "old, new, line, column",
    [
        ("31-Jul-2025", "31-Feb-2025", 2, "Observation Date"),  # no such day
        ("31-Jul-2025", "31-13-2025", 2, "Observation Date"),  # month 13
        ("31-Jul-2025", "30-Jul-2025", 2, "Observation Date"),  # not the month end
        ("29-Feb-2024", "28-Feb-2024", 7, "Observation Date"),  # 2024 is a leap year
        ("31-Jul-2025", "31-Jul-25", 2, "Observation Date"),  # 2-digit year
        ('"31-May-2025","TS_GP_BOP_WR_M.WR0340"', '"31-May-2025","TS_GP_BOP_WR_M.WR0339"', 4, "Series Key"),
        ('"3406.6","Million USD"', '"3406.6","Billion USD"', 3, "Unit"),
        ('"3406.6"', '"-3406.6"', 3, "Observation Value"),  # negative money
        ('"3406.6"', '"3,406.6"', 3, "Observation Value"),  # non-numeric
        ('"29-Feb-2024"', '"31-Jan-2024"', 8, "Observation Value"),  # Jan-2024 twice, values differ
        ('"Observation Date","Series Key"', '"Series Key","Observation Date"', 1, "Observation Date"),
        ('"Unit",', "", 1, "Unit"),  # missing column
        (
            '"Normal","","340","Total inflow of Workers\' Remittances in Pakistan."\n"Country',
            '"Normal"\n"Country',
            2,
            "Observation Status Comment",
        ),  # truncated row
    ],
)
def test_sbp_rejects(tmp_path, old, new, line, column):
    bad = edited(tmp_path, SBP, old, new)
    raises_at(lambda: read_sbp_easydata(bad, "x"), bad, line, column)


def test_sbp_empty_and_header_only(tmp_path):
    bad = tmp_path / "easydata.csv"
    bad.write_bytes(b"")
    raises_at(lambda: read_sbp_easydata(bad, "x"), bad, 1, "Dataset Name")
    bad.write_bytes(SBP.read_bytes().split(b"\n")[0] + b"\n")
    raises_at(lambda: read_sbp_easydata(bad, "x"), bad, 2, "Observation Date")


# --- OLI 2020 worker gender (.rda) ------------------------------------------------------------


def test_oli_gender_rows():
    df = read_oli_gender(OLI, "oli2020_worker_gender")
    assert len(df) == 11 and set(df["country_code"]) == {""}
    assert set(df["period"]) == {"2020-21"} and set(df["basis"]) == {"undated_sample"}
    assert set(df["unit"]) == {"worker profiles"} and set(df["series"]) == {"OLI2020.WORKER_PROFILES"}
    pak = df[df["country_name"] == "Pakistan"].set_index("breakdown")["value"]
    assert pak["occupation=Software & Technology;gender=female"] == "2"
    assert pak["occupation=Software & Technology;gender=not classified"] == "19"
    assert pak["occupation=ALL OCCUPATIONS;gender=male"] == "190"
    assert "Côte d'Ivoire" in set(df["country_name"])


def _oli_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": ["Pakistan", "Pakistan", "India"],
            "Occupation": ["Software & Technology"] * 3,
            "gender": ["female", "male", None],
            "count": pd.array([2, 96, 12], dtype="int32"),
        }
    )


@pytest.mark.parametrize(
    "change, line, column",
    [
        (lambda f: f.assign(count=["2", "many", "12"]), 2, "count"),
        (lambda f: f.assign(count=[2.0, float("nan"), 12.0]), 2, "count"),
        (lambda f: f.assign(count=pd.array([2, -96, 12], dtype="int32")), 2, "count"),
        (lambda f: f.assign(gender=["female", "other", None]), 2, "gender"),
        (lambda f: f.assign(country=["Pakistan", "", "India"]), 2, "country"),
        (lambda f: f.assign(gender=["female", "female", None]), 2, "count"),  # duplicate, other value
        (lambda f: f.rename(columns={"count": "n"}), None, "count"),
        (lambda f: f[["Occupation", "country", "gender", "count"]], None, "country"),
    ],
)
def test_oli_rejects(tmp_path, change, line, column):
    bad = tmp_path / "worker_gender.rda"
    pyreadr.write_rdata(str(bad), change(_oli_frame()), df_name="df_gender")
    err = raises_at(lambda: read_oli_gender(bad, "x"), bad, line, column)
    assert "row of df_gender, 1-based" in err.expected


def test_oli_rejects_unreadable_files(tmp_path):
    bad = tmp_path / "worker_gender.rda"
    bad.write_bytes(b"")
    raises_at(lambda: read_oli_gender(bad, "x"), bad, None, None)
    bad.write_bytes(OLI.read_bytes()[:200])  # truncated
    raises_at(lambda: read_oli_gender(bad, "x"), bad, None, None)
    pyreadr.write_rdata(str(bad), _oli_frame(), df_name="other")
    raises_at(lambda: read_oli_gender(bad, "x"), bad, None, None)
