"""The shape of a derivation: a loss, its hand-derived gradient, its inputs and its steps.

A derivation is written for ONE example (one trial): the verifier stacks many trials and
maps both functions over them, so the formulas here read exactly as on paper.

- ``loss(**inputs, node=keep)`` builds the scalar loss from torch operations. Every
  intermediate quantity that a step of the derivation talks about is wrapped in
  ``node("name", value)``, which names it so that autograd can differentiate with respect
  to it. Outside the verifier ``node`` returns its value unchanged.
- ``gradient(**inputs)`` is the closed form: plain tensor math, never autograd. It returns
  a dict with one entry per step, keyed by the step's name.
- ``steps`` lists the derivation in the order a reader follows it. A step is the derivative
  of the loss with respect to ``of``, which is an input (a parameter) or a named node.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from torch import Tensor

__all__ = ["DRAWS", "Derivation", "Input", "Node", "Step", "formula", "keep", "replaced"]

_F = TypeVar("_F", bound=Callable[..., Any])

#: How an input is drawn. ``normal``: near-normal times scale (mean 0, variance
#: scale^2, within 3 scale; see ``verify.sample``); ``uniform``: U(low, high) inside (0, 1),
#: for targets of a sigmoid; ``positive``: |near-normal| times scale + low; ``onehot``: one-hot rows
#: over the last axis; ``labels``: integer class indices below ``classes``; ``fixed``: ``value``.
DRAWS = ("normal", "uniform", "positive", "onehot", "labels", "fixed")


class Node(Protocol):
    def __call__(self, name: str, value: Tensor) -> Tensor: ...


def keep(name: str, value: Tensor) -> Tensor:
    """The default ``node``: names nothing, returns ``value`` unchanged."""
    return value


#: The formulas replaced in the current context: a formula's key -> its stand-in.
_REPLACED: contextvars.ContextVar[Mapping[str, Callable[..., Any]]] = \
    contextvars.ContextVar("replaced", default=types.MappingProxyType({}))


def formula(function: _F) -> _F:
    """Marks a textbook formula as a point where a wrong version may stand in for it (the
    self-check's mistakes, see ``verify.mutants``); called as usual, it is ``function``."""
    key = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        return _REPLACED.get().get(key, function)(*args, **kwargs)

    call.formula_key = key  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]


@contextlib.contextmanager
def replaced(stand_ins: Mapping[Callable[..., Any], Callable[..., Any]]) -> Iterator[None]:
    """Within the block, each formula (made by ``formula``) calls its stand-in instead."""
    keys = {getattr(f, "formula_key", None): g for f, g in stand_ins.items()}
    if None in keys:
        raise ValueError("only a function marked with derivations.core.formula can be "
                         "replaced")
    token = _REPLACED.set(types.MappingProxyType({**_REPLACED.get(), **keys}))
    try:
        yield
    finally:
        _REPLACED.reset(token)


@dataclass(frozen=True)
class Input:
    """One argument of the loss: its shape (ints or size names) and how it is drawn."""

    name: str
    shape: tuple[int | str, ...]
    draw: str = "normal"
    scale: float = 1.0
    low: float = 0.1
    high: float = 0.9
    classes: int | str | None = None
    value: Any = None

    def __post_init__(self) -> None:
        if self.draw not in DRAWS:
            raise ValueError(f"input {self.name!r}: draw must be one of {', '.join(DRAWS)}, "
                             f"not {self.draw!r}")
        if self.draw == "fixed" and self.value is None:
            raise ValueError(f"input {self.name!r}: draw='fixed' needs a value")
        if self.draw == "labels" and self.classes is None:
            raise ValueError(f"input {self.name!r}: draw='labels' needs classes")

    def resolved_shape(self, sizes: Mapping[str, int]) -> tuple[int, ...]:
        """The shape with every size name replaced by its value in ``sizes``."""
        try:
            return tuple(sizes[d] if isinstance(d, str) else int(d) for d in self.shape)
        except KeyError as missing:
            raise ValueError(f"input {self.name!r}: size {missing} is not given") from None


@dataclass(frozen=True)
class Step:
    """One step of a derivation: ``name`` is d(loss)/d(``of``), stated by ``formula``."""

    name: str
    of: str
    formula: str
    why: str = ""


@dataclass(frozen=True)
class Derivation:
    """A textbook result made executable.

    Attributes:
        name: registry key, e.g. ``"mlp_two_layer"``.
        title: one line for humans.
        source: the source note it comes from.
        loss: ``loss(**inputs, node=keep) -> scalar tensor`` built from torch ops.
        gradient: ``gradient(**inputs) -> {step name: tensor}``, the closed form.
        inputs: every argument of ``loss`` and ``gradient``, with how it is drawn.
        steps: the derivation in reading order; the last steps are usually the parameters'.
        sizes: values of the size names used in input shapes.
        convention: the loss convention in words (e.g. ``"E = 1/2 sum_k (O_k - t_k)^2"``).
        reference_rtol: None when the loss's gradient is exact to rounding (autograd of torch
            operations); the relative accuracy of its gradient otherwise (finite
            differences), which then bounds how closely the closed form is judged.
    """

    name: str
    title: str
    source: str
    loss: Callable[..., Tensor]
    gradient: Callable[..., Mapping[str, Any]]
    inputs: tuple[Input, ...]
    steps: tuple[Step, ...]
    sizes: Mapping[str, int] = field(default_factory=dict)
    convention: str = ""
    reference_rtol: float | None = None

    def __post_init__(self) -> None:
        names = [i.name for i in self.inputs]
        if len(set(names)) != len(names):
            raise ValueError(f"derivation {self.name!r}: input names repeat: {names}")
        step_names = [s.name for s in self.steps]
        if not step_names:
            raise ValueError(f"derivation {self.name!r}: needs at least one step")
        if len(set(step_names)) != len(step_names):
            raise ValueError(f"derivation {self.name!r}: step names repeat: {step_names}")
        for item in self.inputs:
            item.resolved_shape(self.sizes)

    def input(self, name: str) -> Input:
        """The input called ``name``."""
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def params(self) -> tuple[str, ...]:
        """The inputs that some step differentiates, in step order."""
        input_names = {i.name for i in self.inputs}
        return tuple(dict.fromkeys(s.of for s in self.steps if s.of in input_names))

    def is_param_step(self, step: Step) -> bool:
        """True when ``step`` is the gradient of an input rather than of an inner node."""
        return step.of in {i.name for i in self.inputs}
