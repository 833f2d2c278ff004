"""Small hand-built panels that follow the panel contract exactly, for unit tests.

``make_panel(rows)`` takes a list of dicts that need only ``iso3``, ``series``, ``period`` and
``value``; every other contract column gets a default worked out the way the build does it
(basis from the period label, first/last day from :func:`analysis.core.periods.bounds`, the panel
unit from :mod:`analysis.sources.series`, ``published_figures`` for project codes). ``derive=True``
appends the derived calendar-year series the build adds (internet users in persons; per capita,
% of GDP and per internet user for each money series present), with the contract's formulas.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.core import periods
from analysis.panel.build import COLUMNS
from analysis.sources.series import CATALOGUE, PUBLISHED

NAMES = {
    "PAK": "Pakistan",
    "IND": "India",
    "BGD": "Bangladesh",
    "PHL": "Philippines",
    "VNM": "Viet Nam",
    "LKA": "Sri Lanka",
    "WLD": "World",
    "SAS": "South Asia",
    "USA": "United States",
    "GBR": "United Kingdom",
    "BRA": "Brazil",
    "UKR": "Ukraine",
}
AGGREGATES = {"WLD", "SAS", "LMC", "LMY"}
SBP_SOURCE = "sbp_easydata_workers_remittances"
OLI_SOURCE = "oli2020_worker_gender"


def infer_basis(period: str) -> str:
    """Return the basis a period label implies ('2024' -> calendar_year, 'FY2024-25' -> fiscal)."""
    if re.fullmatch(r"\d{4}", period):
        return periods.CALENDAR
    if re.fullmatch(r"FY\d{4}-\d{2}", period):
        return periods.FY_JUL_JUN
    if re.fullmatch(r"FY\d{4}-\d{2} [A-Z][a-z]{2}-[A-Z][a-z]{2}", period):
        return periods.FY_JUL_JUN_PARTIAL
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return periods.MONTH
    if re.fullmatch(r"\d{4}Q[1-4]", period):
        return periods.QUARTER
    raise ValueError(f"give a basis for period {period!r}")


def default_source(series: str) -> str:
    """Return the dataset id a series would come from in the real build."""
    base = series.split(":")[0]
    if base.startswith("TS_GP_BOP_WR_M"):
        return SBP_SOURCE
    if base.startswith("OLI2020"):
        return OLI_SOURCE
    if base in PUBLISHED:
        return "wdi_" + base.lower().replace(".", "_")
    return "published_figures"


def _complete(row: dict) -> dict:
    out = dict(row)
    out["period"] = str(out["period"])
    iso3 = out["iso3"]
    out.setdefault("country_name", NAMES.get(iso3, iso3))
    out.setdefault("is_aggregate", iso3 in AGGREGATES)
    spec = PUBLISHED.get(out["series"])
    out.setdefault("series_name", spec[0] if spec else out["series"])
    out.setdefault("breakdown", "")
    if "basis" not in out:
        out["basis"] = infer_basis(out["period"])
    if "start" not in out or "end" not in out:
        try:
            out["start"], out["end"] = periods.bounds(out["period"], out["basis"])
        except ValueError:
            out["start"], out["end"] = pd.NaT, pd.NaT
    out.setdefault("unit", spec[1] if spec else "USD million")
    out.setdefault("source", default_source(out["series"]))
    default_ref = f"{out['series']}|{iso3}|{out['period']}" if out["source"] == "published_figures" else ""
    out.setdefault("ref", default_ref)
    out.setdefault("derivation", "")
    out["value"] = float(out["value"])
    return out


def make_panel(rows: list[dict], derive: bool = False) -> pd.DataFrame:
    """Return a contract-shaped panel from ``rows`` (defaults filled); optionally with derived rows."""
    panel = pd.DataFrame([_complete(r) for r in rows], columns=COLUMNS)
    panel = _types(panel)
    if derive:
        panel = _types(pd.concat([panel, _derived(panel)], ignore_index=True))
    return panel.sort_values(["series", "iso3", "breakdown", "start", "period"], ignore_index=True)


DERIVED = {  # suffix -> (unit, formula on the wide frame, denominator code)
    "per_capita": ("USD per person", lambda w, c: w[c] * 1e6 / w["SP.POP.TOTL"], "SP.POP.TOTL"),
    "pct_gdp": ("percent of GDP", lambda w, c: w[c] / w["NY.GDP.MKTP.CD"] * 100, "NY.GDP.MKTP.CD"),
    "per_internet_user": (
        "USD per internet user",
        lambda w, c: w[c] * 1e6 / w["IT.NET.USER.ZS:persons"],
        "IT.NET.USER.ZS:persons",
    ),
}


def _derived(panel: pd.DataFrame) -> pd.DataFrame:
    """Derived calendar-year rows: internet users (persons) and ratios of the money series."""
    cal = panel[(panel["basis"] == periods.CALENDAR) & (panel["breakdown"] == "")]
    wide = cal.pivot_table(index=["iso3", "period"], columns="series", values="value", aggfunc="first")
    wide = wide.reindex(
        columns=sorted(set(wide.columns) | {"SP.POP.TOTL", "IT.NET.USER.ZS", "NY.GDP.MKTP.CD"})
    )
    wide["IT.NET.USER.ZS:persons"] = wide["SP.POP.TOTL"] * wide["IT.NET.USER.ZS"] / 100
    out = [
        _as_rows(
            wide["IT.NET.USER.ZS:persons"],
            "IT.NET.USER.ZS:persons",
            "persons",
            "SP.POP.TOTL × IT.NET.USER.ZS / 100",
        )
    ]
    for code in ("BX.GSR.CCIS.CD", "BX.TRF.PWKR.CD.DT"):
        if code not in wide:
            continue
        for suffix, (unit, formula, denominator) in DERIVED.items():
            out.append(_as_rows(formula(wide, code), f"{code}:{suffix}", unit, f"{code} / {denominator}"))
    return pd.DataFrame([_complete(r) for rows in out for r in rows], columns=COLUMNS)


def _as_rows(values: pd.Series, series: str, unit: str, derivation: str) -> list[dict]:
    return [
        {"iso3": iso3, "series": series, "period": period, "value": v, "unit": unit, "derivation": derivation}
        for (iso3, period), v in values.dropna().items()
    ]


def _types(panel: pd.DataFrame) -> pd.DataFrame:
    panel = panel.astype({"value": "float64", "is_aggregate": "bool"})
    for col in ("start", "end"):
        panel[col] = pd.to_datetime(panel[col])
    for col in set(COLUMNS) - {"value", "is_aggregate", "start", "end"}:
        panel[col] = panel[col].astype("str")
    return panel


def wdi(iso3: str, series: str, values: dict[int, float]) -> list[dict]:
    """Return calendar-year rows of a WDI series (values already in panel units)."""
    return [{"iso3": iso3, "series": series, "period": str(y), "value": v} for y, v in values.items()]


def monthly(iso3: str, series: str, first: str, values: list[float]) -> list[dict]:
    """Return consecutive monthly rows starting at ``first`` ('YYYY-MM')."""
    months = pd.period_range(first, periods=len(values), freq="M").strftime("%Y-%m")
    return [{"iso3": iso3, "series": series, "period": m, "value": v} for m, v in zip(months, values)]


def oli(iso3: str, counts: dict[tuple[str, str], float]) -> list[dict]:
    """Return OLI sample rows from {(occupation, gender): profiles}."""
    return [
        {
            "iso3": iso3,
            "series": "OLI2020.WORKER_PROFILES",
            "period": "2020-21",
            "basis": periods.UNDATED,
            "breakdown": f"occupation={occ};gender={gender}",
            "value": v,
            "unit": "worker profiles",
        }
        for (occ, gender), v in counts.items()
    ]


# ---- A small Pakistani freelance panel: published figures as in the curated vocabulary ----


def figure(series, period, value, **kw):
    """Return one published-figure row for Pakistan (other iso3 via ``iso3=``)."""
    return {"iso3": kw.pop("iso3", "PAK"), "series": series, "period": period, "value": value, **kw}


FIGURES = [
    figure(
        "FL.COUNT.GOV",
        "2024-12",
        2.32e6,
        unit="persons",
        basis="point_in_time",
        start=pd.Timestamp("2024-12-01"),
        end=pd.Timestamp("2024-12-31"),
    ),
    figure("FL.COUNT.ACTIVE", "2023", 2.37e6, unit="persons"),
    figure("FL.COUNT.PTA", "FY2024-25", 3.0e6, unit="persons"),
    figure("FL.COUNT.FULLTIME", "2023", 0.55e6, unit="persons"),
    figure(
        "FL.COUNT.BANKED",
        "2024-12",
        38000,
        unit="persons",
        basis="point_in_time",
        start=pd.Timestamp("2024-12-01"),
        end=pd.Timestamp("2024-12-31"),
    ),
    figure("FL.EARN.ES_9M", "FY2023-24 Jul-Mar", 350.15),
    figure("FL.EARN.ES_9M", "FY2024-25 Jul-Mar", 400),
    figure("FL.EARN.MOITT", "FY2020-21", 396.243),
    figure("FL.EARN.MOITT", "FY2021-22", 397.328),
    figure("FL.EARN.MOITT_IT", "FY2021-22", 265.444),
    figure("FL.EARN.MOITT_IT", "FY2021-22", 265, breakdown="vintage=The Nation 2023"),
    figure("FL.EARN.MOITT_NONIT", "FY2021-22", 131.884),
    figure("FL.EARN.MOITT_REMOTE", "FY2024-25", 779),
    figure("FL.EARN.PAFLA", "2023", 269.8),
    figure(
        "FL.EARN.PSEB",
        "c.2020",
        150,
        basis="point_in_time",  # span not stated
        start=pd.Timestamp("2020-01-01"),
        end=pd.Timestamp("2020-12-31"),
    ),
    figure("ITITES.EXP.SBP", "FY2024-25", 3810),
    figure("ITITES.EXP.SBP", "FY2023-24", 3223),
    figure("COMP.EXP.SBP", "FY2024-25", 3240),
    figure("COMP.EXP.SBP", "FY2023-24", 2650),
    figure("ITITES_FL.EXP.MOITT", "FY2024-25", 4600),
    figure("ICT.EXP.MOITT", "FY2021-22", 2616),
    figure("ICT.EXP.SBP", "FY2021-22", 2619),
    figure("ICT.EXP.ES_9M", "FY2024-25 Jul-Mar", 2825, breakdown="vintage=Economic Survey 2024-25"),
    figure("ICT.EXP.ES_9M", "FY2023-24 Jul-Mar", 2284, breakdown="vintage=Economic Survey 2024-25"),
    figure("ICT.EXP.ES_9M", "FY2023-24 Jul-Mar", 2283, breakdown="vintage=Economic Survey 2023-24"),
    figure("FL.FEMALE_SHARE.PAFLA", "2023", 21, unit="percent"),
    figure("FL.FEMALE_SHARE.GURU", "2022", 15, unit="percent"),
    figure("FL.SOFTWARE_SHARE.WB", "2020", 42.2, unit="percent"),
    figure(
        "FL.SHARE_IT_EXPORTS.GOV",
        "c.2024-12",
        15,
        unit="percent",
        basis="point_in_time",
        start=pd.Timestamp("2024-12-01"),
        end=pd.Timestamp("2024-12-31"),
    ),
    figure("OLI.SUPPLY_RANK", "2017", 4, unit="rank", breakdown="vintage=ProPakistani 2017"),
    figure("ILO.SUPPLY_RANK", "2020", 3, unit="rank"),
    figure("PAYONEER.EARN_GROWTH_RANK", "2019Q2", 4, unit="rank"),
]
# SBP remittances Jul 2024 .. Jun 2025: 3000 + 10 × (month number 0..11), USD million.
REMIT = monthly("PAK", "TS_GP_BOP_WR_M.WR0340", "2024-07", [3000 + 10 * i for i in range(12)])
FY_SUM = figure(
    "TS_GP_BOP_WR_M.WR0340", "FY2024-25", 36660, source=SBP_SOURCE, derivation="sum of 12 months Jul-Jun"
)
# OLI 2020 sample for Pakistan, as published (profiles by occupation and gender).
PAK_OLI = {
    ("ALL OCCUPATIONS", "female"): 52,
    ("ALL OCCUPATIONS", "male"): 304,
    ("ALL OCCUPATIONS", "not classified"): 62,
    ("Software & Technology", "female"): 2,
    ("Software & Technology", "male"): 96,
    ("Software & Technology", "not classified"): 19,
    ("Creative & Multimedia", "male"): 133,
    ("Sales & Marketing", "male"): 68,
    ("Clerical & Data Entry", "male"): 41,
    ("Writing & Translation", "female"): 12,
    ("Professional Services", "male"): 47,
}


def freelance_rows() -> list[dict]:
    """Return the rows above: figures, SBP months Jul 2024–Jun 2025 with their FY sum, OLI sample."""
    return FIGURES + REMIT + [FY_SUM] + oli("PAK", PAK_OLI)


def curated_metadata(panel: pd.DataFrame) -> pd.DataFrame:
    """Return a published_figures-like table (figure_id = ref, series, publisher, reporter) for ``panel``.

    Publishers come from the curated section of the series catalogue, as in the real table.
    """
    rows = panel[panel["source"] == "published_figures"]
    curated = CATALOGUE["curated"]
    return pd.DataFrame(
        {
            "figure_id": rows["ref"],
            "series": rows["series"],
            "publisher": [curated.get(s, {}).get("publisher", "unknown") for s in rows["series"]],
            "reporter": "a test outlet",
        }
    ).reset_index(drop=True)
