"""Country names and codes -> ISO3; World Bank aggregates flagged.

Names are matched against the World Bank's own names (country metadata ``table_name`` and the
names in WDI data files), then against ``ALIASES`` — the short names other publishers use
(the OLI sample says 'Russia' where the World Bank says 'Russian Federation').
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.errors import DataError

PAK = "PAK"
PEERS = ("IND", "BGD", "PHL")  # Pakistan's peers (Pakistan not included)
COMPARISON = (PAK, *PEERS)  # Pakistan and its peers

# Publisher spellings -> ISO 3166 alpha-3 (the last three are not World Bank economies).
ALIASES = {
    "Cape Verde": "CPV",
    "Czech Republic": "CZE",
    "Egypt": "EGY",
    "Hong Kong": "HKG",
    "Kyrgyzstan": "KGZ",
    "Laos": "LAO",
    "Macedonia": "MKD",
    "Palestinian Territories": "PSE",
    "Puerto Rico": "PRI",
    "Russia": "RUS",
    "Saint Lucia": "LCA",
    "Slovakia": "SVK",
    "Somalia": "SOM",
    "South Korea": "KOR",
    "Turkey": "TUR",
    "Venezuela": "VEN",
    "Vietnam": "VNM",
    "Yemen": "YEM",
    "United States": "USA",
    "United Kingdom": "GBR",
    "Guadeloupe": "GLP",
    "Jersey": "JEY",
    "Taiwan": "TWN",
}


def aggregate_flags(metadata: pd.DataFrame, path: str | Path = "country metadata") -> dict[str, bool]:
    """Return {code: is aggregate} of the WDI country metadata: the one rule for every reader.

    An aggregate (region, income group, the world) is a row with a blank region; it has no income
    group either. A row with an income group but no region, or with no name, is incomplete
    metadata for an economy and is refused (DataError naming ``path``, line and column).
    """
    region = metadata["region"].str.strip()
    for i, (code, income, name) in enumerate(
        zip(
            metadata["country_code"], metadata["income_group"].str.strip(), metadata["table_name"].str.strip()
        )
    ):
        if not name:
            raise DataError(path, i + 2, "table_name", f"the World Bank's name of {code}", name)
        if region.iat[i] == "" and income:
            raise DataError(
                path, i + 2, "region", f"the region of {code} (an economy: income group {income!r})", ""
            )
    return dict(zip(metadata["country_code"], region == ""))


class CountryMap:
    """Name/code lookup built from the WDI country metadata and the names seen in WDI files."""

    def __init__(self, metadata: pd.DataFrame, names: dict[str, str], path: str | Path = "country metadata"):
        codes = metadata["country_code"]
        self.by_name = {**names, **dict(zip(metadata["table_name"], codes)), **ALIASES}
        self.names = {**{c: n for n, c in ALIASES.items()}, **dict(zip(codes, metadata["table_name"]))}
        # publisher spellings of economies outside the metadata are never aggregates
        self.aggregate = {**{c: False for c in ALIASES.values()}, **aggregate_flags(metadata, path)}
        self.codes = set(self.names)

    def iso3(self, name: str) -> str:
        """Return the ISO3 (or WB aggregate) code for a publisher's country name; KeyError if unknown."""
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(
                f"unknown country name {name!r}: add it to analysis.core.countries.ALIASES"
            ) from None

    def is_aggregate(self, code: str) -> bool:
        """True for World Bank regions, income groups and the world (metadata rows with no region)."""
        try:
            return self.aggregate[code]
        except KeyError:
            raise KeyError(f"unknown country code {code!r}: not in the WDI country metadata") from None

    def name(self, code: str) -> str:
        """Return the World Bank's name for ``code`` (or the publisher alias for non-WB economies)."""
        return self.names[code]
