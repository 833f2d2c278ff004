"""The raw snapshot layout: one deterministic writer and one validating reader of data/raw/*.csv.

Readers of publisher files build records with :func:`raw_frame`, which also applies the checks every
layout shares (numeric value text, no negative money, one value per country and period).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import math
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import NamedTuple, TextIO

import pandas as pd

from analysis.core.errors import DataError

RAW_COLUMNS = (
    "source",
    "series",
    "country_code",
    "country_name",
    "breakdown",
    "period",
    "basis",
    "value",
    "unit",
)
SORT_COLUMNS = ["series", "country_code", "country_name", "breakdown", "period"]
COUNTRY_METADATA_COLUMNS = ("country_code", "region", "income_group", "table_name")
# A published number: optional sign, digits with optional decimals, optional exponent (WDI writes 1.67E-12).
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class Record(NamedTuple):
    """One observation as read from a publisher file, with where it came from (for error messages)."""

    line: int  # 1-based line in the publisher file (for .rda: data-frame row, 1-based)
    column: str  # the publisher's column holding the value
    source: str
    series: str
    country_code: str
    country_name: str
    breakdown: str
    period: str
    basis: str
    value: str
    unit: str


def check_number(text: str, file: str | Path, line: int, column: str, money: bool) -> str:
    """Return ``text`` unchanged after checking it is a number (and not negative when ``money``)."""
    if not _NUMBER.fullmatch(text):
        raise DataError(file, line, column, "a number", text)
    if not math.isfinite(float(text)):
        raise DataError(file, line, column, "a finite number", text)
    if money and text.startswith("-"):
        raise DataError(file, line, column, "a money amount >= 0", text)
    return text


def raw_frame(records: Iterable[Record], file: str | Path, line_note: str = "") -> pd.DataFrame:
    """Return records as a raw-layout DataFrame (str columns, sorted); identical duplicates collapsed.

    Two records for the same series, country, breakdown and period with different values raise
    DataError at the later line (``line_note`` says what "line" means when the file has no lines).
    """
    seen: dict[tuple, Record] = {}
    for rec in records:
        key = (rec.series, rec.country_code or rec.country_name, rec.breakdown, rec.period)
        first = seen.get(key)
        if first is None:
            seen[key] = rec
        elif first.value != rec.value:
            raise DataError(
                file,
                rec.line,
                rec.column,
                f"one value per country and period ({first.value!r} on line {first.line})" + line_note,
                rec.value,
            )
    if not seen:
        raise DataError(file, None, None, "at least one observation", "no data rows")
    rows = [[getattr(r, c) for c in RAW_COLUMNS] for r in seen.values()]
    return sort_raw(pd.DataFrame(rows, columns=list(RAW_COLUMNS), dtype=str))


def sort_raw(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` sorted by (series, country_code, country_name, breakdown, period), index reset."""
    return df.sort_values(SORT_COLUMNS, kind="mergesort", ignore_index=True)


MAX_FILE_BYTES = 64 * 2**20  # bound on one data/raw file (the largest committed one is 2.5 MB)
JOURNAL = ".write-set.journal"  # in a folder being written as a set: [temp, target] names to rename
_FROZEN: ContextVar[tuple[Path, dict[Path, bytes]] | None] = ContextVar("frozen", default=None)


