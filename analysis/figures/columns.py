"""Table words for readers: column headers with units, series codes as catalogue labels, digits by unit.

One mechanism for every table outside a notebook's sources section:

- a **series code** (``BX.GSR.CCIS.CD:per_internet_user``) becomes its catalogue label with its unit
  (:func:`analysis.sources.series.label`);
- an **explicit label** (:data:`LABELS`) names a column the grammar cannot (``base_draws_below_pct``);
- otherwise the **column-name grammar** reads the project's conventions: a unit suffix
  (``_usd_million``, ``_pct``, ``_pp``, ``_persons``…, see :data:`UNITS`) becomes ", unit", a trailing
  ``_low``/``_high`` a bound, a leading ``n_`` "Number of", ``pct_`` "Percent of", and known
  abbreviations words (:data:`WORDS`: ``mc`` Monte Carlo, ``p10`` 10th percentile, ``fy`` fiscal year).

The same grammar says how many decimals a column gets (:func:`column_digits`): persons and counts
whole, money in USD million to one decimal, shares to one decimal. The downloadable CSV keeps the
original names and codes.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from analysis.figures.labels import BASIS_LABELS
from analysis.sources import series as catalogue_series

# Unit suffixes (as name tokens) -> (unit text, decimals). Longest suffix wins.
UNITS: dict[tuple[str, ...], tuple[str, int]] = {
    ("usd", "million", "per", "year"): ("USD million per year", 1),
    ("usd", "million"): ("USD million", 1),
    ("usd", "billion"): ("USD billion", 2),
    ("usd", "per", "year"): ("USD per year", 0),
    ("usd", "per", "month"): ("USD per month", 0),
    ("usd", "per", "capita"): ("USD per person", 1),
    ("usd", "per", "internet", "user"): ("USD per internet user", 1),
    ("ppp", "dollars", "per", "month"): ("PPP dollars per month", 0),
    ("hours", "per", "month"): ("hours per month", 0),
    ("pct", "per", "year"): ("percent per year", 1),
    ("usd",): ("USD", 0),
    ("pct",): ("percent", 1),
    ("pp",): ("percentage points", 1),
    ("persons",): ("persons", 0),
    ("days",): ("days", 0),
}
# Name tokens -> words (abbreviations the project uses in column names).
WORDS = {
    "mc": "Monte Carlo",
    "fy": "fiscal year",
    "gdp": "GDP",
    "oli": "OLI",
    "ppp": "PPP",
    "usd": "USD",
    "wb": "World Bank",
    "mae": "mean absolute error",
    "mape": "mean absolute percentage error",
    "cagr": "compound annual growth",
    "lr": "likelihood-ratio",
    "12m": "12-month",
    "iso3": "ISO3",
    "vs": "vs",
    "hijri": "Hijri",
    "eid": "Eid",
    "lo80": "80% interval, low end",
    "hi80": "80% interval, high end",
    "lo95": "95% interval, low end",
    "hi95": "95% interval, high end",
}
PERCENTILE = re.compile(r"p(\d{1,2})")
BOUNDS = {"low": "low", "high": "high"}
# Columns the grammar cannot read, or reads badly.
LABELS = {
    "iso3": "Economy (ISO3)",
    "country_name": "Economy",
    "peer": "Peer economy (ISO3)",
    "fy": "Fiscal year",
    "basis": "Period basis",
    "ref": "Reference",
    "url": "Address",
    "p_value": "p-value",
    "base_draws_below_pct": "Monte Carlo draws below the base path, percent",
    "draws": "Monte Carlo draws",
    "usd_million_annualised_x12_9": "Annualised (Jul-Mar ×12/9), USD million",
    "earnings_usd_million_per_year": "Earnings, USD million per year",
    "coefficient_log": "Coefficient (log points)",
    "lr_statistic": "Likelihood-ratio statistic",
    "wilson_lo_pct": "Wilson interval, low end, percent",
    "wilson_hi_pct": "Wilson interval, high end, percent",
    "interval_score_pct": "Interval score, percent",
    "gross_earnings_per_freelancer_usd": "Gross earnings per freelancer, USD",
    "per_freelancer_growth_pct_per_year": "Growth of earnings per freelancer, percent per year",
    "pct_of_gdp": "Share of GDP, percent",
    "usd_per_capita": "USD per person",
    "adoption_rate": "Adoption rate (share of working-age internet users)",
    "claimed_in_evidence_unit": "Claimed, in the evidence's unit",
    "n_profiles": "Number of OLI worker profiles",
    "ratio_unit": "Unit of the ratio",
    "peer_ratio": "Peer's ratio",
    "coverage_80_pct": "Outcomes inside the 80% interval, percent",
    "coverage_95_pct": "Outcomes inside the 95% interval, percent",
    "interval_score_80_pct": "Interval score (80%), percent",
    "interval_score_95_pct": "Interval score (95%), percent",
    "naive_mape_pct": "Seasonal naive's mean absolute percentage error, percent",
    "mae_12m_total_pct": "Mean absolute error of the 12-month total, percent",
    "mae_fy_total_pct": "Mean absolute error of the fiscal-year total, percent",
    "nominal_pct": "Nominal coverage, percent",
    "observed_pct": "Observed coverage, percent",
    "label_names_tier": "Tier the figure's label names",
    "pct_low": "Percent of labour force, low",
    "pct_high": "Percent of labour force, high",
}
# Columns whose decimals no unit suffix gives.
DIGITS = {
    "p_value": 3,
    "lr_statistic": 2,
    "elasticity": 2,
    "model_elasticity": 2,
    "coefficient_log": 3,
    "adoption_rate": 4,
    "peer_ratio": 2,
}
NAME_COLUMNS = ("variable", "metric", "tier")  # cells that are column or metric names: read as headers
COUNT_NAMES = {"draws", "rows", "routes", "figures", "mentions", "months", "year", "years"}
_CODE_CHARS = r"A-Za-z0-9_."


def series_unit(code: str) -> str:
    """Return the panel unit of a catalogue series code (derived codes: the suffix's unit)."""
    base, _, suffix = code.partition(":")
    derived = catalogue_series.CATALOGUE["derived"]
    if code == catalogue_series.INTERNET_USERS or suffix:
        return derived[":" + (suffix or "persons")]["unit"]
    return str(catalogue_series.entry(base)["unit"])


def is_series_code(text) -> bool:
    """Return True when ``text`` is a series code of the catalogue (derived suffixes included)."""
    if not isinstance(text, str) or not text:
        return False
    base, _, suffix = text.partition(":")
    known = base in catalogue_series.CATALOGUE["published"] or base in catalogue_series.CATALOGUE["curated"]
    return known and (not suffix or ":" + suffix in catalogue_series.DERIVED)


def series_header(code: str) -> str:
    """Return 'label, unit' for a series code (the derived part said once when the unit says it)."""
    text, unit = catalogue_series.label(code), series_unit(code)
    base, _, suffix = code.partition(":")
    if suffix and unit.endswith(catalogue_series.DERIVED[":" + suffix]):
        text = catalogue_series.label(base)
    return f"{text}, {unit}"


def column_label(name) -> str:
    """Return a reader's header for a column name: catalogue label, explicit label or the grammar."""
    name = str(name)
    if is_series_code(name):
        return series_header(name)
    if name in LABELS:
        return LABELS[name]
    if not re.fullmatch(r"[a-z0-9_]+", name):
        return name[:1].upper() + name[1:]  # already words ("denominator, USD million", "10 %", "PAK")
    tokens = name.split("_")
    bound = BOUNDS.get(tokens[-1]) if len(tokens) > 1 else None
    if bound:
        tokens = tokens[:-1]
    found, tokens = _unit_suffix(tokens)
    unit = found[0] if found else None
    prefix = ""
    if tokens[:1] == ["n"] and len(tokens) > 1:
        prefix, tokens = "number of ", tokens[1:]
    elif tokens[:1] == ["pct"] and len(tokens) > 1 and unit is None:
        prefix, tokens = "percent of ", tokens[1:]
    stem = prefix + " ".join(_word(t) for t in tokens)
    parts = [p for p in (stem, bound if stem else None, unit) if p]
    text = ", ".join(parts) if stem else ", ".join(p for p in (unit, bound) if p)
    return text[:1].upper() + text[1:]


def column_digits(name, values: pd.Series) -> int:
    """Return the decimals to show a numeric column with: by name and unit, else by magnitude.

    Whole-valued columns show no decimals (2,320,000, not 2,320,000.0); small ratios show three.
    """
    name = str(name)
    if name in DIGITS:
        return DIGITS[name]
    if is_series_code(name):
        return 0 if series_unit(name) == "persons" else 1
    tokens = name.split("_")
    if len(tokens) > 1 and tokens[-1] in BOUNDS:
        tokens = tokens[:-1]
    found, _ = _unit_suffix(tokens)
    if found is None and tokens[0] == "pct":
        found = UNITS[("pct",)]
    if found is not None and found[0] in ("percent", "percentage points"):
        return found[1] + 1 if _all_below_one(values) else found[1]  # 0.04 %, not 0.0 %
    if found is not None and found[0] in ("persons", "days"):
        return found[1]
    if found is not None:
        return found[1] + 1 if found[1] == 0 and _has_small(values) else found[1]  # USD 0.4 a month, not 0
    if tokens[0] == "n" or name in COUNT_NAMES:
        return 0
    return magnitude_digits(values)


def names_a_unit(name) -> bool:
    """Return True when a column's name (or the explicit tables) fixes its decimals."""
    name = str(name)
    tokens = name.split("_")
    tokens = tokens[:-1] if len(tokens) > 1 and tokens[-1] in BOUNDS else tokens
    named = name in DIGITS or is_series_code(name) or name in COUNT_NAMES or tokens[0] in ("n", "pct")
    return named or _unit_suffix(tokens)[0] is not None


def unit_digits(unit) -> int | None:
    """Return the decimals for a value in ``unit`` (a unit column's text), or None when the unit says none."""
    if not isinstance(unit, str):
        return None
    if unit in ("persons", "rank", "worker profiles") or unit.startswith("number"):
        return 0
    if unit in ("USD million", "percent") or unit.startswith(("percent of", "per 100")):
        return 1  # (a rate per year or in percentage points: significant digits, 0.255 pp)
    return None


def value_digits(value, unit) -> int:
    """Return the decimals for one value beside its unit: the unit's (:func:`unit_digits`), else three
    significant digits (0.255, 1.66, 27.4, 779; whole numbers without decimals)."""
    places = unit_digits(unit)
    if places is not None:
        return places
    if pd.isna(value) or value == 0 or float(value) % 1 == 0:
        return 0
    return max(0, 2 - math.floor(math.log10(abs(value))))


def magnitude_digits(values: pd.Series) -> int:
    """Return decimals by magnitude: none for whole numbers, three when every value is below one, else one."""
    present = pd.to_numeric(values, errors="coerce").dropna()
    if len(present) and (present % 1 == 0).all():
        return 0
    return 3 if _all_below_one(present) else 1


def _all_below_one(values: pd.Series) -> bool:
    present = pd.to_numeric(values, errors="coerce").dropna()
    return bool(len(present)) and bool((present.abs() < 1).all())


def _has_small(values: pd.Series) -> bool:
    present = pd.to_numeric(values, errors="coerce").dropna().abs()
    return bool(((present > 0) & (present < 10)).any())


def interval_digits(df: pd.DataFrame) -> dict[str, list[int | None]]:
    """Return {column: decimals of each row} for forecast columns, rounded to what their interval supports.

    A family is the columns that share a unit suffix beside an interval (``lo80_X``/``hi80_X``,
    ``mc_p10_X``/``mc_p90_X``, or fan percentiles ``p10``/``p90``): in each row its centre and bounds
    get the place of the second significant digit of that row's interval (an 80 % interval 1,234
    wide: hundreds, 38,400); None where the row has no interval (the column's own decimals).
    """
    out: dict[str, list[int | None]] = {}
    for low, high, members in _interval_families(df):
        width = (pd.to_numeric(df[high], errors="coerce") - pd.to_numeric(df[low], errors="coerce")).abs()
        for col in members:
            finest = column_digits(col, df[col]) + 2
            out[col] = [min(1 - math.floor(math.log10(w)), finest) if w > 0 else None for w in width]
    return out


def cell_text(value) -> str | None:
    """Return a reader's word for a non-numeric cell: yes/no for booleans, blank for missing, a series
    code's label; None when the cell is ordinary text to show as it is."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, str):
        return BASIS_LABELS.get(value) or relabel_codes(value)
    return None


def relabel_codes(text: str) -> str:
    """Return ``text`` with every catalogue series code in it replaced by the code's label."""
    if is_series_code(text):
        return catalogue_series.label(text)
    if not any(ch in text for ch in "._"):
        return text
    return _code_pattern().sub(lambda m: catalogue_series.label(m.group(0)), text)


def _code_pattern() -> re.Pattern:
    """Return a regex matching any catalogue code (with an optional derived suffix) as a whole token."""
    global _CODE_RE
    if _CODE_RE is None:
        codes = [*catalogue_series.CATALOGUE["published"], *catalogue_series.CATALOGUE["curated"]]
        alternatives = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
        suffixes = "|".join(re.escape(s[1:]) for s in sorted(catalogue_series.DERIVED, key=len, reverse=True))
        _CODE_RE = re.compile(rf"(?<![{_CODE_CHARS}])(?:{alternatives})(?::(?:{suffixes}))?(?![A-Za-z0-9_])")
    return _CODE_RE


_CODE_RE: re.Pattern | None = None


def _interval_families(df: pd.DataFrame) -> list[tuple[str, str, list[str]]]:
    columns = [str(c) for c in df.columns]
    families = []
    for low_tag, high_tag in (("lo80_", "hi80_"), ("mc_p10_", "mc_p90_"), ("model_p5_", "model_p95_")):
        for col in columns:
            if col.startswith(low_tag) and high_tag + col[len(low_tag) :] in columns:
                unit = col[len(low_tag) :]
                prefixes = ("lo80_", "hi80_", "lo95_", "hi95_", "mean_", "median_", "model_")
                members = [c for c in columns if c.endswith("_" + unit) and c.startswith(prefixes)]
                members += [c for c in columns if c.startswith("mc_p") and c.endswith("_" + unit)]
                families.append((col, high_tag + unit, sorted(set(members))))
    if "p10" in columns and "p90" in columns:
        members = [c for c in columns if PERCENTILE.fullmatch(c) or c == "mean"]
        families.append(("p10", "p90", members))
    return families


def _unit_suffix(tokens: list[str]) -> tuple[tuple[str, int] | None, list[str]]:
    """Return ((unit, decimals) of the longest unit suffix, or None; the tokens before it)."""
    for size in range(min(4, len(tokens)), 0, -1):
        found = UNITS.get(tuple(tokens[-size:]))
        if found:
            return found, tokens[:-size]
    return None, tokens


def _word(token: str) -> str:
    if token in WORDS:
        return WORDS[token]
    match = PERCENTILE.fullmatch(token)
    if match:
        n = int(match.group(1))
        return (
            f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')} percentile"
        )
    return token
