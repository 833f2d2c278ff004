"""The hand-curated tables of data/raw: published figures and the source article's claims.

``published_figures.csv`` holds one number per row taken from the stored web pages
(mirror ``pages/pages_figures.csv`` = a0..a33 and ``pages_figures_2.csv`` = b0..b45, 0-based
data rows), each with its address and the sentence it was taken from. Lists such as
"129;68;48;40;33" are split one number per row; a range "8.5-9" becomes ``bound=low``/``bound=high``.
Merged or left out: b2 repeats b0/b1's 154 and 435 million (kept once, from the World Bank page);
a32's India 24, Bangladesh 16 and US 12 repeat a29 (same 2017 OLI reading; only a32's Pakistan
and Philippines figures are kept). Added beside the pages' own figures, from the same quoted
sentences: 2.65 (a8), 286 (a7), 1.944/2.284 and the ICT shares (a11, a12), 38,000 and 15% (a19),
all ten Payoneer countries (a21-a25), Ukraine/USA women's shares (b11), RPW 2023Q2 and 2020Q4
averages (b35, b38), UAE→Sri Lanka (b40), Indonesia unbanked (b45), and the ranks that bear on the
article's "ranked fourth" claim (a21's headline, a32, b13, b15, b31). Left out: a5's sentence
calling FY2022-23's 2.596 the ICT total (a4's sentence calls it IT & ITeS; kept once, under
ITITES.EXP.SBP) and numbers of no series here (e.g. MoITT "Services $3.8 billion", PTA "12.5%").
``secondary`` is true when the page is not the publisher's own text nor a direct report of its
release: blogs and opinion columns, syndicated/aggregated/proxy copies, restatements by another
body (analyst, PSEB citing the ILO) and rows the pages compiler flagged as secondary.
"""
from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

from analysis import paths, periods
from analysis.errors import DataError
from analysis.sources.quotes import number_forms, quote_has_number
from analysis.sources.rawio import text_file

FIGURE_COLUMNS = ["figure_id", "iso3", "series", "metric", "definition", "breakdown", "period",
                  "basis", "start", "end", "value", "unit", "source_title", "url", "quote",
                  "secondary"]
CLAIM_COLUMNS = ["claim_id", "quote", "claim", "value", "unit", "period", "basis", "iso3",
                 "attribution", "kind"]
TABLES = {"published_figures": (FIGURE_COLUMNS, "figure_id", {"breakdown"}),
          "article_claims": (CLAIM_COLUMNS, "claim_id", {"attribution"})}
CLAIM_KINDS = ("count", "earnings", "share", "rank")
BASES = (periods.CALENDAR, periods.FY_JUL_JUN, periods.FY_APR_MAR, periods.FY_JUL_JUN_PARTIAL,
         periods.MONTH, periods.QUARTER, periods.POINT)

# unit as published -> (panel unit, factor to the panel unit)
UNITS = {
    "USD billion": ("USD million", 1000), "USD million": ("USD million", 1),
    "million persons": ("persons", 1_000_000), "persons": ("persons", 1),
    "million adults": ("persons", 1_000_000), "million profiles": ("profiles", 1_000_000),
    "profiles": ("profiles", 1), "count": ("count", 1), "percent": ("percent", 1),
    "percentage points": ("percentage points", 1), "rank": ("rank", 1),
    "USD per hour": ("USD per hour", 1),
}

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BREAKDOWN = re.compile(r"[a-z_]+=[^;=]+(;[a-z_]+=[^;=]+)*")


def load_curated(name: str, raw_dir: Path = paths.RAW) -> pd.DataFrame:
    """Return the validated table ``name`` with typed columns (value float; start/end Timestamps).

    ``name`` is 'published_figures' or 'article_claims'; raises DataError naming the file, its
    1-based line and the column at the first bad cell.
    """
    if name not in TABLES:
        raise ValueError(f"unknown curated table {name!r} (known: {', '.join(TABLES)})")
    columns, id_column, optional = TABLES[name]
    path = Path(raw_dir) / f"{name}.csv"
    lines, records = _read(path, columns)
    for line, rec in zip(lines, records):
        _check_required(path, line, rec, columns, optional)
        _check_row(path, line, rec)
    _check_unique(path, lines, records, id_column)
    return _typed(pd.DataFrame(records, columns=columns, dtype=str))


