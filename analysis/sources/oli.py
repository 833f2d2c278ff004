"""Reader of the OLI 2020 worker gender sample (olovis ``worker_gender.rda``, data frame ``df_gender``).

Line numbers in its errors are data-frame row numbers, 1-based (R's row names), since an .rda
file has no text lines.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadr

from analysis.core.errors import DataError
from analysis.sources.rawio import Record, raw_frame

FRAME = "df_gender"
COLUMNS = ["country", "Occupation", "gender", "count"]
SERIES = "OLI2020.WORKER_PROFILES"
PERIOD = "2020-21"
UNIT = "worker profiles"
GENDERS = {"female": "female", "male": "male", None: "not classified"}
ROW_NOTE = f" (line = row of {FRAME}, 1-based)"


def _load(path: Path) -> pd.DataFrame:
    """Return the ``df_gender`` data frame of an .rda file; DataError if unreadable or absent."""
    if not path.exists() or path.stat().st_size == 0:
        raise DataError(path, None, None, f"an R data file holding {FRAME}", "empty or missing file")
    try:
        objects = pyreadr.read_r(str(path))
    except (
        pyreadr.custom_errors.PyreadrError,
        pyreadr.custom_errors.LibrdataError,
        ValueError,
        OSError,
    ) as exc:
        raise DataError(path, None, None, f"an R data file holding {FRAME}", str(exc)) from exc
    if FRAME not in objects:
        raise DataError(path, None, None, f"an R data frame named {FRAME}", sorted(objects))
    frame = objects[FRAME]
    found = [str(c) for c in frame.columns]
    for i, name in enumerate(COLUMNS):
        if i >= len(found) or found[i] != name:
            raise DataError(
                path,
                None,
                name,
                f"column {i + 1} named {name!r}" + ROW_NOTE,
                found[i] if i < len(found) else "missing column",
            )
    return frame


def _count_text(value: object, path: Path, row: int) -> str:
    """Return a worker-profile count as text ('418'); DataError unless a whole number >= 0."""
    if isinstance(value, str):
        if value.isascii() and value.isdigit():
            return value
    elif not pd.isna(value) and float(value).is_integer() and value >= 0:
        return str(int(value))
    raise DataError(path, row, "count", "a whole number of worker profiles >= 0" + ROW_NOTE, value)


def _text(value: object) -> str | None:
    """Return a string cell, or None for R's NA."""
    return None if value is None or pd.isna(value) else str(value)


def read_oli_gender(path: Path, source_id: str) -> pd.DataFrame:
    """Return OLI 2020 worker profiles by country, occupation and gender as raw-layout rows."""
    path = Path(path)
    frame = _load(path)
    records = []
    for row, (country, occupation, gender, count) in enumerate(
        frame[COLUMNS].itertuples(index=False, name=None), start=1
    ):
        country, occupation, gender = _text(country), _text(occupation), _text(gender)
        if not country:
            raise DataError(path, row, "country", "a country name" + ROW_NOTE, country)
        if not occupation or ";" in occupation or "=" in occupation:
            raise DataError(
                path,
                row,
                "Occupation",
                "an occupation (without ';' or '=', which the "
                "breakdown key=value;key=value reserves)" + ROW_NOTE,
                occupation,
            )
        if gender not in GENDERS:
            raise DataError(path, row, "gender", "female, male or NA" + ROW_NOTE, gender)
        breakdown = f"occupation={occupation};gender={GENDERS[gender]}"
        records.append(
            Record(
                row,
                "count",
                source_id,
                SERIES,
                "",
                country,
                breakdown,
                PERIOD,
                "undated_sample",
                _count_text(count, path, row),
                UNIT,
            )
        )
    if not records:
        raise DataError(path, 1, "country", "at least one row in " + FRAME + ROW_NOTE, "no rows")
    return raw_frame(records, path, ROW_NOTE)
