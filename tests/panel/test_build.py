"""data/raw -> panel: units, fiscal-year sums, derived series, bad input, atomic and byte-identical writes."""

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from malformed import FIX
from snapshot_sets import SET, revised_mirror

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.panel import build, query
from analysis.sources import rawio, snapshot
from analysis.sources.rawio import COUNTRY_METADATA_COLUMNS, RAW_COLUMNS, write_csv, write_raw
from analysis.sources.registry import METADATA_FILE

META = [
    ("PAK", "South Asia", "Lower middle income", "Pakistan"),
    ("IND", "South Asia", "Lower middle income", "India"),
    ("SAS", "", "", "South Asia"),
]


def _raw(rows):
    return pd.DataFrame(rows, columns=list(RAW_COLUMNS), dtype=str)


def _wdi(code, unit, values):
    return _raw(
        [("wdi_x", code, iso, name, "", year, "calendar_year", v, unit) for iso, name, year, v in values]
    )


def _sbp(months):
    return _raw(
        [
            ("sbp_x", "TS_GP_BOP_WR_M.WR0340", "PAK", "Pakistan", "", m, "month", v, "Million USD")
            for m, v in months
        ]
    )


@pytest.fixture
def raw_dir(tmp_path):
    d = tmp_path / "raw"
    write_csv(
        pd.DataFrame(META, columns=list(COUNTRY_METADATA_COLUMNS)),
        d / METADATA_FILE,
        COUNTRY_METADATA_COLUMNS,
    )
    both = [
        ("PAK", "Pakistan", "2023", None),
        ("PAK", "Pakistan", "2024", None),
        ("IND", "India", "2024", None),
    ]
    write_raw(
        _wdi(
            "BX.GSR.CCIS.CD",
            "current US$",
            [r[:3] + (v,) for r, v in zip(both, ["3000000000", "3633000000", "1e11"])],
        ),
        d / "wdi_ict.csv",
    )
    write_raw(
        _wdi(
            "SP.POP.TOTL",
            "Population, total",
            [r[:3] + (v,) for r, v in zip(both, ["2e8", "2.5e8", "1.4e9"])],
        ),
        d / "wdi_pop.csv",
    )
    write_raw(
        _wdi(
            "NY.GDP.MKTP.CD",
            "current US$",
            [r[:3] + (v,) for r, v in zip(both, ["3e11", "3.633e11", "4e12"])],
        ),
        d / "wdi_gdp.csv",
    )
    write_raw(
        _wdi("IT.NET.USER.ZS", "% of population", [r[:3] + (v,) for r, v in zip(both, ["20", "25", "50"])]),
        d / "wdi_net.csv",
    )
    months = pd.period_range("2023-07", "2025-01", freq="M").strftime("%Y-%m")
    write_raw(_sbp([(m, str(100 + i)) for i, m in enumerate(months)]), d / "sbp.csv")
    return d


def test_units_are_normalised_and_aggregates_flagged(raw_dir):
    panel = build.tidy(raw_dir)
    ict = panel[(panel.series == "BX.GSR.CCIS.CD") & (panel.iso3 == "PAK") & (panel.period == "2024")]
    assert ict["value"].item() == pytest.approx(3633.0) and ict["unit"].item() == "USD million"
    assert ict["start"].item() == pd.Timestamp("2024-01-01")
    assert not panel["is_aggregate"].any()


def test_sbp_months_sum_to_complete_fiscal_and_calendar_years_only(raw_dir):
    panel = build.tidy(raw_dir)
    sbp = panel[panel.series == "TS_GP_BOP_WR_M.WR0340"]
    fy = sbp[sbp.basis == "fiscal_year_jul_jun"]
    # months Jul 2023 .. Jun 2024 hold 100 .. 111: sum = 12*100 + 66; FY2024-25 has 7 months only
    assert fy["period"].tolist() == ["FY2023-24"]
    assert fy["value"].item() == 1266
    assert fy["end"].item() == pd.Timestamp("2024-06-30")
    cy = sbp[sbp.basis == "calendar_year"]
    assert cy["period"].tolist() == ["2024"]  # Jan..Dec 2024 = values 106..117
    assert cy["value"].item() == sum(range(106, 118))
    assert "sum of 12 months" in cy["derivation"].item()


