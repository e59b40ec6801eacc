"""The targets of issue 19 (its Speed table), issue 15 ("Speed": every row of its Targets table) and issue 6
before them, read off the summary rows: stretch met, met, NOT met, or not measured; and issue 20's target for
the training page, read off benchmarks.page's figures. Imports: report.
"""
from dataclasses import dataclass

from .report import find, ratio, show_faults, show_ratio

FAULTS_AS_ZERO = 0.5  # page faults per step: a mean below this rounds to the target's 0
PAGE_EPOCHS = 20  # issue 20: epochs a second the training page trains while its view refreshes
PAGE_REDRAWS = 1  # redraws a second below which the view did not truly refresh while playing


@dataclass(frozen=True)
class Goal:
    """One row of issue 15's Targets table: chainrule's row over the base row, at most target (stretch)."""

    workload: str  # as the issue words it
    judged: str  # which chainrule row is measured
    target: float
    stretch: float | None
    measured: float | None
    fraction: bool = False  # shown as 1/n (a share of a peer's time) rather than n x
    aside: str = ""  # figures shown beside the measured ratio, for information
    faults: float | None = None  # page faults a step, for a target that asks for none

    def verdict(self) -> str:
        if self.measured is None:
            return "not measured"
        if self.faults is not None and self.faults >= FAULTS_AS_ZERO:
            return f"NOT met ({self.faults:.1f} page faults a step)"
        if self.stretch is not None and self.measured <= self.stretch:
            return "stretch met"
        return "met" if self.measured <= self.target else "NOT met"

    def cells(self) -> list[str]:
        measured = show_ratio(self.measured, self.fraction) + (f" ({self.aside})" if self.aside else "")
        return [self.workload, self.judged, self._limit(self.target), self._limit(self.stretch), measured,
                self.verdict()]

    def _limit(self, value: float | None) -> str:
        if value is None:
            return ""
        return f"≤ 1/{1 / value:g}" if self.fraction else f"≤ {value:g}x"


def tables(rows: list[dict]) -> list[str]:
    """The targets tables as markdown lines, the newest first."""
    goals = evaluate(rows)
    return ["## Targets (issue 19)", "",
            "The generated step (every op computed by code written from its rule, the replay written out as two "
            "functions). Moons 2-16-16-1 with SGD and weight decay unless said.", "",
            "| workload | chainrule row | target | measured | verdict |", "|---|---|---:|---:|---|",
            *[f"| {' | '.join(cells[:3] + cells[4:])} |" for cells in (goal.cells() for goal in issue_19(rows))], "",
            "## Targets (issue 15)", "",
            "Ratios of medians. The compiled path is judged by its `nn.fit` epoch; the traced step "
            "(Trace.backward + nn.SGD.step, reading and writing the Values every step) is shown beside it.", "",
            "| workload | chainrule row | target | stretch | measured | verdict |", "|---|---|---:|---:|---:|---|",
            *[f"| {' | '.join(goal.cells())} |" for goal in goals], "",
            "## Earlier targets (issue 6)", "", "| target | measured | verdict |", "|---|---:|---|",
            *[f"| {target} | {measured} | {verdict} |" for target, measured, verdict in earlier(rows)
              if verdict != "not measured"]]


def _over(rows, workload, backend, base, size, malloc="padded") -> float | None:
    return ratio(find(rows, workload, backend, size, malloc=malloc), find(rows, workload, base, size, malloc=malloc))


