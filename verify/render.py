"""Reports as rich renderables: the results table, failure details and the summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from verify.report import (
    ERROR,
    FAILED,
    INCONCLUSIVE,
    VERIFIED,
    DerivationReport,
    Report,
    StepReport,
)

if TYPE_CHECKING:
    from verify.selfcheck import SelfCheck

__all__ = ["derivations_table", "report_view", "results_table", "self_check_view"]

STYLES = {VERIFIED: "green", FAILED: "bold red", ERROR: "bold red", INCONCLUSIVE: "yellow"}


def results_table(report: Report) -> Table:
    """One row per parameter of every derivation checked."""
    table = Table(title="derived gradients vs torch.autograd", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("derivation", "parameter", "trials", "dtype", "device"):
        table.add_column(column, no_wrap=True)
    table.add_column("worst abs err", justify="right", no_wrap=True)
    table.add_column("worst rel err", justify="right", no_wrap=True)
    precision = any(s.precision is not None for r in report.results for s in r.steps)
    if precision:
        table.add_column("bits lost", justify="right", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    numeric = any(s.numeric is not None for r in report.results for s in r.steps)
    if numeric:
        table.add_column("vs finite diff.", no_wrap=True)
    for result in report.results:
        for row in _rows(result):
            table.add_row(*row[:7], *row[8:9] * precision, row[7], *row[9:10] * numeric)
    return table


def _rows(result: DerivationReport) -> list[tuple[str | Text, ...]]:
    common = (result.name, None, str(result.trials), result.dtype, result.device)
    if result.error is not None:
        return [(*common[:1], "-", *common[2:], "-", "-", _verdict(ERROR), "-", "-")]
    return [(common[0], step.of, *common[2:], f"{step.max_abs_error:.1e}",
             f"{step.max_rel_error:.1e}", _verdict(step.verdict),
             step.precision.describe() if step.precision is not None else "-", _numeric(step))
            for step in result.params]


def _numeric(step: StepReport) -> str:
    """How far derived / autograd are from finite differences, when they were taken."""
    check = step.numeric
    if check is None:
        return "-"
    return f"{check.derived_error:.0e} / {check.autograd_error:.0e}"


def _verdict(verdict: str) -> Text:
    return Text(verdict, style=STYLES[verdict])


def report_view(report: Report) -> RenderableType:
    """The table, each failure explained, then the one-line summary."""
    parts: list[RenderableType] = [results_table(report)]
    for result in report.results:
        if not result.ok:
            text = (_inconclusive(result) if result.verdict == INCONCLUSIVE
                    else result.explain_failure())
            parts += [Text(""), Text(text, style=STYLES[result.verdict] if result.error else "")]
    notes = [f"{r.name} ({r.dtype}): {note}" for r in report.results if r.ok for note in r.notes]
    if notes:
        parts += [Text(""), Text("Notes:"), *(Text(f"  {n}", style="dim") for n in notes)]
    parts += [Text(""), Text(report.summary(), style="green" if report.ok else "bold red")]
    return Group(*parts)


def _inconclusive(result: DerivationReport) -> str:
    weak = [s for s in result.steps if s.verdict == INCONCLUSIVE]
    names = ", ".join(f"{s.step} ({s.evidential} of {s.trials} trials evidential)" for s in weak)
    return (f"{result.name}: inconclusive ({result.dtype}): autograd's gradient is zero or "
            f"rounding noise in too many trials to count as evidence: {names}. Nothing in "
            "those trials depends on the inputs checked (dead ReLUs, a gradient that is "
            "exactly zero, activations saturated far past their range): draw the inputs "
            "where the loss depends on them.")


def derivations_table(derivations: list) -> Table:
    """The built-in derivations: name, parameters, source note and title."""
    table = Table(title="Built-in derivations", title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False)
    for column in ("name", "parameters", "source", "title"):
        table.add_column(column, no_wrap=column in ("name", "source"),
                         max_width=24 if column == "parameters" else None,
                         ratio=1 if column == "title" else None)
    for d in derivations:
        table.add_row(d.name, ", ".join(d.params), d.source.split("_")[0], d.title)
    return table


def self_check_view(result: SelfCheck) -> RenderableType:
    """One row per mutant (killed and classified, per dtype), then the figures."""
    dtypes = list(dict.fromkeys(m.dtype for m in result.mutants))
    table = Table(title="self-check: catalogued wrong derivations", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("mutant", "expected diagnosis", "derivations"):
        table.add_column(column, no_wrap=column != "expected diagnosis")
    for dtype in dtypes:
        table.add_column(f"killed {dtype}", justify="right", no_wrap=True)
    table.add_column("classified", justify="right", no_wrap=True)
    for name in dict.fromkeys(m.mutant for m in result.mutants):
        rows = [m for m in result.mutants if m.mutant == name]
        killed = [_fraction([m.killed for m in rows if m.dtype == d and m.expected])
                  if any(m.expected for m in rows if m.dtype == d) else Text("note", style="green")
                  for d in dtypes]
        table.add_row(name, " or ".join(rows[0].allowed),
                      str(len({m.derivation for m in rows})), *killed,
                      _fraction([m.classified for m in rows]))
    lines = [Text(line, style="green" if result.ok else "bold red") for line in result.summary()]
    for miss in [*[m for m in result.mutants if not m.classified]][:10]:
        lines.append(Text(f"  {miss.mutant} on {miss.derivation} ({miss.dtype}, seed "
                          f"{miss.seed}): {miss.verdict}, diagnosis {miss.kind}", style="red"))
    for alarm in result.false_alarms[:10]:
        lines.append(Text(f"  false alarm: {alarm.explain_failure()}", style="red"))
    return Group(table, Text(""), *lines)


def _fraction(flags: list[bool]) -> Text:
    text = f"{sum(flags)}/{len(flags)}"
    return Text(text, style="green" if all(flags) else "bold red")
