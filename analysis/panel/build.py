"""data/raw -> data/processed: the tidy panel (the panel contract: README, 'The processed panel').

``build()`` checks every raw file against its sha256 in sources.yml, tidies each dataset into the
panel layout (ISO3, explicit basis, start/end days, normalised units), sums the SBP monthly series to
complete fiscal and calendar years, adds derived series and the curated published figures, and
writes ``panel.csv`` + ``manifest.json`` atomically. ``load_panel()`` rebuilds when data/raw changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from analysis.core import lock, paths, periods
from analysis.core.countries import CountryMap
from analysis.core.errors import DataError
from analysis.panel.derive import derived
from analysis.sources import rawio
from analysis.sources.curated import load_curated, normalise
from analysis.sources.rawio import COUNTRY_METADATA_COLUMNS, read_csv_rows, read_raw, write_texts
from analysis.sources.registry import ARTICLE_CLAIMS, METADATA_FILE, PUBLISHED_FIGURES
from analysis.sources.series import CURATED_SERIES, PUBLISHED, PUBLISHER_UNITS, SBP_REMITTANCES
from analysis.sources.snapshot import verify

COLUMNS = [
    "iso3",
    "country_name",
    "is_aggregate",
    "series",
    "series_name",
    "breakdown",
    "period",
    "basis",
    "start",
    "end",
    "value",
    "unit",
    "source",
    "ref",
    "derivation",
]
SORT = ["series", "iso3", "breakdown", "basis", "start", "period"]
PANEL_FILE, MANIFEST_FILE = "panel.csv", "manifest.json"


def raw_fingerprint(raw_dir: Path = paths.RAW) -> dict[str, str]:
    """Return {file name: sha256} of every file in data/raw (what a rebuild depends on)."""
    return rawio.fingerprint(raw_dir)


def build(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED) -> pd.DataFrame:
    """Build and atomically write the panel from ``raw_dir``; return it. Raises DataError on bad input.

    Holds the locks of both folders; every raw file is read once, and the manifest's fingerprint is
    of those bytes (a snapshot landing meanwhile makes the panel stale, never falsely current).
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    with lock.held("build", raw_dir, out_dir):
        rawio.recover(raw_dir)
        panel, fingerprint = _checked_tidy(raw_dir)
        _write(panel, fingerprint, out_dir)
    return panel


def check(raw_dir: Path) -> None:
    """Refuse (DataError) a data/raw folder the build would refuse; write nothing (the snapshot's check)."""
    _checked_tidy(raw_dir)


