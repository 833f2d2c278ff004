"""The "what if" explorer (`make explore`): its numbers are the library's, its notebook runs headless,
and in a browser a moved slider changes what the page shows.

The browser test starts Voilà with the Makefile's ``explore`` recipe (a change there is tested) on a
free port, reads the address with its token from Voilà's log, drives headless Chromium over the
DevTools protocol (:class:`test_browser.Browser`), types a new lever target into a slider's readout
and waits for the finding, the table and the chart to change.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
import servers
from nbclient import NotebookClient
from test_browser import CHROMIUM, Browser
from test_lab import free_port

from analysis.core import paths
from analysis.models import lever_accounts
from analysis.models import levers as lv
from analysis.models import scenarios as sc
from analysis.panel.build import load_panel
from analysis.publish import explorer as ex
from analysis.publish import explorer_app, notebooks

NOTEBOOK = paths.ROOT / "explorer" / "what_if.ipynb"
WAIT_S = 240  # Voilà runs the notebook (panel, model, first chart) before the page is served


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return load_panel()


@pytest.fixture(scope="module")
def app(panel):
    return ex.Explorer(panel)


def _package(targets=None, overrides=None) -> sc.Scenario:
    """Notebook 05's package: every lever at its default target unless given."""
    return sc.Scenario("package", overrides=overrides or {}, levers=lever_accounts.complete_targets(targets))


def test_defaults_give_notebook_05s_numbers(panel, app):
    answer = app.answer()
    pd.testing.assert_frame_equal(answer.effects, lever_accounts.lever_effects(panel, _package(), ex.HORIZON))
    expected = sc.project(panel, _package(), ex.HORIZON)
    pd.testing.assert_frame_equal(answer.path.drop(columns="scenario"), expected.drop(columns="scenario"))


def test_one_target_moves_its_lever_only(panel, app):
    default, moved = app.answer(), app.answer(targets={"software_share": 0.5})
    before, after = (a.effects.set_index("lever") for a in (default, moved))
    changed = [
        lever
        for lever in before.index
        if not np.isclose(before.loc[lever, "income_usd_million"], after.loc[lever, "income_usd_million"])
    ]
    assert changed == ["skills", "package"] or sorted(changed) == ["package", "skills"]
    assert after.loc["skills", "new_income_usd_million"] > before.loc["skills", "new_income_usd_million"]
    assert "set by the user (0.5)" in after.loc["skills", "target_basis"]
    expected = lever_accounts.lever_effects(panel, _package({"software_share": 0.5}), ex.HORIZON)
    pd.testing.assert_frame_equal(moved.effects, expected)


def test_driver_overrides_and_horizon_match_the_scenario_api(panel, app):
    overrides = {"earnings_per_freelancer_growth_pct_per_year": 7.0, "formal_channel_share": 0.55}
    targets = {"receive_cost_pct": 3.0}
    answer = app.answer(overrides, targets, "FY2033-34")
    # The explorer's targets are the numbers on its sliders: a moved baseline does not move them.
    shown = {c.name: c.value for c in app.controls if c.group == "target"} | targets
    scenario = _package(shown, overrides)
    expected = sc.project(panel, scenario, "FY2033-34")
    pd.testing.assert_frame_equal(answer.path.drop(columns="scenario"), expected.drop(columns="scenario"))
    pd.testing.assert_frame_equal(answer.effects, lever_accounts.lever_effects(panel, scenario, "FY2033-34"))
    assert answer.path["fy"].iloc[-1] == "FY2033-34"
    assert "FY2033-34" in answer.finding


@pytest.mark.parametrize("base", sorted(set(ex.validation.BASE_DEFINITIONS) - {ex.BASE}))
def test_another_base_definition_matches_the_library(panel, app, base):
    answer = app.answer(base_series=base)
    expected = lever_accounts.lever_effects(panel, _package(), ex.HORIZON, base_earnings_series=base)
    pd.testing.assert_frame_equal(answer.effects, expected)
    path = sc.project(panel, _package(), ex.HORIZON, base_earnings_series=base)
    pd.testing.assert_frame_equal(answer.path.drop(columns="scenario"), path.drop(columns="scenario"))
    assert (
        answer.path["earnings_usd_million"].iloc[0]
        == app._base(base).params["base_earnings_usd_million"].value
    )


@pytest.mark.parametrize("count", sorted(set(ex.headcount.NATIONAL) - {ex.COUNT}))
def test_another_headcount_matches_the_library(panel, app, count):
    answer = app.answer(count_series=count)
    path = sc.project(panel, _package(), ex.HORIZON, count_series=count)
    pd.testing.assert_frame_equal(answer.path.drop(columns="scenario"), path.drop(columns="scenario"))
    expected = lever_accounts.lever_effects(panel, _package(), ex.HORIZON, count_series=count)
    pd.testing.assert_frame_equal(answer.effects, expected)
    default = app.answer()
    assert answer.path["freelancers_persons"].iloc[0] != default.path["freelancers_persons"].iloc[0]


