"""The vectorised WDI wide reader (analysis.sources.wdi_arrow) against the exact row-by-row one.

The fast path may only accept a file the exact reader accepts, and must then give the same rows;
everything else falls back to the exact reader, whose DataError names line and column.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from malformed import CASES, FIX

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.sources import wdi

WIDE_FILES = sorted((FIX).rglob("API_*.csv")) + sorted(
    (paths.ROOT.parent / "shared" / "data" / "upstream").rglob("API_*.csv")
)
PREAMBLE = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2026-02-24",\n\n'


def exact(path: Path, one_indicator: bool = True):
    """The exact reader's rows, or the DataError it raises."""
    try:
        return wdi._read_wide_rows(path, "x", one_indicator)
    except DataError as err:
        return err


def fast(path: Path, one_indicator: bool = True):
    """The vectorised reader's rows as text columns (as read_wdi_wide returns them), or None."""
    frame = wdi._read_wide_fast(path, "x", one_indicator)
    return None if frame is None else frame.astype(str)


@pytest.mark.parametrize("path", WIDE_FILES, ids=[p.name for p in WIDE_FILES])
def test_clean_publisher_files_take_the_fast_path_and_give_the_exact_rows(path):
    rows = fast(path)
    assert rows is not None, f"{path.name}: a clean publisher file fell back to the exact reader"
    assert rows.equals(exact(path))
    assert wdi.read_wdi_wide(path, "x").equals(rows)


# wdi-wide-other-indicator is a good file of another dataset: malformed only for the snapshot
BAD_WIDE = [c for c in CASES if c.layout == "wdi_wide" and c.id != "wdi-wide-other-indicator"]


@pytest.mark.parametrize("case", BAD_WIDE, ids=[c.id for c in BAD_WIDE])
def test_malformed_wide_files_are_left_to_the_exact_reader(case, tmp_path):
    (tmp_path / case.target).parent.mkdir(parents=True)
    (tmp_path / case.target).write_bytes((FIX / case.target).read_bytes())
    case.make(tmp_path)
    path = tmp_path / case.target
    try:
        rows = fast(path)
    except DataError as err:  # the preamble, read by the code both paths share
        assert (err.row, err.column) == (case.line, case.column)
        return
    assert rows is None
    err = exact(path)
    assert isinstance(err, DataError) and (err.row, err.column) == (case.line, case.column)


def test_bulk_file_with_many_indicators(tmp_path):
    """read_wdi_bulk reads several indicators; read_wdi_wide names the first row of the second one."""
    first = (FIX / "wdi" / "API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv").read_text(encoding="utf-8-sig")
    second = first.replace('"BX.GSR.CCIS.CD"', '"SYN.SECOND"').replace(
        "ICT service exports (BoP, current US$)", "Second indicator (% of GDP)"
    )
    head, body = first.split('"Country Name","Country Code"', 1)
    header, rows = body.split("\n", 1)
    other_rows = second.split('"Country Name","Country Code"', 1)[1].split("\n", 1)[1]
    bulk = tmp_path / "API_BULK.csv"
    bulk.write_text(
        head + '"Country Name","Country Code"' + header + "\n" + rows + other_rows, encoding="utf-8"
    )
    frame = wdi.read_wdi_bulk(bulk, "x")
    single = wdi.read_wdi_wide(FIX / "wdi" / "API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv", "x")
    assert set(frame["series"]) == {"BX.GSR.CCIS.CD", "SYN.SECOND"}
    assert len(frame) == 2 * len(single)
    assert set(frame.loc[frame["series"] == "SYN.SECOND", "unit"]) == {"% of GDP"}
    assert frame[frame["series"] == "BX.GSR.CCIS.CD"].astype(str).reset_index(drop=True).equals(single)
    assert all(str(frame[c].dtype) == "category" for c in frame.columns if c != "value")
    first_second = 6 + rows.count("\n")
    with pytest.raises(DataError) as info:
        wdi.read_wdi_wide(bulk, "x")
    assert (info.value.row, info.value.column) == (first_second, "Indicator Code")


def test_arrow_number_parsing_is_the_number_syntax_plus_known_extras():
    """wdi_arrow's number check relies on this: pyarrow's text-to-float conversion accepts exactly
    rawio's number syntax, plus a leading '+' and spellings of inf and nan (never finite)."""
    import itertools

    import pyarrow as pa
    import pyarrow.compute as pc

    from analysis.sources.rawio import _NUMBER

    def arrow_accepts(text: str) -> bool:
        try:
            number = pc.cast(pa.array([text]), pa.float64())[0].as_py()
        except pa.ArrowInvalid:
            return False
        return math.isfinite(number) and not text.startswith("+")

    def syntax_accepts(text: str) -> bool:
        return bool(_NUMBER.fullmatch(text)) and math.isfinite(float(text))

    texts = ["".join(t) for k in range(1, 6) for t in itertools.product("019.eE+-", repeat=k)]
    texts += [
        " 1",
        "1 ",
        "\t1",
        "1_0",
        "1,0",
        "0x10",
        "0x1p3",
        "1d5",
        "1f",
        "inf",
        "-inf",
        "NaN",
        "Infinity",
        "nan(1)",
        "+inf",
        "1e400",
        "1" * 400,
        "1e-400",
        "−1",
    ]
    assert len(texts) > 37_000
    disagree = [t for t in texts if arrow_accepts(t) != syntax_accepts(t)]
    assert disagree == []
    unicode_digits = ["١٢", "１２"]  # Python's re takes them as digits; pyarrow refuses (stricter)
    assert [syntax_accepts(t) for t in unicode_digits] == [True, True]
    assert [arrow_accepts(t) for t in unicode_digits] == [False, False]