def _stage(path: Path, write: Callable[[TextIO], None]) -> Path:
    """Write a UTF-8 temp file beside ``path`` and return it (removed again if writing fails)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; data files are meant to be shared
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_together(
    items: Iterable[tuple[Path, Callable[[TextIO], None]]],
    check: Callable[[dict[Path, Path]], None] | None = None,
) -> list[Path]:
    """Write several files of one folder as a set: all or none of them replaced, even after a kill.

    Every temp file is written first, then ``check({target: temp file})`` may refuse the set, then
    a journal naming the renames is committed (the commit point) before the renames. A failure or
    kill before the commit point leaves the old files (temp files removed now or by :func:`recover`);
    after it, :func:`recover` (run by the next writer or reader) completes the renames.
    """
    items = list(items)
    folders = {Path(path).parent for path, _ in items}
    if len(folders) != 1:
        raise ValueError(f"write_together writes into one folder, not {sorted(map(str, folders))}")
    folder = folders.pop()
    folder.mkdir(parents=True, exist_ok=True)
    recover(folder)
    staged: list[tuple[Path, Path]] = []
    journal, committed = None, False
    try:
        for path, write in items:
            staged.append((_stage(path, write), Path(path)))
        if check is not None:
            check({path: tmp for tmp, path in staged})
        names = [[tmp.name, path.name] for tmp, path in staged]
        journal = _stage(folder / JOURNAL, lambda fh: fh.write(json.dumps(names) + "\n"))
        os.replace(journal, folder / JOURNAL)  # the commit point
        committed = True
        _fsync_dir(folder)
        for tmp, path in staged:
            os.replace(tmp, path)
        _fsync_dir(folder)
        (folder / JOURNAL).unlink()
    except BaseException:
        if not committed:
            for tmp in [t for t, _ in staged] + ([journal] if journal else []):
                tmp.unlink(missing_ok=True)
        raise
    return [path for _, path in staged]


def recover(folder: Path) -> None:
    """Finish or undo an interrupted :func:`write_together` in ``folder``; remove its temp files.

    A committed journal: the renames it lists are completed (the new set). No journal: the temp
    files are removed (the old set). Call it holding the folder's lock (analysis.core.lock).
    """
    folder = Path(folder)
    journal = folder / JOURNAL
    if journal.exists():
        try:
            names = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:
            names = None  # a journal is renamed into place whole, so this is a hand-made file
        if not (isinstance(names, list) and all(isinstance(n, list) and len(n) == 2 for n in names)):
            raise DataError(journal, None, None, "a journal written by write_together (JSON pairs)", "other")
        for tmp, target in names:
            if (folder / tmp).exists():
                os.replace(folder / tmp, folder / Path(target).name)
        _fsync_dir(folder)
        journal.unlink()
    for leftover in folder.glob(".*.tmp"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()


def _atomic_write(path: Path, write: Callable[[TextIO], None]) -> Path:
    """Write a UTF-8 text file through a temporary file in the same folder, then rename it into place."""
    return write_together([(path, write)])[0]


def csv_text(df: pd.DataFrame, columns: Iterable[str], where: str | Path = "frame") -> str:
    """Return ``df[columns]`` as CSV text (UTF-8, LF, minimal quoting), the header first."""
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{where}: frame lacks columns {missing}")
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(columns)
    out.writerows(df[columns].itertuples(index=False, name=None))
    return buffer.getvalue()


def raw_text(df: pd.DataFrame) -> str:
    """Return a raw-layout frame as the text of its data/raw file (sorted rows, exact columns)."""
    return csv_text(sort_raw(df[list(RAW_COLUMNS)]), RAW_COLUMNS)


def write_csv(df: pd.DataFrame, path: Path, columns: Iterable[str]) -> Path:
    """Write ``df[columns]`` as CSV (UTF-8, LF, minimal quoting) atomically; return the path."""
    return write_text(csv_text(df, columns, path), path)


def write_raw(df: pd.DataFrame, path: Path) -> Path:
    """Write a raw-layout frame to ``path`` (sorted rows, exact columns, atomic); return the path."""
    return write_text(raw_text(df), path)


def write_text(text: str, path: Path) -> Path:
    """Write ``text`` (UTF-8, LF as given) atomically; return the path."""
    return _atomic_write(path, lambda fh: fh.write(text))


def write_texts(files: dict[Path, str]) -> list[Path]:
    """Write {path: text} atomically as a set (see :func:`write_together`); return the paths."""
    return write_together([(path, lambda fh, text=text: fh.write(text)) for path, text in files.items()])


@contextmanager
def text_file(path: Path, encoding: str = "utf-8", header_first: str | None = None) -> Iterator[TextIO]:
    """Yield the file as text (newline=''); DataError naming line and column if it is not clean text.

    Rejected: UTF-16 (a byte-order mark FF FE / FE FF), bytes that are not UTF-8 (e.g. Latin-1 or
    Windows-1252 from a spreadsheet), and a last line without its line break
    (a download cut off mid-row, whose last number may look complete). ``encoding`` is 'utf-8' or
    'utf-8-sig' (one BOM allowed); ``header_first`` is the first column name of the header line,
    used to name the column of a bad byte (default: line 1 is the header). The bytes come from
    :func:`read_bytes` (inside :func:`frozen`, the ones read when it began).
    """
    path = Path(path)
    data = read_bytes(path)
    head, last = data[:2], data[-1:]
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text = data.decode("utf-16", errors="replace")
        first = next(csv.reader([text.splitlines()[0] if text else ""]), [""])
        raise DataError(
            path,
            1,
            first[0] if first else None,
            "UTF-8 text",
            f"UTF-16 text (byte-order mark {head.hex(' ').upper()})",
        )
    if last and last not in b"\r\n":
        line, column = _where(data, len(data), header_first)
        tail = data[data.rfind(b"\n") + 1 :].decode(encoding, errors="replace")[-40:]
        raise DataError(path, line, column, "a line break at the end of the file (cut-off download?)", tail)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = _where(data, exc.start, header_first)
        raise DataError(
            path,
            line,
            column,
            "UTF-8 text (save the file as UTF-8)",
            f"byte 0x{data[exc.start]:02X} (Latin-1 or Windows-1252?)",
        ) from None
    yield io.StringIO(text, newline="")


def _regular_files(folder: Path) -> list[Path]:
    """Return the regular files directly in ``folder`` (symlinks, folders, FIFOs, devices left out)."""
    return sorted(p for p in Path(folder).iterdir() if stat.S_ISREG(p.lstat().st_mode))


def _bounded_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Return the bytes of a regular file of at most ``limit`` bytes; DataError otherwise."""
    with open(path, "rb") as fh:
        if fh.seek(0, os.SEEK_END) > limit:
            raise DataError(path, None, None, f"a file of at most {limit:,} bytes", f"{fh.tell():,} bytes")
        fh.seek(0)
        return fh.read(limit + 1)


