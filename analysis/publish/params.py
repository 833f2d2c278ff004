"""Report parameters: decoded from ``key=value`` text (:func:`parse_params`) and checked before any
notebook runs (:func:`check`), one line naming the bad value and what is allowed.

``check(params)`` returns the parameters with economies normalised ('pak' or 'Pakistan' -> 'PAK')
and raises ValueError at the first parameter that no notebook could use: an unknown economy (with a
suggestion), a fiscal-year label that is not one, a number of the wrong type or outside its range.
Names not listed here pass unchanged (the notebooks check them).
"""

from __future__ import annotations

import difflib
import json
import math
import re

from analysis.core import paths, periods
from analysis.core.countries import ALIASES
from analysis.sources.rawio import COUNTRY_METADATA_COLUMNS, read_csv_rows
from analysis.sources.registry import METADATA_FILE

# name -> (type, low, high) for numeric parameters (inclusive bounds; None = unbounded)
NUMBERS = {
    "tolerance_pct": (float, 0.0, None),
    "draws": (int, 100, 10_000_000),
    "seed": (int, 0, None),
    "n_paths": (int, 100, 1_000_000),
    "n_origins": (int, 1, 200),
    "horizon_years": (int, 1, 50),
    "horizon_months": (int, 1, 600),
    "season_years": (int, 1, 50),
    "start_year": (int, 1960, 2100),
    "end_year": (int, 1960, 2100),
    "base_year": (int, 1960, 2100),
}
FISCAL_YEARS = ("horizon", "fiscal_year", "other_fiscal_year", "quoted_share_fy")
COUNTRY_LISTS = ("countries",)


def _economies(raw_dir=paths.RAW) -> dict[str, tuple[str, str]]:
    """Return {lower-case code or name: (ISO3, name as written)} for the WDI economies and the aliases."""
    meta = read_csv_rows(raw_dir / METADATA_FILE, COUNTRY_METADATA_COLUMNS)
    pairs = [*zip(meta["country_code"], meta["country_code"]), *zip(meta["table_name"], meta["country_code"])]
    pairs += [*ALIASES.items(), *((c, c) for c in ALIASES.values())]
    return {text.lower(): (code, text) for text, code in pairs}


def _country(name: str, value, known: dict[str, tuple[str, str]]) -> str:
    if not isinstance(value, str):
        raise ValueError(f"parameter {name!r}: {value!r} is not an ISO3 code or economy name")
    found = known.get(value.strip().lower())
    if found is None:
        close = difflib.get_close_matches(value.strip().lower(), list(known), n=1, cutoff=0.6)
        hint = f"; did you mean {known[close[0]][0]!r} ({known[close[0]][1]})?" if close else ""
        raise ValueError(f"parameter {name!r}: unknown economy {value!r}{hint}")
    return found[0]


def _number(name: str, value, kind: type, low, high):
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (kind is int and value != int(value))
    ):
        raise ValueError(
            f"parameter {name!r} = {value!r}: expected {'a whole number' if kind is int else 'a number'}"
        )
    if not math.isfinite(value) or (low is not None and value < low) or (high is not None and value > high):
        span = f"[{'-inf' if low is None else low}, {'inf' if high is None else high}]"
        raise ValueError(f"parameter {name!r} = {value!r} is outside its allowed range {span}")
    return kind(value)


def check(params: dict | None) -> dict:
    """Return ``params`` checked and normalised; ValueError naming the first bad parameter."""
    out = dict(params or {})
    for name in COUNTRY_LISTS:
        if name in out:
            value = out[name]
            if not isinstance(value, list) or not value:
                raise ValueError(
                    f'parameter {name!r} = {value!r}: expected a non-empty list like ["PAK", "IND"]'
                )
            known = _economies()
            out[name] = [_country(name, v, known) for v in value]
    for name in FISCAL_YEARS:
        if name in out:
            value = out[name]
            if (
                not isinstance(value, str)
                or not re.match(r"^(FY)?\s*\d", value.strip(), flags=re.I)
                or re.fullmatch(r"\d{4}", value.strip())
            ):
                raise ValueError(
                    f'parameter {name!r} = {value!r}: expected a July–June fiscal year like "FY2031-32"'
                )
            try:
                out[name] = periods.normalise_fy(value)
            except ValueError as exc:
                raise ValueError(f"parameter {name!r}: {exc}") from None
    for name, (kind, low, high) in NUMBERS.items():
        if name in out and out[name] is not None:
            out[name] = _number(name, out[name], kind, low, high)
    return out


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"--params: {text!r} is not a finite number")
    return value


def _no_constant(name: str):
    raise ValueError(f"--params: {name} is not a number a parameter may take (finite numbers only)")


_DECODER = json.JSONDecoder(parse_float=_finite, parse_constant=_no_constant)


def parse_params(text: str | None) -> dict:
    """Return parameters from ``key=value key=value`` text (values JSON, else bare strings) or a JSON object.

    NaN, infinities and numbers too large for a float are refused (ValueError naming them).

    >>> parse_params('countries=["PAK", "LKA"] start_year=2005 scenario=high')
    {'countries': ['PAK', 'LKA'], 'start_year': 2005, 'scenario': 'high'}
    """
    text = (text or "").strip()
    if text.startswith("{"):
        return _DECODER.decode(text)
    params, pos = {}, 0
    while pos < len(text):
        match = re.compile(r"\s*([A-Za-z_]\w*)=").match(text, pos)
        if not match:
            raise ValueError(f"--params: expected key=value at {text[pos:]!r}")
        key, pos = match.group(1), match.end()
        try:
            params[key], pos = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError:
            word = re.compile(r"\S*").match(text, pos)
            params[key], pos = word.group(0), word.end()
            if re.fullmatch(r"[+-]?(nan|inf|infinity)", params[key], flags=re.I):
                raise ValueError(f"--params: {key}={params[key]} is not a finite number") from None
        pos = len(text) - len(text[pos:].lstrip())
    return params
