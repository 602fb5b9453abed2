"""Other sizes to check a derivation at, besides the sizes it declares.

A derivation checked only at its declared sizes can be right there and wrong everywhere
else: a gradient that divides by a hard-coded 4 where the batch is 4, or that reads ``x[0]``
only where the batch is 1, passes. So the sizes are varied:

- ``size_groups``: the input axes that are one size and must change together. Where the
  shapes use size names, each name (``N``) is one group and the integer dims stay as
  written: the names say what may vary. Where the shapes are integers only, dims of equal
  value (2 or more) are taken to be one size, across and within inputs
  (``x.shape[0] = dout.shape[0]``). Dims of 1 are never linked: a (1, 1) target of
  ``mse_loss`` says nothing about which size it shares. An input drawn ``fixed`` is never
  varied: a size name it uses, or a value among its dims, stays.
- ``variant_sizes``: at most two assignments, drawn from a seed: every size name at 1, and
  every group at a distinct odd prime other than its declared value (so that N = C and other
  coincidences are broken). Inferred links are never set to 1.
- ``at_sizes``: the derivation at one assignment.
- ``accepts``: whether the loss and the closed form run there, with gradients of the inputs'
  shapes; when not, why not, for the report.

The ``dout`` of a ``function_derivation`` has the Function's output shape written in
integers, even where the other shapes use size names: a dim of ``dout`` equal to exactly one
size name's value changes with that size (a value that two sizes share cannot say which, and
neither size is varied).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import Tensor

from derivations.core import Derivation, Input
from verify.custom import DOUT
from verify.errors import DerivationError
from verify.sample import sample_trials

__all__ = ["PRIMES", "SizeGroup", "accepts", "at_sizes", "describe_assignment", "size_groups",
           "variant_sizes"]

#: The sizes variants are drawn from: small odd primes, so checks stay fast and no size is
#: a multiple of another. More primes follow only when there are more groups than these.
PRIMES = (3, 5, 7, 11, 13)

#: What user code may raise and still be a failed run, not the end of the tool: SystemExit
#: too (a script's ``exit()``); KeyboardInterrupt still stops everything.
_USER_ERRORS = (Exception, SystemExit)

#: Characters of an error message kept in a reason.
_MESSAGE_CHARS = 120

Axis = tuple[str, int]


@dataclass(frozen=True)
class SizeGroup:
    """Input axes that are one size: they change together.

    Attributes:
        name: the size name (``"N"``), or for an inferred link its first axis in words
            (``"x.shape[0]"``); the group's key in an assignment.
        value: the declared size.
        axes: (input name, axis index) of every axis of this size.
        named: True for a size name of the derivation, False for a link inferred from
            integer dims of equal value.
    """

    name: str
    value: int
    axes: tuple[Axis, ...]
    named: bool

    def describe(self) -> str:
        """``N`` for a size name; ``x.shape[0] = dout.shape[0]`` for an inferred link."""
        if self.named:
            return self.name
        return " = ".join(_axis_words(axis) for axis in self.axes)


def size_groups(derivation: Derivation) -> tuple[SizeGroup, ...]:
    """The sizes of ``derivation`` that can be varied, in the order it declares them.

    Rule: where shapes use size names, each size name used is a group (where it appears,
    plus the dims of ``dout`` of its value), unless a fixed input uses it or another size
    shares that ``dout`` value; integer dims stay as written. Where shapes are integers only,
    the dims >= 2 of inputs not drawn fixed form one group per value, unless a fixed input
    has a dim of that value.
    """
    used = {n: v for n, v in derivation.sizes.items() if _named_axes(derivation, n)}
    if used:
        return tuple(_named_groups(derivation, used, _dout_links(derivation, used)))
    return tuple(_inferred_groups(derivation))


def variant_sizes(groups: Sequence[SizeGroup], seed: int) -> list[dict[str, int]]:
    """The assignments {group name: size} to check besides the declared one, at most two.

    Rule: first, when some size name is not declared 1, every size name at 1 (inferred links
    at their primes: they are never set to 1); then every group at a distinct odd prime
    other than its declared value, drawn from ``PRIMES`` by ``seed``. No groups, no variants.
    """
    if not groups:
        return []
    primes = _distinct_primes(groups, random.Random(seed))
    ones = {g.name: 1 if g.named else primes[g.name] for g in groups}
    first = [ones] if any(g.named and g.value != 1 for g in groups) else []
    return [*first, primes]


def at_sizes(derivation: Derivation, groups: Sequence[SizeGroup],
             assignment: Mapping[str, int]) -> Derivation:
    """``derivation`` with each group named in ``assignment`` at its new size.

    Rule: a size name takes its new value in ``sizes``; every integer dim among a group's
    axes becomes the new value; a ``labels`` input whose integer ``classes`` equals an
    inferred group's declared value takes the new value (its classes are that size).

    Raises:
        ValueError: ``assignment`` names no group of ``groups``, or a size below 1.
    """
    _check_assignment(groups, assignment)
    chosen = [g for g in groups if g.name in assignment]
    dims = {axis: assignment[g.name] for g in chosen for axis in g.axes}
    classes = {g.value: assignment[g.name] for g in chosen if not g.named}
    sizes = {**derivation.sizes, **{g.name: assignment[g.name] for g in chosen if g.named}}
    inputs = tuple(_resized(item, dims, classes) for item in derivation.inputs)
    return dataclasses.replace(derivation, inputs=inputs, sizes=sizes)


def accepts(derivation: Derivation, *, at: str | None = None) -> str | None:
    """None when ``derivation`` runs at its sizes; otherwise why not, in one line.

    Rule: on one seeded draw (float64, cpu), the loss returns a scalar tensor and the closed
    form returns every step, a parameter's gradient with that parameter's shape. Whatever
    the user's code raises is caught and becomes the reason.

    Args:
        derivation: a derivation at the sizes to try (see ``at_sizes``).
        at: the sizes in words for the reason (default: its size names, else its shapes).
    """
    where = _where(derivation) if at is None else at
    try:
        drawn = sample_trials(derivation, 0, 1, 0, dtype=torch.float64, device="cpu")
    except Exception as error:
        return _raised("drawing the inputs", error, where)
    args = {name: value[0] for name, value in drawn.items()}
    try:
        loss = derivation.loss(**args)
    except _USER_ERRORS as error:
        return _raised("the loss", error, where)
    if not isinstance(loss, Tensor) or loss.shape != ():
        return f"the loss returned {_what(loss)}, not a scalar, at {where}"
    try:
        grads = derivation.gradient(**args)
    except _USER_ERRORS as error:
        return _raised("the closed form", error, where)
    return _wrong_gradient(derivation, grads, where)


def describe_assignment(groups: Sequence[SizeGroup], assignment: Mapping[str, int]) -> str:
    """``N = 3, J = 5`` or ``x.shape[0] = dout.shape[0] = 3``: the groups assigned, in order."""
    return ", ".join(f"{g.describe()} = {assignment[g.name]}" for g in groups
                     if g.name in assignment)


def _named_axes(derivation: Derivation, name: str) -> tuple[Axis, ...]:
    return tuple((item.name, k) for item in derivation.inputs
                 for k, d in enumerate(item.shape) if d == name)


def _dout_links(derivation: Derivation, used: Mapping[str, int]) -> dict[Axis, tuple[str, ...]]:
    """Each integer dim >= 2 of a drawn ``dout`` that equals a used size's value, and the
    size names of that value; a value that another input also has as an integer dim (a
    fixed number of outputs that happens to equal a size) says nothing, and links none."""
    item = next((i for i in derivation.inputs if i.name == DOUT and i.draw != "fixed"), None)
    if item is None:
        return {}
    literal = {d for i in derivation.inputs if i.name != DOUT for d in i.shape
               if isinstance(d, int)}
    links = {}
    for k, d in enumerate(item.shape):
        if not isinstance(d, int) or d < 2 or d in literal:
            continue
        names = tuple(n for n, v in used.items() if v == d)
        if names:
            links[(DOUT, k)] = names
    return links


def _named_groups(derivation: Derivation, used: Mapping[str, int],
                  links: Mapping[Axis, tuple[str, ...]]) -> list[SizeGroup]:
    fixed = _fixed_dims(derivation)
    shared = {n for names in links.values() if len(names) > 1 for n in names}
    return [SizeGroup(n, v, (*_named_axes(derivation, n),
                             *(axis for axis, names in links.items() if names == (n,))), True)
            for n, v in used.items() if n not in fixed | shared]


def _inferred_groups(derivation: Derivation) -> list[SizeGroup]:
    fixed = _fixed_dims(derivation)  # holds every dim of a fixed input: those are skipped too
    by_value: dict[int, list[Axis]] = {}
    for item in derivation.inputs:
        for k, d in enumerate(item.shape):
            if isinstance(d, int) and d >= 2 and d not in fixed:
                by_value.setdefault(d, []).append((item.name, k))
    return [SizeGroup(_axis_words(axes[0]), value, tuple(axes), False)
            for value, axes in by_value.items()]


def _fixed_dims(derivation: Derivation) -> set[int | str]:
    """The size names and integer dims of the inputs drawn fixed."""
    return {d for item in derivation.inputs if item.draw == "fixed" for d in item.shape}


def _distinct_primes(groups: Sequence[SizeGroup], rng: random.Random) -> dict[str, int]:
    """One odd prime per group, none equal to its declared value, no two the same: PRIMES
    shuffled by ``rng``, then larger primes in order where the groups need them."""
    pool = list(PRIMES)
    rng.shuffle(pool)
    pool += _primes_after(PRIMES[-1], len(groups) + 1 - len(pool))
    chosen = {}
    for group in groups:
        prime = next(p for p in pool if p != group.value)
        pool.remove(prime)
        chosen[group.name] = prime
    return chosen


def _primes_after(last: int, count: int) -> list[int]:
    found: list[int] = []
    candidate = last
    while len(found) < count:
        candidate += 2
        if all(candidate % d for d in range(3, int(candidate ** 0.5) + 1, 2)):
            found.append(candidate)
    return found


def _check_assignment(groups: Sequence[SizeGroup], assignment: Mapping[str, int]) -> None:
    known = {g.name for g in groups}
    for name, value in assignment.items():
        if name not in known:
            raise ValueError(f"no size group {name!r}; the groups are "
                             f"{', '.join(sorted(known)) or 'none'}")
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"size group {name!r}: a size must be an integer >= 1, "
                             f"not {value!r}")


def _resized(item: Input, dims: Mapping[Axis, int], classes: Mapping[int, int]) -> Input:
    shape = tuple(dims.get((item.name, k), d) if isinstance(d, int) else d
                  for k, d in enumerate(item.shape))
    if item.draw == "labels" and isinstance(item.classes, int) and item.classes in classes:
        return dataclasses.replace(item, shape=shape, classes=classes[item.classes])
    return dataclasses.replace(item, shape=shape)


def _wrong_gradient(derivation: Derivation, grads: Any, where: str) -> str | None:
    """Why the closed form's result cannot be compared, or None when it can."""
    if not isinstance(grads, Mapping):
        return f"the closed form returned {_what(grads)}, not one gradient per step, at {where}"
    for step in derivation.steps:
        if step.name not in grads:
            return f"the closed form returned no {step.name} at {where}"
        if not derivation.is_param_step(step):
            continue
        want = derivation.input(step.of).resolved_shape(derivation.sizes)
        got = _shape(grads[step.name])
        if got != want:
            return (f"the closed form's {step.name} has shape {_shape_words(got)}, "
                    f"not {_shape_words(want)} as {step.of}, at {where}")
    return None


