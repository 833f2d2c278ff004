"""House-style display helpers, the sources list, --params parsing and the report build (tiny notebooks)."""

from __future__ import annotations

import hashlib
import logging

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.core import paths
from analysis.figures import charts, plotting
from analysis.publish import params as report_params
from analysis.publish import report
from analysis.sources import catalogue

SCRIPT = "<script>window.__pwned=1</script>"


# --- tables, findings, figures -------------------------------------------------------------------


def test_table_rounds_with_thousands_separators_and_blanks_for_missing():
    df = pd.DataFrame({"period": ["FY2024-25", "2024"], "value": [38299.24, np.nan], "rows": [1234, 7]})
    text = plotting.format_frame(df, digits=1)
    assert text["value"].tolist() == ["38,299.2", ""]
    assert text["rows"].tolist() == ["1,234", "7"]
    assert plotting.format_frame(df, digits={"value": 0})["value"].tolist() == ["38,299", ""]


def test_table_escapes_data_text_and_headers():
    df = pd.DataFrame({"name<b>": [SCRIPT, "Côte d'Ivoire & co"]})
    out = plotting.table_html(df)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in out
    assert "&amp; co" in out


def test_table_keeps_a_meaningful_index_and_caps_rows():
    df = pd.DataFrame({"value": range(5)}, index=pd.Index(list("abcde"), name="iso3"))
    out = plotting.table_html(df, max_rows=3)
    assert '<th style="text-align: left">iso3</th>' in out and "2 more rows not shown" in out
    assert '<td style="text-align: right">2</td>' in out


def test_table_leaves_out_row_numbers_also_after_filtering():
    df = pd.DataFrame({"iso3": ["PAK", "IND", "BGD"], "unit": ["persons", "percent", "persons"]})
    counts = df.loc[df["unit"] == "persons"]  # keeps the old row numbers 0 and 2
    assert plotting.format_frame(counts).columns.tolist() == ["iso3", "unit"]
    out = plotting.table_html(counts)
    assert ">index</th>" not in out and out.count("<tr>") == 3  # header and two rows, nothing else
    pivot = df.set_index(["iso3", "unit"]).assign(n=1)  # named levels are data: they stay
    assert plotting.format_frame(pivot).columns.tolist() == ["iso3", "unit", "n"]


def test_finding_is_escaped_markdown(monkeypatch):
    shown = _shown(monkeypatch)
    plotting.show_finding(
        f"**38,299.2 USD million** {SCRIPT} [x](javascript:alert(1)) ![i](http://e.com/i.png)"
    )
    assert shown["text/markdown"].startswith("**38,299.2 USD million** &lt;script&gt;")
    assert "\\[x\\](javascript:alert(1)) \\!\\[i\\](http\\://e.com/i.png)" in shown["text/markdown"]
    assert SCRIPT in shown["text/plain"]


def test_year_columns_show_without_thousands_separators():
    df = pd.DataFrame(
        {
            "year": [2024, 1999],
            "latest_year": [2019.0, np.nan],
            "start_year": [2015, 2015],
            "n_years": [2024, 3],
            "usd_per_year": [2000.0, 1500.0],
            "value": [2024.0, 5.0],
        }
    )
    text = plotting.format_frame(df, digits=0)
    assert text["year"].tolist() == ["2024", "1999"] and text["start_year"].tolist() == ["2015", "2015"]
    assert text["latest_year"].tolist() == ["2019", ""]  # float years with a gap: whole years, blank
    # counts, rates and values that merely look like years keep their separators
    assert text["n_years"].tolist() == ["2,024", "3"]
    assert text["usd_per_year"].tolist() == ["2,000", "1,500"] and text["value"].tolist() == ["2,024", "5"]
    # a year-named column that holds no years is a number like any other
    assert plotting.format_frame(pd.DataFrame({"year": [12345]}))["year"].tolist() == ["12,345"]


def test_country_colours_are_fixed_and_fallbacks_stable():
    assert plotting.country_colour("PAK") == "#1b7837"
    assert len({plotting.country_colour(c) for c in ("PAK", "IND", "BGD", "PHL")}) == 4
    assert plotting.country_colour("LKA") == plotting.country_colour("LKA") in plotting.FALLBACK_COLOURS


