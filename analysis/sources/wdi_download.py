"""The live WDI download: one indicator's zip from the World Bank API, its CSV files extracted."""

from __future__ import annotations

import io
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from analysis.core.errors import DataError

WDI_URL = "https://api.worldbank.org/v2/en/indicator/{code}?downloadformat=csv"


@dataclass(frozen=True)
class WdiZip:
    """Files extracted from a World Bank per-indicator download."""

    url: str
    data: Path
    country: Path | None
    indicator: Path | None


def fetch_wdi_zip(code: str, dest_dir: Path, opener=urllib.request.urlopen) -> WdiZip:
    """Download the WDI zip of indicator ``code`` and extract its CSV files into ``dest_dir``."""
    url = WDI_URL.format(code=code)
    with opener(url) as response:
        payload = response.read()
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile as exc:
        raise DataError(url, None, None, f"a zip holding API_{code}_DS2_*.csv", "not a zip file") from exc
    prefixes = {"data": f"API_{code}_DS2", "country": "Metadata_Country_", "indicator": "Metadata_Indicator_"}
    found: dict[str, Path] = {}
    with archive:
        names = sorted(archive.namelist())
        for name in names:
            base = PurePosixPath(name).name  # never extract outside dest_dir
            kind = next(
                (k for k, p in prefixes.items() if base.startswith(p) and base.endswith(".csv")), None
            )
            if kind:
                found[kind] = Path(dest_dir) / base
                found[kind].write_bytes(archive.read(name))
    if "data" not in found:
        raise DataError(url, None, None, f"a member API_{code}_DS2_*.csv", names)
    return WdiZip(url, found["data"], found.get("country"), found.get("indicator"))
