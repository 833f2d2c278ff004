"""What each published series is, and how its values become panel units (one table, no logic)."""
from __future__ import annotations

# code -> (short name, panel unit, factor from the publisher's unit to the panel unit, is money)
PUBLISHED = {
    "BX.GSR.CCIS.CD": ("ICT service exports (BoP)", "USD million", 1e-6, True),
    "BX.TRF.PWKR.CD.DT": ("Personal remittances, received", "USD million", 1e-6, True),
    "NY.GDP.MKTP.CD": ("GDP", "USD million", 1e-6, True),
    "SP.POP.TOTL": ("Population, total", "persons", 1.0, False),
    "SP.POP.1564.TO.ZS": ("Population ages 15-64", "percent of population", 1.0, False),
    "SL.TLF.TOTL.IN": ("Labour force, total", "persons", 1.0, False),
    "IT.NET.USER.ZS": ("Individuals using the Internet", "percent of population", 1.0, False),
    "IT.CEL.SETS.P2": ("Mobile cellular subscriptions", "per 100 people", 1.0, False),
    "IT.NET.BBND.P2": ("Fixed broadband subscriptions", "per 100 people", 1.0, False),
    "EG.ELC.ACCS.ZS": ("Access to electricity", "percent of population", 1.0, False),
    "SL.UEM.TOTL.ZS": ("Unemployment, total (modelled ILO)", "percent of labour force", 1.0, False),
    "SL.UEM.1524.FE.ZS": ("Youth unemployment, female 15-24 (modelled ILO)",
                          "percent of female labour force 15-24", 1.0, False),
    "SL.UEM.1524.MA.ZS": ("Youth unemployment, male 15-24 (modelled ILO)",
                          "percent of male labour force 15-24", 1.0, False),
    "PA.NUS.FCRF": ("Official exchange rate, period average", "LCU per USD", 1.0, False),
    "SI.RMT.COST.IB.ZS": ("Average cost of sending USD 200 to the country", "percent of amount sent",
                          1.0, False),
    "TS_GP_BOP_WR_M.WR0340": ("Workers' remittances, total inflow (SBP)", "USD million", 1.0, True),
    "OLI2020.WORKER_PROFILES": ("OLI 2020 sample: worker profiles", "worker profiles", 1.0, False),
}

SBP_REMITTANCES = "TS_GP_BOP_WR_M.WR0340"
INTERNET_USERS = "IT.NET.USER.ZS:persons"
# Money series that get per-capita, %-of-GDP, per-internet-user and year-on-year derivations.
DERIVED_BASES = ("BX.GSR.CCIS.CD", "BX.TRF.PWKR.CD.DT")
