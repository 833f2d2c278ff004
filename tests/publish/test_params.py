"""Report parameters are checked before any notebook runs: one line naming the value and what is allowed."""

from __future__ import annotations

import pytest

from analysis.publish import params, report


def test_economies_are_normalised_case_and_names_accepted():
    out = params.check({"countries": ["pak", "India", "Viet Nam", "Vietnam", "bgd"]})
    assert out["countries"] == ["PAK", "IND", "VNM", "VNM", "BGD"]


@pytest.mark.parametrize(
    "given, message",
    [
        ({"countries": ["XXX"]}, "unknown economy 'XXX'"),
        ({"countries": ["Pakstan"]}, "did you mean 'PAK' (Pakistan)"),
        ({"countries": "PAK"}, "expected a non-empty list"),
        ({"countries": []}, "expected a non-empty list"),
        ({"horizon": "2032"}, "expected a July–June fiscal year"),
        ({"horizon": "FY2031-33"}, "two consecutive years"),
        ({"draws": "many"}, "'draws' = 'many': expected a whole number"),
        ({"draws": 10.5}, "expected a whole number"),
        ({"tolerance_pct": -1}, "outside its allowed range"),
        ({"start_year": 1800}, "outside its allowed range"),
    ],
)
def test_a_bad_parameter_is_named_with_what_is_allowed(given, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        params.check(given)


def test_labels_are_normalised_and_unknown_names_pass_through():
    out = params.check({"horizon": "FY32", "fiscal_year": "2024-25", "scenario": "high", "draws": 2000.0})
    assert out == {"horizon": "FY2031-32", "fiscal_year": "FY2024-25", "scenario": "high", "draws": 2000}


def test_build_reports_refuses_a_bad_parameter_before_any_kernel_starts(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "_run_all", lambda *a: pytest.fail("a notebook ran"))
    with pytest.raises(ValueError, match="unknown economy 'XXX'"):
        report.build_reports(params={"countries": ["XXX"]}, out_dir=tmp_path / "reports")
    assert not (tmp_path / "reports").exists()
