"""Where in input space a gradient goes wrong: "only where z < 0", "only where t = 3".

A gradient that is wrong for some elements and right for others often has a mistake that
only matters on one side of a kink: a leaky ReLU's slope forgotten where ``z < 0``, a clip
applied where ``|r| > 1``, a label's row handled apart. So the failing gradient is compared
with autograd's element by element on a few trials, and every quantity of the loss that
lines up with it is a feature:

- an input or a forward quantity of the same shape as the gradient, element by element;
- one whose shape is the gradient's leading axes (labels ``t`` of shape ``(N,)`` against a
  gradient ``(N, C)``), one value per row;
- a scalar, one value per trial.

A feature says where the gradient fails when one simple rule splits the elements exactly,
every wrong element on one side and every right one on the other, over at least
``_MIN_SIDE`` elements of each: ``f < c`` or ``f > c`` or ``|f| > c`` for the simplest
number ``c`` between the two sides (0 first, then small integers and halves), or, for a
feature of a few whole values, ``f = k``. Inputs are preferred to forward quantities, and
short names to long expressions. No rule, no words: a region is never guessed.

Only the loss goes through autograd; the gradient code runs as written, once per trial.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import torch
from torch import Tensor

from verify.locate import _forward, _number

__all__ = ["Region", "where_wrong"]

_MIN_SIDE = 8        # wrong elements, and right ones, needed before a rule is believed
_MAX_WHOLE = 10      # distinct whole values a feature may take to be split by ``f = k``
_RTOL = 1e-7         # elements that differ by less than this, relative, are right
_THRESHOLDS = (0.0, *itertools.chain.from_iterable(
    (c, -c) for c in (1.0, 0.5, 2.0, 3.0, 0.25, 4.0, 5.0, 10.0)))


@dataclasses.dataclass(frozen=True)
class Region:
    """The rule that splits the wrong elements from the right ones, and its evidence."""

    rule: str     # "z < 0", "|r| > 1", "t = 3"
    wrong: int    # wrong elements seen, every one inside the rule
    right: int    # right elements seen, every one outside it
    trials: int

    def __str__(self) -> str:
        return (f"it fails only where {self.rule}: all {self.wrong} wrong elements of "
                f"{self.trials} trials lie there, and none of the {self.right} right ones")


def where_wrong(derivation: Any, step: str, trials: Sequence[Mapping[str, Tensor]]
                ) -> Region | None:
    """The region of input space where ``step``, the gradient of one input, is wrong.

    Args:
        derivation: a Derivation whose step ``step`` is ``dL/d(step's input)``.
        step: the failing step's name.
        trials: a few trials' inputs, name to tensor without a trial axis.

    Returns:
        The Region, or None when no simple rule splits wrong elements from right ones
        (or the code cannot be run again).
    """
    of = next((s.of for s in derivation.steps if s.name == step), None)
    if of is None or of not in {i.name for i in derivation.inputs}:
        return None
    wrong: list[Tensor] = []
    features: dict[str, list[Tensor]] = {}
    for inputs in trials:
        seen = _one_trial(derivation, step, of, inputs)
        if seen is None:
            return None
        mismatch, aligned = seen
        wrong.append(mismatch.flatten())
        for name, value in aligned.items():
            features.setdefault(name, []).append(value.flatten())
    if not wrong:
        return None
    flags = torch.cat(wrong)
    n_wrong = int(flags.sum())
    n_right = flags.numel() - n_wrong
    if n_wrong < _MIN_SIDE or n_right < _MIN_SIDE:
        return None
    for name, values in features.items():
        if len(values) != len(trials):
            continue  # not seen in every trial: its elements cannot be matched up
        rule = _rule(name, torch.cat(values), flags)
        if rule is not None:
            return Region(rule, n_wrong, n_right, len(trials))
    return None


def _one_trial(derivation: Any, step: str, of: str, inputs: Mapping[str, Tensor]
               ) -> tuple[Tensor, dict[str, Tensor]] | None:
    """Which elements of the step are wrong, and each feature lined up with them."""
    inputs = {n: v.double() if v.is_floating_point() else v for n, v in inputs.items()}
    loss = getattr(derivation.loss, "loss", derivation.loss)
    try:
        known = _forward(loss, dict(inputs))
        derived = derivation.gradient(**{n: v.clone() for n, v in inputs.items()})[step]
    except (Exception, SystemExit):
        return None
    if known is None or of not in known.wrt or not isinstance(derived, Tensor):
        return None
    expected = known.wrt[of]
    derived = derived.detach().cpu().double()
    if derived.shape != expected.shape:
        return None
    scale = float(expected.abs().max()) if expected.numel() else 0.0
    mismatch = (derived - expected).abs() > _RTOL * scale + 1e-12
    mismatch |= ~torch.isfinite(derived)
    return mismatch, dict(_aligned(known.items, expected.shape))


def _aligned(items: Sequence[Any], shape: torch.Size) -> Iterator[tuple[str, Tensor]]:
    """Inputs first, then named forward quantities, then the rest: each broadcast to
    ``shape`` where it is one value per element, per row, or per trial."""
    order = sorted((k for k in items if k.kind in ("input", "forward")),
                   key=lambda k: (k.kind != "input", not k.name, len(k.name or k.text)))
    seen: set[str] = set()
    for k in order:
        name = k.name or k.text.removeprefix("the forward quantity ")
        value = k.value
        if name in seen or not value.is_floating_point():
            continue
        if value.shape == shape or value.numel() == 1:
            pass
        elif value.dim() < len(shape) and tuple(value.shape) == tuple(shape[:value.dim()]):
            value = value.reshape(*value.shape, *[1] * (len(shape) - value.dim()))
        else:
            continue
        seen.add(name)
        yield name, value.expand(shape).double()


def _rule(name: str, values: Tensor, wrong: Tensor) -> str | None:
    """The simplest rule on ``values`` true of every wrong element and of no right one."""
    if not bool(torch.isfinite(values).all()):
        return None
    inside, outside = values[wrong], values[~wrong]
    whole = values == values.round()
    if bool(whole.all()) and values.unique().numel() <= _MAX_WHOLE:
        kinds = inside.unique()
        if kinds.numel() == 1 and not bool((outside == kinds[0]).any()):
            return f"{name} = {_number(float(kinds[0]))}"
        return None
    for shown, inner, outer, positive in ((name, inside, outside, False),
                                          (f"|{name}|", inside.abs(), outside.abs(), True)):
        above = _simplest(float(outer.max()), float(inner.min()), positive, closed_low=True)
        if above is not None:
            return f"{shown} > {_number(above)}"
        below = _simplest(float(inner.max()), float(outer.min()), positive, closed_low=False)
        if below is not None:
            return f"{shown} < {_number(below)}"
    return None


def _simplest(low: float, high: float, positive: bool, closed_low: bool) -> float | None:
    """The first simple threshold between ``low`` and ``high``: ``[low, high)`` for a rule
    ``f > c``, ``(low, high]`` for ``f < c``; above 0 for a rule on ``|f|``."""
    def between(c: float) -> bool:
        return low <= c < high if closed_low else low < c <= high
    return next((c for c in _THRESHOLDS if between(c) and (c > 0 or not positive)), None)