def _panel_slice() -> pd.DataFrame:
    start = pd.to_datetime(["2022-01-01", "2023-01-01", "2022-01-01", "2023-01-01"])
    return pd.DataFrame(
        {
            "iso3": ["PAK", "PAK", "LKA", "LKA"],
            "series": "BX.GSR.CCIS.CD",
            "period": ["2022", "2023"] * 2,
            "basis": "calendar_year",
            "start": start,
            "end": start + pd.offsets.YearEnd(0),
            "value": [2.5, 3.0, 1.0, 1.5],
            "unit": "USD million",
            "source": "wdi_bx_gsr_ccis_cd",
        }
    )


def test_figure_png_is_byte_identical_and_labelled():
    frame = _panel_slice()
    first = charts.line_chart(frame, title="ICT exports", source="Source: test")
    second = charts.line_chart(frame, title="ICT exports", source="Source: test")
    assert (
        hashlib.sha256(plotting.png_bytes(first)).digest()
        == hashlib.sha256(plotting.png_bytes(second)).digest()
    )
    ax = first.axes[0]
    assert ax.get_ylabel() == "USD million" and ax.get_xlabel() == "calendar year"
    assert first.get_supxlabel() == "Source: test"
    assert plotting.png_bytes(first)[:8] == b"\x89PNG\r\n\x1a\n"


def _shown(monkeypatch) -> dict:
    import IPython.display

    shown = {}
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.update(obj))
    return shown


def test_show_names_a_figure_by_its_overall_title(monkeypatch):
    shown = _shown(monkeypatch)
    fig, axes = plotting.panels(
        title="Four measures", nrows=1, columns=2, source="Source: test", height_in=3.0
    )
    axes[0].set_title("Level", loc="left")
    plotting.show(fig)
    assert shown["text/plain"] == "[figure: Four measures]"
    fig, ax = plotting.figure(title="One chart", ylabel="USD million")
    plotting.show(fig)
    assert shown["text/plain"] == "[figure: One chart]"


def test_value_axis_numbers_yield_to_category_labels():
    fig, ax = plotting.figure(title="Bars", ylabel="verdict", xlabel="number of claims")
    ax.barh(["supported", "refuted"], [3, 1500])
    plotting.png_bytes(fig)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["supported", "refuted"]
    fig, ax = plotting.figure(title="Lines", ylabel="USD million")
    ax.plot([0, 1], [0, 3000])
    plotting.png_bytes(fig)
    assert "2,000" in [t.get_text() for t in ax.get_yticklabels()]  # numbers keep the house format


def test_chart_refuses_mixed_units():
    frame = _panel_slice()
    frame.loc[0, "unit"] = "percent"
    with pytest.raises(ValueError, match="one unit"):
        charts.line_chart(frame, title="mixed", source="x")


def test_coverage_grid_fills_both_years_of_a_fiscal_year():
    rows = pd.DataFrame(
        {
            "iso3": ["PAK", "PAK"],
            "series": ["S", "S"],
            "start": pd.to_datetime(["2023-07-01", "2019-01-01"]),
            "end": pd.to_datetime(["2024-06-30", "2019-12-31"]),
        }
    )
    grid = charts._coverage_grid(rows, start_year=None)
    assert grid.columns.tolist() == [2019, 2020, 2021, 2022, 2023, 2024]
    assert grid.loc[("PAK", "S")].tolist() == [True, False, False, False, True, True]


# --- sources ---------------------------------------------------------------------------------------


