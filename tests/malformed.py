"""A catalogue of malformed inputs, each generated from a good fixture, and where it must be rejected.

Good inputs: the hand-made publisher files in tests/fixtures/sources/ (README there), the committed
curated tables and a few committed snapshot files of data/raw/ (copied, never edited in place).
Each :class:`Case` writes one bad input into a scratch folder and states the line and column the
DataError must name; ``line``/``column`` are None only for faults of a whole file, with ``why``.

Layouts: the publisher layouts of ``analysis.sources.registry.REGISTRY`` (``wdi_wide``,
``wdi_long``, ``wdi_country_metadata``, ``sbp``, ``oli``, ``rpw``: run through ``snapshot.run``), ``curated``
(``load_curated``) and ``raw`` (the snapshot files as read by ``build.build``).
Accepted on purpose (not malformed): a WDI/SBP file without its UTF-8 BOM (the remittance-cost
extract has none), CRLF line endings, curated columns in another order (read by name).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pyreadr
import yaml

from analysis.core import paths
from analysis.sources import rawio, registry

FIX = Path(__file__).parent / "fixtures" / "sources"
WIDE = "wdi/API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv"
META = "wdi/Metadata_Country_API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv"
LONG = "datahub/bx.trf.pwkr.cd.dt/data.csv"
LONG_PACKAGE = "datahub/bx.trf.pwkr.cd.dt/datapackage.json"
SBP = "sbp/easydata_workers_remittances_fixture.csv"
OLI = "oli/worker_gender_fixture.rda"
RPW = "rpw/rpw_corridors_fixture.csv"
_BY_ID = {ds.id: ds for ds in registry.REGISTRY}
# Registry datasets pointed at the fixtures (mirror-relative paths; the first input is the data file).
DATASETS = {
    "wdi_bx_gsr_ccis_cd": replace(_BY_ID["wdi_bx_gsr_ccis_cd"], inputs=(WIDE,)),
    "wdi_it_net_user_zs": replace(_BY_ID["wdi_it_net_user_zs"], inputs=(WIDE,)),
    "wdi_country_metadata": replace(_BY_ID["wdi_country_metadata"], inputs=(META, WIDE)),
    "wdi_bx_trf_pwkr_cd_dt": replace(_BY_ID["wdi_bx_trf_pwkr_cd_dt"], inputs=(LONG, LONG_PACKAGE)),
    "sbp_easydata_workers_remittances": replace(_BY_ID["sbp_easydata_workers_remittances"], inputs=(SBP,)),
    "oli2020_worker_gender": replace(_BY_ID["oli2020_worker_gender"], inputs=(OLI,)),
    "wb_rpw_corridors": replace(_BY_ID["wb_rpw_corridors"], inputs=(RPW,)),
}
# The committed snapshot files the build cases start from (a small, complete data/raw).
MINI_RAW = (
    "wdi_country_metadata",
    "wdi_bx_gsr_ccis_cd",
    "sbp_easydata_workers_remittances",
    "oli2020_worker_gender",
    "published_figures",
    "article_claims",
)
CURATED_ROWS = 3  # data rows of each good curated table (single-line records: record k on line k+1)


@dataclass(frozen=True)
class Case:
    """One malformed input: how to make it from a good one, and what the DataError must name."""

    id: str
    layout: str  # wdi_wide | wdi_long | wdi_country_metadata | sbp | oli | rpw | curated | raw
    problem: str  # what is wrong, in words
    target: str  # the file holding the fault (path inside the scratch folder)
    make: Callable[[Path], None]  # turns the good files in a folder into the bad input
    line: int | None
    column: str | None
    why: str = ""  # why line/column are None (a fault of the whole file)
    dataset: str = ""  # publisher layouts: the DATASETS key the snapshot runs


# --- byte-level edits ---------------------------------------------------------------------------


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def replaced(rel: str, old: str, new: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    """Return an edit replacing the first ``old`` by ``new`` in ``rel`` and saving it in ``encoding``."""

    def make(folder: Path) -> None:
        path = folder / rel
        bom = path.read_bytes().startswith(b"\xef\xbb\xbf") and encoding == "utf-8"
        text = _text(path)
        assert old in text, f"{old!r} not in {rel}"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.replace(old, new, 1).encode(encoding))

    return make


def reencoded(rel: str, encoding: str) -> Callable[[Path], None]:
    """Return an edit saving ``rel`` in another encoding (e.g. 'utf-16', as spreadsheets do)."""

    def make(folder: Path) -> None:
        (folder / rel).write_bytes(_text(folder / rel).encode(encoding))

    return make


def prefixed(rel: str, prefix: bytes) -> Callable[[Path], None]:
    """Return an edit putting ``prefix`` before the bytes of ``rel`` (e.g. a second BOM)."""

    def make(folder: Path) -> None:
        (folder / rel).write_bytes(prefix + (folder / rel).read_bytes())

    return make


def cut_after(rel: str, marker: str) -> Callable[[Path], None]:
    """Return an edit truncating ``rel`` just after the last ``marker`` (a download cut off mid-row)."""

    def make(folder: Path) -> None:
        data = (folder / rel).read_bytes()
        at = data.rfind(marker.encode())
        assert at >= 0, f"{marker!r} not in {rel}"
        (folder / rel).write_bytes(data[: at + len(marker)])

    return make


def raw_cell(rel: str, line: int, column: str, value: str | bytes) -> Callable[[Path], None]:
    """Return an edit setting one cell of a CSV (bytes are written as given, e.g. Latin-1)."""
    marker = "@@CELL@@"

    def make(folder: Path) -> None:
        path = folder / rel
        lines = path.read_bytes().split(b"\n")
        header = next(csv.reader([lines[0].decode()]))
        row = next(csv.reader([lines[line - 1].decode()]))
        assert len(row) == len(header), f"{rel} line {line} is not a single-line record"
        row[header.index(column)] = marker if isinstance(value, bytes) else value
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(row)
        text = out.getvalue().encode()
        lines[line - 1] = text.replace(marker.encode(), value) if isinstance(value, bytes) else text
        path.write_bytes(b"\n".join(lines))

    return make


def row_repeated(rel: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    """Return an edit inserting, after ``line``, a copy of it with ``column`` set to ``value``."""

    def make(folder: Path) -> None:
        path = folder / rel
        lines = path.read_bytes().split(b"\n")
        lines.insert(line, lines[line - 1])
        path.write_bytes(b"\n".join(lines))
        raw_cell(rel, line + 1, column, value)(folder)

    return make


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        for edit in edits:
            edit(folder)

    return make


# --- OLI .rda -----------------------------------------------------------------------------------


def oli_frame(change: Callable) -> Callable[[Path], None]:
    """Return an edit rewriting the fixture's df_gender after ``change(frame)``."""

    def make(folder: Path) -> None:
        frame = pyreadr.read_r(str(FIX / OLI))["df_gender"].reset_index(drop=True)
        pyreadr.write_rdata(str(folder / OLI), change(frame), df_name="df_gender")

    return make


