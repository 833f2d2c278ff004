"""Layer 3, panel: data/raw -> the tidy panel (build, derived series) and the one query module."""
