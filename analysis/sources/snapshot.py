"""The snapshot command: read every publisher file of the mirror (or the live WDI address) into data/raw/.

``run(mirror)`` writes ``data/raw/<source_id>.csv`` for every dataset of :data:`REGISTRY`,
``data/raw/wdi_country_metadata.csv`` and ``data/raw/sources.yml`` (publisher, address, licence,
vintage, sha256 of inputs and outputs). Re-running it from the same mirror reproduces data/raw/
byte for byte. ``verify()`` checks the committed files against sources.yml.
"""

from __future__ import annotations

import csv
import json
import tempfile
import urllib.request
from pathlib import Path

import pandas as pd
import yaml

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.sources import oli, rawio, rpw, sbp, wdi
from analysis.sources.registry import CURATED, FILE_VINTAGE, REGISTRY, Dataset
from analysis.sources.wdi_download import WdiZip, fetch_wdi_zip

SOURCES_HEADER = "# Written by `python -m analysis snapshot`; do not edit by hand.\n"


def _input_files(ds: Dataset, mirror: Path, fetched: WdiZip | None) -> list[tuple[str, Path]]:
    """Return (recorded address, local file) of every input of ``ds``."""
    if fetched is None:
        return [(rel, mirror / rel) for rel in ds.inputs]
    locals_ = [fetched.data]
    if ds.layout == "wdi_country_metadata":
        if fetched.country is None:
            raise DataError(fetched.url, None, None, "a member Metadata_Country_*.csv", "none")
        locals_.insert(0, fetched.country)
    return [(f"{fetched.url} ({local.name})", local) for local in locals_]


def _read(ds: Dataset, files: list[tuple[str, Path]]) -> tuple[pd.DataFrame, dict]:
    """Return (snapshot frame, facts for sources.yml: title, vintage) of one dataset."""
    data = files[0][1]
    for _, local in files:
        if not local.exists():
            raise DataError(
                local, None, None, f"the input file of {ds.id} (see PROVENANCE.md in the mirror)", "missing"
            )
    if ds.layout == "wdi_long" and data.name == "data.csv":
        title = _datapackage_title(data.with_name("datapackage.json"), ds)
        return wdi.read_wdi_long(data, ds.id, ds.code, title), {"title": title, "vintage": ds.vintage}
    if ds.layout in ("wdi_wide", "wdi_long"):
        info = wdi.wdi_info(data)
        if ds.code and info.indicator_code != ds.code:
            raise DataError(
                data,
                info.line,
                "Indicator Code",
                f"{ds.code}, the indicator of dataset {ds.id}",
                info.indicator_code,
            )
        return wdi.read_wdi_wide(data, ds.id), {"title": info.indicator_name, "vintage": info.last_updated}
    if ds.layout == "wdi_country_metadata":
        api = files[-1][1] if len(files) > 1 else None
        vintage = wdi.wdi_last_updated(api) if api else None
        return wdi.read_wdi_country_metadata(data), {"title": "WDI country metadata", "vintage": vintage}
    reader = {"sbp": sbp.read_sbp_easydata, "oli": oli.read_oli_gender, "rpw": rpw.read_rpw_corridors}
    return reader[ds.layout](data, ds.id), {"title": ds.dataset, "vintage": ds.vintage}


def _datapackage_title(package: Path, ds: Dataset) -> str:
    """Return the title of a datahub datapackage.json after checking it names ``ds``'s indicator."""
    text = package.read_text(encoding="utf-8")
    meta = json.loads(text)
    if ds.code and meta.get("name") != ds.code.lower():
        line = next((n for n, s in enumerate(text.splitlines(), 1) if '"name"' in s), None)
        raise DataError(
            package, line, "name", f"{ds.code.lower()}, the indicator of dataset {ds.id}", meta.get("name")
        )
    return meta["title"]


def _entry(ds: Dataset, frame: pd.DataFrame, facts: dict, files: list, out_file: Path, live: bool) -> dict:
    """Return the sources.yml entry of one dataset."""
    entry = {
        "kind": "metadata" if ds.layout == "wdi_country_metadata" else "snapshot",
        "publisher": ds.publisher,
        "dataset": ds.dataset,
        "title": facts["title"],
        "url": ds.url,
        "licence": ds.licence,
        "vintage": facts["vintage"] or ds.vintage,
        "vintage_basis": FILE_VINTAGE if live and ds.code else ds.vintage_basis,
        "inputs": [{"path": rel, "sha256": rawio.sha256_file(local)} for rel, local in files],
        "file": out_file.name,
        "sha256": rawio.sha256_file(out_file),
        "rows": len(frame),
    }
    if "period" in frame.columns:
        periods = sorted(frame["period"])
        years = periods[0] if periods[0] == periods[-1] else f"{periods[0][:4]}-{periods[-1][:4]}"
        entry.update(
            series=sorted(set(frame["series"])), period_first=periods[0], period_last=periods[-1], years=years
        )
    extra = {"note": ds.note}
    if not live:
        extra.update(via=ds.via, mirror_note=ds.mirror_note)
    entry.update({k: v for k, v in extra.items() if v})
    return entry