def _sources_yml(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(
        "evil:\n  kind: snapshot\n  publisher: '<script>window.__pwned=1</script>'\n  dataset: D & E\n"
        "  url: 'javascript:alert(1)'\n  licence: CC BY 4.0\n  vintage: '2026-02-24'\n"
        "good:\n  kind: snapshot\n  publisher: World Bank\n  dataset: WDI\n  title: ICT exports\n"
        "  url: https://api.worldbank.org/x?a=1&b=2\n  licence: CC BY 4.0\n  vintage: '2026-02-24'\n"
        "meta:\n  kind: metadata\n  publisher: World Bank\n",
        encoding="utf-8",
    )
    return path


def test_sources_frame_lists_data_sources_sorted(tmp_path):
    frame = catalogue.sources_frame(path=_sources_yml(tmp_path))
    assert frame["source"].tolist() == ["evil", "good"]  # metadata file is not a data source
    assert catalogue.sources_frame(["good"], path=tmp_path / "sources.yml")["title"].tolist() == [
        "ICT exports"
    ]
    with pytest.raises(Exception, match="an entry for every source used"):
        catalogue.sources_frame(["missing"], path=tmp_path / "sources.yml")


def test_sources_html_escapes_and_links_only_web_addresses(tmp_path):
    out = report.sources_html(path=_sources_yml(tmp_path))
    assert "<script>" not in out and 'href="javascript' not in out
    assert '<a href="https://api.worldbank.org/x?a=1&amp;b=2">' in out
    assert "D &amp; E" in out


# --- --params --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", {}),
        ('countries=["PAK","LKA"]', {"countries": ["PAK", "LKA"]}),
        (
            'countries=["PAK", "LKA"] horizon="FY2031-32" seed=7',
            {"countries": ["PAK", "LKA"], "horizon": "FY2031-32", "seed": 7},
        ),
        ("scenario=high growth=0.5", {"scenario": "high", "growth": 0.5}),
        ('{"countries": ["IND"]}', {"countries": ["IND"]}),
    ],
)
def test_parse_params(text, expected):
    assert report_params.parse_params(text) == expected


def test_parse_params_rejects_text_without_key():
    with pytest.raises(ValueError, match="key=value"):
        report_params.parse_params('["PAK"]')


# --- the report build on tiny notebooks -----------------------------------------------------------


