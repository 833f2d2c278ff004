"""RPW corridor-quarter reader: quarters, corridors kept, Kosovo's code, and bad cells named."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.core.errors import DataError
from analysis.sources.rpw import quarter_period, read_rpw_corridors

RPW = Path(__file__).parents[1] / "fixtures" / "sources" / "rpw" / "rpw_corridors_fixture.csv"


def raises_at(call, path: Path, line: int | None, column: str | None) -> DataError:
    """Run ``call``; assert it raises DataError naming ``path``, ``line`` and ``column``."""
    with pytest.raises(DataError) as info:
        call()
    err, msg = info.value, str(info.value)
    assert Path(err.file).name == path.name and path.name in msg
    assert err.row == line and (line is None or f"line {line}," in msg)
    assert err.column == column and (column is None or f"column {column!r}" in msg)
    return err


def test_rpw_rows_as_published():
    df = read_rpw_corridors(RPW, "wb_rpw_corridors")
    assert len(df) == 12  # 6 corridor-quarters x 2 series, every destination kept
    assert set(df["series"]) == {"RPW.CORRIDOR.COST_200_PCT", "RPW.CORRIDOR.COST_500_PCT"}
    assert set(df["basis"]) == {"quarter"} and set(df["unit"]) == {"percent of amount sent"}
    pak = df[(df.country_code == "PAK") & (df.series == "RPW.CORRIDOR.COST_200_PCT")]
    assert dict(zip(pak["breakdown"] + "@" + pak["period"], pak["value"])) == {
        "from=ARE@2016Q2": "2.188125",
        "from=USA@2016Q2": "5.5",
        "from=USA@2025Q1": "4.36695652173913",
    }
    assert set(df.loc[df.country_name == "Kosovo", "country_code"]) == {"XKX"}  # RPW's KSV
    assert "Korea, Rep." in set(df["country_name"])
    assert (
        df.loc[(df.country_code == "SDN") & (df.series.str.endswith("500_PCT")), "value"].item() == "-13.35"
    )


@pytest.mark.parametrize("text, period", [("2016_2Q", "2016Q2"), ("2025_1Q", "2025Q1")])
def test_quarter_period(text, period):
    assert quarter_period(text, "f.csv", 2) == period


@pytest.mark.parametrize(
    "old, new, line, column",
    [
        ("2016_2Q,ARE", "2016_5Q,ARE", 2, "period"),
        ("2016_2Q,ARE", "2016-Q2,ARE", 2, "period"),
        (
            ",USA,United States,PAK,Pakistan,USAPAK,5.5",
            ",USA,United States,PAK,Pakistan,USAIND,5.5",
            4,
            "corridor",
        ),
        (",PAK,Pakistan,AREPAK", ",pak,Pakistan,AREpak", 2, "destination_code"),
        ("AREPAK,2.188125", "AREPAK,n/a", 2, "avg_cost_pct_200usd"),
        ("1.49375,0.96375", "1,49375,0.96375", 2, "num_providers"),
        ("5.5,4.25", "5.5,", 4, "avg_cost_pct_500usd"),
        ("avg_cost_pct_500usd", "avg_cost_500", 1, "avg_cost_pct_500usd"),
        (
            "ARE,United Arab Emirates,PAK,Pakistan,AREPAK,2.188125",
            "USA,United States,PAK,Pakistan,USAPAK,5.6",
            4,
            "avg_cost_pct_200usd",
        ),
    ],
)
def test_rpw_rejects(tmp_path, old, new, line, column):
    text = RPW.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "rpw_filtered.csv"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    raises_at(lambda: read_rpw_corridors(bad, "x"), bad, line, column)


def test_rpw_empty_and_header_only(tmp_path):
    bad = tmp_path / "rpw_filtered.csv"
    bad.write_text("", encoding="utf-8")
    raises_at(lambda: read_rpw_corridors(bad, "x"), bad, 1, "period")
    bad.write_text(RPW.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    raises_at(lambda: read_rpw_corridors(bad, "x"), bad, 2, "period")
