"""The one error type for bad input: names file, row (line), column and what was expected."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Malformed input. ``str()`` reads: ``FILE, line N, column 'C': expected X, found Y``."""

    def __init__(
        self, file: str | Path, row: int | None, column: str | None, expected: str, found: object = None
    ):
        self.file = str(file)
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        where = [self.file]
        if row is not None:
            where.append(f"line {row}")
        if column is not None:
            where.append(f"column {column!r}")
        msg = ", ".join(where) + f": expected {expected}"
        if found is not None:
            msg += f", found {found!r}"
        super().__init__(msg)
