"""The contract of a Function, as plain data, and as one table (item, verdict, evidence,
diagnosis) that renders itself with rich.

An item is ``verified`` or ``failed``; what a Function does not support (no ``jvp``, marked
``once_differentiable``, not traceable by ``torch.compile``) is ``not supported``, which is
information, never a failure; an item that does not apply or was switched off is ``not
checked``; the cost is ``measured``.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from verify.report import ERROR, FAILED, INCONCLUSIVE, VERIFIED, DerivationReport

__all__ = ["MEASURED", "NOT_CHECKED", "UNSUPPORTED", "FunctionReport", "ItemReport"]

UNSUPPORTED = "not supported"
NOT_CHECKED = "not checked"
MEASURED = "measured"
_STYLES = {VERIFIED: "green", FAILED: "bold red", ERROR: "bold red", INCONCLUSIVE: "yellow",
           UNSUPPORTED: "cyan", NOT_CHECKED: "dim", MEASURED: "cyan"}


@dataclass(frozen=True)
class ItemReport:
    """One item of the contract: its verdict, what was seen, and, when it fails, why."""

    item: str
    title: str
    verdict: str
    evidence: str
    diagnosis: str = ""


@dataclass(frozen=True)
class FunctionReport(DerivationReport):
    """The values check of a Function's backward (a DerivationReport, as before) and the
    rest of its contract, one ItemReport per item."""

    contract: tuple[ItemReport, ...] = ()

    @property
    def values_verdict(self) -> str:
        return super().verdict

    @property
    def verdict(self) -> str:
        """The values' verdict when it is not verified; else error or failed when an item
        is; else verified."""
        values = self.values_verdict
        if values != VERIFIED:
            return values
        verdicts = {i.verdict for i in self.contract}
        return next((v for v in (ERROR, FAILED) if v in verdicts), VERIFIED)

    @property
    def failed_items(self) -> tuple[ItemReport, ...]:
        """The items that failed or could not be checked for an error."""
        return tuple(i for i in self.contract if i.verdict in (FAILED, ERROR))

    def explain_failure(self) -> str:
        """The values' mismatch message (when they fail), then every failed item."""
        if self.values_verdict != VERIFIED or self.ok:
            lines = [super().explain_failure()]
        else:
            lines = [f"{self.name}: the Function's contract is broken "
                     f"(float64, {self.device}, seed {self.seed})"]
        lines += [f"{i.title}: {i.diagnosis}" for i in self.failed_items]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The values report's JSON data, with ``"contract"``: one object per item."""
        return {**super().to_dict(), "contract": [asdict(i) for i in self.contract]}

    def values_item(self) -> ItemReport:
        """The values check as a row of the table."""
        title = "values of every gradient"
        if self.error is not None:
            return ItemReport("values", title, ERROR, f"{self.trials} trials", self.error)
        worst = max((s.max_rel_error for s in self.params), default=0.0)
        names = ", ".join(s.of for s in self.params)
        evidence = (f"{names} vs {self._against()}: {self.trials} trials, {self.dtype}, "
                    f"worst rel. error {worst:.1e}")
        if self._against() == "finite differences":
            evidence += " (trials suited to their cost)"
        step = self.first_wrong_step
        diagnosis = "" if step is None or step.diagnosis is None else \
            f"{step.step}: {step.diagnosis.message}"
        return ItemReport("values", title, self.values_verdict, evidence, diagnosis)

    def table(self) -> Table:
        """One row per item: the values, then the rest of the contract."""
        table = Table(title=f"{self.name}: the contract of a torch.autograd.Function",
                      title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("item", no_wrap=True)
        table.add_column("verdict", no_wrap=True)
        table.add_column("evidence", ratio=1)
        table.add_column("diagnosis", ratio=1)
        for item in (self.values_item(), *self.contract):
            table.add_row(item.title, Text(item.verdict, style=_STYLES[item.verdict]),
                          item.evidence, item.diagnosis)
        return table

    def text(self, width: int = 120) -> str:
        """The table as plain text, ``width`` characters wide."""
        console = Console(file=io.StringIO(), width=width, color_system=None,
                          force_terminal=False)
        console.print(self.table())
        return console.file.getvalue()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table()

    def _against(self) -> str:
        return self.title.split(" against ", 1)[-1]