def _raised(what: str, error: BaseException, where: str) -> str:
    """``the loss raised ValueError at N = 3: message``, naming the user's own error where
    the derivation wrapped it in a DerivationError."""
    if isinstance(error, DerivationError) and error.__cause__ is not None:
        error = error.__cause__
    text = " ".join(str(error).split())
    if len(text) > _MESSAGE_CHARS:  # cut between words
        text = text[:_MESSAGE_CHARS - 3].rsplit(" ", 1)[0] + "..."
    return f"{what} raised {type(error).__name__} at {where}" + (f": {text}" if text else "")


def _where(derivation: Derivation) -> str:
    """``N = 3, D = 5``, or for integer shapes ``x (3, 5), t (3,)``."""
    if derivation.sizes:
        return ", ".join(f"{n} = {v}" for n, v in derivation.sizes.items())
    return ", ".join(f"{i.name} {_shape_words(i.resolved_shape({}))}" for i in derivation.inputs)


def _shape(value: Any) -> tuple[int, ...] | None:
    try:
        return tuple(int(d) for d in np.shape(value))
    except Exception:
        return None


def _shape_words(shape: tuple[int, ...] | None) -> str:
    return "unknown" if shape is None else str(tuple(shape))


def _what(value: Any) -> str:
    if isinstance(value, Tensor):
        return f"shape {tuple(value.shape)}"
    return type(value).__name__