def _checked_tidy(raw_dir: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return (panel, {file: sha256} of the bytes it was built from) after :func:`verify`."""
    with rawio.frozen(raw_dir) as fingerprint:
        verify(raw_dir)
        return tidy(raw_dir), fingerprint


def tidy(raw_dir: Path = paths.RAW) -> pd.DataFrame:
    """Return the panel built from the files in ``raw_dir`` (no writing)."""
    metadata = read_csv_rows(raw_dir / METADATA_FILE, COUNTRY_METADATA_COLUMNS)
    datasets = [
        (p, read_raw(p))
        for p in sorted(raw_dir.glob("*.csv"))
        if p.name not in (METADATA_FILE, f"{PUBLISHED_FIGURES}.csv", f"{ARTICLE_CLAIMS}.csv")
    ]
    names = {}
    for _, raw in datasets:
        coded = raw[raw["country_code"] != ""]
        names.update(zip(coded["country_name"], coded["country_code"]))
    cmap = CountryMap(metadata, names, raw_dir / METADATA_FILE)
    published = pd.concat([_published(raw, path, cmap) for path, raw in datasets], ignore_index=True)
    published = pd.concat([published, _sbp_years(published)], ignore_index=True)
    rows, left_out = derived(published)
    parts = [published, rows]
    if (raw_dir / f"{PUBLISHED_FIGURES}.csv").exists():
        parts.append(_curated(raw_dir, cmap))
    panel = pd.concat(parts, ignore_index=True)[COLUMNS]
    panel = panel.sort_values(SORT, kind="stable").reset_index(drop=True)
    # derived rows not computed (denominator zero or negative), by series and reason: for the manifest
    counts = left_out.groupby(["series", "reason"]).size()
    panel.attrs["derived_left_out"] = {f"{s}: {r}": int(n) for (s, r), n in counts.items()}
    return panel


def _published(raw: pd.DataFrame, path: Path, cmap: CountryMap) -> pd.DataFrame:
    """Tidy one raw dataset; errors name the raw file, its line and the column."""
    line = raw.index.to_series() + 2  # header is line 1
    unknown = ~raw["series"].isin(list(PUBLISHED))
    if unknown.any():
        i = unknown.idxmax()
        raise DataError(
            path,
            line[i],
            "series",
            "a series listed in analysis.sources.series.PUBLISHED",
            raw.at[i, "series"],
        )
    stated = raw["series"].map(PUBLISHER_UNITS)
    wrong_unit = raw["unit"] != stated
    if wrong_unit.any():  # e.g. "Thousand USD" where the catalogue says "Million USD": a 1000x error
        i = wrong_unit.idxmax()
        raise DataError(
            path,
            line[i],
            "unit",
            f"the unit {stated[i]!r} that analysis/sources/series.yml states for {raw.at[i, 'series']}",
            raw.at[i, "unit"],
        )
    value = pd.to_numeric(raw["value"], errors="coerce")
    if value.isna().any():
        i = value.isna().idxmax()
        raise DataError(path, line[i], "value", "a number", raw.at[i, "value"])
    meta = pd.DataFrame(
        [PUBLISHED[s] for s in raw["series"]],
        index=raw.index,
        columns=["series_name", "unit", "factor", "money"],
    )
    negative = meta["money"].astype(bool) & (value < 0)
    if negative.any():
        i = negative.idxmax()
        raise DataError(path, line[i], "value", "a money amount >= 0", raw.at[i, "value"])
    iso3 = _iso3(raw, path, line, cmap)
    out = pd.DataFrame(
        {
            "iso3": iso3,
            "country_name": iso3.map(cmap.names),
            "is_aggregate": iso3.map(cmap.aggregate).astype(bool),
            "series": raw["series"],
            "series_name": meta["series_name"],
            "breakdown": raw["breakdown"],
            "period": raw["period"],
            "basis": raw["basis"],
            "value": value * meta["factor"],
            "unit": meta["unit"],
            "source": raw["source"],
            "ref": "",
            "derivation": "",
        }
    )
    out = _with_bounds(out, path, line)
    _check_duplicates(out, path, line, ["series", "iso3", "breakdown", "period", "basis"])
    return out


def _iso3(raw: pd.DataFrame, path: Path, line: pd.Series, cmap: CountryMap) -> pd.Series:
    """ISO3 per row: the publisher's code when given, else the code of the publisher's name."""
    named = raw["country_code"] == ""
    iso3 = raw["country_code"].where(~named, raw["country_name"].map(cmap.by_name))
    bad = ~iso3.isin(list(cmap.codes))
    if bad.any():
        i = bad.idxmax()
        column = "country_name" if named[i] else "country_code"
        raise DataError(
            path,
            line[i],
            column,
            "a WDI country/aggregate code or a known country name (analysis.core.countries.ALIASES)",
            raw.at[i, column],
        )
    return iso3


def _with_bounds(frame: pd.DataFrame, path: Path, line: pd.Series) -> pd.DataFrame:
    """Add start/end for every (period, basis); DataError naming the first impossible period."""
    pairs = frame[["period", "basis"]].drop_duplicates()
    found = {}
    for period, basis in pairs.itertuples(index=False):
        if basis == periods.UNDATED:
            found[(period, basis)] = (pd.NaT, pd.NaT)
            continue
        try:
            found[(period, basis)] = periods.bounds(period, basis)
        except ValueError as exc:
            i = frame.index[(frame["period"] == period) & (frame["basis"] == basis)][0]
            raise DataError(path, line[i], "period", str(exc), period) from None
    keys = list(zip(frame["period"], frame["basis"]))
    return frame.assign(
        start=pd.to_datetime([found[k][0] for k in keys]), end=pd.to_datetime([found[k][1] for k in keys])
    )


def _check_duplicates(frame: pd.DataFrame, path: Path, line: pd.Series, keys: list[str]) -> None:
    """DataError on two rows for the same key with different values (identical repeats pass)."""
    dup = frame[frame.duplicated(keys, keep=False)]
    clash = dup.groupby(keys)["value"].transform("nunique") > 1
    if clash.any():
        i = clash[clash].index[1]
        raise DataError(
            path,
            line[i],
            "value",
            "one value per " + "/".join(keys) + " (this row repeats an earlier one with a different value)",
            frame.at[i, "value"],
        )


def _sbp_years(published: pd.DataFrame) -> pd.DataFrame:
    """SBP monthly remittances summed to complete Pakistan fiscal years and calendar years."""
    monthly = published[published["series"] == SBP_REMITTANCES]
    if monthly.empty:  # a snapshot without the SBP dataset
        return published.iloc[:0]
    parts = []
    for basis, label in ((periods.FY_JUL_JUN, "Jul-Jun"), (periods.CALENDAR, "Jan-Dec")):
        years = periods.months_to_years(monthly[["period", "value"]], basis)
        first = monthly.iloc[0]
        parts.append(
            years.assign(
                iso3=first["iso3"],
                country_name=first["country_name"],
                is_aggregate=first["is_aggregate"],
                series=SBP_REMITTANCES,
                series_name=first["series_name"],
                breakdown="",
                unit=first["unit"],
                source=first["source"],
                ref="",
                derivation=f"sum of 12 months {label} ({periods.MONTH} → {basis})",
            )
        )
    years = pd.concat(parts, ignore_index=True)
    return years.assign(start=pd.to_datetime(years["start"]), end=pd.to_datetime(years["end"]))


def _curated(raw_dir: Path, cmap: CountryMap) -> pd.DataFrame:
    """Curated published figures in panel units (source 'published_figures', ref = figure_id)."""
    path = raw_dir / f"{PUBLISHED_FIGURES}.csv"
    fig = normalise(load_curated(PUBLISHED_FIGURES, raw_dir=raw_dir))
    line = fig.index.to_series() + 2
    for i, code in zip(fig.index, fig["iso3"]):
        if code not in cmap.codes:
            raise DataError(path, line[i], "iso3", "an ISO3 or World Bank aggregate code", code)
    out = fig.assign(
        country_name=[cmap.name(c) for c in fig["iso3"]],
        is_aggregate=[cmap.is_aggregate(c) for c in fig["iso3"]],
        series_name=[CURATED_SERIES[s][0] for s in fig["series"]],
        source=PUBLISHED_FIGURES,
        ref=fig["figure_id"],
        derivation="",
    )
    out["start"], out["end"] = pd.to_datetime(out["start"]), pd.to_datetime(out["end"])
    return out[COLUMNS]


def _write(panel: pd.DataFrame, fingerprint: dict[str, str], out_dir: Path) -> None:
    """Write panel.csv and manifest.json as a set: both temp files first, then two renames."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = panel.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    manifest = {
        "raw_sha256": fingerprint,
        "rows": len(panel),
        "panel_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "derived_left_out": panel.attrs.get("derived_left_out", {}),
    }
    write_texts(
        {
            out_dir / PANEL_FILE: text,
            out_dir / MANIFEST_FILE: json.dumps(manifest, indent=1, sort_keys=True) + "\n",
        }
    )


