"""Project root and data folders; nothing else.

The data folder (``raw/`` and ``processed/``) is the repository's ``data/`` unless the environment
variable ``GIGS_DATA`` names another (e.g. for a library installed outside the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("GIGS_DATA") or ROOT / "data")
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
SOURCES_YML = RAW / "sources.yml"
CACHE = ROOT / ".cache"  # machine state kept in the repository (git-ignored, safe to delete)
REPORT_CACHE = CACHE / "reports"
# The offline mirror of publisher files sits beside the repository (never copied into it).
MIRROR = Path(os.environ.get("GIGS_MIRROR", ROOT.parent / "shared" / "data" / "upstream"))