def test_derived_series_carry_units_and_formula(raw_dir):
    panel = build.tidy(raw_dir).set_index(["series", "iso3", "period"])
    pc = panel.loc[("BX.GSR.CCIS.CD:per_capita", "PAK", "2024")]
    assert pc["value"] == pytest.approx(3633e6 / 2.5e8) and pc["unit"] == "USD per person"
    assert panel.loc[("BX.GSR.CCIS.CD:pct_gdp", "PAK", "2024"), "value"] == pytest.approx(1.0)
    assert panel.loc[("IT.NET.USER.ZS:persons", "PAK", "2024"), "value"] == pytest.approx(6.25e7)
    assert panel.loc[("BX.GSR.CCIS.CD:per_internet_user", "PAK", "2024"), "value"] == pytest.approx(
        3633e6 / 6.25e7
    )
    assert panel.loc[("BX.GSR.CCIS.CD:yoy", "PAK", "2024"), "value"] == pytest.approx(21.1)
    assert ("BX.GSR.CCIS.CD:yoy", "IND", "2024") not in panel.index  # no 2023 for India


@pytest.mark.parametrize(
    "column,bad,expected",
    [
        ("value", "n/a", "a number"),
        ("period", "FY2024-26", "period"),
        ("country_code", "XXX", "WDI country/aggregate code"),
    ],
)
def test_bad_rows_are_named_by_file_line_and_column(raw_dir, column, bad, expected):
    path = raw_dir / "wdi_ict.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[1, column] = bad
    if column == "period":
        df.loc[1, "basis"] = "fiscal_year_jul_jun"
    write_raw(df, path)
    with pytest.raises(DataError) as err:
        build.tidy(raw_dir)
    assert err.value.file.endswith("wdi_ict.csv")
    assert err.value.row is not None and err.value.column == column
    assert expected in str(err.value)


