"""Snapshot command: raw layout, sources.yml, byte-for-byte reproducibility, verify() and --live."""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.sources import rawio, registry, snapshot, wdi_download

FIX = Path(__file__).parents[1] / "fixtures" / "sources"
WIDE = "wdi/API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv"
META = "wdi/Metadata_Country_API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv"
INDICATOR = "wdi/Metadata_Indicator_API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv"
BY_ID = {ds.id: ds for ds in registry.REGISTRY}
# The registry's datasets, pointed at the hand-made fixtures instead of the mirror files.
FIXTURE_DATASETS = (
    replace(BY_ID["wdi_bx_gsr_ccis_cd"], inputs=(WIDE,)),
    replace(BY_ID["wdi_country_metadata"], inputs=(META, WIDE)),
    replace(
        BY_ID["wdi_bx_trf_pwkr_cd_dt"],
        inputs=("datahub/bx.trf.pwkr.cd.dt/data.csv", "datahub/bx.trf.pwkr.cd.dt/datapackage.json"),
    ),
    replace(
        BY_ID["wdi_it_net_bbnd_p2"],
        inputs=("datahub/it.net.bbnd.p2/data.csv", "datahub/it.net.bbnd.p2/datapackage.json"),
    ),
    replace(
        BY_ID["wb_rpw_si_rmt_cost_ib_zs"], inputs=("rpw/API_SI.RMT.COST.IB.ZS_DS2_en_csv_v2_fixture.csv",)
    ),
    replace(
        BY_ID["sbp_easydata_workers_remittances"], inputs=("sbp/easydata_workers_remittances_fixture.csv",)
    ),
    replace(BY_ID["oli2020_worker_gender"], inputs=("oli/worker_gender_fixture.rda",)),
    replace(BY_ID["wb_rpw_corridors"], inputs=("rpw/rpw_corridors_fixture.csv",)),
)


