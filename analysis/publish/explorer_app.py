"""The "what if" explorer as ipywidgets: a slider per control, redrawn answers (``make explore``).

Layout and events only; every number comes from :class:`analysis.publish.explorer.Explorer`.
"""

from __future__ import annotations

import html
import time

import ipywidgets as w
import pandas as pd

from analysis.figures import plotting
from analysis.publish import explorer as ex

STYLE, WIDTH = {"description_width": "34em"}, "62em"  # room for the longest label and its tag
INTRO = (
    "<p>Move a slider and the model answers: the earnings path to the horizon, and what each policy "
    "lever adds in two accounts — <b>new income</b> reaching Pakistan, and the change in "
    "<b>recorded services exports</b>, of which <b>reclassification</b> is money already arriving "
    "booked on another line. Each slider says whether its starting value comes <b>from data</b> (a "
    "named published row) or is a <b>judgement</b> (an assumption, with its reason on hover). "
    "Every result is a consequence of these settings, not an observed effect of a policy.</p>"
)


def _dropdown(options, value: str, description: str, tooltip: str = "") -> w.Dropdown:
    return w.Dropdown(
        options=options,
        value=value,
        description=description,
        tooltip=tooltip,
        style=STYLE,
        layout=w.Layout(width=WIDTH),
    )


def _slider(control: ex.Control) -> w.FloatSlider:
    return w.FloatSlider(
        value=control.value,
        min=control.low,
        max=control.high,
        step=control.step,
        continuous_update=False,
        readout_format=".4g",
        description=f"[{control.kind}] {control.label}",
        tooltip=control.basis,
        style=STYLE,
        layout=w.Layout(width=WIDTH),
    )


class App:
    """The explorer's widgets; ``App(panel).widget`` is what the notebook displays."""

    def __init__(self, panel: pd.DataFrame):
        self.explorer = ex.Explorer(panel)
        self.sliders = {(c.group, c.name): _slider(c) for c in self.explorer.controls}
        self.horizon = _dropdown(
            self.explorer.horizons,
            ex.HORIZON,
            "Horizon: fiscal year (Jul–Jun) the levers reach their targets",
        )
        self.base = _dropdown(
            [(label, code) for code, label in self.explorer.base_definitions.items()],
            ex.BASE,
            "[judgement] Base figure: which published earnings",
            "the model starts from this published figure in its latest fiscal year; "
            "which definition to trust is a choice, not a finding",
        )
        self.count = _dropdown(
            [(label, code) for code, label in self.explorer.headcounts.items()],
            ex.COUNT,
            "[judgement] Headcount: which published count of freelancers",
            "the freelancers path starts from this published count; notebook 02's tiers show "
            "which kind of freelancer each count can be",
        )
        reset = w.Button(description="Back to the defaults")
        reset.on_click(lambda _: self.reset())
        self.finding = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(width=WIDTH))
        self.effects = w.HTML()
        self.path = w.HTML()
        self.seconds = 0.0  # time taken by the last update
        self.holding = False  # True while reset() moves every control
        for control in [*self.sliders.values(), self.horizon, self.base, self.count]:
            control.observe(lambda _: self.update(), names="value")
        group = lambda g: [s for (kind, _), s in self.sliders.items() if kind == g]  # noqa: E731
        self.widget = w.VBox(
            [
                w.HTML(INTRO),
                w.HTML("<h3>Lever targets, reached in the horizon year</h3>"),
                *group("target"),
                w.HTML("<h3>Scenario drivers and other assumptions (at their estimate or judged value)</h3>"),
                *group("driver"),
                self.horizon,
                self.base,
                self.count,
                reset,
                w.HTML("<h3>Result</h3>"),
                self.finding,
                self.chart,
                w.HTML(f"<p><small>{html.escape(self.explorer.source)}</small></p>"),
                w.HTML("<h4>Each lever alone and the package, horizon year: the two accounts</h4>"),
                self.effects,
                w.HTML("<h4>The path by fiscal year</h4>"),
                self.path,
            ]
        )
        self.update()

    def settings(self) -> tuple[dict[str, float], dict[str, float], str, str, str]:
        """Return (driver overrides that differ from their default, every lever target, horizon, base,
        headcount)."""
        defaults = {(c.group, c.name): c.value for c in self.explorer.controls}
        overrides = {
            name: s.value
            for (g, name), s in self.sliders.items()
            if g == "driver" and s.value != defaults[(g, name)]
        }
        targets = {name: s.value for (g, name), s in self.sliders.items() if g == "target"}
        return overrides, targets, self.horizon.value, self.base.value, self.count.value

    def update(self) -> None:
        """Recompute and redraw from the current settings (an invalid one is named, never a traceback)."""
        if self.holding:
            return
        start = time.perf_counter()
        try:
            answer = self.explorer.answer(*self.settings())
        except ValueError as err:
            self.finding.value = f"<p><b>Not computed:</b> {html.escape(str(err))}</p>"
            return
        self.finding.value = f'<p class="g2g-finding">{html.escape(answer.finding)}</p>'
        self.effects.value = plotting.table_html(ex.effects_table(answer), digits=1)
        self.path.value = plotting.table_html(
            ex.path_table(answer), digits={"Freelancers, with the levers, persons": 0}
        )
        self.chart.value = plotting.png_bytes(ex.path_chart(answer))
        self.seconds = time.perf_counter() - start

    def reset(self) -> None:
        """Put every control back at its default (one update at the end)."""
        self.holding = True
        try:
            for control in self.explorer.controls:
                self.sliders[(control.group, control.name)].value = control.value
            self.horizon.value = ex.HORIZON
            self.base.value = ex.BASE
            self.count.value = ex.COUNT
        finally:
            self.holding = False
        self.update()
