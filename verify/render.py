"""Reports as rich renderables: the results table, failure details and the summary line.

Every layout fits 80 columns without cutting a verdict, a dtype or a name: the results
table groups a derivation's rows under its name (and states the trials and device once
when every check shares them), the list of derivations is one block per derivation with
its title wrapped between clauses, and the self-check puts each mutant's expected diagnosis
under its name. Paragraphs (failure details, notes, the summary) are never hard-wrapped,
so that a diagnosis stays one line for grep and a re-run command one line for copy-paste.
Formulas are shown in Unicode math (``Math``) unless the console can only show ASCII.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import (
    Console,
    ConsoleOptions,
    Group,
    JustifyMethod,
    RenderableType,
    RenderResult,
)
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from verify.mathtext import unicode_math
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
    from derivations.core import Derivation
    from verify.selfcheck import SelfCheck

__all__ = ["STYLES", "Clauses", "Math", "Page", "derivation_view", "derivations_table",
           "failure_text", "page_text", "paragraph", "report_view", "results_table",
           "self_check_view"]

#: The widest the results table grows to fit a derivation's name in its first column; a
#: longer name runs past the table on its own line.
TERMINAL_COLUMNS = 80
STYLES = {VERIFIED: "green", FAILED: "bold red", ERROR: "bold red", INCONCLUSIVE: "yellow"}


class Math:
    """A plain-text formula, shown in Unicode math (σ′, δₖ, Wᵀ, Σ) where the console can
    show it and as written (ASCII) where it cannot; ``prefix`` is shown as it is (a name),
    ``why`` as a dim second line."""

    def __init__(self, text: str, why: str = "", style: str = "", prefix: str = "") -> None:
        self.text, self.why, self.style, self.prefix = text, why, style, prefix

    def _text(self, options: ConsoleOptions) -> Text:
        shown = (lambda s: s) if options.ascii_only else unicode_math
        text = Text(self.prefix + shown(self.text), style=self.style)
        if self.why:
            text.append(f"\n{shown(self.why)}", style="dim")
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._text(options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._text(options))


class Clauses(Math):
    """A title that wraps only between clauses (after ", ", ": " or "; "), never inside a
    formula; a clause longer than the line is cut by words as a last resort."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self._text(options)
        lines: list[str] = []
        for clause in _clauses(text.plain):
            if lines and len(lines[-1]) + 1 + len(clause) <= options.max_width:
                lines[-1] += " " + clause
            else:
                lines.append(clause)
        yield Text("\n".join(lines), style=self.style)


def _clauses(text: str) -> list[str]:
    """``text`` cut after each ", ", ": " or "; " outside brackets."""
    clauses, start, depth = [], 0, 0
    for index, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if depth == 0 and char in ",:;" and text[index + 1:index + 2] == " ":
            clauses.append(text[start:index + 1])
            start = index + 2
    return [*clauses, text[start:]]


def paragraph(text: str, style: str = "") -> Text:
    """Text that is never wrapped or cut: the terminal folds it, grep and copy see one line."""
    return Text(text, style=style, no_wrap=True, overflow="ignore")


# -- the results of a run -----------------------------------------------------------------


def results_table(report: Report, *, every_step: bool = False) -> RenderableType:
    """One row per parameter (``every_step``: per step) of each derivation checked, under the
    derivation's name, which is one line however long. The trials and device most checks
    share are stated in the title; a check that differs says so in its rows."""
    results = report.results
    trials = _most_common(r.trials for r in results)
    device = _most_common(r.device for r in results)
    settings = f" ({trials} trials, {device})" if results else ""
    precision = any(s.precision is not None for r in results for s in r.steps)
    numeric = any(s.numeric is not None for r in results for s in r.steps)
    columns: list[tuple[str, JustifyMethod]] = [
        ("derivation", "left"), ("dtype", "left"), ("worst abs", "right"), ("worst rel", "right")]
    if precision:
        columns.append(("bits lost", "right"))
    columns.append(("verdict", "left"))
    if numeric:
        columns.append(("vs finite diff.", "left"))
    groups = []
    for name, group in _by_name(results):
        rows = []
        for result in group:
            for label, cells in _rows(result, every_step):
                label.append(_differs(result, trials, device), style="dim")
                row = [result.dtype, *cells[:2], *cells[2:3] * precision, cells[3],
                       *cells[4:5] * numeric]
                rows.append([label, *(Text(c) if isinstance(c, str) else c for c in row)])
        groups.append((name, rows))
    title = paragraph(f"derived gradients vs torch.autograd{settings}", style="italic")
    return Group(title, _Grouped(columns, groups))


