"""A derivation explained: its steps, a worked example with every intermediate value, verdicts.

``explain(derivation)`` works for any derivation (a built-in, one made by
``verify.derivation``, one found in a user's file) and returns an Explanation: plain data
that renders itself with rich:

- a worked example with small numbers to redo by hand (``verify.handwork``): small sizes,
  inputs rounded to whole numbers or simple fractions, still showing what the check found;
- the loss's computation graph traced from its own torch operations (``verify.graph``),
  each node with its forward value and autograd's gradient;
- the closed form line by line, each line beside the quantities its values are, the first
  wrong line marked (``verify.lines``);
- the forward value of every named node, the closed form's value of every step, and the
  verification report. Graph derivations (those with a ``graph``) are also drawn by hand,
  each node with the closed form's backward value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import torch
from rich import box
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree
from torch import Tensor

from derivations.core import Derivation
from verify.engine import verify
from verify.errors import DerivationError
from verify.exact import is_exact
from verify.graph import Graph, trace_graph
from verify.handwork import HandExample, hand_example
from verify.lines import ClosedFormLines, closed_form_lines
from verify.render import STYLES, Math
from verify.report import DerivationReport
from verify.sample import sample

__all__ = ["Example", "Explanation", "explain", "format_value", "worked_example"]


@dataclass(frozen=True)
class Example:
    """One draw of a derivation's inputs and every value the derivation computes from it."""

    inputs: dict[str, Tensor]
    nodes: dict[str, Tensor]
    loss: Tensor
    steps: dict[str, Tensor]
    seed: int


def worked_example(derivation: Derivation, seed: int = 0,
                   inputs: Mapping[str, Tensor] | None = None) -> Example:
    """The inputs of trial 0 for ``seed`` (float64, CPU) or ``inputs``, the named nodes'
    forward values, the loss and the closed form's value of every step.

    Args:
        derivation: the derivation to work through.
        seed: seeds the input draw, as in ``verify``.
        inputs: the inputs to work through instead of a draw (one trial, no trial axis).

    Returns:
        An Example.
    """
    if inputs is None:
        drawn = sample(derivation, 1, seed, dtype=torch.float64, device="cpu")
        inputs = {name: value[0] for name, value in drawn.items()}
    inputs = dict(inputs)
    nodes: dict[str, Tensor] = {}

    def record(name: str, value: Tensor) -> Tensor:
        nodes[name] = value
        return value

    with torch.no_grad():
        loss = derivation.loss(**inputs, node=record)
        steps = {name: torch.as_tensor(value) for name, value in
                 derivation.gradient(**inputs).items()}
    return Example(inputs, nodes, loss, steps, seed)


@dataclass(frozen=True)
class Explanation:
    """A derivation, a worked example of it and its verification report; renders with rich."""

    derivation: Derivation
    example: Example
    report: DerivationReport
    #: How the example was made small, and its check (None: the example is a plain draw).
    hand: HandExample | None = None
    graph: Graph | None = None
    lines: ClosedFormLines | None = None

    @property
    def ok(self) -> bool:
        """True when every step verified."""
        return self.report.ok

    def __rich__(self) -> RenderableType:
        d, parts = self.derivation, []
        parts += [Math(d.title, style="bold", prefix=f"{d.name}: "), _facts(d), Text("")]
        parts += [Rule("Steps", align="left"), _steps_table(d), Text("")]
        parts += [Rule(self._example_title(), align="left"), _inputs_table(d, self.example)]
        graph = getattr(d, "graph", None)
        if graph:
            parts += [Text(""), _graph_tree(d, graph, self.example)]
        if self.graph is not None:
            parts += [Text(""), Text("the loss's computation graph, traced from its torch "
                                     "operations (forward value, autograd's gradient dL/d):"),
                      self.graph]
        parts += [Text(""), _forward_table(self.example), Text(""),
                  _step_values_table(d, self.example), Text("")]
        if self.lines is not None:
            parts += [_lines_table(self.lines), Text("")]
        if self.hand is not None:
            parts += [_hand_verdict(self.hand), Text("")]
        parts += [Rule("Verification against torch.autograd", align="left"),
                  _verdicts_table(self.report), Text(""), _verdict_line(self.report)]
        return Group(*parts)

    def _repr_html_(self) -> str:
        from verify.notebook import explanation_html
        return explanation_html(self)

    def _example_title(self) -> str:
        if all(i.draw == "fixed" for i in self.derivation.inputs):
            return "Worked example (the fixed inputs)"
        if self.hand is not None:
            return f"Worked example to redo by hand ({self.hand.describe()}; float64)"
        return f"Worked example (one random draw, seed {self.example.seed}, float64)"


def explain(derivation: Derivation, *, trials: int = 200, seed: int = 0) -> Explanation:
    """Work through ``derivation`` on one draw of its inputs and verify it in float64.

    Args:
        derivation: the derivation to explain.
        trials: random input draws for the verification.
        seed: seeds both the worked example and the verification.

    Returns:
        An Explanation; print it with a rich Console.

    Raises:
        UsageError: a bad number of trials.
        DerivationError: the derivation could not be checked (its report's error): there
            is no worked example to give.
    """
    report = verify(derivation, trials=trials, seed=seed, dtype="float64")
    if report.error is not None:
        raise DerivationError(report.error)
    wrong = report.first_wrong_step
    hand = hand_example(derivation, report.verdict, first_wrong=wrong and wrong.step,
                        seed=seed)
    return Explanation(derivation, worked_example(hand.derivation, seed, hand.inputs), report,
                       hand, trace_graph(hand.derivation, hand.inputs),
                       closed_form_lines(hand.derivation, hand.inputs))