def test_real_build_is_byte_identical_and_a_failed_build_keeps_the_old_files(tmp_path, monkeypatch):
    build.load_panel()  # makes data/processed current
    out = tmp_path / "processed"
    build.build(paths.RAW, out)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert first == {p.name: p.read_bytes() for p in paths.PROCESSED.glob("*.*") if p.name != ".gitkeep"}

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "derived", boom)
    with pytest.raises(RuntimeError):
        build.build(paths.RAW, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_load_panel_rebuilds_when_raw_changes(tmp_path):
    build.load_panel()
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(paths.RAW, raw)
    shutil.copytree(paths.PROCESSED, out)
    assert build.is_current(raw, out)
    (raw / "extra.txt").write_text("a new file in data/raw\n")
    assert not build.is_current(raw, out)


def test_published_totals_reproduced():
    panel = build.load_panel()
    fy = query.select(panel, iso3="PAK", series="TS_GP_BOP_WR_M.WR0340", basis="fiscal_year_jul_jun")
    values = fy.set_index("period")["value"]
    # SBP's published FY totals: $30.25 bn (FY2023-24) and $38.3 bn (FY2024-25)
    assert round(values["FY2023-24"], 1) == 30250.8
    assert round(values["FY2024-25"], 1) == 38299.2
    ict = query.select(panel, iso3="PAK", series="BX.GSR.CCIS.CD").set_index("period")["value"]
    assert ict["2024"] == pytest.approx(3633.0)


@pytest.mark.parametrize(
    "file, stated",
    [("sbp.csv", "Thousand USD"), ("wdi_ict.csv", "current LCU"), ("wdi_net.csv", "per 1,000 people")],
)
def test_a_unit_other_than_the_catalogue_states_is_refused_with_its_line(raw_dir, file, stated):
    """A file in thousands where the catalogue says millions would be a silent 1000x error."""
    path = raw_dir / file
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[2, "unit"] = stated
    write_raw(df, path)
    with pytest.raises(DataError) as err:
        build.tidy(raw_dir)
    assert err.value.file.endswith(file) and err.value.row == 4 and err.value.column == "unit"
    assert err.value.found == stated and "series.yml" in err.value.expected


# --- the fingerprint is of the bytes read; aggregates decided by one rule ---------------------------


@pytest.mark.parametrize("when", ["before tidying", "after tidying"])
def test_manifest_fingerprints_the_bytes_the_build_read(tmp_path, monkeypatch, when):
    raw, out, new = tmp_path / "raw", tmp_path / "processed", tmp_path / "new"
    snapshot.run(FIX, raw, datasets=SET)
    snapshot.run(revised_mirror(tmp_path / "mirror"), new, datasets=SET)
    old_fingerprint = rawio.fingerprint(raw)
    real_tidy = build.tidy

    def overwritten() -> None:  # a writer that ignores the lock lands a new snapshot mid-build
        for path in new.iterdir():
            shutil.copy2(path, raw / path.name)

    def tidy_while_a_snapshot_lands(raw_dir):
        if when == "before tidying":
            overwritten()
        panel = real_tidy(raw_dir)
        if when == "after tidying":
            overwritten()
        return panel

    monkeypatch.setattr(build, "tidy", tidy_while_a_snapshot_lands)
    panel = build.build(raw, out)
    monkeypatch.undo()

    def pak_ict(frame):
        rows = frame[(frame.series == "BX.GSR.CCIS.CD") & (frame.iso3 == "PAK") & (frame.period == "2024")]
        return rows["value"].item()

    assert pak_ict(panel) == pytest.approx(3633.0)  # the bytes read when the build began
    manifest = json.loads((out / build.MANIFEST_FILE).read_text())
    assert manifest["raw_sha256"] == old_fingerprint != rawio.fingerprint(raw)
    assert not build.is_current(raw, out)  # never certified for the new files
    assert pak_ict(build.load_panel(raw, out)) == pytest.approx(3633.5)  # rebuilt from them


def test_an_economy_with_a_blank_region_is_an_aggregate_on_every_row(raw_dir):
    meta = pd.read_csv(raw_dir / METADATA_FILE, dtype=str, keep_default_na=False)
    meta.loc[meta.country_code == "PAK", ["region", "income_group"]] = ""
    write_csv(meta, raw_dir / METADATA_FILE, COUNTRY_METADATA_COLUMNS)
    panel = build.tidy(raw_dir)
    pak = panel[panel.iso3 == "PAK"]
    assert set(pak["source"]) == {"wdi_x", "sbp_x"} and pak["derivation"].str.startswith("sum of 12").any()
    assert pak["is_aggregate"].all()  # WDI rows, SBP months and their yearly sums alike
    assert not panel.loc[panel.iso3 == "IND", "is_aggregate"].any()


def test_metadata_incomplete_for_an_economy_is_refused(raw_dir):
    meta = pd.read_csv(raw_dir / METADATA_FILE, dtype=str, keep_default_na=False)
    meta.loc[meta.country_code == "IND", "region"] = " "
    write_csv(meta, raw_dir / METADATA_FILE, COUNTRY_METADATA_COLUMNS)
    with pytest.raises(DataError) as info:
        build.tidy(raw_dir)
    assert (Path(info.value.file), info.value.row, info.value.column) == (
        raw_dir / METADATA_FILE,
        3,
        "region",
    )
    assert "income group 'Lower middle income'" in str(info.value)


def test_a_missing_data_folder_is_named_with_the_variable_that_moves_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no data snapshot at .*nowhere.*GIGS_DATA"):
        build.load_panel(tmp_path / "nowhere" / "raw", tmp_path / "nowhere" / "processed")


def test_gigs_data_moves_the_data_folder(tmp_path):
    import subprocess
    import sys

    code = "from analysis.core import paths; print(paths.RAW, paths.PROCESSED)"
    env = {**os.environ, "GIGS_DATA": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(tmp_path / "raw"), str(tmp_path / "processed")]