def read_bytes(path: Path) -> bytes:
    """Return the bytes of ``path``; inside :func:`frozen`, those read when it began for its folder."""
    path = Path(path)
    held = _FROZEN.get()
    if held is None or path.parent.resolve() != held[0]:
        return path.read_bytes()
    try:
        return held[1][path.resolve()]
    except KeyError:
        raise DataError(
            path, None, None, "a file present when reading the folder began", "new file"
        ) from None


def fingerprint(folder: Path) -> dict[str, str]:
    """Return {file name: sha256} of every regular file in ``folder`` (what a build depends on)."""
    return {p.name: sha256_bytes(_bounded_bytes(p)) for p in _regular_files(folder)}


@contextmanager
def frozen(folder: Path) -> Iterator[dict[str, str]]:
    """Read every regular file of ``folder`` once; yield their {name: sha256}.

    Until the block ends, :func:`read_bytes` (and so every reader of that folder) sees exactly
    these bytes: the fingerprint is of what was read, whatever changes on disk meanwhile.
    """
    folder = Path(folder).resolve()
    data = {p.resolve(): _bounded_bytes(p) for p in _regular_files(folder)}
    token = _FROZEN.set((folder, data))
    try:
        yield {p.name: sha256_bytes(b) for p, b in data.items()}
    finally:
        _FROZEN.reset(token)


def _where(data: bytes, pos: int, header_first: str | None) -> tuple[int, str | None]:
    """Return (1-based line, column name) of byte ``pos`` of a CSV file's bytes.

    The column is named from the header line above (the first line whose first field is
    ``header_first``, else line 1); on the header or a preamble line, it is that line's own cell.
    """

    def cells(raw: bytes) -> list[str]:
        return next(csv.reader([raw.decode("utf-8", errors="replace").lstrip("\ufeff")]), [])

    start = data.rfind(b"\n", 0, pos) + 1
    line = data.count(b"\n", 0, start) + 1
    index = max(len(cells(data[start:pos])) - 1, 0)
    above = (cells(raw) for raw in data[:start].splitlines())
    header = (
        next((c for c in above if c[:1] == [header_first]), None) if header_first else (next(above, None))
    )
    if header is None:
        end = data.find(b"\n", pos)
        header = cells(data[start : end if end >= 0 else len(data)])
    return line, header[index] if index < len(header) else None


def read_csv_rows(path: Path, columns: Iterable[str]) -> pd.DataFrame:
    """Return a CSV with exactly the header ``columns`` as a DataFrame of str; DataError otherwise."""
    columns = list(columns)
    with text_file(path, "utf-8", columns[0]) as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise DataError(path, 1, columns[0], "header " + ",".join(columns), "empty file")
        check_header(header, columns, path, 1)
        rows = []
        for row in reader:
            if len(row) != len(columns):
                raise DataError(
                    path,
                    reader.line_num,
                    columns[min(len(row), len(columns) - 1)],
                    f"{len(columns)} fields",
                    f"{len(row)} fields",
                )
            rows.append(row)
    return pd.DataFrame(rows, columns=columns, dtype=str)


def check_header(header: list[str], expected: list[str], file: str | Path, line: int) -> None:
    """Raise DataError naming the first column of ``header`` that differs from ``expected``."""
    for i, name in enumerate(expected):
        found = header[i] if i < len(header) else None
        if found != name:
            raise DataError(
                file,
                line,
                name,
                f"column {i + 1} named {name!r}",
                found if found is not None else "missing column",
            )
    if len(header) > len(expected):
        raise DataError(
            file, line, header[len(expected)], f"only the columns {expected}", header[len(expected)]
        )


def read_raw(path: Path) -> pd.DataFrame:
    """Return a data/raw/<source>.csv snapshot as a DataFrame of str (values exactly as written)."""
    frame = read_csv_rows(path, RAW_COLUMNS)
    if frame.empty:
        raise DataError(path, 2, RAW_COLUMNS[0], "at least one data row", "end of file")
    infinite = pd.to_numeric(frame["value"], errors="coerce").abs() == math.inf
    if infinite.any():
        i = int(infinite.to_numpy().argmax())
        raise DataError(path, i + 2, "value", "a finite number", frame.at[i, "value"])
    return frame


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()
