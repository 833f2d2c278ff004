"""Normal quantiles and sampling intervals shared by the models (one definition each)."""

from __future__ import annotations

import math

Z80 = 1.2815515655446004  # two-sided 80 % standard normal quantile
Z95 = 1.959963984540054  # two-sided 95 % standard normal quantile


def binomial_interval(share: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Return the normal-approximation interval (fractions, clipped to 0-1) of a sample share."""
    half = z * math.sqrt(share * (1 - share) / n)
    return max(0.0, share - half), min(1.0, share + half)