def _set(frame, row: int, column: str, value, dtype=None):
    frame = frame.astype({column: dtype}) if dtype else frame.copy()
    frame.loc[row - 1, column] = value
    return frame


# --- curated tables and the raw snapshot --------------------------------------------------------


def good_curated(folder: Path, raw_dir: Path = paths.RAW) -> None:
    """Write the first single-line records of each committed curated table into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("published_figures", "article_claims"):
        with open(raw_dir / f"{name}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        single = [r for r in rows[1:] if not any("\n" in cell or "\r" in cell for cell in r)]
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([rows[0], *single[:CURATED_ROWS]])


def good_raw(folder: Path, raw_dir: Path = paths.RAW) -> None:
    """Copy the MINI_RAW snapshot files of ``raw_dir`` and their sources.yml entries into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = yaml.safe_load((raw_dir / "sources.yml").read_text(encoding="utf-8"))
    kept = {k: v for k, v in entries.items() if k in MINI_RAW}
    for entry in kept.values():
        shutil.copy2(raw_dir / entry["file"], folder / entry["file"])
    _write_sources(folder, kept)


def _write_sources(folder: Path, entries: dict) -> None:
    (folder / "sources.yml").write_text(yaml.safe_dump(entries, sort_keys=True), encoding="utf-8")


