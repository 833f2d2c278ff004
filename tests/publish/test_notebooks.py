"""Notebook conventions, jupytext twins, stored-output hygiene and papermill runs with other parameters.

Notebooks are discovered by glob (notebooks/NN_*.ipynb), so every new notebook is covered; each one
needs an entry in ALT_PARAMS, the alternative parameters a researcher might pass.
(Stored outputs themselves are compared cell by cell by nbval: `pytest --nbval`.)
"""

from __future__ import annotations

import ast
import re

import pytest

from analysis.core import paths
from analysis.publish.notebooks import (
    convention_problems,
    declared_parameters,
    finding_markdown,
    notebook_paths,
    read,
    run_papermill,
    twin_path,
    twin_text,
)

NOTEBOOKS = notebook_paths()
IDS = [p.stem for p in NOTEBOOKS]
# Parameters for a second run of each notebook (keys must be declared in its parameters cell),
# and a text that must then appear in some output (proof that the parameters reached the code).
ALT_PARAMS = {
    "01_data_sources": (
        {
            "countries": ["PAK", "LKA"],
            "start_year": 2010,
            "fiscal_year": "FY2023-24",
            "calendar_year": "2023",
        },
        "LKA",
    ),
    "02_workforce_profile": (
        {
            "fiscal_year": "FY2023-24",
            "other_fiscal_year": "FY2021-22",
            "countries": ["PAK", "LKA"],
            "calendar_conversion": "mean_of_calendar_years",
        },
        "LKA",
    ),
    "03_remittances_and_exports": (
        {
            "countries": ["PAK", "LKA", "VNM"],  # VNM: no ICT exports in WDI, listed with the reason
            "train_start": "2012-07",
            "horizon_months": 11,
            "n_origins": 3,
            "seed": 7,
            "horizon_years": 3,
        },
        "no data in WDI for Viet Nam (VNM)",
    ),
    "04_growth_scenarios": (
        {"horizon": "FY2031-32", "scenario": "reform", "draws": 5000, "seed": 7},
        "FY2031-32",
    ),
    "05_policy_levers": (
        {
            "horizon": "FY2027-28",
            "draws": 5000,
            "seed": 7,
            "lever_targets": {
                "receive_cost_pct": 2.0,
                "formal_channel_share": 0.8,
                "export_recorded_share": "default",
                "software_share": 0.35,
                "female_share": "default",
            },
        },
        "FY2027-28",
    ),
    "06_peer_comparison": (
        # Viet Nam has no ICT exports in WDI: no peer is left, the gap table says so, nothing crashes
        {"countries": ["PAK", "VNM"], "start_year": 2010, "base_year": 2012},
        "no peer has the data to compare with",
    ),
    "07_claims_check": ({"tolerance_pct": 5.0}, "With a tolerance of 5 %"),
}
FORBIDDEN_CALLS = {
    "open",
    "read_csv",
    "read_excel",
    "read_parquet",
    "read_json",
    "read_table",
    "read_text",
    "read_bytes",
    "loadtxt",
    "genfromtxt",
    "safe_load",
    "load",
}
# Drawing belongs in the chart builders (analysis.figures.charts, analysis.figures.bars): no axes methods
# in a notebook.
DRAWING_CALLS = {
    "plot",
    "bar",
    "barh",
    "scatter",
    "hist",
    "imshow",
    "fill_between",
    "axvline",
    "axhline",
    "axvspan",
    "text",
    "annotate",
    "legend",
    "set",
    "set_title",
    "set_xlabel",
    "set_ylabel",
    "set_xticks",
    "set_yticks",
    "set_xlim",
    "set_ylim",
    "grid",
    "subplots",
    "add_subplot",
}
# Numbers typed into Markdown that look like data: decimals, thousands separators, percentages.
TYPED_NUMBER = re.compile(r"\d\.\d|\d,\d{3}|\d\s*%")


def _outputs_text(nb) -> list[str]:
    """Return every text of every output of ``nb`` (stream text and each text/* mime part)."""
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", ""))
            texts += [v for k, v in out.get("data", {}).items() if k.startswith("text/")]
    return texts


def test_notebooks_exist():
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb found"
    assert "01_data_sources" in IDS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_follows_conventions(path):
    assert convention_problems(read(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_jupytext_twin_in_sync(path):
    twin = twin_path(path)
    assert twin.exists(), f"missing twin {twin.name}: run `make notebooks` (or jupytext --sync)"
    assert twin.read_text(encoding="utf-8") == twin_text(path), f"{twin.name} out of sync with {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_cells_only_call_the_library(path):
    for cell in read(path).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defs, f"function/class definition in a notebook cell: {cell.source[:80]!r}"
        calls = {
            getattr(n.func, "attr", getattr(n.func, "id", ""))
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
        }
        assert not calls & FORBIDDEN_CALLS, f"file reading in a notebook cell: {cell.source[:80]!r}"
        methods = {
            n.func.attr
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
        }
        assert not methods & DRAWING_CALLS, f"drawing code in a notebook cell: {cell.source[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_markdown_holds_no_typed_data_numbers(path):
    for cell in read(path).cells:
        if cell.cell_type == "markdown":
            assert not TYPED_NUMBER.search(cell.source), f"number typed in Markdown: {cell.source[:120]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_outputs_are_clean(path):
    nb = read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "notebook not executed: run `make notebooks`"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "cells run out of order"
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"], "stderr output (warnings?) stored"
    for text in _outputs_text(nb):
        assert "<Figure size" not in text
        assert not re.search(r" at 0x[0-9a-f]{6,}", text), "memory address in an output"
        assert str(paths.ROOT) not in text and "/home/" not in text and "/tmp/" not in text
    assert finding_markdown(nb), "the cell tagged 'finding' has no Markdown output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_runs_with_other_parameters(path, tmp_path):
    assert path.stem in ALT_PARAMS, f"add alternative parameters for {path.stem} to ALT_PARAMS"
    params, expected_text = ALT_PARAMS[path.stem]
    committed = read(path)
    assert set(params) <= set(declared_parameters(committed)), "ALT_PARAMS names an undeclared parameter"
    nb = run_papermill(path, tmp_path / path.name, params)
    assert finding_markdown(nb)
    texts = _outputs_text(nb)
    assert any(expected_text in t for t in texts)
    assert texts != _outputs_text(committed), "other parameters changed no output"
