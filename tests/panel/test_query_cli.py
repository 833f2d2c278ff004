"""The command line lists what the panel holds, searchably, as text or CSV, and suggests a mistyped code."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis.__main__ import main


def _run(capsys, *argv) -> str:
    main(list(argv))
    return capsys.readouterr().out


def test_series_search_finds_remittance_series_in_csv(capsys):
    table = pd.read_csv(io.StringIO(_run(capsys, "series", "--search", "REMITTANCE", "--format", "csv")))
    assert {"BX.TRF.PWKR.CD.DT", "TS_GP_BOP_WR_M.WR0340"} <= set(table["series"])
    assert set(table.columns) == {"series", "name", "unit", "economies", "rows", "first", "last"}
    assert table.set_index("series").loc["TS_GP_BOP_WR_M.WR0340", "unit"] == "USD million"


def test_countries_lists_economies_with_their_aggregate_flag(capsys):
    table = pd.read_csv(io.StringIO(_run(capsys, "countries", "--search", "pakistan", "--format", "csv")))
    assert table.set_index("iso3").loc["PAK", "aggregate"] == False  # noqa: E712 (a CSV bool)
    assert table["aggregate"].any()  # the regions that name Pakistan are aggregates


@pytest.mark.parametrize(
    "argv, hint",
    [
        (["--iso3", "PAKK"], "did you mean 'PAK'"),
        (["--series", "BX.GSR.CCIS.C"], "did you mean 'BX.GSR.CCIS.CD'"),
    ],
)
def test_show_suggests_the_code_meant(argv, hint):
    with pytest.raises(SystemExit, match=hint):
        main(["show", *argv])