def _curated_entries(mirror: Path, out: Path, previous: dict | None = None) -> dict:
    """Return sources.yml entries of the hand-curated tables present in ``out`` (never written here).

    An input missing from ``mirror`` keeps the sha256 recorded in ``previous`` entries, if any.
    """
    entries = {}
    for name, (title, inputs) in CURATED.items():
        path = out / f"{name}.csv"
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            rows = sum(1 for _ in csv.reader(fh)) - 1
        known = {i["path"]: i for i in (previous or {}).get(name, {}).get("inputs", [])}
        recorded = []
        for rel in inputs:
            item = {"path": rel}
            if (mirror / rel).exists():
                item["sha256"] = rawio.sha256_file(mirror / rel)
            elif "sha256" in known.get(rel, {}):
                item["sha256"] = known[rel]["sha256"]
            recorded.append(item)
        entries[name] = {
            "kind": "curated",
            "title": title,
            "file": path.name,
            "rows": rows,
            "sha256": rawio.sha256_file(path),
            "inputs": recorded,
        }
    return entries


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: 10x faster


def load_sources(raw_dir: Path = paths.RAW) -> dict:
    """Return the entries of raw_dir/sources.yml; DataError if it is missing."""
    listing = raw_dir / paths.SOURCES_YML.name
    if not listing.exists():
        raise DataError(listing, None, None, "sources.yml written by the snapshot command", "missing")
    try:
        entries = yaml.load(listing.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            listing,
            mark.line + 1 if mark else None,
            None,
            "sources.yml as written by the snapshot command (valid YAML)",
            getattr(exc, "problem", None) or str(exc),
        ) from None
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        raise DataError(listing, None, None, "a mapping of dataset id -> entry", type(entries).__name__)
    return entries


def record_curated(out: Path = paths.RAW, mirror: Path = paths.MIRROR) -> Path:
    """Return sources.yml after re-recording only the hand-curated tables (after a hand edit).

    Snapshot entries are kept as they are, so this works without the mirror.
    """
    out = Path(out)
    previous = load_sources(out)
    entries = {k: v for k, v in previous.items() if v.get("kind") != "curated"}
    entries.update(_curated_entries(Path(mirror), out, previous))
    return _write_sources(entries, out)


def _write_sources(entries: dict, out: Path) -> Path:
    """Write ``entries`` as data/raw/sources.yml (sorted keys, no timestamps); return its path."""
    text = yaml.safe_dump(entries, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100)
    return rawio.write_text(SOURCES_HEADER + text, out / paths.SOURCES_YML.name)


def run(
    mirror: Path = paths.MIRROR,
    out: Path = paths.RAW,
    live: bool = False,
    datasets: tuple[Dataset, ...] = REGISTRY,
    opener=urllib.request.urlopen,
) -> list[Path]:
    """Write data/raw/*.csv and sources.yml from the mirror (WDI from the live address if ``live``).

    Returns the written paths. Everything is read and checked before anything is written.
    """
    mirror, out = Path(mirror), Path(out)
    with tempfile.TemporaryDirectory(prefix="wdi-live-") as tmp:
        fetched: dict[str, WdiZip] = {}
        results = []
        for ds in datasets:
            zipped = None
            if live and ds.code:
                if ds.code not in fetched:
                    fetched[ds.code] = fetch_wdi_zip(ds.code, Path(tmp), opener)
                zipped = fetched[ds.code]
            files = _input_files(ds, mirror, zipped)
            results.append((ds, files, *_read(ds, files)))
        written, entries = [], {}
        for ds, files, frame, facts in results:
            target = out / ds.file
            if ds.layout == "wdi_country_metadata":
                rawio.write_csv(frame, target, rawio.COUNTRY_METADATA_COLUMNS)
            else:
                rawio.write_raw(frame, target)
            entries[ds.id] = _entry(ds, frame, facts, files, target, live)
            written.append(target)
    entries.update(_curated_entries(mirror, out))
    written.append(_write_sources(entries, out))
    return written


def verify(raw_dir: Path = paths.RAW) -> list[Path]:
    """Return the files listed in sources.yml after checking each one's sha256; DataError on mismatch.

    A CSV present in ``raw_dir`` but not listed is an error too (the build reads every CSV), and
    every row of a snapshot file must name its dataset (``source``) and a series listed for it.
    """
    raw_dir = Path(raw_dir)
    entries = load_sources(raw_dir)
    listed = {entry.get("file") for entry in entries.values()}
    for path in sorted(raw_dir.glob("*.csv")):  # the build reads every CSV: each must be checked
        if path.name not in listed:
            how = "run record_curated or the snapshot" if path.stem in CURATED else "run the snapshot"
            raise DataError(path, None, None, f"an entry in sources.yml ({how})", "not listed")
    checked = []
    for ident in sorted(entries):
        entry = entries[ident]
        path = raw_dir / entry["file"]
        expected = f"sha256 {entry['sha256']} as in sources.yml"
        if not path.exists():
            raise DataError(path, None, None, expected, "missing file")
        actual = rawio.sha256_file(path)
        if actual != entry["sha256"]:
            raise DataError(path, None, None, expected, actual)
        if entry.get("kind") == "snapshot":
            _check_dataset(path, ident, entry.get("series") or [])
        checked.append(path)
    return checked


def _check_dataset(path: Path, ident: str, series: list[str]) -> None:
    """DataError unless every row of a snapshot file is of dataset ``ident`` and a listed series."""
    with rawio.text_file(path, "utf-8", "source") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        for row in reader:
            if row[:1] != [ident]:
                raise DataError(
                    path,
                    reader.line_num,
                    "source",
                    f"{ident}, the dataset sources.yml lists for {path.name}",
                    row[0] if row else "empty row",
                )
            if series and row[1:2] and row[1] not in series:
                raise DataError(
                    path,
                    reader.line_num,
                    "series",
                    f"a series sources.yml lists for {ident} ({', '.join(series)})",
                    row[1],
                )