def _notebook(folder, name, params_source, body, finding="**Finding** for {x}", sources=True):
    cells = [
        new_markdown_cell(f"# Title {name}\n\n**Question:** What does {name} show?"),
        new_code_cell(params_source, metadata={"tags": ["parameters"]}),
        new_code_cell("from analysis import plotting, report\n" + body),
        new_code_cell(f"plotting.show_finding(f{finding!r})", metadata={"tags": ["finding"]}),
    ]
    if sources:
        cells.append(
            new_code_cell('report.show_sources(["wdi_bx_gsr_ccis_cd"])', metadata={"tags": ["sources"]})
        )
    nb = new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
    )
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Two tiny notebooks, built once with params; returns (notebooks dir, reports dir)."""
    nbs = tmp_path_factory.mktemp("nbs")
    _notebook(nbs, "01_alpha", "x = 1\ncountries = ['PAK']", "print('CODE-MARKER', countries)")
    _notebook(
        nbs,
        "02_beta",
        "x = 2\nzz_unused = 0",
        f"import pandas as pd\nplotting.show_table(pd.DataFrame({{'n': [{SCRIPT!r}]}}))",
    )
    out = tmp_path_factory.mktemp("site") / "reports"
    report.build_reports(params={"countries": ["LKA"], "zz_unused": 9}, out_dir=out, notebooks_dir=nbs)
    return nbs, out


def test_reports_and_index_written(tiny):
    _, out = tiny
    assert sorted(p.name for p in out.iterdir()) == ["01_alpha.html", "02_beta.html", "index.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<article class="card">') == 2
    assert '<a href="01_alpha.html">Title 01_alpha</a>' in index
    assert "What does 02_beta show?" in index
    assert "<strong>Finding</strong> for 1" in index


def test_only_declared_parameters_are_passed(tiny):
    _, out = tiny
    alpha = (out / "01_alpha.html").read_text(encoding="utf-8")
    assert "CODE-MARKER [&#x27;LKA&#x27;]" in alpha or "CODE-MARKER ['LKA']" in alpha
    assert "zz_unused" not in alpha  # declared by 02_beta only: not injected into 01_alpha


def test_code_hidden_by_default_sources_at_end_offline(tiny):
    _, out = tiny
    alpha = (out / "01_alpha.html").read_text(encoding="utf-8")
    assert 'class="jp-CodeMirrorEditor' not in alpha and "CODE-MARKER" in alpha  # input hidden, output kept
    assert alpha.rindex("g2g-sources") > alpha.rindex("Finding")
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script src=" not in text and '<link rel="stylesheet" href="http' not in text
    assert "&lt;script&gt;window.__pwned=1" in (out / "02_beta.html").read_text(encoding="utf-8")


def test_code_kept_on_request_and_output_deterministic(tiny, tmp_path):
    nbs, out = tiny
    report.build_reports(
        code=True, params={"countries": ["LKA"], "zz_unused": 9}, out_dir=tmp_path / "r", notebooks_dir=nbs
    )
    alpha = (tmp_path / "r" / "01_alpha.html").read_text(encoding="utf-8")
    assert 'class="jp-CodeMirrorEditor' in alpha
    assert "zz_unused" not in alpha  # the injected-parameters cell is visible now: only 'countries'
    assert "zz_unused" in (tmp_path / "r" / "02_beta.html").read_text(encoding="utf-8")
    report.build_reports(
        params={"countries": ["LKA"], "zz_unused": 9}, out_dir=tmp_path / "r", notebooks_dir=nbs
    )
    for name in ("01_alpha.html", "02_beta.html", "index.html"):
        assert (tmp_path / "r" / name).read_bytes() == (out / name).read_bytes(), name


def test_failure_leaves_previous_reports_intact(tmp_path, capfd):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs, "01_broken", "x = 1", "raise RuntimeError('boom')")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous", encoding="utf-8")
    with pytest.raises(Exception, match="boom"):
        report.build_reports(out_dir=out, notebooks_dir=nbs)
    assert "wrote" not in capfd.readouterr().out  # nothing was written: no line saying so
    assert (out / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nbs", "reports"]  # no staging left


def test_parameter_no_notebook_declares_is_refused(tiny, tmp_path):
    nbs, _ = tiny
    with pytest.raises(ValueError, match="no notebook declares \\['contries'\\]"):
        report.build_reports(params={"contries": ["LKA"]}, out_dir=tmp_path / "r", notebooks_dir=nbs)
    assert not (tmp_path / "r").exists()


def test_convention_breach_stops_before_executing(tmp_path):
    _notebook(tmp_path, "01_nosources", "x = 1", "", sources=False)
    with pytest.raises(ValueError, match="tagged 'sources'"):
        report.build_reports(out_dir=tmp_path / "reports", notebooks_dir=tmp_path)
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize(
    "text",
    [
        "tolerance_pct=NaN",
        "tolerance_pct=1e400",
        "x=-Infinity",
        "x=nan",
        '{"tolerance_pct": NaN}',
        "x=[1, NaN]",
    ],
)
def test_parse_params_refuses_values_that_are_not_finite_numbers(text):
    with pytest.raises(ValueError, match="finite"):
        report_params.parse_params(text)


@pytest.mark.parametrize("params", ["x='a'; touch {flag}", "x=$(shell touch {flag})", 'x="a"`touch {flag}`'])
def test_make_report_params_never_reach_a_shell(params, tmp_path):
    import subprocess

    flag = tmp_path / "pwned"
    done = subprocess.run(
        ["make", "-s", "report", f"PARAMS={params.format(flag=flag)}"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "error: --params" in done.stderr
    assert not flag.exists()


def test_a_successful_run_says_executed_and_wrote_and_nothing_else(tmp_path, capfd, caplog):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    # a comment holding "=" made papermill warn "Unable to parse line 1 …" when a parameter was passed
    _notebook(nbs, "01_quiet", "x = 1  # None = the default", "print(x)")
    report.build_reports(params={"x": 2}, out_dir=tmp_path / "r", notebooks_dir=nbs)
    out, err = capfd.readouterr()
    assert "[1/1] 01_quiet.ipynb: executed" in out
    last = out.rstrip().splitlines()[-1]  # the last line, printed once the set is in place
    assert last.startswith("reports: wrote 1 reports -> ") and last.endswith("/r/index.html")
    assert err == ""  # no "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel"
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_kernels_are_shut_down_without_an_interrupt():
    import asyncio
    import signal

    from analysis.publish.notebooks import QuietKernelManager

    async def signals_sent() -> list:
        km = QuietKernelManager(kernel_name="python3")
        sent, send = [], km._async_signal_kernel

        async def spy(signum):
            sent.append(signum)
            await send(signum)

        km._async_signal_kernel = spy
        await km.start_kernel()
        await km.shutdown_kernel()
        return sent

    assert signal.SIGINT not in asyncio.run(signals_sent())