def recorded(edit: Callable[[Path], None], *files: str) -> Callable[[Path], None]:
    """Return ``edit`` followed by re-recording the sha256 of ``files`` in sources.yml (as a
    careless `record-curated` or a hand edit of sources.yml would), so the content check is reached."""

    def make(folder: Path) -> None:
        edit(folder)
        entries = yaml.safe_load((folder / "sources.yml").read_text(encoding="utf-8"))
        for entry in entries.values():
            if entry["file"] in files:
                entry["sha256"] = rawio.sha256_file(folder / entry["file"])
        _write_sources(folder, entries)

    return make


def unlisted(ident: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        entries = yaml.safe_load((folder / "sources.yml").read_text(encoding="utf-8"))
        del entries[ident]
        _write_sources(folder, entries)

    return make


def copied_from(rel: str, source: Path) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        shutil.copy2(source, folder / rel)

    return make


def appended(rel: str, text: str) -> Callable[[Path], None]:
    """Return an edit appending ``text`` to ``rel``."""

    def make(folder: Path) -> None:
        with open(folder / rel, "a", encoding="utf-8") as fh:
            fh.write(text)

    return make


def listed_as(ident: str, name: str) -> Callable[[Path], None]:
    """Return an edit making sources.yml list ``name`` as the file of entry ``ident``."""

    def make(folder: Path) -> None:
        entries = yaml.safe_load((folder / "sources.yml").read_text(encoding="utf-8"))
        entries[ident]["file"] = name
        _write_sources(folder, entries)

    return make


def copied_out(rel: str) -> Callable[[Path], None]:
    """Return an edit copying ``rel`` beside the folder (outside data/raw)."""
    return lambda folder: shutil.copy2(folder / rel, folder.parent / Path(rel).name)


def replaced_by(rel: str, make_node: Callable[[Path], None]) -> Callable[[Path], None]:
    """Return an edit replacing the file ``rel`` by what ``make_node(path)`` creates (a folder, a FIFO)."""

    def make(folder: Path) -> None:
        (folder / rel).unlink()
        make_node(folder / rel)

    return make


def replaced_by_link(rel: str) -> Callable[[Path], None]:
    """Return an edit replacing ``rel`` by a symbolic link to its copy outside the folder."""
    return replaced_by(rel, lambda path: path.symlink_to(path.parent.parent / path.name))


def swapped_datahub(folder: Path) -> None:
    """The remittances folder holds the broadband indicator's files (another dataset)."""
    for name in ("data.csv", "datapackage.json"):
        shutil.copy2(
            FIX / "datahub" / "it.net.bbnd.p2" / name, folder / "datahub" / "bx.trf.pwkr.cd.dt" / name
        )


BX = "wdi_bx_gsr_ccis_cd.csv"
SBP_RAW = "sbp_easydata_workers_remittances.csv"
OLI_RAW = "oli2020_worker_gender.csv"
FIGS, CLAIMS = "published_figures.csv", "article_claims.csv"
WHOLE_RDA = "an .rda file has no text lines and this one is no R data file at all"
WHOLE_SHA = "the sha256 covers the whole file's bytes: no line or column can be blamed"
WHOLE_LISTING = "the fault is the file's listing in sources.yml, not its content"
WHOLE_YAML = "sources.yml is YAML, which has lines but no columns"
WHOLE_SIZE = "the size of the whole file is at fault, before any line is read"
META_RAW = "wdi_country_metadata.csv"
LONG_HEADER = "Country Name,Country Code,Year,Value"
WIDE_ROW_PAK = '"Pakistan","PAK"'

CASES: tuple[Case, ...] = (
    # --- WDI wide download (API_*.csv) ---
    Case(
        "wdi-wide-latin1",
        "wdi_wide",
        "saved as Latin-1 (a name with ô)",
        WIDE,
        replaced(WIDE, '"Viet Nam","VNM"', '"Côte d\'Ivoire","CIV"', "latin-1"),
        10,
        "Country Name",
        dataset="wdi_bx_gsr_ccis_cd",
    ),
    Case(
        "wdi-wide-utf16",
        "wdi_wide",
        "saved as UTF-16 ('Unicode text')",
        WIDE,
        reencoded(WIDE, "utf-16"),
        1,
        "Data Source",
        dataset="wdi_bx_gsr_ccis_cd",
    ),
    Case(
        "wdi-wide-bom-doubled",
        "wdi_wide",
        "UTF-8 BOM written twice",
        WIDE,
        prefixed(WIDE, b"\xef\xbb\xbf"),
        1,
        "Data Source",
        dataset="wdi_bx_gsr_ccis_cd",
    ),
    Case(
        "wdi-wide-truncated",
        "wdi_wide",
        "download cut off inside PAK's 2024 value",
        WIDE,
        cut_after(WIDE, '"3633'),
        8,
        "2024",
        dataset="wdi_bx_gsr_ccis_cd",
    ),
    Case(
        "wdi-wide-year-twice",
        "wdi_wide",
        "header names 2024 twice (2023 mislabelled)",
        WIDE,
        replaced(WIDE, '"2023",', '"2024",'),
        5,
        "2024",
        dataset="wdi_bx_gsr_ccis_cd",
    ),
    Case(
        "wdi-wide-extra-column",
        "wdi_wide",
        "an extra non-year column after the years",
        WIDE,
        replaced(WIDE, '"2025",\n', '"2025","Unit",\n'),
        5,
        "Unit",
        dataset="wdi_bx_gsr_ccis_cd",
    ),
    Case(
        "wdi-wide-other-indicator",
        "wdi_wide",
        "the IT.NET.USER.ZS dataset's file holds BX.GSR.CCIS.CD (a different dataset)",
        WIDE,
        lambda folder: None,
        6,
        "Indicator Code",
        dataset="wdi_it_net_user_zs",
    ),
    # --- WDI long (datahub data.csv) ---
    Case(
        "wdi-long-latin1",
        "wdi_long",
        "saved as Latin-1 (a name with è)",
        LONG,
        replaced(LONG, "Bangladesh,BGD,2024", "Bangladèsh,BGD,2024", "latin-1"),
        3,
        "Country Name",
        dataset="wdi_bx_trf_pwkr_cd_dt",
    ),
    Case(
        "wdi-long-truncated",
        "wdi_long",
        "cut off inside the last value (189600000000.5 -> 1896)",
        LONG,
        cut_after(LONG, "SAS,2024,1896"),
        6,
        "Value",
        dataset="wdi_bx_trf_pwkr_cd_dt",
    ),
    Case(
        "wdi-long-infinite",
        "wdi_long",
        "a value that overflows to infinity (1e999)",
        LONG,
        replaced(LONG, "PAK,2024,34914000000", "PAK,2024,1e999"),
        5,
        "Value",
        dataset="wdi_bx_trf_pwkr_cd_dt",
    ),
    Case(
        "wdi-long-extra-column",
        "wdi_long",
        "an extra column Unit",
        LONG,
        replaced(LONG, LONG_HEADER, LONG_HEADER + ",Unit"),
        1,
        "Unit",
        dataset="wdi_bx_trf_pwkr_cd_dt",
    ),
    Case(
        "wdi-long-other-dataset",
        "wdi_long",
        "the remittances folder holds the broadband indicator (datapackage name)",
        LONG_PACKAGE,
        swapped_datahub,
        3,
        "name",
        dataset="wdi_bx_trf_pwkr_cd_dt",
    ),
    # --- WDI country metadata ---
    Case(
        "wdi-meta-truncated",
        "wdi_country_metadata",
        "cut off inside the last table name",
        META,
        cut_after(META, '"Wor'),
        7,
        "TableName",
        dataset="wdi_country_metadata",
    ),
    Case(
        "wdi-meta-latin1",
        "wdi_country_metadata",
        "saved as Latin-1",
        META,
        replaced(META, '"Viet Nam",', '"Côte d\'Ivoire",', "latin-1"),
        6,
        "TableName",
        dataset="wdi_country_metadata",
    ),
    Case(
        "wdi-meta-extra-column",
        "wdi_country_metadata",
        "an extra column",
        META,
        replaced(META, '"TableName",', '"TableName","Lending category",'),
        1,
        "Lending category",
        dataset="wdi_country_metadata",
    ),
    # --- SBP EasyData ---
    Case(
        "sbp-cp1252",
        "sbp",
        "saved as Windows-1252 (a curly apostrophe)",
        SBP,
        replaced(SBP, "Workers' Remittances", "Workers\u2019 Remittances", "cp1252"),
        2,
        "Dataset Name",
        dataset="sbp_easydata_workers_remittances",
    ),
    Case(
        "sbp-utf16",
        "sbp",
        "saved as UTF-16",
        SBP,
        reencoded(SBP, "utf-16"),
        1,
        "Dataset Name",
        dataset="sbp_easydata_workers_remittances",
    ),
    Case(
        "sbp-truncated",
        "sbp",
        "cut off inside the last row's last field",
        SBP,
        cut_after(SBP, '"Total inflow of Wor'),
        8,
        "Series name",
        dataset="sbp_easydata_workers_remittances",
    ),
    Case(
        "sbp-semicolons",
        "sbp",
        "exported with ';' as separator (one column)",
        SBP,
        lambda folder: (folder / SBP).write_bytes((folder / SBP).read_bytes().replace(b'","', b'";"')),
        1,
        "Dataset Name",
        dataset="sbp_easydata_workers_remittances",
    ),
    # --- RPW corridor-quarter means (third-party rpw_filtered.csv) ---
    Case(
        "rpw-month-period",
        "rpw",
        "a period written as a month, not a quarter",
        RPW,
        replaced(RPW, "2016_2Q,USA", "2016-06,USA"),
        4,
        "period",
        dataset="wb_rpw_corridors",
    ),
    Case(
        "rpw-corridor-mismatch",
        "rpw",
        "a corridor code that is not sender + destination",
        RPW,
        replaced(RPW, "AREPAK", "AREIND"),
        2,
        "corridor",
        dataset="wb_rpw_corridors",
    ),
    Case(
        "rpw-truncated",
        "rpw",
        "cut off inside the last row",
        RPW,
        cut_after(RPW, "GBRKOR,3.0"),
        7,
        "avg_cost_pct_200usd",
        dataset="wb_rpw_corridors",
    ),
    Case(
        "rpw-cp1252",
        "rpw",
        "saved as Windows-1252 (an accented country name)",
        RPW,
        replaced(RPW, "Kosovo", "Kosov\u00eb", "cp1252"),
        3,
        "destination_name",
        dataset="wb_rpw_corridors",
    ),
    # --- OLI worker_gender.rda ---
    Case(
        "oli-fractional-count",
        "oli",
        "a count of 2.5 worker profiles",
        OLI,
        oli_frame(lambda f: _set(f, 3, "count", 2.5, "float64")),
        3,
        "count",
        dataset="oli2020_worker_gender",
    ),
    Case(
        "oli-not-rdata",
        "oli",
        "a CSV saved under the .rda name",
        OLI,
        lambda folder: (folder / OLI).write_bytes(b"country,Occupation,gender,count\nPakistan,x,male,1\n"),
        None,
        None,
        WHOLE_RDA,
        dataset="oli2020_worker_gender",
    ),
    Case(
        "oli-occupation-separator",
        "oli",
        "an occupation containing ';' (breaks key=value;key=value)",
        OLI,
        oli_frame(lambda f: _set(f, 4, "Occupation", "Sales;Marketing")),
        4,
        "Occupation",
        dataset="oli2020_worker_gender",
    ),
    # --- curated tables ---
    Case(
        "figures-cp1252",
        "curated",
        "one cell pasted as Windows-1252 (an en dash)",
        FIGS,
        raw_cell(FIGS, 3, "definition", b"\x96 pasted"),
        3,
        "definition",
    ),
    Case(
        "figures-bom",
        "curated",
        "saved by a spreadsheet with a UTF-8 BOM",
        FIGS,
        prefixed(FIGS, b"\xef\xbb\xbf"),
        1,
        "figure_id",
    ),
    Case(
        "figures-truncated",
        "curated",
        "cut off inside the last record's quote",
        FIGS,
        lambda folder: cut_after(FIGS, _last_quote_start(folder / FIGS))(folder),
        4,
        "quote",
    ),
    Case(
        "figures-empty-publisher",
        "curated",
        "a figure whose publisher (who produced the number) is left empty",
        FIGS,
        raw_cell(FIGS, 2, "publisher", ""),
        2,
        "publisher",
    ),
    Case(
        "figures-formula-id",
        "curated",
        "a figure_id that a spreadsheet would run as a formula",
        FIGS,
        raw_cell(FIGS, 2, "figure_id", '=HYPERLINK("http://example.com","x")'),
        2,
        "figure_id",
    ),
    Case(
        "claims-formula-id",
        "curated",
        "a claim_id beginning with @ (a spreadsheet command)",
        CLAIMS,
        raw_cell(CLAIMS, 3, "claim_id", "@SUM(1+1)"),
        3,
        "claim_id",
    ),
    Case(
        "claims-missing-fields",
        "curated",
        "a record lacking its last two fields",
        CLAIMS,
        lambda folder: _drop_last_fields(folder / CLAIMS, 3, 2),
        3,
        "attribution",
    ),
    Case("claims-utf16", "curated", "saved as UTF-16", CLAIMS, reencoded(CLAIMS, "utf-16"), 1, "claim_id"),
    Case(
        "claims-other-table",
        "curated",
        "article_claims.csv holds the published figures",
        CLAIMS,
        lambda folder: shutil.copy2(folder / FIGS, folder / CLAIMS),
        1,
        "claim_id",
    ),
    # --- the raw snapshot as read by the build ---
    Case(
        "raw-checksum",
        "raw",
        "a value edited without the snapshot command",
        BX,
        raw_cell(BX, 2, "value", "1"),
        None,
        None,
        WHOLE_SHA,
    ),
    Case(
        "raw-missing-file",
        "raw",
        "a file listed in sources.yml is missing",
        SBP_RAW,
        lambda folder: (folder / SBP_RAW).unlink(),
        None,
        None,
        "there is no file to point into",
    ),
    Case(
        "raw-unlisted-file",
        "raw",
        "sources.yml lost an entry: its file would be read unchecked",
        SBP_RAW,
        unlisted("sbp_easydata_workers_remittances"),
        None,
        None,
        WHOLE_LISTING,
    ),
    Case(
        "raw-sources-yml-garbled",
        "raw",
        "sources.yml is not valid YAML (a tab-indented line)",
        "sources.yml",
        replaced("sources.yml", "\n  file:", "\n\tfile:"),
        2,
        None,
        WHOLE_YAML,
    ),
    Case(
        "raw-latin1",
        "raw",
        "a country name saved as Latin-1",
        BX,
        recorded(raw_cell(BX, 3, "country_name", "Côte d'Ivoire".encode("latin-1")), BX),
        3,
        "country_name",
    ),
    Case(
        "raw-bom",
        "raw",
        "re-saved with a UTF-8 BOM",
        BX,
        recorded(prefixed(BX, b"\xef\xbb\xbf"), BX),
        1,
        "source",
    ),
    Case(
        "raw-other-dataset",
        "raw",
        "the ICT exports file holds internet users (another dataset)",
        BX,
        recorded(copied_from(BX, paths.RAW / "wdi_it_net_user_zs.csv"), BX),
        2,
        "source",
    ),
    Case(
        "raw-impossible-month",
        "raw",
        "period 1972-13 (month 13)",
        SBP_RAW,
        recorded(raw_cell(SBP_RAW, 3, "period", "1972-13"), SBP_RAW),
        3,
        "period",
    ),
    Case(
        "raw-duplicate-conflict",
        "raw",
        "one month twice with different values",
        SBP_RAW,
        recorded(row_repeated(SBP_RAW, 3, "value", "999.9"), SBP_RAW),
        4,
        "value",
    ),
    Case(
        "raw-unknown-economy",
        "raw",
        "an OLI country name no code is known for",
        OLI_RAW,
        recorded(raw_cell(OLI_RAW, 2, "country_name", "Atlantis"), OLI_RAW),
        2,
        "country_name",
    ),
    Case(
        "raw-unknown-iso3",
        "raw",
        "a published figure for the unknown economy ZZZ",
        FIGS,
        recorded(raw_cell(FIGS, 2, "iso3", "ZZZ"), FIGS),
        2,
        "iso3",
    ),
    Case(
        "raw-negative-money",
        "raw",
        "negative ICT service exports (current US$)",
        BX,
        recorded(raw_cell(BX, 2, "value", "-1000000"), BX),
        2,
        "value",
    ),
    Case(
        "raw-extra-column",
        "raw",
        "an extra column note",
        BX,
        recorded(
            lambda folder: (folder / BX).write_bytes(
                (folder / BX).read_bytes().replace(b",unit\n", b",unit,note\n", 1)
            ),
            BX,
        ),
        1,
        "note",
    ),
    Case(
        "raw-infinite",
        "raw",
        "a value that overflows to infinity (1e999)",
        BX,
        recorded(raw_cell(BX, 2, "value", "1e999"), BX),
        2,
        "value",
    ),
    # --- sources.yml: plain YAML, and every file it lists a plain file inside data/raw ---
    Case(
        "raw-sources-yml-aliases",
        "raw",
        "YAML anchors and aliases (a 'billion laughs' that expands without bound)",
        "sources.yml",
        prefixed("sources.yml", b"bomb:\n  a: &lol [lol, lol, lol]\n  b: [*lol, *lol, *lol]\n"),
        2,
        None,
        WHOLE_YAML,
    ),
    Case(
        "raw-sources-yml-oversize",
        "raw",
        "sources.yml padded past its 1 MiB bound (2 MB of comment)",
        "sources.yml",
        appended("sources.yml", ("#" + "x" * 99 + "\n") * 20_000),
        None,
        None,
        WHOLE_SIZE,
    ),
    Case(
        "raw-listed-absolute-path",
        "raw",
        "an entry's file is an absolute path outside data/raw",
        "sources.yml",
        listed_as("wdi_bx_gsr_ccis_cd", "/etc/hostname"),
        None,
        None,
        WHOLE_LISTING,
    ),
    Case(
        "raw-listed-parent-path",
        "raw",
        "an entry's file climbs out of data/raw with ..",
        "sources.yml",
        both(copied_out(BX), listed_as("wdi_bx_gsr_ccis_cd", f"../{BX}")),
        None,
        None,
        WHOLE_LISTING,
    ),
    Case(
        "raw-listed-symlink",
        "raw",
        "a listed file is a symbolic link to a copy outside data/raw (same bytes, same sha256)",
        "sources.yml",
        both(copied_out(BX), replaced_by_link(BX)),
        None,
        None,
        WHOLE_LISTING,
    ),
    Case(
        "raw-listed-directory",
        "raw",
        "a listed file is a folder",
        "sources.yml",
        replaced_by(BX, lambda path: path.mkdir()),
        None,
        None,
        WHOLE_LISTING,
    ),
    Case(
        "raw-listed-fifo",
        "raw",
        "a listed file is a FIFO (reading it would block forever)",
        "sources.yml",
        replaced_by(BX, os.mkfifo),
        None,
        None,
        WHOLE_LISTING,
    ),
    Case(
        "raw-oversize-file",
        "raw",
        "a snapshot file past the 64 MiB bound (a sparse 65 MiB file)",
        BX,
        lambda folder: os.truncate(folder / BX, 65 * 2**20),
        None,
        None,
        WHOLE_SIZE,
    ),
    # --- country metadata: one aggregate rule, complete for every economy ---
    Case(
        "raw-metadata-economy-without-region",
        "raw",
        "an economy with an income group but no region (it would pass for an aggregate)",
        META_RAW,
        recorded(raw_cell(META_RAW, 2, "region", ""), META_RAW),
        2,
        "region",
    ),
)


def _last_quote_start(path: Path) -> str:
    """Return the text of the last record up to the first few characters of its quote cell."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header, last = next(csv.reader([lines[0]])), next(csv.reader([lines[-1]]))
    quote = last[header.index("quote")]
    assert len(quote) > 12 and quote in lines[-1]
    return lines[-1][: lines[-1].index(quote) + 8]


def _drop_last_fields(path: Path, line: int, count: int) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(csv.reader([lines[line - 1]]))[:-count]
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[line - 1] = out.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")