def format_value(value: Tensor | float, digits: int = 6) -> str:
    """A number as written by hand (2.2, not 2.2000000000000002); a tensor as nested rows.

    Args:
        value: a number or a tensor of any shape.
        digits: significant digits of each number.

    Returns:
        ``"2.2"``, ``"[1, -0.5]"`` or ``"[[1, 2], [3, 4]]"``.
    """
    value = torch.as_tensor(value)
    if value.dim() == 0:
        number = value.item()
        return str(number) if isinstance(number, (int, bool)) else f"{number:.{digits}g}"
    return "[" + ", ".join(format_value(row, digits) for row in value) + "]"


def _short(value: Tensor) -> str:
    """Scalars to 6 digits, tensors to 4, so that a row of numbers stays readable."""
    return format_value(value, 6 if value.numel() == 1 else 4)


def _block(value: Tensor) -> str:
    """Like ``_short``, a matrix one row a line."""
    if value.dim() == 2:
        return "\n".join(format_value(row, 4) for row in value)
    return _short(value)


def _facts(d: Derivation) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    grid.add_row("source note", d.source)
    grid.add_row("loss", Math(d.convention or "-"))
    grid.add_row("parameters", ", ".join(d.params))
    if d.sizes:
        grid.add_row("sizes", ", ".join(f"{k} = {v}" for k, v in d.sizes.items()))
    return grid


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for column in columns:
        table.add_column(column)
    return table


def _steps_table(d: Derivation) -> Table:
    table = _table("#", "step", "d loss / d", "formula, and why")
    for number, step in enumerate(d.steps, start=1):
        table.add_row(str(number), step.name, step.of, Math(step.formula, why=step.why))
    return table


def _inputs_table(d: Derivation, example: Example) -> Table:
    table = _table("input", "shape", "drawn", "value")
    for item in d.inputs:
        value = example.inputs[item.name]
        table.add_row(item.name, str(tuple(value.shape)), item.draw, _block(value))
    return table


def _forward_table(example: Example) -> Table:
    table = _table("forward: node", "value")
    for name, value in example.nodes.items():
        table.add_row(name, _block(value))
    table.add_row(Text("loss", style="bold"), _short(example.loss))
    return table


def _step_values_table(d: Derivation, example: Example) -> Table:
    table = _table("backward: step", "closed-form value")
    for step in d.steps:
        value = example.steps.get(step.name)
        table.add_row(step.name, "(not returned)" if value is None else _block(value))
    return table


def _graph_tree(d: Derivation, graph: Mapping[str, tuple[str, tuple[str, ...]]],
                example: Example) -> RenderableType:
    """The graph from its output down to the inputs; each node: forward and backward values."""
    operands = {name for _, names in graph.values() for name in names}
    root = next(name for name in graph if name not in operands)
    gradient_of = {step.of: step.name for step in d.steps}

    def label(name: str) -> Text:
        text = Text(name, style="bold")
        if name in graph:
            text.append(f" [{graph[name][0]}]")
        forward = example.nodes.get(name, example.inputs.get(name))
        gap = "   " if forward is None or forward.numel() == 1 else "\n"
        if forward is not None:
            text.append(f"{gap}forward {_short(forward)}")
        step = gradient_of.get(name)
        if step is not None and step in example.steps:
            text.append(f"{gap}backward {step} = {_short(example.steps[step])}", style="cyan")
        return text

    def grow(tree: Tree, name: str) -> None:
        for child in graph.get(name, ("", ()))[1]:
            grow(tree.add(label(child)), child)

    tree = Tree(label(root), guide_style="dim")
    grow(tree, root)
    return Group(Text("the graph, output first (forward value, backward gradient):"), tree)


def _lines_table(lines: ClosedFormLines) -> Table:
    """The closed form as written, each line beside what its values were found to be."""
    table = _table("line", f"closed form ({lines.file})", "its values are")
    for line in lines.lines:
        marked = line.wrong != ""
        found = Text("\n".join(line.matched))
        if marked:
            found.append(("\n" if line.matched else "") + f"first wrong line: {line.wrong}",
                         style="bold red")
        table.add_row(Text(f"{'>' if marked else ' '} {line.number}",
                           style="bold red" if marked else "dim"),
                      Text(line.code, style="bold red" if marked else ""), found)
    return table


def _hand_verdict(hand: HandExample) -> Text:
    """What the check says on exactly the example's numbers."""
    report, step = hand.report, hand.report.first_wrong_step
    if step is None or step.worst is None:
        return Text(f"On these numbers: {report.verdict}",
                    style=STYLES.get(report.verdict, ""))
    index = ", ".join(map(str, step.worst.index))
    return Text(f"On these numbers {step.step} is wrong: derived {step.step}[{index}] = "
                f"{step.worst.derived:.6g}, autograd {step.worst.autograd:.6g}",
                style="bold red")


def _verdicts_table(report: DerivationReport) -> Table:
    exact = is_exact(report)
    table = _table("#", "step", "verdict", "evidential trials", "worst rel. error")
    for number, step in enumerate(report.steps, start=1):
        evidence = "exact: the book's numbers" if exact else f"{step.evidential} / {step.trials}"
        table.add_row(str(number), step.step, Text(step.verdict, style=STYLES[step.verdict]),
                      evidence, f"{step.max_rel_error:.1e}")
    return table


def _verdict_line(report: DerivationReport) -> Text:
    if report.ok:
        trials = "exact: the book's numbers" if is_exact(report) else f"{report.trials} trials"
        return Text(f"{report.name}: every step verified ({report.dtype}, {trials}, seed "
                    f"{report.seed}; {report.tolerance_rule})", style="green")
    return Text(report.explain_failure(), style=STYLES[report.verdict])
