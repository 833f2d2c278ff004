"""The snapshot command: read every publisher file of the mirror (or the live WDI address) into data/raw/.

``run(mirror)`` writes ``data/raw/<source_id>.csv`` for every dataset of :data:`REGISTRY`,
``data/raw/wdi_country_metadata.csv`` and ``data/raw/sources.yml`` (publisher, address, licence,
vintage, sha256 of inputs and outputs). Re-running it from the same mirror reproduces data/raw/
byte for byte. ``verify()`` checks the committed files against sources.yml.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import yaml

from analysis.core import lock, paths
from analysis.core.errors import DataError
from analysis.sources import oli, rawio, rpw, sbp, wdi
from analysis.sources.registry import CURATED, FILE_VINTAGE, REGISTRY, Dataset
from analysis.sources.wdi_download import WdiZip, fetch_wdi_zip

SOURCES_HEADER = "# Written by `python -m analysis snapshot`; do not edit by hand.\n"
SOURCES_MAX_BYTES = 2**20  # bound on sources.yml (the committed one is 26 kB)


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


def _entry(ds: Dataset, frame: pd.DataFrame, facts: dict, files: list, text: str, live: bool) -> dict:
    """Return the sources.yml entry of one dataset whose snapshot file will hold ``text``."""
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
        "file": ds.file,
        "sha256": rawio.sha256_bytes(text.encode("utf-8")),
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


def _curated_entries(mirror: Path, out: Path, previous: dict | None = None, strict: bool = False) -> dict:
    """Return sources.yml entries of the hand-curated tables present in ``out`` (never written here).

    An input missing from ``mirror`` keeps the sha256 recorded in ``previous`` entries; if there is
    none, ``strict`` (the snapshot) refuses, so the recorded inputs never depend on where the mirror
    lies; otherwise (record-curated without the mirror) the input is listed without a sha256.
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
            elif strict:
                raise DataError(
                    mirror / rel,
                    None,
                    None,
                    f"input {rel!r} of the curated table {name} in the mirror (or its sha256 already "
                    f"recorded in {out / paths.SOURCES_YML.name})",
                    "missing",
                )
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
    """Return the entries of raw_dir/sources.yml; DataError if it is missing, too big or not plain YAML.

    YAML anchors and aliases (``&a`` / ``*a``) are refused: the snapshot never writes them, and
    aliases can expand without bound ("billion laughs").
    """
    listing = raw_dir / paths.SOURCES_YML.name
    if not listing.exists():
        raise DataError(listing, None, None, "sources.yml written by the snapshot command", "missing")
    _check_plain_file(listing, SOURCES_MAX_BYTES, listing, None)
    expected = "sources.yml as written by the snapshot command (valid YAML)"
    try:
        text = rawio.read_bytes(listing).decode("utf-8")
        for event in yaml.parse(text, Loader=_YAML_LOADER):
            if getattr(event, "anchor", None) is not None:
                kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                raise DataError(
                    listing,
                    event.start_mark.line + 1,
                    None,
                    "sources.yml without YAML anchors or aliases",
                    f"{kind} {event.anchor!r}",
                )
        entries = yaml.load(text, Loader=_YAML_LOADER) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            listing,
            mark.line + 1 if mark else None,
            None,
            expected,
            getattr(exc, "problem", None) or str(exc),
        ) from None
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        raise DataError(listing, None, None, "a mapping of dataset id -> entry", type(entries).__name__)
    return entries


def _check_plain_file(path: Path, limit: int, listing: Path, entry: str | None) -> None:
    """DataError naming ``entry`` of ``listing`` unless ``path`` is a regular file of <= ``limit`` bytes."""
    what = f"entry {entry}: {path.name}" if entry else path.name
    try:
        mode = path.lstat()
    except FileNotFoundError:
        return  # the caller names a missing file
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    )
    for test, kind in kinds:
        if test(mode.st_mode):
            raise DataError(listing, None, None, f"{what} to be a regular file", kind)
    if mode.st_size > limit:
        raise DataError(listing, None, None, f"{what} of at most {limit:,} bytes", f"{mode.st_size:,} bytes")


def _entry_file(raw_dir: Path, ident: str, entry: dict) -> Path:
    """Return the file an entry of sources.yml lists, after checking it is a plain file of ``raw_dir``."""
    listing, name = raw_dir / paths.SOURCES_YML.name, entry.get("file")
    where = f"entry {ident}: 'file' a file name inside {raw_dir}"
    if not isinstance(name, str) or not name or name in (".", ".."):
        raise DataError(listing, None, None, where, name)
    if os.path.isabs(name) or "/" in name or "\\" in name:
        raise DataError(listing, None, None, where + " (no folders, no absolute path)", name)
    path = raw_dir / name
    _check_plain_file(path, rawio.MAX_FILE_BYTES, listing, ident)  # symbolic links refused here
    if path.resolve().parent != raw_dir.resolve():
        raise DataError(listing, None, None, where, name)
    return path