def normalise(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with ``value`` converted to the panel unit and ``unit`` set to it (USD billion -> USD million)."""
    unknown = sorted(set(df["unit"]) - set(UNITS))
    if unknown:
        raise ValueError(f"units without a panel conversion: {unknown}")
    value = [float(Decimal(repr(float(v))) * UNITS[u][1]) for v, u in zip(df["value"], df["unit"])]
    return df.assign(value=value, unit=[UNITS[u][0] for u in df["unit"]])


def period_span(period: str, basis: str) -> tuple[pd.Timestamp, pd.Timestamp, bool]:
    """Return (first day, last day, exact) of a period label; ValueError when the label is impossible.

    Exact bases use analysis.periods.bounds. ``point_in_time`` labels are 'c.X' (approximate,
    e.g. 'c.2024-12', 'c.2022/2023', 'c.FY2024-25') or 'X/Y' (exactly from X to Y, e.g. '2016/2023Q1').
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}")
    if basis != periods.POINT:
        first, last = periods.bounds(period, basis)
        return first, last, True
    approx = period.startswith("c.")
    parts = (period[2:] if approx else period).split("/")
    if len(parts) > 2 or (not approx and len(parts) != 2):
        raise ValueError("a point_in_time label like 'c.2024-12', 'c.2022/2023' or '2016/2023Q1'")
    first, last = _label_bounds(parts[0])[0], _label_bounds(parts[-1])[1]
    if first > last:
        raise ValueError("a point_in_time span that runs forwards")
    return first, last, not approx