def test_out_of_range_or_unknown_settings_are_named(app):
    with pytest.raises(ValueError, match=r"'receive_cost_pct' = 150.*\[0, 100\]"):
        app.answer(targets={"receive_cost_pct": 150})
    with pytest.raises(ValueError, match=r"'formal_channel_share' = -0.1.*\[0, 1\]"):
        app.answer(overrides={"formal_channel_share": -0.1})
    with pytest.raises(ValueError, match="unknown parameter 'growth'"):
        app.answer(overrides={"growth": 1.0})
    with pytest.raises(ValueError, match="base definition 'FL.EARN.PAFLA'; allowed: FL.EARN.ES_9M"):
        app.answer(base_series="FL.EARN.PAFLA")
    with pytest.raises(ValueError, match="headcount 'FL.COUNT.BANKED'; allowed: FL.COUNT.GOV"):
        app.answer(count_series="FL.COUNT.BANKED")


def test_sliders_start_at_defaults_inside_allowed_ranges_and_say_data_or_judgement(app):
    targets = {c.name: c for c in app.controls if c.group == "target"}
    drivers = {c.name: c for c in app.controls if c.group == "driver"}
    assert list(targets) == list(sc.LEVER_PARAMS)
    assert set(ex.DRIVERS) == set(drivers) >= set(lv.DRIVERS) | set(lv.JUDGEMENTS)
    for c in targets.values():
        assert (c.low, c.high) == lv.LEVER_ALLOWED[c.name]  # a lever target can take its whole allowed range
        assert c.value == app.base.targets[c.name]
    for c in drivers.values():
        p = app.base.params[c.name]
        assert p.allowed[0] <= c.low <= p.low <= p.value <= p.high <= c.high <= p.allowed[1]
        assert c.value == p.value and c.kind == ("judgement" if p.kind == "judgement" else "from data")
    assert {n for n, c in targets.items() if c.kind == "judgement"} == {
        "formal_channel_share",
        "export_recorded_share",
    }
    assert targets["receive_cost_pct"].kind == "from data" and "corridor" in targets["receive_cost_pct"].basis
    assert all(c.step > 0 and (c.high - c.low) / c.step >= 200 for c in app.controls)


def test_tables_have_plain_headers_and_the_finding_states_both_accounts(app):
    answer = app.answer()
    table = ex.effects_table(answer)
    assert not [c for c in table.columns if "_" in c]
    assert list(table["Lever"])[-1] == "package"
    package = answer.effects.set_index("lever").loc["package"]
    assert f"{package['new_income_usd_million']:,.1f} USD million of new income" in answer.finding
    assert f"{package['reclassification_usd_million']:,.1f} is reclassification" in answer.finding
    assert not [c for c in ex.path_table(answer).columns if "_" in c]


def test_app_redraws_when_a_slider_moves(panel):
    ui = explorer_app.App(panel)
    before = (ui.finding.value, ui.effects.value, ui.chart.value)
    ui.sliders[("target", "receive_cost_pct")].value = 5.0
    after = (ui.finding.value, ui.effects.value, ui.chart.value)
    assert all(a != b for a, b in zip(before, after))
    assert bytes(after[2]).startswith(b"\x89PNG")
    ui.base.value = "FL.EARN.MOITT"  # another published definition: its own base year
    assert ui.finding.value != after[0] and "FY2021-22" in ui.path.value
    ui.reset()
    assert (ui.finding.value, ui.effects.value) == before[:2]


def test_notebook_executes_headless_without_errors_or_stderr():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


def test_notebook_is_committed_clean_with_its_twin_and_outside_the_reports():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
    assert notebooks.twin_text(NOTEBOOK) == NOTEBOOK.with_suffix(".py").read_text(encoding="utf-8")
    assert NOTEBOOK not in notebooks.notebook_paths()


def explore_command(port: int, runtime: Path) -> list[str]:
    """Return the Makefile's ``explore`` recipe as an argument list for this Python, port and folder."""
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^explore:.*\n(?:\t@.*\n)*\t(.+)$", makefile, flags=re.M).group(1)
    recipe = recipe.replace("$(PY)", shlex.quote(sys.executable)).replace("$(or $(PORT),8866)", str(port))
    recipe = recipe.replace("$(JUPYTER_RUNTIME_DIR)", str(runtime))
    assert "$(" not in recipe, f"unexpanded make syntax in the explore recipe: {recipe}"
    return shlex.split(recipe)


