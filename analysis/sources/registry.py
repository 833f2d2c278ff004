"""The registry of publisher datasets the snapshot reads: where each sits in the mirror, and its
publisher, address, licence and vintage rule as recorded in data/raw/sources.yml."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.sources.wdi_download import WDI_URL

WB = "World Bank"
WDI = "World Development Indicators (WDI)"
WB_LICENCE = "CC BY 4.0 (World Bank Terms of Use for Datasets)"
FILE_VINTAGE = "WDI 'Last Updated Date' stated in the file"
DATAHUB = "worldbank-wdi/datahub-world-development-indicators/indicators"
DATAHUB_VIA = (
    "https://github.com/datasets/world-development-indicators "
    "(commit 4ebec5a2273f531ba238a34dbe440394dc5a6c4b)"
)
DATAHUB_VINTAGE = (
    "retrieval date of the datahub export, which drops the WDI 'Last Updated Date' line (PROVENANCE.md)"
)
METADATA_FILE = "wdi_country_metadata.csv"


@dataclass(frozen=True)
class Dataset:
    """One publisher dataset: where it sits in the mirror and what sources.yml says about it."""

    id: str
    layout: str  # wdi_wide | wdi_long | wdi_country_metadata | sbp | oli | rpw
    inputs: tuple[str, ...]  # paths relative to the mirror root; the first is the data file
    publisher: str
    dataset: str
    url: str
    licence: str
    code: str | None = None  # WDI indicator code (for the live download)
    vintage: str | None = None  # fixed date when the file states no 'Last Updated Date'
    vintage_basis: str = FILE_VINTAGE
    via: str | None = None  # where the mirror copy came from (recorded for mirror snapshots)
    note: str | None = None
    mirror_note: str | None = None  # recorded only for mirror snapshots

    @property
    def file(self) -> str:
        """Return the snapshot file name in data/raw/."""
        return METADATA_FILE if self.layout == "wdi_country_metadata" else f"{self.id}.csv"


def wdi_source_id(code: str) -> str:
    """Return the dataset id of a WDI indicator, e.g. 'wdi_bx_gsr_ccis_cd' for 'BX.GSR.CCIS.CD'."""
    return "wdi_" + code.lower().replace(".", "_")


def _wdi_wide(code: str, inputs: tuple[str, ...], layout: str = "wdi_wide", **kw) -> Dataset:
    """Return the registry entry of a WDI download (API_*.csv, or its Metadata_Country file)."""
    ident, publisher = kw.pop("id", wdi_source_id(code)), kw.pop("publisher", WB)
    return Dataset(ident, layout, inputs, publisher, WDI, WDI_URL.format(code=code), WB_LICENCE, code, **kw)


def _datahub(folder: str, vintage: str = "2026-07-01") -> Dataset:
    """Return the registry entry of a datahub long WDI indicator folder."""
    code = folder.upper()
    inputs = (f"{DATAHUB}/{folder}/data.csv", f"{DATAHUB}/{folder}/datapackage.json")
    return Dataset(
        wdi_source_id(code),
        "wdi_long",
        inputs,
        WB,
        WDI,
        WDI_URL.format(code=code),
        WB_LICENCE,
        code,
        vintage,
        DATAHUB_VINTAGE,
        DATAHUB_VIA,
    )


_BX = "worldbank-wdi/API_BX.GSR.CCIS.CD_DS2_en_csv_v2_920.csv"
_BX_COUNTRIES = "worldbank-wdi/Metadata_Country_API_BX.GSR.CCIS.CD_DS2_en_csv_v2_920.csv"
_RPW = (
    "worldbank-rpw/wdi-SI.RMT.COST.IB.ZS/"
    "API_SI.RMT.COST.IB.ZS_DS2_en_csv_v2_3692955__rows_BGD_IND_PAK_PHL.csv"
)
REGISTRY: tuple[Dataset, ...] = (
    _wdi_wide("BX.GSR.CCIS.CD", (_BX,)),
    _wdi_wide(
        "BX.GSR.CCIS.CD",
        (_BX_COUNTRIES, _BX),
        "wdi_country_metadata",
        id="wdi_country_metadata",
        note="Region and income group of each WDI code; aggregates have an empty region.",
    ),
    _wdi_wide("IT.NET.USER.ZS", ("worldbank-wdi/API_IT.NET.USER.ZS_DS2_en_csv_v2_384634.csv",)),
    *(
        _datahub(f)
        for f in (
            "bx.trf.pwkr.cd.dt",
            "ny.gdp.mktp.cd",
            "sp.pop.totl",
            "it.net.bbnd.p2",
            "eg.elc.accs.zs",
            "pa.nus.fcrf",
            "sp.pop.1564.to.zs",
            "it.cel.sets.p2",
            "sl.uem.totl.zs",
            "sl.uem.1524.fe.zs",
            "sl.uem.1524.ma.zs",
            "sl.tlf.cact.fe.zs",
            "sl.tlf.cact.ma.zs",
            "se.ter.enrr",
            "pa.nus.ppp",
        )
    ),
    _datahub("sl.tlf.totl.in", vintage="2026-04-01"),
    _wdi_wide(
        "SI.RMT.COST.IB.ZS",
        (_RPW,),
        id="wb_rpw_si_rmt_cost_ib_zs",
        publisher="World Bank, Remittance Prices Worldwide (via WDI)",
        mirror_note="Extract of the WDI file: the rows of BGD, IND, PAK and PHL only "
        "(PROVENANCE.md section 7).",
    ),
    Dataset(
        "wb_rpw_corridors",
        "rpw",
        ("worldbank-rpw/corridors/rpw_filtered.csv",),
        "World Bank, Remittance Prices Worldwide (corridor means compiled by a third party)",
        "Remittance Prices Worldwide, corridor-quarter averages of the provider rows (from Q2 2016)",
        "https://remittanceprices.worldbank.org/data-download",
        "CC BY 4.0 for the underlying RPW data (World Bank data catalogue); "
        "the compiling repository has no licence file",
        vintage="2026-02-17",
        vintage_basis="date of the commit of the third-party file (PROVENANCE.md section 10); data to 2025Q1",
        via="https://github.com/jonsmirl/thesis (thesis_data/rpw_filtered.csv, "
        "commit 72e30fb9cd9a8716043fb01e62bec0762deb6538)",
        note="Third-party compilation, not a World Bank file: simple means across the providers surveyed "
        "per corridor and quarter, close to but not RPW's official corridor averages. Costs of sending "
        "remittances through money-transfer operators and banks, not the payout fees of freelance "
        "platforms and payment firms; zero FX margins reported by non-transparent providers are "
        "carried through the means. Country = destination; breakdown from=<sending ISO3>.",
    ),
    Dataset(
        "sbp_easydata_workers_remittances",
        "sbp",
        ("sbp/remittances_raw.csv",),
        "State Bank of Pakistan",
        "EasyData: Country-wise Workers' Remittances",
        "https://easydata.sbp.org.pk",
        "no open licence stated; SBP terms of use; cite State Bank of Pakistan, EasyData",
        vintage="2026-08-15",
        vintage_basis="date the EasyData export was committed where it was "
        "retrieved (PROVENANCE.md); data to Jul-2026",
        via="https://github.com/ShaafAsif/pkr-inflation-regime-analysis (data/raw/remittances_raw.csv)",
    ),
    Dataset(
        "oli2020_worker_gender",
        "oli",
        ("oli/olovis/worker_gender.rda",),
        "Oxford Internet Institute, Online Labour Observatory",
        "Online Labour Index 2020: worker profiles by country, occupation and gender (df_gender)",
        "https://doi.org/10.6084/m9.figshare.3761562",
        "CC BY 4.0",
        vintage="2021-05-26",
        vintage_basis="date the file was added to the olovis repository; "
        "an undated sample from about 2020 to early 2021",
        via="https://github.com/OnlineLabourObservatory/olovis (Worker Map/worker_gender.rda)",
        note="A gender-coded sample; use only for within-country occupation and gender mixes.",
    ),
)
PUBLISHED_FIGURES, ARTICLE_CLAIMS = "published_figures", "article_claims"  # curated table ids
CURATED = {
    PUBLISHED_FIGURES: (
        "Figures quoted from publishers' web pages, one per row with address and quoted sentence",
        ("pages/pages_figures.csv", "pages/pages_figures_2.csv"),
    ),
    ARTICLE_CLAIMS: (
        "Claims of the source article, one per row, to be checked",
        ("../../seed/000_4907b0b80fb358e5.txt",),
    ),
}
