"""The loss's computation graph, traced from its own torch operations.

The loss runs once on leaf copies of one trial's inputs under the locator's recording
``TorchFunctionMode`` (see ``verify.locate``): every operation that returns a floating
tensor becomes a node, whose operands are the nodes (or inputs) it was called on. One
backward pass then gives every node its gradient ``dL/dnode``. Nodes are named by the
loss's own ``node(name, ...)`` calls, else by its local variables, else by their expression.

This is the reference side: it uses autograd, as ``verify.oracle`` does. The closed form
is never traced here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import torch
from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree
from torch import Tensor

from derivations.core import Derivation
from verify.locate import _INFIX, _expression, _func_name, _loss_locals, _Recorder

__all__ = ["MAX_NODES", "Graph", "GraphNode", "trace_graph"]

#: Nodes drawn at most; a larger graph is cut, saying how many were left out.
MAX_NODES = 60


@dataclass(frozen=True)
class GraphNode:
    """One quantity of the loss: an input or the result of one torch operation."""

    key: int
    name: str | None            # the loss's name for it (an input's, a node's, a variable's)
    expression: str             # how it is computed from its operands: ``sigmoid(x_j)``
    op: str                     # ``input``, ``@``, ``sigmoid``, ``sum``
    operands: tuple[int, ...]   # keys of the nodes it is computed from
    value: Tensor               # its forward value, float64
    grad: Tensor | None         # autograd's dL/d(it); None where the loss does not depend on it

    @property
    def label(self) -> str:
        """``x_j = O_i @ W_ij`` for a named result, the name of an input, else the expression."""
        if self.op == "input":
            return self.name or self.expression
        return f"{self.name} = {self.expression}" if self.name else self.expression

    @property
    def short(self) -> str:
        """What another node calls it: its name, else its expression."""
        return self.name or self.expression


@dataclass(frozen=True)
class Graph:
    """Every node in the order computed (inputs first), and the loss's node."""

    nodes: Mapping[int, GraphNode]
    output: int

    def walk(self) -> Iterator[tuple[int, GraphNode, bool]]:
        """Depth, node and whether it was shown before, from the output down to the inputs."""
        seen: set[int] = set()

        def visit(key: int, depth: int) -> Iterator[tuple[int, GraphNode, bool]]:
            node = self.nodes[key]
            yield depth, node, key in seen
            if key in seen:
                return
            seen.add(key)
            for operand in node.operands:
                yield from visit(operand, depth + 1)

        yield from visit(self.output, 0)

    def __rich__(self) -> RenderableType:
        lines = list(self.walk())
        root = Tree(Text("L = ", style="bold") + _node_text(*lines[0][1:]), guide_style="dim")
        parents = {0: root}
        for depth, node, again in lines[1:MAX_NODES]:
            parents[depth] = parents[depth - 1].add(_node_text(node, again))
        parts: list[RenderableType] = [root]
        if len(lines) > MAX_NODES:
            parts.append(Text(f"... and {len(lines) - MAX_NODES} more nodes", style="dim"))
        return Group(*parts)


def trace_graph(derivation: Derivation, inputs: Mapping[str, Tensor]) -> Graph:
    """The graph of ``derivation``'s loss on one trial's ``inputs`` (no trial axis).

    Args:
        derivation: any derivation (built-in, ``verify.derivation``, a Function's).
        inputs: input name -> tensor, one trial.

    Returns:
        The Graph, each node with its forward value and autograd's gradient.
    """
    leaves = {n: v.detach().double().clone().requires_grad_(True) if v.is_floating_point()
              else v.detach().clone() for n, v in inputs.items()}
    recorder = _Recorder({id(v): n for n, v in leaves.items()})
    names: dict[int, str] = {}

    def node(name: str, value: Tensor) -> Tensor:
        names[id(value)] = name
        return value

    raw_loss = getattr(derivation.loss, "loss", derivation.loss)
    with _loss_locals(raw_loss, names), recorder, torch.enable_grad():
        out = derivation.loss(**leaves, node=node)
    if out.requires_grad:
        with torch.enable_grad():  # whatever the checked code left switched off
            out.reshape(()).backward()
    return _graph(leaves, recorder.ops, names, out)


def _graph(leaves: Mapping[str, Tensor], ops: list, names: Mapping[int, str],
           out: Tensor) -> Graph:
    nodes: dict[int, GraphNode] = {}
    shown: dict[int, str] = {}
    for name, leaf in leaves.items():
        nodes[id(leaf)] = GraphNode(id(leaf), name, name, "input", (), leaf.detach(),
                                    _grad(leaf))
        shown[id(leaf)] = name
    for op in ops:
        key = id(op.out)
        expression = _expression(op.func, op.args, op.kwargs, shown) or op.text
        name = names.get(key)
        nodes[key] = GraphNode(key, name, expression, _symbol(op.func),
                               tuple(k for k in _tensor_ids(op.args) if k in nodes),
                               op.out.detach(), _grad(op.out))
        shown[key] = name or expression
    return Graph(nodes, id(out) if id(out) in nodes else next(reversed(nodes)))


def _grad(tensor: Tensor) -> Tensor | None:
    return None if tensor.grad is None else tensor.grad.detach()


def _tensor_ids(args: object) -> Iterator[int]:
    """Ids of the tensors among an operation's arguments, lists and tuples opened."""
    if isinstance(args, Tensor):
        yield id(args)
    elif isinstance(args, (list, tuple)):
        for arg in args:
            yield from _tensor_ids(arg)


def _symbol(func: object) -> str:
    name = getattr(func, "__name__", "")
    if name == "__get__":
        return "T"
    return _INFIX.get(name, _func_name(func))


def _node_text(node: GraphNode, again: bool) -> Text:
    """``O_j = sigmoid(x_j)   forward [..]   dL/d = [..]``; a node shown before, by name."""
    text = Text(node.label, style="bold")
    if again:
        return text.append("   (shown above)", style="dim")
    gap = "   " if node.value.numel() == 1 else "\n"
    text.append(f"{gap}forward {format_short(node.value)}")
    if node.grad is not None:
        text.append(f"{gap}dL/d = {format_short(node.grad)}", style="cyan")
    return text


def format_short(value: Tensor, limit: int = 12) -> str:
    """Every number of a small tensor (4 digits, 6 for a scalar); the shape of a large one."""
    from verify.explain import format_value
    if value.numel() > limit:
        return f"{tuple(value.shape)} tensor, |max| {format_value(value.abs().max(), 4)}"
    return format_value(value, 6 if value.numel() == 1 else 4)
