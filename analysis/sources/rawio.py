"""The raw snapshot layout: one deterministic writer and one validating reader of data/raw/*.csv.

Readers of publisher files build records with :func:`raw_frame`, which also applies the checks every
layout shares (numeric value text, no negative money, one value per country and period).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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


def _stage(path: Path, write: Callable[[TextIO], None]) -> Path:
    """Write a UTF-8 temp file beside ``path`` and return it (removed again if writing fails)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; data files are meant to be shared
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_together(items: Iterable[tuple[Path, Callable[[TextIO], None]]]) -> list[Path]:
    """Write several files as one step: every temp file first, then renames back to back.

    A failure while writing any of them leaves all previous files untouched and no temp file behind.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, write in items:
            staged.append((_stage(path, write), Path(path)))
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    return [path for _, path in staged]


def _atomic_write(path: Path, write: Callable[[TextIO], None]) -> Path:
    """Write a UTF-8 text file through a temporary file in the same folder, then rename it into place."""
    return write_together([(path, write)])[0]


def write_csv(df: pd.DataFrame, path: Path, columns: Iterable[str]) -> Path:
    """Write ``df[columns]`` as CSV (UTF-8, LF, minimal quoting) atomically; return the path."""
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: frame lacks columns {missing}")

    def write(fh: TextIO) -> None:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(columns)
        out.writerows(df[columns].itertuples(index=False, name=None))

    return _atomic_write(path, write)


def write_raw(df: pd.DataFrame, path: Path) -> Path:
    """Write a raw-layout frame to ``path`` (sorted rows, exact columns, atomic); return the path."""
    return write_csv(sort_raw(df[list(RAW_COLUMNS)]), path, RAW_COLUMNS)


def write_text(text: str, path: Path) -> Path:
    """Write ``text`` (UTF-8, LF as given) atomically; return the path."""
    return _atomic_write(path, lambda fh: fh.write(text))


def write_texts(files: dict[Path, str]) -> list[Path]:
    """Write {path: text} atomically as a set (see :func:`write_together`); return the paths."""
    return write_together([(path, lambda fh, text=text: fh.write(text)) for path, text in files.items()])


@contextmanager
def text_file(path: Path, encoding: str = "utf-8", header_first: str | None = None) -> Iterator[TextIO]:
    """Yield the open text file (newline=''); DataError naming line and column if it is not clean text.

    Rejected: UTF-16 (a byte-order mark FF FE / FE FF), bytes that are not UTF-8 (e.g. Latin-1 or
    Windows-1252 from a spreadsheet; found while reading), and a last line without its line break
    (a download cut off mid-row, whose last number may look complete). ``encoding`` is 'utf-8' or
    'utf-8-sig' (one BOM allowed); ``header_first`` is the first column name of the header line,
    used to name the column of a bad byte (default: line 1 is the header).
    """
    path = Path(path)
    with open(path, "rb") as raw:
        head = raw.read(2)
        raw.seek(max(path.stat().st_size - 1, 0))
        last = raw.read(1)
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text = path.read_bytes().decode("utf-16", errors="replace")
        first = next(csv.reader([text.splitlines()[0] if text else ""]), [""])
        raise DataError(
            path,
            1,
            first[0] if first else None,
            "UTF-8 text",
            f"UTF-16 text (byte-order mark {head.hex(' ').upper()})",
        )
    if last and last not in b"\r\n":
        data = path.read_bytes()
        line, column = _where(data, len(data), header_first)
        tail = data[data.rfind(b"\n") + 1 :].decode(encoding, errors="replace")[-40:]
        raise DataError(path, line, column, "a line break at the end of the file (cut-off download?)", tail)
    try:
        with open(path, encoding=encoding, newline="") as fh:
            yield fh
    except UnicodeDecodeError as error:
        data = path.read_bytes()
        try:
            data.decode(encoding)
        except UnicodeDecodeError as exc:
            line, column = _where(data, exc.start, header_first)
            raise DataError(
                path,
                line,
                column,
                "UTF-8 text (save the file as UTF-8)",
                f"byte 0x{data[exc.start]:02X} (Latin-1 or Windows-1252?)",
            ) from None
        raise error  # raised by the caller's own code, not by this file's bytes


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