def evaluate(rows: list[dict]) -> list[Goal]:
    """Every row of issue 15's Targets table."""
    def compiled(workload, size, base="numpy", fraction=False, malloc="padded"):
        traced = _over(rows, workload, "chainrule-traced", base, size, malloc)
        return {"measured": _over(rows, workload, "chainrule-fit", base, size, malloc), "fraction": fraction,
                "aside": f"traced {show_ratio(traced, fraction)}" if traced is not None else ""}

    fit, traced, eager = "fit epoch", "traced step", "eager step"
    return [
        Goal("`fit` epoch, moons 2-16-16-1, 100 points, full batch, SGD, vs the numpy step", fit, 1.5, 1.1,
             _over(rows, "moons_step", "chainrule-fit", "numpy", 100)),
        Goal("`Trace.backward` + `nn.SGD` step, 100 points, vs numpy", traced, 3, 2,
             _over(rows, "moons_step", "chainrule-traced", "numpy", 100)),
        Goal("1,000 points, vs numpy (padded malloc)", fit, 1.2, 1.0, **compiled("moons_1k", 1_000)),
        Goal("10,000 points, vs numpy (padded malloc)", fit, 1.5, 1.0, **compiled("moons_10k", 10_000)),
        _default_malloc(rows),
        Goal("2-64-64-1 at 100 points, vs numpy", fit, 1.5, 1.2, **compiled("moons_64", 100)),
        Goal("2-128-128-1 at 100 points, vs numpy", fit, 1.5, 1.2, **compiled("moons_128", 100)),
        Goal("784-32-10 cross-entropy at 100 points, vs numpy", fit, 4, 2, **compiled("cross_entropy_784", 100)),
        Goal("vs PyTorch eager, 100 points", fit, 1 / 3, 1 / 5, **compiled("moons_step", 100, "torch", True)),
        Goal("vs `jax.jit`, 100 points", fit, 1, 0.6, **compiled("moons_step", 100, "jax")),
        Goal("vs `jax.jit`, 10,000 points", fit, 3, 2, **compiled("moons_10k", 10_000, "jax")),
        Goal("eager moons step vs micrograd", eager, 1 / 80, 1 / 100,
             _over(rows, "moons_step", "chainrule-eager", "micrograd", 100), fraction=True),
        Goal("eager backward, µs per op, vs micrograd: chain (300 links)", "eager backward", 1.0, 0.7,
             _over(rows, "backward_chain", "chainrule-eager", "micrograd", 300)),
        Goal("eager backward, µs per op, vs micrograd: wide (20,000 products)", "eager backward", 1.0, 0.7,
             _over(rows, "backward_wide", "chainrule-eager", "micrograd", 20_000)),
    ]


def issue_19(rows: list[dict]) -> list[Goal]:
    """The seven rows of issue 19's Speed table."""
    fit = "fit epoch"
    return [
        Goal("`fit` epoch, 100 points, vs hand-written numpy", fit, 1.15, None,
             _over(rows, "moons_step", "chainrule-fit", "numpy", 100)),
        Goal("same, vs `jax.jit`", fit, 0.6, None, _over(rows, "moons_step", "chainrule-fit", "jax", 100)),
        Goal("same, vs PyTorch eager", fit, 1 / 4, None, _over(rows, "moons_step", "chainrule-fit", "torch", 100),
             fraction=True),
        Goal("`fit` epoch, 10,000 points, vs numpy", fit, 0.9, None,
             _over(rows, "moons_10k", "chainrule-fit", "numpy", 10_000)),
        Goal("`fit` epoch, 2-64-64-1, vs numpy", fit, 1.2, None,
             _over(rows, "moons_64", "chainrule-fit", "numpy", 100)),
        Goal("`Trace.backward` + SGD vs numpy", "traced step", 2, None,
             _over(rows, "moons_step", "chainrule-traced", "numpy", 100)),
        Goal("eager step vs micrograd", "eager step", 1 / 80, None,
             _over(rows, "moons_step", "chainrule-eager", "micrograd", 100), fraction=True),
    ]


def _default_malloc(rows: list[dict]) -> Goal:
    """The default-malloc row: the ratio and no page faults, both."""
    fit_row = find(rows, "moons_10k", "chainrule-fit", 10_000, malloc="default")
    numpy_row = find(rows, "moons_10k", "numpy", 10_000, malloc="default")
    faults, aside = None, ""
    if fit_row is not None and numpy_row is not None:
        traced = _over(rows, "moons_10k", "chainrule-traced", "numpy", 10_000, "default")
        faults = fit_row["faults"]
        aside = (f"{show_faults(faults)} page faults/epoch, numpy {show_faults(numpy_row['faults'])}/step; "
                 f"traced {show_ratio(traced, False)}")
    return Goal("10,000 points, default malloc, vs numpy; 0 page faults a step", "fit epoch", 1.0, None,
                ratio(fit_row, numpy_row), aside=aside, faults=faults)


