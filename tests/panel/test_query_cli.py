"""The command line lists what the panel holds, searchably, as text or CSV, and suggests a mistyped code."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.core import framememo
from analysis.panel import query


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


def _select_by_masks(panel, iso3=None, series=None, basis=None):
    rows = panel
    for column, wanted in (("iso3", iso3), ("series", series), ("basis", basis)):
        if wanted is not None:
            rows = rows[rows[column].isin([wanted] if isinstance(wanted, str) else list(wanted))]
    return rows


def test_select_on_a_long_frame_uses_its_index_and_returns_exactly_the_masked_rows():
    rng = np.random.default_rng(0)
    n = query.INDEXED_ROWS + 1_000
    frame = pd.DataFrame(
        {
            "iso3": rng.choice(["PAK", "IND", "BGD", "PHL", "VNM"], n),
            "series": rng.choice([f"S{i}" for i in range(40)], n),
            "basis": rng.choice(["calendar_year", "month"], n),
            "value": rng.normal(size=n),
        },
        index=rng.permutation(n) + 7,  # labels unlike positions
    )
    cases = [
        {"iso3": "PAK"},
        {"series": ["S3", "S1", "S3"]},
        {"iso3": ["IND", "PAK"], "series": "S5", "basis": "month"},
        {"iso3": "XXX", "series": "S1"},
        {"series": "S39", "basis": ["calendar_year"]},
        {"basis": "month"},
        {"iso3": [], "series": "S1"},
    ]
    for kw in cases:
        pd.testing.assert_frame_equal(query.select(frame, **kw), _select_by_masks(frame, **kw))
    assert framememo.has_memo(frame)  # built once, then reused
    other = frame.iloc[5:]  # another long frame: its own index, never the first one's positions
    pd.testing.assert_frame_equal(query.select(other, iso3="PAK"), _select_by_masks(other, iso3="PAK"))