@dataclasses.dataclass
class _Grouped:
    """Tables of one set of columns, each under a name that is one line however long; the
    first column widens to the longest name that fits in the width (80 columns at most)."""

    columns: Sequence[tuple[str, JustifyMethod]]
    groups: Sequence[tuple[str, Sequence[Sequence[Text]]]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = [row for _, group in self.groups for row in group]
        widths = [max([len(title), *(row[k].cell_len for row in rows)])
                  for k, (title, _) in enumerate(self.columns)]
        width = min(options.max_width, TERMINAL_COLUMNS)
        room = width - sum(widths[1:]) - 2 * (len(widths) - 1)  # padding and rule
        longest = max((len(name) for name, _ in self.groups), default=0)
        widths[0] = max(widths[0], min(room, longest))
        yield self._table(widths, [])
        for name, group in self.groups:
            yield paragraph(name, style="bold")
            yield self._table(widths, group)

    def _table(self, widths: Sequence[int], rows: Sequence[Sequence[Text]]) -> Table:
        """The columns at ``widths``: their header when there are no ``rows``."""
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                      padding=(0, 1, 0, 0), show_header=not rows)
        for (title, justify), width in zip(self.columns, widths, strict=True):
            table.add_column(title, justify=justify, no_wrap=True, width=width)
        for row in rows:
            table.add_row(*row)
        return table


def _differs(result: DerivationReport, trials: object, device: object) -> str:
    """`` (1 trial)``: what a check does not share with the title, or ""."""
    differs = [f"{result.trials} trial{'s' * (result.trials != 1)}"] * (result.trials != trials)
    differs += [result.device] * (result.device != device)
    return f" ({', '.join(differs)})" if differs else ""