def earlier(rows: list[dict]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for every target of issue 6."""
    eager = _over(rows, "moons_step", "chainrule-eager", "micrograd", 100)
    traced = _over(rows, "moons_step", "chainrule-traced", "micrograd", 100)
    traced_numpy = _over(rows, "moons_step", "chainrule-traced", "numpy", 100)
    traced_numpy_10k = _over(rows, "moons_10k", "chainrule-traced", "numpy", 10_000)
    memory = ratio(*(find(rows, "bytes_per_node", backend, 20_000, "built") for backend in ("chainrule-eager",
                                                                                               "micrograd")))
    aim = " (the aim of 1/20 too)" if eager is not None and eager <= 1 / 20 else ""
    return [
        ("eager moons step <= 1/10 of micrograd's time (aim 1/20)", show_ratio(eager, True),
         _within(eager, 1 / 10) + aim),
        ("bytes per node of a live graph <= 1/3 of micrograd's", _bytes(rows, memory), _within(memory, 1 / 3)),
        _chain(rows),
        ("traced moons step <= 1/500 of micrograd's time", show_ratio(traced, True), _within(traced, 1 / 500)),
        ("traced moons step <= 10x numpy at 100 points", show_ratio(traced_numpy, False), _within(traced_numpy, 10)),
        ("traced moons step <= 3x numpy at 10,000 points", show_ratio(traced_numpy_10k, False),
         _within(traced_numpy_10k, 3)),
        ("moonshot: traced moons step <= 3x numpy at 100 points", show_ratio(traced_numpy, False),
         _within(traced_numpy, 3)),
    ]


def _chain(rows: list[dict]) -> tuple[str, str, str]:
    """The eager engine builds and differentiates the long chain (1,000,000 links; 100,000 with --quick)."""
    target = "eager deep chain of 1,000,000 links (5,000,000 nodes): builds and runs backward"
    chain = max((row for row in rows if row["workload"] == "deep_chain" and row["backend"] == "chainrule-eager"
                 and row["kind"] == "time"), key=lambda row: row["size"], default=None)
    if chain is None or chain["size"] < 100_000:
        return target, "—", "not measured"
    verdict = "met" if chain["size"] >= 1_000_000 else "ran at the --quick size only"
    return target, f"N={chain['size']:,}: {chain['median']:.1f} s", verdict


def _bytes(rows: list[dict], memory: float | None) -> str:
    if memory is None:
        return "—"
    ours, theirs = (find(rows, "bytes_per_node", backend, 20_000, "built")
                    for backend in ("chainrule-eager", "micrograd"))
    return f"{ours['median']:.0f} vs {theirs['median']:.0f} B = {show_ratio(memory, True)}"


def _within(value: float | None, limit: float) -> str:
    return "not measured" if value is None else "met" if value <= limit else "NOT met"


def page_targets(epochs_per_second: float | None, redraws_per_second: float | None) -> list[str]:
    """Issue 20's target for the training page (benchmarks.page), as a markdown table in the earlier style."""
    target = (f"2-8-8-1 tanh, 200 points, batches of 10: >= {PAGE_EPOCHS} epochs/s in headless Chromium while "
              "the view refreshes")
    if epochs_per_second is None or redraws_per_second is None:
        measured, verdict = "—", "not measured"
    else:
        measured = f"{epochs_per_second:.1f} epochs/s, {redraws_per_second:.1f} redraws/s"
        verdict = ("NOT met (the view did not refresh)" if redraws_per_second < PAGE_REDRAWS
                   else "met" if epochs_per_second >= PAGE_EPOCHS else "NOT met")
    return ["### Target (issue 20)", "", "| target | measured | verdict |", "|---|---:|---|",
            f"| {target} | {measured} | {verdict} |"]
