"""The series catalogue: what each series code is (label, panel unit, definition, publisher).

The entries live in ``series.yml`` beside this module (metadata beside the data, not in code):
``published`` series are read from publisher files, ``curated`` ones come from the hand-curated
``published_figures.csv``, and ``derived`` suffixes name what the build computes from a base
series (``BX.GSR.CCIS.CD:per_capita``).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis.core.errors import DataError

CATALOGUE_FILE = Path(__file__).with_name("series.yml")
SECTIONS = {
    "published": ("label", "unit", "publisher_unit", "factor", "money", "definition", "publisher"),
    "curated": ("label", "unit", "definition", "publisher"),
    "derived": ("label", "unit", "definition"),
}


def load_catalogue(path: Path = CATALOGUE_FILE) -> dict[str, dict[str, dict]]:
    """Return {section: {code: entry}} from the catalogue; DataError naming a missing field."""
    try:
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except yaml.YAMLError as exc:
        raise DataError(path, None, None, f"valid YAML ({exc})") from None
    for section, fields in SECTIONS.items():
        for code, entry in (data or {}).get(section, {}).items():
            missing = [f for f in fields if f not in (entry or {})]
            if missing:
                raise DataError(
                    path,
                    None,
                    f"{section}.{code}",
                    f"the fields {', '.join(fields)}",
                    f"missing {', '.join(missing)}",
                )
    return data


CATALOGUE = load_catalogue()
# code -> (short name, panel unit, factor from the publisher's unit to the panel unit, is money)
PUBLISHED = {
    code: (e["label"], e["unit"], float(e["factor"]), bool(e["money"]))
    for code, e in CATALOGUE["published"].items()
}
# code -> the unit text the publisher's file states (every raw row is checked against it)
PUBLISHER_UNITS = {code: str(e["publisher_unit"]) for code, e in CATALOGUE["published"].items()}
# code -> (short name, definition): the series codes of the curated published figures
CURATED_SERIES = {code: (e["label"], e["definition"]) for code, e in CATALOGUE["curated"].items()}
# suffix (':per_capita') -> label appended to the base series' label
DERIVED = {suffix: e["label"] for suffix, e in CATALOGUE["derived"].items()}

SBP_REMITTANCES = "TS_GP_BOP_WR_M.WR0340"
INTERNET_USERS = "IT.NET.USER.ZS:persons"
# Money series that get per-capita, %-of-GDP, per-internet-user and year-on-year derivations.
DERIVED_BASES = ("BX.GSR.CCIS.CD", "BX.TRF.PWKR.CD.DT")


def entry(code: str) -> dict:
    """Return the catalogue entry of a published or curated code (KeyError if it has none)."""
    for section in ("published", "curated"):
        if code in CATALOGUE[section]:
            return CATALOGUE[section][code]
    raise KeyError(f"series {code!r} is not in {CATALOGUE_FILE.name}")


def label(code: str) -> str:
    """Return a reader's label: the entry's label, or 'base label, suffix label' for a derived code."""
    if code == INTERNET_USERS:
        return DERIVED[":persons"]
    base, _, suffix = code.partition(":")
    text = entry(base)["label"]
    return f"{text}, {DERIVED[':' + suffix]}" if suffix else text