def record_curated(out: Path = paths.RAW, mirror: Path = paths.MIRROR) -> Path:
    """Return sources.yml after re-recording only the hand-curated tables (after a hand edit).

    Snapshot entries are kept as they are, so this works without the mirror.
    """
    out = Path(out)
    with lock.held("record-curated", out):
        rawio.recover(out)
        previous = load_sources(out)
        entries = {k: v for k, v in previous.items() if v.get("kind") != "curated"}
        entries.update(_curated_entries(Path(mirror), out, previous))
        return rawio.write_text(_sources_text(entries), out / paths.SOURCES_YML.name)


def _sources_text(entries: dict) -> str:
    """Return ``entries`` as the text of data/raw/sources.yml (sorted keys, no timestamps)."""
    text = yaml.safe_dump(entries, sort_keys=True, allow_unicode=True, default_flow_style=False, width=100)
    return SOURCES_HEADER + text


def run(
    mirror: Path = paths.MIRROR,
    out: Path = paths.RAW,
    live: bool = False,
    datasets: tuple[Dataset, ...] = REGISTRY,
    opener=urllib.request.urlopen,
    check: Callable[[Path], object] | None = None,
) -> list[Path]:
    """Write data/raw/*.csv and sources.yml from the mirror (WDI from the live address if ``live``).

    Returns the written paths. Everything is read, then the new set is checked whole as it will
    lie in ``out`` (:func:`verify`, then ``check(folder)``, e.g. the build's ``tidy``), and only
    then written as one set (:func:`rawio.write_together`): a failure or kill at any moment
    leaves ``out`` entirely old or entirely new. Holds ``out``'s lock throughout.
    """
    mirror, out = Path(mirror), Path(out)
    with lock.held("snapshot", out):
        if out.exists():
            rawio.recover(out)
        previous = load_sources(out) if (out / paths.SOURCES_YML.name).exists() else {}
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
            texts, entries = {}, {}
            for ds, files, frame, facts in results:
                if ds.layout == "wdi_country_metadata":
                    text = rawio.csv_text(frame, rawio.COUNTRY_METADATA_COLUMNS, out / ds.file)
                else:
                    text = rawio.raw_text(frame)
                texts[ds.file] = text
                entries[ds.id] = _entry(ds, frame, facts, files, text, live)
        entries.update(_curated_entries(mirror, out, previous, strict=True))
        texts[paths.SOURCES_YML.name] = _sources_text(entries)
        items = [(out / name, lambda fh, text=text: fh.write(text)) for name, text in texts.items()]
        return rawio.write_together(items, check=lambda staged: _check_new_set(out, staged, check))


def _check_new_set(out: Path, staged: dict[Path, Path], check: Callable[[Path], object] | None) -> None:
    """Refuse the staged snapshot unless it passes :func:`verify` and ``check`` as it will lie in ``out``.

    The set is assembled in a hidden folder of ``out`` (hard links: the staged files and every other
    file of ``out``), removed afterwards; errors name the file as ``out`` would hold it.
    """
    view = Path(tempfile.mkdtemp(prefix=".check-", suffix=".tmp", dir=out))
    try:
        kept = [p for p in out.iterdir() if not p.name.startswith(".") and p not in staged]
        for source, name in [(p, p.name) for p in kept] + [(t, p.name) for p, t in staged.items()]:
            if stat.S_ISREG(source.lstat().st_mode):
                _link(source, view / name)
        try:
            verify(view)
            if check is not None:
                check(view)
        except DataError as exc:
            inside = Path(exc.file).parent == view
            file = f"{out / Path(exc.file).name} (new snapshot, not written)" if inside else exc.file
            raise DataError(file, exc.row, exc.column, exc.expected, exc.found) from None
    finally:
        shutil.rmtree(view, ignore_errors=True)


def _link(source: Path, target: Path) -> None:
    """Hard-link ``source`` as ``target`` (a copy where the file system has no hard links)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def verify(raw_dir: Path = paths.RAW) -> list[Path]:
    """Return the files listed in sources.yml after checking each one's sha256; DataError on mismatch.

    A CSV present in ``raw_dir`` but not listed is an error too (the build reads every CSV), and
    every row of a snapshot file must name its dataset (``source``) and a series listed for it.
    """
    raw_dir = Path(raw_dir)
    entries = load_sources(raw_dir)
    files = {ident: _entry_file(raw_dir, ident, entry) for ident, entry in entries.items()}
    listed = {path.name for path in files.values()}
    for path in sorted(raw_dir.glob("*.csv")):  # the build reads every CSV: each must be checked
        if path.name not in listed:
            how = "run record_curated or the snapshot" if path.stem in CURATED else "run the snapshot"
            raise DataError(path, None, None, f"an entry in sources.yml ({how})", "not listed")
    checked = []
    for ident in sorted(entries):
        entry, path = entries[ident], files[ident]
        expected = f"sha256 {entry.get('sha256')} as in sources.yml"
        if not path.exists():
            raise DataError(path, None, None, expected, "missing file")
        actual = rawio.sha256_bytes(rawio.read_bytes(path))
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