def is_current(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED) -> bool:
    """True when the processed panel exists and was built from the present data/raw."""
    try:
        manifest = json.loads((out_dir / MANIFEST_FILE).read_text())
        text = (out_dir / PANEL_FILE).read_bytes()
    except (OSError, ValueError):
        return False
    return (
        manifest.get("raw_sha256") == raw_fingerprint(raw_dir)
        and manifest.get("panel_sha256") == hashlib.sha256(text).hexdigest()
    )


def _read_text(path: Path) -> pd.DataFrame:
    """Return a CSV written by :func:`build` with every column as text ('' stays '').

    Read by pyarrow into one contiguous chunk per column: filtering rows of a many-chunk pyarrow
    column (what ``pandas.read_csv`` gives) took 7x as long, and the notebooks filter the panel
    hundreds of times.
    """
    table = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(COLUMNS, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    if table.column_names != COLUMNS:
        raise DataError(path, 1, None, "the panel columns " + ",".join(COLUMNS), ",".join(table.column_names))
    return table.combine_chunks().to_pandas()


def load_panel(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED) -> pd.DataFrame:
    """Return the tidy panel, rebuilding it first when data/raw changed (values in ``unit``).

    A rebuild holds the folders' locks and re-checks under them (another build may just have
    finished); panel.csv is replaced by a rename, so it is never read half-written.
    """
    if not (Path(raw_dir) / "sources.yml").is_file():
        raise FileNotFoundError(
            f"no data snapshot at {raw_dir} (its sources.yml is missing): run the library from the "
            "repository, or set GIGS_DATA to a folder holding raw/ (the snapshot) and processed/"
        )
    if not is_current(raw_dir, out_dir):
        with lock.held("build (load_panel)", raw_dir, out_dir):
            if not is_current(raw_dir, out_dir):
                build(raw_dir, out_dir)
    panel = _read_text(out_dir / PANEL_FILE)
    return panel.assign(
        value=panel["value"].astype(float),
        is_aggregate=panel["is_aggregate"] == "True",
        start=pd.to_datetime(panel["start"].replace("", None)),
        end=pd.to_datetime(panel["end"].replace("", None)),
    )