def sources(out: Path) -> dict:
    return yaml.safe_load((out / "sources.yml").read_text(encoding="utf-8"))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def fixture_snapshot(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw")
    snapshot.run(FIX, out, datasets=FIXTURE_DATASETS)
    return out


def test_registry_covers_every_mirror_dataset():
    ids = [ds.id for ds in registry.REGISTRY]
    # BX + its country metadata, IT.NET, 16 datahub indicators, RPW (WDI), RPW corridors, SBP, OLI
    assert len(ids) == len(set(ids)) == 2 + 1 + 16 + 1 + 1 + 1 + 1
    assert registry.wdi_source_id("BX.GSR.CCIS.CD") == "wdi_bx_gsr_ccis_cd"
    assert BY_ID["wdi_sl_uem_1524_fe_zs"].url == (
        "https://api.worldbank.org/v2/en/indicator/SL.UEM.1524.FE.ZS?downloadformat=csv"
    )


def test_snapshot_writes_raw_layout_files(fixture_snapshot):
    out = fixture_snapshot
    names = {p.name for p in out.iterdir()}
    assert names == {f"{ds.id}.csv" for ds in FIXTURE_DATASETS} | {"sources.yml"}
    for ds in FIXTURE_DATASETS:
        data = (out / ds.file).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
        if ds.layout != "wdi_country_metadata":
            assert set(rawio.read_raw(out / ds.file)["source"]) == {ds.id}
    bx = rawio.read_raw(out / "wdi_bx_gsr_ccis_cd.csv")
    assert bx.loc[(bx.country_code == "PAK") & (bx.period == "2024"), "value"].item() == "3633000000"
    meta = pd.read_csv(out / "wdi_country_metadata.csv", dtype=str, keep_default_na=False)
    assert list(meta.columns) == list(rawio.COUNTRY_METADATA_COLUMNS) and len(meta) == 6


def test_sources_yml_records_provenance(fixture_snapshot):
    out, entries = fixture_snapshot, sources(fixture_snapshot)
    bx = entries["wdi_bx_gsr_ccis_cd"]
    assert (bx["vintage"], bx["years"], bx["rows"]) == ("2026-02-24", "2019-2024", 24)
    assert bx["series"] == ["BX.GSR.CCIS.CD"] and bx["licence"].startswith("CC BY 4.0")
    assert bx["url"] == "https://api.worldbank.org/v2/en/indicator/BX.GSR.CCIS.CD?downloadformat=csv"
    assert bx["sha256"] == rawio.sha256_file(out / "wdi_bx_gsr_ccis_cd.csv")
    assert bx["inputs"] == [{"path": WIDE, "sha256": rawio.sha256_file(FIX / WIDE)}]
    remit = entries["wdi_bx_trf_pwkr_cd_dt"]  # datahub: no Last Updated Date -> fixed retrieval date
    assert (
        remit["vintage"] == "2026-07-01" and remit["title"] == "Personal remittances, received (current US$)"
    )
    assert entries["wdi_country_metadata"]["vintage"] == "2026-02-24"
    sbp = entries["sbp_easydata_workers_remittances"]
    assert sbp["licence"].startswith("no open licence stated") and sbp["url"] == "https://easydata.sbp.org.pk"
    assert (sbp["period_first"], sbp["period_last"], sbp["rows"]) == ("2024-01", "2025-07", 7)
    oli = entries["oli2020_worker_gender"]
    assert (
        oli["years"] == "2020-21" and "10.6084/m9.figshare.3761562" in oli["url"] and "olovis" in oli["via"]
    )
    corridors = entries["wb_rpw_corridors"]
    assert (corridors["period_first"], corridors["period_last"], corridors["rows"]) == (
        "2016Q2",
        "2025Q1",
        12,
    )
    assert corridors["note"].startswith("Third-party compilation") and "jonsmirl/thesis" in corridors["via"]
    assert str(FIX) not in (out / "sources.yml").read_text(encoding="utf-8")  # no absolute paths


def test_snapshot_is_byte_for_byte_reproducible(fixture_snapshot, tmp_path):
    snapshot.run(FIX, tmp_path, datasets=FIXTURE_DATASETS)
    assert tree_bytes(tmp_path) == tree_bytes(fixture_snapshot)


def test_curated_tables_recorded_never_written(tmp_path):
    mirror, out = tmp_path / "mirror", tmp_path / "raw"
    shutil.copytree(FIX, mirror)
    (mirror / "pages").mkdir()
    for name in ("pages_figures.csv", "pages_figures_2.csv"):  # the inputs registry.CURATED names
        (mirror / "pages" / name).write_text("source_title,url\nA,https://a\n", encoding="utf-8")
    out.mkdir()
    curated = out / "published_figures.csv"
    curated.write_bytes(b'id,value,quote\n1,38.3,"a ""quoted""\nsentence"\n2,30.25,x\n')
    before = curated.read_bytes()
    snapshot.run(mirror, out, datasets=FIXTURE_DATASETS[:1])
    assert curated.read_bytes() == before
    entry = sources(out)["published_figures"]
    assert (entry["kind"], entry["rows"], entry["sha256"]) == ("curated", 2, rawio.sha256_file(curated))
    assert entry["inputs"][0] == {
        "path": "pages/pages_figures.csv",
        "sha256": rawio.sha256_file(mirror / "pages" / "pages_figures.csv"),
    }
    assert "article_claims" not in sources(out)  # absent curated table: skipped, no error
    assert len(snapshot.verify(out)) == 2


def test_record_curated_after_a_hand_edit_without_the_mirror(tmp_path):
    snapshot.run(FIX, tmp_path, datasets=FIXTURE_DATASETS[:2])
    before = sources(tmp_path)
    claims = tmp_path / "article_claims.csv"
    claims.write_text("claim_id,value\nc1,2.3\n", encoding="utf-8")
    with pytest.raises(DataError, match="article_claims.csv: expected an entry in sources.yml"):
        snapshot.verify(tmp_path)  # a curated table the listing does not know about
    snapshot.record_curated(tmp_path, mirror=tmp_path / "no-mirror")
    after = sources(tmp_path)
    assert {k: after[k] for k in before} == before  # snapshot entries untouched
    assert after["article_claims"]["rows"] == 1
    assert after["article_claims"]["inputs"] == [{"path": "../../seed/000_4907b0b80fb358e5.txt"}]
    claims.write_text("claim_id,value\nc1,2.4\n", encoding="utf-8")  # edited by hand again
    with pytest.raises(DataError, match="article_claims.csv: expected sha256"):
        snapshot.verify(tmp_path)
    snapshot.record_curated(tmp_path, mirror=tmp_path / "no-mirror")
    assert len(snapshot.verify(tmp_path)) == 3


def test_verify_names_the_changed_file(tmp_path):
    snapshot.run(FIX, tmp_path, datasets=FIXTURE_DATASETS[:2])
    assert [p.name for p in snapshot.verify(tmp_path)] == [
        "wdi_bx_gsr_ccis_cd.csv",
        "wdi_country_metadata.csv",
    ]
    target = tmp_path / "wdi_bx_gsr_ccis_cd.csv"
    recorded = sources(tmp_path)["wdi_bx_gsr_ccis_cd"]["sha256"]
    target.write_bytes(target.read_bytes().replace(b"3633000000", b"3633000001"))
    with pytest.raises(DataError) as info:
        snapshot.verify(tmp_path)
    assert info.value.file == str(target) and info.value.row is None and info.value.column is None
    assert info.value.expected == f"sha256 {recorded} as in sources.yml"
    assert info.value.found == rawio.sha256_file(target)


def test_missing_mirror_input_is_named(tmp_path):
    with pytest.raises(DataError, match="API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv"):
        snapshot.run(tmp_path / "no-mirror", tmp_path / "raw", datasets=FIXTURE_DATASETS[:1])
    assert not (tmp_path / "raw").exists()  # nothing written when a read fails


# --- raw layout writer/reader ---------------------------------------------------------------


def test_write_raw_sorts_and_read_raw_round_trips(tmp_path):
    rows = [
        ["s", "B", "PAK", "Pakistan", "", "2024", "calendar_year", "1.50", "%"],
        ["s", "A", "PAK", "Pakistan", "", "2024", "calendar_year", "007", "%"],
        ["s", "A", "IND", "India, Rep.", "", "2023", "calendar_year", "1E-05", "%"],
    ]
    path = rawio.write_raw(pd.DataFrame(rows, columns=list(rawio.RAW_COLUMNS)), tmp_path / "s.csv")
    assert path.read_text(encoding="utf-8").splitlines() == [
        ",".join(rawio.RAW_COLUMNS),
        's,A,IND,"India, Rep.",,2023,calendar_year,1E-05,%',
        "s,A,PAK,Pakistan,,2024,calendar_year,007,%",
        "s,B,PAK,Pakistan,,2024,calendar_year,1.50,%",
    ]
    back = rawio.read_raw(path)
    assert list(back["value"]) == ["1E-05", "007", "1.50"]  # text kept, never parsed
    assert [p.name for p in tmp_path.iterdir()] == ["s.csv"]  # no temporary file left


def test_write_raw_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "s.csv"
    path.write_text("old\n", encoding="utf-8")
    frame = pd.DataFrame([["s"] * 9], columns=list(rawio.RAW_COLUMNS))

    def broken_writer(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(rawio.csv, "writer", broken_writer)
    with pytest.raises(OSError):
        rawio.write_raw(frame, path)
    assert path.read_text(encoding="utf-8") == "old\n" and len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize(
    "text, line, column",
    [
        ("", 1, "source"),
        ("series,source,country_code,country_name,breakdown,period,basis,value,unit\n", 1, "source"),
        ("source,series,country_code,country_name,breakdown,period,basis,value\n", 1, "unit"),
        (",".join(rawio.RAW_COLUMNS) + "\n", 2, "source"),  # header only: truncated
        (",".join(rawio.RAW_COLUMNS) + "\ns,A,PAK\n", 2, "country_name"),
    ],
)
def test_read_raw_rejects_bad_layout(tmp_path, text, line, column):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        rawio.read_raw(path)
    assert (info.value.row, info.value.column) == (line, column)
    assert f"bad.csv, line {line}, column {column!r}" in str(info.value)


# --- live path (recorded zip, no network) ---------------------------------------------------


def recorded_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_live_reads_the_world_bank_zip_with_the_same_readers(fixture_snapshot, tmp_path):
    payload = recorded_zip({Path(rel).name: (FIX / rel).read_bytes() for rel in (WIDE, META, INDICATOR)})
    asked = []

    def opener(url):
        asked.append(url)
        return io.BytesIO(payload)

    snapshot.run(FIX, tmp_path, live=True, datasets=FIXTURE_DATASETS[:2], opener=opener)
    assert asked == ["https://api.worldbank.org/v2/en/indicator/BX.GSR.CCIS.CD?downloadformat=csv"]
    for name in ("wdi_bx_gsr_ccis_cd.csv", "wdi_country_metadata.csv"):
        assert (tmp_path / name).read_bytes() == (fixture_snapshot / name).read_bytes()
    entry = sources(tmp_path)["wdi_bx_gsr_ccis_cd"]
    assert entry["vintage"] == "2026-02-24" and entry["inputs"][0]["path"].startswith(asked[0])


def test_fetch_wdi_zip_extracts_members_safely(tmp_path):
    payload = recorded_zip(
        {
            "../evil/API_BX.GSR.CCIS.CD_DS2_en_csv_v2_1.csv": (FIX / WIDE).read_bytes(),
            "Metadata_Indicator_API_BX.GSR.CCIS.CD_DS2_en_csv_v2_1.csv": b"x",
        }
    )
    got = wdi_download.fetch_wdi_zip("BX.GSR.CCIS.CD", tmp_path, opener=lambda url: io.BytesIO(payload))
    assert got.data == tmp_path / "API_BX.GSR.CCIS.CD_DS2_en_csv_v2_1.csv" and got.country is None
    assert not (tmp_path.parent / "evil").exists()
    with pytest.raises(DataError, match="expected a zip holding API_BX.GSR.CCIS.CD_DS2"):
        wdi_download.fetch_wdi_zip("BX.GSR.CCIS.CD", tmp_path, opener=lambda url: io.BytesIO(b"<html>"))


# --- the real mirror (skipped where it is absent) ------------------------------------------


def test_mirror_snapshot_reproduces_committed_raw(tmp_path):
    if not paths.MIRROR.exists():
        pytest.skip(f"mirror not found at {paths.MIRROR}")
    for name in registry.CURATED:  # hand-curated tables are inputs of the snapshot, not outputs
        if (paths.RAW / f"{name}.csv").exists():
            shutil.copy2(paths.RAW / f"{name}.csv", tmp_path)
    snapshot.run(paths.MIRROR, tmp_path)
    committed = sources(paths.RAW)
    assert sources(tmp_path).keys() == committed.keys()
    for name in [entry["file"] for entry in committed.values()] + ["sources.yml"]:
        assert (tmp_path / name).read_bytes() == (paths.RAW / name).read_bytes(), name
    bx = rawio.read_raw(tmp_path / "wdi_bx_gsr_ccis_cd.csv")  # PROVENANCE.md: PAK 2024 = 3,633,000,000
    assert bx.loc[(bx.country_code == "PAK") & (bx.period == "2024"), "value"].item() == "3633000000"
