"""The command line turns a failure of the machine or the input into one line naming the file, exit 1."""

from __future__ import annotations

import csv
import errno

import pytest

from analysis import __main__ as cli
from analysis.panel import build


@pytest.mark.parametrize(
    "error, expected",
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "data/processed/panel.csv"),
            "error: OSError (data/processed/panel.csv): No space left on device",
        ),
        (
            IsADirectoryError(errno.EISDIR, "Is a directory", "data/raw/x.csv"),
            "error: IsADirectoryError (data/raw/x.csv): Is a directory",
        ),
        (csv.Error("field larger than field limit (131072)"), "error: Error: field larger than field limit"),
        (MemoryError(), "error: MemoryError"),
    ],
)
def test_machine_failures_are_one_line_not_a_traceback(monkeypatch, capsys, error, expected):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(build, "build", fail)
    with pytest.raises(SystemExit) as stop:
        cli.main(["build"])
    assert str(stop.value.code).startswith(expected) and "\n" not in str(stop.value.code)
