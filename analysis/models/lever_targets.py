"""Default lever targets: where each policy lever's parameter is taken to at the horizon, and why.

A target comes from data where data exist — the cheapest main remittance corridor to Pakistan; for
software, the median of the peers ahead of Pakistan in the OLI 2020 sample; for women, the peers'
representation in the OLI sample relative to women's share of their labour force (WDI participation
rates), applied to Pakistan's labour force — and otherwise from a stated judgement (half the gap
closed). ``target_source`` says which; ``evidence`` sets every target against the other rows the
panel holds on the same quantity (Findex accounts and banked freelancers for the formal channel, the
World Bank's software share, women's labour-force participation), numbers and periods included.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.countries import PAK, PEERS
from analysis.core.framememo import per_frame
from analysis.models.levers import LEVER_ALLOWED, LEVERS, Param, oli_shares
from analysis.models.workforce import OLI as OLI_SERIES
from analysis.panel.query import calendar_history, select

LFP_FEMALE, LFP_MALE = "SL.TLF.CACT.FE.ZS", "SL.TLF.CACT.MA.ZS"  # WDI labour-force participation, % of 15+


def _peer_target(panel, column: str, peers) -> tuple[float, str]:
    """Median share among peers ahead of Pakistan in the OLI 2020 sample (Pakistan's own if none)."""
    shares = oli_shares(panel, (PAK,) + tuple(peers))[column].dropna()
    ahead = shares.drop(PAK)[shares.drop(PAK) > shares[PAK]]
    if ahead.empty:
        return float(shares[PAK]), "no peer ahead: Pakistan's own OLI share"
    return float(ahead.median()), f"median of peers ahead in the OLI 2020 sample ({', '.join(ahead.index)})"


CORRIDORS = ("USA", "GBR", "ARE", "SAU")  # the main sending countries to Pakistan in RPW's corridor data
CORRIDOR_COST = "RPW.CORRIDOR.COST_200_PCT"


def _corridor_means(panel) -> tuple[pd.Series, dict[str, pd.Series]]:
    """Mean cost (percent) of each main corridor to Pakistan over its last four quarters; their periods."""
    rows = select(panel, iso3=PAK, series=CORRIDOR_COST)
    rows = rows[rows["breakdown"].isin([f"from={c}" for c in CORRIDORS]) & (rows["value"] >= 0)]
    last4 = rows.sort_values("start").groupby("breakdown").tail(4)
    return last4.groupby("breakdown")["value"].mean(), dict(tuple(last4.groupby("breakdown")["period"]))


def _cost_target(panel, baseline: float) -> tuple[float, str]:
    """The cheapest main corridor to Pakistan in RPW's corridor data, averaged over its last four quarters
    (the old curated 2012 corridor if the panel lacks them; the baseline if none is cheaper)."""
    mean, spans = _corridor_means(panel)
    if mean.empty:
        rows = select(panel, iso3=PAK, series="RPW.CORRIDOR_COST")
        if rows.empty or rows["value"].min() >= baseline:
            return baseline, "no cheaper observed corridor: baseline"
        row = rows.loc[rows["value"].idxmin()]
        return float(
            row["value"]
        ), f"cheapest observed corridor to Pakistan ({row['breakdown']}, {row['period']})"
    best = mean.idxmin()
    span = spans[best]
    if mean[best] >= baseline:
        return baseline, f"no main corridor cheaper than the baseline ({CORRIDOR_COST}): baseline"
    return float(mean[best]), (
        f"cheapest of the main corridors to Pakistan ({', '.join(CORRIDORS)}): {best}, mean of "
        f"{span.iloc[0]}–{span.iloc[-1]} ({CORRIDOR_COST}; a third-party compilation of RPW)"
    )


def women_labour_share(panel, iso3: str, year: int | None = None) -> tuple[float, int] | None:
    """Women's share (fraction) of the 15+ labour force from WDI participation rates, and its year.

    share = F / (F + M) with F, M the female and male participation rates (percent of 15+), which
    assumes as many women as men aged 15+; ``year`` None = the latest year with both. None if absent.
    """
    try:
        both = pd.concat([calendar_history(panel, s, iso3) for s in (LFP_FEMALE, LFP_MALE)], axis=1).dropna()
    except ValueError:
        return None
    both = both[both.index <= year] if year is not None else both
    if both.empty:
        return None
    f, m = both.iloc[-1]
    return float(f / (f + m)), int(both.index[-1])


def _female_target(panel, peers) -> tuple[float, str]:
    """Pakistan's women's labour share × the median representation ratio of the peers ahead of it.

    Representation = OLI female share / women's labour share in the OLI sample's year: it asks women
    to be as present among Pakistan's online workers, relative to their place in its labour force, as
    they are among the peers' — not to match the peers' raw shares (Philippine women's participation
    is twice Pakistan's).
    """
    shares = oli_shares(panel, (PAK,) + tuple(peers))["female_share"].dropna()
    oli_year = _oli_year(panel)
    labour = {c: women_labour_share(panel, c, oli_year) for c in shares.index}
    now = women_labour_share(panel, PAK)
    if now is None or any(v is None for v in labour.values()):
        return _peer_target(panel, "female_share", peers)
    ratio = pd.Series({c: shares[c] / labour[c][0] for c in shares.index})
    ahead = ratio.drop(PAK)[ratio.drop(PAK) > ratio[PAK]]
    if ahead.empty:
        return float(shares[PAK]), "no peer ahead in representation: Pakistan's own OLI share"
    target = min(float(ahead.median() * now[0]), LEVER_ALLOWED["female_share"][1])
    return target, (
        f"Pakistan's women's labour share ({LFP_FEMALE}, {LFP_MALE} {now[1]}: {100 * now[0]:.1f} %) × the "
        f"median representation ratio (OLI female share / women's labour share, {oli_year}) of the peers "
        f"ahead ({', '.join(ahead.index)}: {ahead.median():.2f}; Pakistan {ratio[PAK]:.2f})"
    )


def _oli_year(panel) -> int:
    """The first calendar year of the OLI 2020 sample's period (e.g. 2020 for '2020-21')."""
    rows = select(panel, iso3=PAK, series=OLI_SERIES)
    return int(str(rows["period"].iloc[0])[:4])


def _latest(panel, series: str, iso3: str = PAK) -> pd.Series | None:
    rows = select(panel, iso3=iso3, series=series)
    return None if rows.empty else rows.sort_values("end").iloc[-1]


def _evidence(panel, peers) -> dict[str, str]:
    """Parameter → the panel's other rows on the same quantity, with numbers and periods."""
    mean, spans = _corridor_means(panel)
    cost = "; ".join(f"{k.removeprefix('from=')} {v:.2f} %" for k, v in mean.sort_values().items())
    findex = {c: _latest(panel, "FINDEX.ACCOUNT", c) for c in (PAK,) + tuple(peers)}
    findex = {c: r for c, r in findex.items() if r is not None}
    banked, count = _latest(panel, "FL.COUNT.BANKED"), _latest(panel, "FL.COUNT.GOV")
    formal = ["not measured by any publisher"]
    if findex:
        formal.append(
            "Findex account ownership, % of adults: "
            + ", ".join(f"{c} {r['value']:.0f} ({r['period']})" for c, r in findex.items())
        )
    if banked is not None and count is not None:
        formal.append(
            f"{banked['value']:,.0f} freelancers with a bank account ({banked['period']}) = "
            f"{100 * banked['value'] / count['value']:.1f} % of the {count['value'] / 1e6:.2f} million "
            "headcount; neither measures the share of earnings arriving formally"
        )
    oli = oli_shares(panel, (PAK,) + tuple(peers))
    soft = ["OLI 2020 sample: " + ", ".join(f"{c} {100 * v:.1f} %" for c, v in oli["software_share"].items())]
    wb = _latest(panel, "FL.SOFTWARE_SHARE.WB")
    if wb is not None:
        soft.append(
            f"World Bank: {wb['value']:.1f} % of Pakistan's online freelancers in software ({wb['period']}), "
            "another definition"
        )
    fem = ["OLI 2020 sample: " + ", ".join(f"{c} {100 * v:.1f} %" for c, v in oli["female_share"].items())]
    labour = {c: women_labour_share(panel, c) for c in oli.index}
    if all(v is not None for v in labour.values()):
        fem.append(
            "women's share of the 15+ labour force (WDI participation, equal numbers of women and men "
            "assumed): " + ", ".join(f"{c} {100 * v[0]:.1f} % ({v[1]})" for c, v in labour.items())
        )
    return {
        "receive_cost_pct": f"main corridors to Pakistan, mean of the last four quarters: {cost}"
        if cost
        else "no corridor rows",
        "formal_channel_share": "; ".join(formal),
        "export_recorded_share": "not measured by any publisher: no row splits formal freelance receipts "
        "between the exports and the remittances lines",
        "software_share": "; ".join(soft),
        "female_share": "; ".join(fem),
    }


def _halfway(share: float, what: str) -> tuple[float, str]:
    return share + (1 - share) / 2, f"judgement: half of the {what}"


def default_targets(panel: pd.DataFrame, params: dict[str, Param], peers=PEERS) -> pd.DataFrame:
    """Return one row per lever parameter: baseline, default target (reached at the horizon) and why.

    Computed once per panel object, peers and lever parameters (a notebook asks for them many times).
    """
    lever_params = tuple(params[name] for names, _ in LEVERS.values() for name in names)
    key = ("default lever targets", tuple(peers), lever_params)
    return per_frame(panel, key, lambda: _default_targets(panel, params, tuple(peers))).copy()


def _default_targets(panel: pd.DataFrame, params: dict[str, Param], peers: tuple[str, ...]) -> pd.DataFrame:
    targets = {
        "receive_cost_pct": _cost_target(panel, params["receive_cost_pct"].value),
        "formal_channel_share": _halfway(params["formal_channel_share"].value, "informal share formalised"),
        "export_recorded_share": _halfway(
            params["export_recorded_share"].value, "formal receipts not recorded as exports reclassified"
        ),
        "software_share": _peer_target(panel, "software_share", peers),
        "female_share": _female_target(panel, peers),
    }
    evidence = _evidence(panel, peers)
    rows = [
        {
            "lever": lever,
            "parameter": name,
            "unit": params[name].unit,
            "baseline": params[name].value,
            "default_target": targets[name][0],
            "allowed_low": LEVER_ALLOWED[name][0],
            "allowed_high": LEVER_ALLOWED[name][1],
            "mechanism": mechanism,
            "target_source": targets[name][1],
            "evidence": evidence[name],
        }
        for lever, (names, mechanism) in LEVERS.items()
        for name in names
    ]
    return pd.DataFrame(rows)