# --- generated files: any mix of good and bad cells ---------------------------------------------

GOOD_CELLS = st.sampled_from(["", "", "1", "2.50", "-3", "-0", "1.67E-12", ".5", "7.", "1e-400", "1e5"])
BAD_CELLS = st.sampled_from(
    [
        "1e999",
        "-1e999",
        "+1",
        "+.5",
        "1,000",
        " 1",
        "nan",
        "inf",
        "Infinity",
        "nan(1)",
        "-",
        "0x10",
        "١٢",
        "NA",
    ]
)
# about one cell in 30 is not a plain number (hypothesis favours small integers: pick 17, not 0)
CELLS = st.tuples(st.integers(0, 29), GOOD_CELLS, BAD_CELLS).map(lambda t: t[2] if t[0] == 17 else t[1])
NAMES = st.sampled_from(
    [
        ("GDP (current US$)", "NY.GDP.MKTP.CD"),
        ("Share (% of GDP)", "S.ZS"),
        ("Population, total", "SP.POP.TOTL"),
    ]
)
COUNTRIES = st.sampled_from(
    [("Pakistan", "PAK"), ("India", "IND"), ('Korea, "Rep."', "KOR")] * 5 + [("Nowhere", "")]
)
YEARS = st.lists(st.sampled_from(["2019", "2020", "2021", "2022"]), min_size=1, max_size=4, unique=True)


@st.composite
def wide_files(draw) -> str:
    years = draw(YEARS)
    trailing = draw(st.booleans())  # WDI ends every line with a comma
    lines = [
        ",".join(
            f'"{c}"' for c in ["Country Name", "Country Code", "Indicator Name", "Indicator Code", *years]
        )
        + ("," if trailing else "")
    ]
    for _ in range(draw(st.integers(1, 6))):
        (country, code), (name, series) = draw(COUNTRIES), draw(NAMES)
        cells = [draw(CELLS) for _ in years]
        if draw(st.integers(0, 30)) == 17:
            cells = cells[:-1]  # a short row
        fields = [country.replace('"', '""'), code, name, series, *cells]
        lines.append(",".join(f'"{f}"' for f in fields) + ("," if trailing else ""))
        if draw(st.integers(0, 15)) == 7:
            lines.append(lines[-1])  # an identical duplicate
    preamble = PREAMBLE if draw(st.integers(0, 3)) else ""  # WDICSV.csv of the bulk download has none
    return preamble + "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(text=wide_files(), one_indicator=st.booleans())
def test_fast_path_never_accepts_what_the_exact_reader_rejects(text, one_indicator):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "API_GEN.csv"
        path.write_text(text, encoding="utf-8")
        want = exact(path, one_indicator)
        try:
            rows = fast(path, one_indicator)
        except DataError as err:  # the preamble, read by the code both paths share
            assert isinstance(want, DataError) and str(err) == str(want)
            return
        if rows is not None:
            assert not isinstance(want, DataError), (
                f"fast path accepted what the exact reader rejects: {want}"
            )
            assert rows.equals(want)
        read = wdi.read_wdi_wide if one_indicator else wdi.read_wdi_bulk
        try:
            got = read(path, "x")
        except DataError as err:
            assert isinstance(want, DataError) and str(err) == str(want)
        else:
            assert not isinstance(want, DataError) and got.astype(str).equals(want)


def test_bulk_download_without_metadata_lines(tmp_path):
    """WDICSV.csv of the bulk download starts at its header: read_wdi_bulk reads it, read_wdi_wide
    still wants the per-indicator download's metadata lines."""
    text = (FIX / "wdi" / "API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv").read_text(encoding="utf-8-sig")
    bare = tmp_path / "WDICSV.csv"
    bare.write_text(text[text.index('"Country Name","Country Code"') :], encoding="utf-8")
    with_preamble = wdi.read_wdi_bulk(FIX / "wdi" / "API_BX.GSR.CCIS.CD_DS2_en_csv_v2_fixture.csv", "x")
    assert wdi._read_wide_fast(bare, "x", one_indicator=False) is not None
    assert wdi.read_wdi_bulk(bare, "x").equals(with_preamble)
    bad = tmp_path / "WDICSV_bad.csv"
    bad.write_text(bare.read_text().replace('"3633000000"', '"n/a"'), encoding="utf-8")
    with pytest.raises(DataError) as info:
        wdi.read_wdi_bulk(bad, "x")
    assert (info.value.row, info.value.column) == (4, "2024")  # PAK: line 8 of the download, less 4
    with pytest.raises(DataError) as info:
        wdi.read_wdi_wide(bare, "x")
    assert (info.value.row, info.value.column) == (1, "Data Source")