def test_makefile_explore_binds_loopback_with_a_token():
    command = explore_command(8866, Path("runtime"))
    assert command[1:3] == ["-m", "voila"] and command[3] == "explorer/what_if.ipynb"
    assert {"--Voila.ip=127.0.0.1", "--no-browser", "--token"} <= set(command)


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Start the explorer as `make explore` does; yield its address with the token; stop it."""
    tmp = tmp_path_factory.mktemp("voila")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    for name, folder in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("IPYTHONDIR", "ipython"),
    ):
        env[name] = str(tmp / folder)
    env |= {"MPLCONFIGDIR": str(tmp / "mpl"), "JUPYTER_PLATFORM_DIRS": "1"}
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700)
    log_path = tmp / "voila.log"
    log = open(log_path, "w+b")
    server = subprocess.Popen(
        explore_command(port, runtime), cwd=paths.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline, url = time.monotonic() + WAIT_S, None
        while url is None:
            found = re.search(
                rf"http://127\.0\.0\.1:{port}/\?token=\w+", log_path.read_text(errors="replace")
            )
            url = found.group(0) if found else None
            if url is None and (server.poll() is not None or time.monotonic() > deadline):
                pytest.fail(f"Voilà did not start within {WAIT_S} s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        servers.stop(server, grace_s=30)
        log.close()


SHOWN = """(() => ({
  finding: document.querySelector('.g2g-finding')?.innerText ?? null,
  table: document.querySelector('table.g2g-table')?.innerText ?? null,
  chart: document.querySelector('.widget-image')?.getAttribute('src') ?? null,
  sliders: document.querySelectorAll('.widget-slider').length,
}))()"""


def _wait(browser: Browser, ready, what: str) -> dict:
    """Poll the page until ``ready(shown)``; return what it shows (fail after WAIT_S)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        shown = browser.call("Runtime.evaluate", session=True, expression=SHOWN, returnByValue=True)[
            "result"
        ]["value"]
        if ready(shown):
            return shown
        if time.monotonic() > deadline:
            pytest.fail(f"the explorer page never showed {what}: {json.dumps(shown)[:500]}")
        time.sleep(0.5)


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: apt-get install -y chromium")
def test_moving_a_slider_in_the_browser_changes_the_result(voila, app, tmp_path):
    browser = Browser(tmp_path / "profile", reachable="127.0.0.1")
    try:
        browser.call("Page.navigate", session=True, url=voila)
        first = _wait(browser, lambda s: s["finding"] and s["chart"], "its first result")
        assert first["finding"] == app.answer().finding  # the defaults: notebook 05's numbers
        assert first["sliders"] == len(app.controls)
        assert "Voil" not in first["finding"] and "Traceback" not in first["finding"]
        # Type a new cost-of-receiving target into the first slider's readout, as a reader would.
        focus = (
            "(() => { const r = document.querySelectorAll('.widget-slider .widget-readout')[0];"
            "r.focus(); document.execCommand('selectAll'); return r.innerText; })()"
        )
        assert float(
            browser.call("Runtime.evaluate", session=True, expression=focus, returnByValue=True)["result"][
                "value"
            ]
        ) == pytest.approx(app.controls[0].value, rel=1e-3)
        browser.call("Input.insertText", session=True, text="5")
        for kind in ("keyDown", "keyUp"):
            browser.call(
                "Input.dispatchKeyEvent",
                session=True,
                type=kind,
                key="Enter",
                code="Enter",
                windowsVirtualKeyCode=13,
            )
        changed = lambda s: all(s[k] != first[k] for k in ("finding", "table", "chart"))  # noqa: E731
        after = _wait(browser, changed, "a changed finding, table and chart")
        expected = app.answer(targets={"receive_cost_pct": 5.0})
        assert after["finding"] == expected.finding
        assert "receive_cost_pct: set by the user (5)" in after["table"]
    finally:
        browser.close()


def readme_example() -> str:
    """Return the Python block of the README's section on the explorer and the scenario API."""
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index('## "What if"') :]
    section = section[: section.index("\n## ", 1)]
    return re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)


def test_readme_scenario_example_runs_and_shows_both_accounts(capsys):
    namespace: dict = {}
    exec(compile(readme_example(), "README.md", "exec"), namespace)
    path, effects = namespace["path"], namespace["effects"].set_index("lever")
    assert path["fy"].iloc[-1] == "FY2031-32" and path["lever_payment_usd_million"].iloc[-1] > 0
    assert np.isclose(effects.loc["tax", "new_income_usd_million"], 0)  # tax only relabels, by construction
    assert effects.loc["tax", "reclassification_usd_million"] > 0
    assert "set by the user (2)" in effects.loc["payment", "target_basis"]
    assert not effects.loc[["skills", "finance"], "moved"].any()  # levers not named stay put
    assert "target_source" in capsys.readouterr().out


def test_readme_refusal_example_is_what_the_library_says(panel):
    with pytest.raises(
        ValueError, match=r"'formal_channel_share' = 1.2 is outside its allowed range \[0, 1\]"
    ):
        sc.project(panel, sc.Scenario(overrides={"formal_channel_share": 1.2}))
    assert "'formal_channel_share' = 1.2 is outside its allowed range [0, 1]" in (
        paths.ROOT / "README.md"
    ).read_text(encoding="utf-8").replace("\n", " ")
