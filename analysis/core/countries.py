"""Country names and codes -> ISO3; World Bank aggregates flagged.

Names are matched against the World Bank's own names (country metadata ``table_name`` and the
names in WDI data files), then against ``ALIASES`` — the short names other publishers use
(the OLI sample says 'Russia' where the World Bank says 'Russian Federation').
"""

from __future__ import annotations

import pandas as pd

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


class CountryMap:
    """Name/code lookup built from the WDI country metadata and the names seen in WDI files."""

    def __init__(self, metadata: pd.DataFrame, names: dict[str, str]):
        codes = metadata["country_code"]
        self.by_name = {**names, **dict(zip(metadata["table_name"], codes)), **ALIASES}
        self.names = {**{c: n for n, c in ALIASES.items()}, **dict(zip(codes, metadata["table_name"]))}
        self.aggregate = {
            **{c: False for c in ALIASES.values()},
            **dict(zip(codes, metadata["region"].str.strip() == "")),
        }
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