def _axis_words(axis: Axis) -> str:
    return f"{axis[0]}.shape[{axis[1]}]"


def broadcasts_alike(declared: Derivation, other: Derivation) -> bool:
    """Whether the loss combines its tensors the same way at both sizes: every torch
    operation on two or more tensors sees the same pattern of equal shapes and of axes of
    length 1. Linked dims that are not one size (a batch of 2 and a pooled height of 2)
    make the loss broadcast at the other sizes where it did not at the declared ones."""
    return _broadcasting(declared) == _broadcasting(other)


def _broadcasting(derivation: Derivation) -> list[tuple[Any, ...]] | None:
    """The pattern of every multi-tensor torch operation of one run of the loss."""
    seen: list[tuple[Any, ...]] = []

    class Record(torch.overrides.TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            tensors = [a for a in args if isinstance(a, Tensor) and a.dim()]
            if len(tensors) > 1:
                seen.append((getattr(func, "__name__", str(func)),
                             len({t.shape for t in tensors}) == 1,
                             tuple(tuple(n == 1 for n in t.shape) for t in tensors)))
            return func(*args, **(kwargs or {}))

    drawn = sample_trials(derivation, 0, 1, 0, dtype=torch.float64, device="cpu")
    try:
        with torch.no_grad(), Record():
            derivation.loss(**{n: v[0] for n, v in drawn.items()})
    except (Exception, SystemExit):
        return None
    return seen