def _most_common(values: Iterable[object]) -> object:
    counts: dict[object, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return max(counts, key=counts.__getitem__, default=None)


def _by_name(results: Iterable[DerivationReport]) -> Iterator[tuple[str, list]]:
    """The checks of one derivation (its dtypes), with its name; where files checked
    together define one name each, with the file too (``a.py:good``)."""
    groups: dict[tuple[str, str], list[DerivationReport]] = {}
    for result in results:
        groups.setdefault((result.name, _file_of(result)), []).append(result)
    files: dict[str, set[str]] = {}
    for name, file in groups:
        files.setdefault(name, set()).add(file)
    for (name, file), group in groups.items():
        yield (f"{file}:{name}" if len(files[name]) > 1 and file else name), group


def _file_of(result: DerivationReport) -> str:
    """The file a derivation was checked from, or ""."""
    origin = result.origin
    if origin is None or origin.kind != origin.FILE or ":" not in origin.target:
        return ""
    return origin.target.rsplit(":", 1)[0]


def _rows(result: DerivationReport, every_step: bool) -> list[tuple[Text, list]]:
    if result.error is not None:
        return [(Text("  -"), ["-", "-", "-", _verdict(ERROR), "-"])]
    steps = result.steps if every_step else result.params
    return [(Text(f"  {step.of}", style="" if step.is_param else "dim"),
             [f"{step.max_abs_error:.1e}", f"{step.max_rel_error:.1e}",
              step.precision.describe() if step.precision is not None else "-",
              _verdict(step.verdict), _numeric(step)])
            for step in steps]


def _numeric(step: StepReport) -> str:
    """How far derived / autograd are from finite differences, when they were taken."""
    check = step.numeric
    if check is None:
        return "-"
    return f"{check.derived_error:.0e} / {check.autograd_error:.0e}"


def _verdict(verdict: str) -> Text:
    return Text(verdict, style=STYLES[verdict])


def report_view(report: Report, *, quiet: bool = False, every_step: bool = False
                ) -> RenderableType:
    """The table (not when ``quiet``), each failure explained, the notes (not when
    ``quiet``), then the one-line summary."""
    parts: list[RenderableType] = [] if quiet else [results_table(report, every_step=every_step)]
    for result in report.results:
        if not result.ok:
            parts += [Text(""), failure_text(result)]
    notes = [f"{r.name} ({r.dtype}): {note}" for r in report.results if r.ok for note in r.notes]
    if notes and not quiet:
        parts += [Text(""), Text("Notes:"), *(paragraph(f"  {n}", style="dim") for n in notes)]
    parts += [Text(""), paragraph(report.summary(), style="green" if report.ok else "bold red")]
    return Group(*(parts[1:] if quiet else parts))


def derivation_view(result: DerivationReport) -> RenderableType:
    """One check: its table, and what went wrong when it did."""
    parts: list[RenderableType] = [results_table(Report((result,)))]
    if not result.ok:
        parts += [Text(""), failure_text(result)]
    return Group(*parts)


def failure_text(result: DerivationReport) -> Text:
    """Why a check did not verify, one unwrapped line per fact."""
    text = result.explain_failure()
    return paragraph(text, style=STYLES[result.verdict] if result.error else "")




# -- the built-in derivations -------------------------------------------------------------


def derivations_table(derivations: list[Derivation]) -> RenderableType:
    """The derivations by family: each name with its parameters and source note, its title
    (in Unicode math where the console shows it) wrapped between clauses below."""
    parts: list[RenderableType] = [paragraph(f"{len(derivations)} built-in derivations by "
                                             "family (verify-grads NAME|FAMILY|GLOB checks "
                                             "them)", style="bold")]
    width = max((len(d.name) for d in derivations), default=0) + 2
    for family, members in _families(derivations).items():
        notes = ", ".join(dict.fromkeys(d.source.split("_")[0] for d in members))
        parts += [Text(""), Text.assemble((family, "bold cyan"), (f"   note {notes}", "dim"))]
        for d in members:
            parts.append(Text.assemble("  ", (d.name.ljust(width), "bold"),
                                       ", ".join(d.params)))
            parts.append(Padding(Clauses(d.title), (0, 0, 0, 4)))
    return Group(*parts)


def _families(derivations: Iterable[Derivation]) -> dict[str, list[Derivation]]:
    from verify.selection import family_of
    families: dict[str, list[Derivation]] = {}
    for d in derivations:
        families.setdefault(family_of(d), []).append(d)
    return families


# -- the self-check -----------------------------------------------------------------------


def self_check_view(result: SelfCheck) -> RenderableType:
    """One row per mutant (its cause below its name; killed per dtype, and how often the
    diagnosis named the cause), then the figures."""
    dtypes = list(dict.fromkeys(m.dtype for m in result.mutants))
    table = Table(title="self-check: catalogued wrong derivations", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("mutant\n  cause", no_wrap=True)
    table.add_column("built-ins", justify="right", no_wrap=True)
    for dtype in dtypes:
        table.add_column(f"killed\n{dtype}", justify="right", no_wrap=True)
    table.add_column("cause\nnamed", justify="right", no_wrap=True)
    for name in dict.fromkeys(m.mutant for m in result.mutants):
        rows = [m for m in result.mutants if m.mutant == name]
        killed = [_fraction([m.killed for m in rows if m.dtype == d and m.expected])
                  if any(m.expected for m in rows if m.dtype == d) else Text("note", style="green")
                  for d in dtypes]
        label = Text.assemble(name, ("\n  " + " or ".join(rows[0].actual or rows[0].allowed),
                                     "dim"))
        table.add_row(label, str(len({m.derivation for m in rows})), *killed,
                      _fraction([m.classified for m in rows]))
    lines = [paragraph(line, style="green" if result.ok else "bold red")
             for line in result.summary()]
    for miss in [m for m in result.mutants if not m.classified][:10]:
        lines.append(paragraph(f"  {miss.mutant} on {miss.derivation} ({miss.dtype}, seed "
                               f"{miss.seed}): {miss.verdict}, diagnosis {miss.kind}, "
                               f"cause {miss.cause or 'not named'}", style="yellow"))
    for alarm in result.false_alarms[:10]:
        lines.append(paragraph(f"  false alarm: {alarm.explain_failure()}", style="red"))
    return Group(table, Text(""), *lines)


def _fraction(flags: list[bool]) -> Text:
    text = f"{sum(flags)}/{len(flags)}"
    return Text(text, style="green" if all(flags) else "bold red")


@dataclasses.dataclass(frozen=True)
class Page:
    """How output is laid out for the console it goes to: its width, whether it is a
    terminal, its colours and the encoding its characters must fit (``ascii`` for
    ``--ascii``)."""

    width: int
    terminal: bool
    colours: str | None
    encoding: str

    @classmethod
    def of(cls, console: Console, encoding: str) -> Page:
        return cls(console.width, console.is_terminal, console.color_system, encoding)


class _Encoded(io.StringIO):
    """A page of text that says it has the encoding it is rendered for, so that formulas
    are drawn as that encoding can show them."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


#: Spaces at the end of a line, before any closing colour codes.
_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def page_text(renderable: Any, page: Page) -> str:
    """``renderable`` as the console ``page`` describes would print it, with no spaces at
    the ends of lines."""
    out = _Encoded(page.encoding)
    Console(file=out, width=page.width, force_terminal=page.terminal,
            color_system=page.colours).print(renderable, crop=False)  # type: ignore[arg-type]
    text, before = out.getvalue(), ""
    while text != before:
        text, before = _TRAILING.sub(r"\1", text), text
    return text