def _label_bounds(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Bounds of one label inside a point_in_time period, its basis read from its shape."""
    shapes = [(r"\d{4}", periods.CALENDAR), (r"\d{4}-\d{2}", periods.MONTH),
              (r"\d{4}Q\d", periods.QUARTER), (r"FY\S+ \w+-\w+", periods.FY_JUL_JUN_PARTIAL),
              (r"FY\S+", periods.FY_JUL_JUN)]
    for shape, basis in shapes:
        if re.fullmatch(shape, text):
            return periods.bounds(text, basis)
    raise ValueError("a year, month, quarter or fiscal-year label inside the point_in_time period")


def _read(path: Path, columns: list[str]) -> tuple[list[int], list[dict[str, str]]]:
    """Return (first line of each record, records) after checking the header and field counts."""
    if not path.exists():
        raise DataError(path, None, None, "the curated table to exist")
    with text_file(path, "utf-8", columns[0]) as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        for col in columns:
            if col not in header:
                raise DataError(path, 1, col, "this column in the header", None)
        for col in header:
            if col not in columns:
                raise DataError(path, 1, col, f"only the columns {', '.join(columns)}", col)
        lines, records, previous = [], [], reader.line_num
        for fields in reader:
            line, previous = previous + 1, reader.line_num
            if len(fields) != len(header):
                raise DataError(path, line, header[min(len(fields), len(header) - 1)],
                                f"{len(header)} fields as in the header", f"{len(fields)} fields")
            lines.append(line)
            records.append({col: fields[header.index(col)] for col in columns})
    return lines, records


def _check_required(path: Path, line: int, rec: dict, columns: list[str], optional: set) -> None:
    for col in columns:
        if col not in optional and not rec[col].strip():
            raise DataError(path, line, col, "a non-empty cell", rec[col])


def _check_row(path: Path, line: int, rec: dict) -> None:
    """Check one record's cells; raise DataError at the first bad one."""
    def fail(column: str, expected: str) -> None:
        raise DataError(path, line, column, expected, rec[column])

    if not _NUMBER.fullmatch(rec["value"]):
        fail("value", "a plain decimal number (no separators or units)")
    if rec["unit"] not in UNITS:
        fail("unit", f"one of the units {', '.join(UNITS)}")
    if rec["unit"].startswith("USD") and float(rec["value"]) < 0:
        fail("value", "a non-negative money value")
    if not re.fullmatch(r"[A-Z]{3}", rec["iso3"]):
        fail("iso3", "an ISO3 or World Bank aggregate code (three capital letters)")
    if "series" in rec and rec["series"] not in SERIES:
        fail("series", "a series code described in analysis.sources.curated.SERIES")
    if rec.get("breakdown") and not _BREAKDOWN.fullmatch(rec["breakdown"]):
        fail("breakdown", "empty or key=value;key=value")
    if "kind" in rec and rec["kind"] not in CLAIM_KINDS:
        fail("kind", f"one of {', '.join(CLAIM_KINDS)}")
    if "url" in rec and not re.match(r"https?://\S+$", rec["url"]):
        fail("url", "an address starting with http:// or https://")
    if "secondary" in rec and rec["secondary"] not in ("true", "false"):
        fail("secondary", "true or false")
    _check_period(rec, fail)
    if not quote_has_number(rec["quote"], rec["value"], rec["unit"]):
        forms = " / ".join(repr(f) for f in number_forms(rec["value"], rec["unit"]))
        fail("quote", f"the sentence to contain the number as written ({forms})")


def _is_date(text: str) -> bool:
    """True if YYYY-MM-DD ``text`` is a day of the calendar (not 2025-02-30)."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_period(rec: dict, fail) -> None:
    """Check the period label against its basis, and start/end (when present) against the label."""
    try:
        first, last, exact = period_span(rec["period"], rec["basis"])
    except ValueError as err:
        column = "basis" if rec["basis"] not in BASES else "period"
        fail(column, f"a possible {column} ({err})")
    if "start" not in rec:
        return
    for col in ("start", "end"):
        if not _DATE.fullmatch(rec[col]) or not _is_date(rec[col]):
            fail(col, "a real date YYYY-MM-DD")
    start, end = pd.Timestamp(rec["start"]), pd.Timestamp(rec["end"])
    if start > end:
        fail("start", f"a first day on or before the last day {rec['end']}")
    if exact and start != first:
        fail("start", f"{first:%Y-%m-%d}, the first day of {rec['period']}")
    if exact and end != last:
        fail("end", f"{last:%Y-%m-%d}, the last day of {rec['period']}")
    if not exact and (end < first or start > last):
        fail("start", f"a span overlapping {first:%Y-%m-%d}..{last:%Y-%m-%d} ({rec['period']})")


def _check_unique(path: Path, lines: list[int], records: list[dict], id_column: str) -> None:
    """Ids are unique; one (iso3, series, breakdown, period) holds one value (in panel units)."""
    seen_id, seen_key = {}, {}
    for line, rec in zip(lines, records):
        if rec[id_column] in seen_id:
            raise DataError(path, line, id_column, f"a unique id (also on line {seen_id[rec[id_column]]})",
                            rec[id_column])
        seen_id[rec[id_column]] = line
        if "series" not in rec:
            continue
        breakdown = ";".join(sorted(filter(None, rec["breakdown"].split(";"))))
        key = (rec["iso3"], rec["series"], breakdown, rec["period"])
        unit, factor = UNITS[rec["unit"]]
        value = (unit, Decimal(rec["value"]) * factor)
        if key in seen_key and seen_key[key][1] != value:
            other, (_, v) = seen_key[key][0], seen_key[key][1]
            raise DataError(path, line, "value", f"the value of line {other} for {key} ({v} {unit})",
                            rec["value"])
        seen_key.setdefault(key, (line, value))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Typed columns: value float, start/end Timestamps, secondary bool (when present)."""
    out = df.assign(value=df["value"].astype(float))
    for col in ("start", "end"):
        if col in out:
            out[col] = pd.to_datetime(out[col], format="%Y-%m-%d")
    if "secondary" in out:
        out["secondary"] = out["secondary"] == "true"
    return out


# code -> (short name, definition); the codes of the curated tables (iso3 PAK unless said)
SERIES = {
    "FL.EARN.ES_9M": ("Freelancers' FX earnings, Economic Survey (Jul-Mar)", "Jul–Mar, freelancers' foreign-exchange earnings through remittances, Pakistan Economic Survey"),
    "FL.EARN.MOITT": ("Freelancers' export revenue, MoITT", "Jul–Jun, freelancers' export revenue (IT-related + non-IT-related), Ministry of IT & Telecom"),
    "FL.EARN.MOITT_IT": ("Freelancers' IT-related exports, MoITT", "Jul–Jun, freelancers' IT-related export revenue (web, design, apps), MoITT"),
    "FL.EARN.MOITT_NONIT": ("Freelancers' non-IT exports, MoITT", "Jul–Jun, freelancers' non-IT export revenue (writing, VA, marketing, finance), MoITT"),
    "FL.EARN.MOITT_REMOTE": ("Freelancing and remote-work earnings, MoITT", "Jul–Jun, MoITT 'freelancing and remote work' earnings, broader than the freelancer figures"),
    "FL.EARN.PAFLA": ("Freelance remittances, PAFLA/ADB", "Jan–Dec, freelance remittances to Pakistan, PAFLA & ADB research overview"),
    "FL.EARN.PSEB": ("Freelance community revenue, PSEB", "revenue of Pakistan's freelance community, PSEB report (c.2020, period not stated)"),
    "FL.COUNT.GOV": ("Freelancers (government/industry statement)", "stock of freelancers in Pakistan as stated, headcount source not named"),
    "FL.COUNT.ACTIVE": ("Active freelancers (Ignite study)", "active freelancers in Pakistan, Ignite/DigiSkills assessment study (PAFLA/ADB)"),
    "FL.COUNT.FULLTIME": ("Full-time freelancers (Ignite study)", "freelancers in Pakistan working full-time, Ignite/DigiSkills assessment study"),
    "FL.COUNT.PTA": ("Freelancers (PTA data)", "freelancers in Pakistan according to PTA data (undated)"),
    "FL.COUNT.BANKED": ("Freelancers with bank accounts", "freelancers in Pakistan holding a bank account"),
    "FL.SHARE_IT_EXPORTS.GOV": ("Freelancers' share of IT exports", "freelancers' earnings as percent of IT exports (statement)"),
    "FL.SHARE_ICT.MOITT": ("Freelancers' IT exports as share of ICT exports, MoITT", "freelancers' IT-related export remittances as percent of total ICT export remittances, as stated by MoITT"),
    "FL.FEMALE_SHARE.PAFLA": ("Women among survey respondents, PAFLA/ADB", "women as percent of PAFLA/ADB survey respondents (sample)"),
    "FL.FEMALE_SHARE.PTA": ("Women among freelancers, PTA", "women as percent of freelancers in Pakistan (PTA data)"),
    "FL.FEMALE_SHARE.GURU": ("Women among Guru.com profiles", "women as percent of Pakistan-based Guru.com profiles"),
    "FL.SOFTWARE_SHARE.WB": ("Freelancers in software, World Bank", "percent of Pakistan-based online freelancers in software development (World Bank 2021)"),
    "FL.GLOBAL_SOFTWARE_SHARE.WB": ("Pakistan's share of global software freelancers", "Pakistan-based freelancers as percent of all online software freelancers (World Bank 2021)"),
    "FL.HOURLY_EARNINGS.PTA": ("Average hourly earnings, PTA", "average hourly earnings of freelancers, Pakistan and global (PTA data)"),
    "FL.LOWPAID_SHARE.PTA": ("Freelancers in low-paid work, PTA", "percent of freelancers doing low-paid work such as data entry (PTA data)"),
    "FL.AGE_SHARE.PAFLA": ("Survey respondents by age, PAFLA/ADB", "percent of PAFLA/ADB survey respondents in the age group (breakdown age=)"),
    "ITITES.EXP.SBP": ("IT & ITeS export remittances, SBP", "export remittances for computer services + call-centre services (SBP)"),
    "ICT.EXP.SBP": ("ICT export remittances, SBP", "export remittances for telecommunication + computer + information services (SBP)"),
    "ICT.EXP.MOITT": ("ICT export remittances, MoITT", "total ICT export remittances as given by the Ministry of IT & Telecom"),
    "ICT.EXP.ES_9M": ("ICT exports, Economic Survey (Jul-Mar)", "Jul–Mar, ICT export remittances, Pakistan Economic Survey (breakdown vintage=edition)"),
    "ICT.SHARE_SERVICES_EXP.ES_9M": ("ICT share of services exports, Economic Survey", "Jul–Mar, ICT exports as percent of services exports, Pakistan Economic Survey"),
    "COMP.EXP.SBP": ("Computer services exports, SBP", "computer services exports in SBP's balance of payments"),
    "TELECOM.EXP.SBP": ("Telecommunication services exports, SBP", "telecommunication services exports in SBP's balance of payments"),
    "INFO.EXP.SBP": ("Information services exports, SBP", "information services exports in SBP's balance of payments"),
    "ITITES_FL.EXP.MOITT": ("IT, ITeS and freelancing exports, MoITT", "MoITT total of IT & ITeS services exports plus freelancing and remote work"),
    "WR.SBP.PUBLISHED": ("Workers' remittances as published, SBP", "workers' remittances inflow, SBP total as reported in the press"),
    "WR.ANALYST_QUOTE": ("Remittances as quoted by an analyst", "remittance inflows as quoted by a securities analyst (secondary)"),
    "REMIT.WB_EST_DEC2024": ("Remittance inflows, World Bank early estimate", "calendar-year remittance inflows, World Bank estimate of December 2024"),
    "PAYONEER.EARN_GROWTH": ("Growth of freelancer earnings, Payoneer", "percent growth of freelancers' earnings via Payoneer, quarter on the same quarter a year before"),
    "PAYONEER.EARN_GROWTH_RANK": ("Rank by freelancer-earnings growth, Payoneer", "rank among countries by growth of freelancers' earnings via Payoneer (not workforce size)"),
    "PAYONEER.FL_COUNT_GROWTH": ("Growth of freelancer numbers, Payoneer", "percent growth in the number of freelancers via Payoneer, year on year"),
    "OLI.SUPPLY_SHARE": ("Share of online workers, OLI", "percent of online workers observed by the Online Labour Index (breakdown vintage=publication)"),
    "OLI.SUPPLY_RANK": ("Rank by share of online workers, OLI", "rank among countries by share of online workers observed by the OLI (vintage=publication)"),
    "OLI.SOFTWARE_CELL_SHARE": ("Software workers of the country, share of all online workers", "country's software & technology workers as percent of all OLI workers"),
    "OLI.SOFTWARE_SUBCONTINENT_SHARE": ("Indian subcontinent share of software workers", "percent of OLI software & technology workers from the Indian subcontinent (iso3 SAS)"),
    "OLI.REGISTERED": ("Registered users on the OLI's four platforms", "registered users on Fiverr, Freelancer, Guru and PeoplePerHour (iso3 WLD)"),
    "OLI.WEEKLY_ACTIVE": ("Weekly active workers on the OLI's four platforms", "workers active at least once a week on the four sampled platforms (iso3 WLD)"),
    "KASSI.PROFILES": ("Online freelancer profiles worldwide, Kässi et al.", "freelancer profiles on online platforms worldwide by stage (breakdown stage=)"),
    "ILO.SUPPLY_SHARE": ("Share of web-based platform labour supply, ILO", "percent of global labour supply on online web-based platforms (ILO WESO 2021)"),
    "ILO.SOFTWARE_SHARE_GLOBAL": ("Software share of platform labour supply, ILO", "software & technology as percent of global online labour supply (iso3 WLD)"),
    "ILO.FEMALE_SHARE": ("Women among platform workers, ILO", "women as percent of the country's web-based platform workers (ILO WESO 2021)"),
    "ILO.SUPPLY_RANK": ("Rank among online labour suppliers, ILO", "rank by labour supplied on online web-based platforms (ILO WESO 2021)"),
    "ILO.SOFTWARE_SUPPLY_RANK": ("Rank among software labour suppliers, ILO", "rank by online labour supplied in software & technology (ILO WESO 2021)"),
    "WB.GIG_WORKERS": ("Online gig workers worldwide, World Bank", "online gig workers worldwide, low/high estimates (breakdown bound=)"),
    "WB.GIG_SHARE_LABOUR_FORCE": ("Online gig workers, share of labour force", "online gig workers as percent of the global labour force (bound=)"),
    "WB.GIG_PLATFORMS": ("Online gig platforms worldwide", "number of online gig work platforms worldwide (World Bank)"),
    "WB.GIG_DEMAND_GROWTH": ("Growth of online gig demand", "percent change in global demand for online gig work over the labelled span"),
    "WB.GIG_TRAFFIC_LMIC": ("Gig-platform traffic from LMICs", "percent of gig-platform web traffic from low- and middle-income countries (iso3 LMY)"),
    "WB.GIG_VISITORS_6COUNTRIES": ("Gig-platform visitors from six countries", "percent of gig-platform visitors from IND+UKR+PHL+IDN+PAK+NGA combined (iso3 WLD)"),
    "WB.GIG_DEMAND_LMC": ("Online labour demand from LMCs", "percent of global online labour demand from lower-middle-income countries (iso3 LMC)"),
    "RPW.COST_AVG": ("Average cost of sending USD 200, RPW", "average total cost of sending USD 200, percent of amount sent (WLD or region)"),
    "RPW.CORRIDOR_COST": ("Corridor cost of sending USD 200, RPW", "cost of sending USD 200 into the country from the breakdown's from= country, percent"),
    "FINDEX.ACCOUNT": ("Account ownership, Global Findex", "adults 15+ with a financial-institution or mobile-money account, percent"),
    "FINDEX.GENDER_GAP": ("Gender gap in account ownership, Global Findex", "account ownership of men minus women, percentage points"),
    "FINDEX.UNBANKED": ("Unbanked adults, Global Findex", "adults 15+ without an account"),
    "GURU.PROFILES": ("Pakistan-based profiles on Guru.com", "freelancer profiles based in Pakistan on Guru.com (scraped)"),
    "GURU.TRANSACTED_SHARE": ("Guru.com profiles that ever transacted", "percent of Pakistan-based Guru.com profiles that ever completed a transaction"),
    "PAFLA.MEMBERS": ("PAFLA members", "members of the Pakistan Freelancers Association (lower bound)"),
    "PAFLA.GIG_ECONOMY_VALUE": ("Gig economy value, PAFLA claim", "annual value of Pakistan's gig economy as claimed by PAFLA's president"),
    "PAFLA.GIG_ECONOMY_RANK": ("Gig economy world rank, PAFLA claim", "world rank of Pakistan's gig economy by size as claimed by PAFLA's president"),
}
