"""Your inputs, said briefly: a shape per argument and, where normal draws do not fit, a draw.

A draw is a name, a tuple of a name and its numbers, or a value to hold fixed:

    "normal"  or ("normal", scale)        near-normal x scale (see verify.sample), the default
    "uniform" or ("uniform", low, high)   U(low, high), default (0.1, 0.9): targets of a sigmoid
    "positive" or ("positive", scale, low)  |near-normal| x scale + low, default (1, 0.1)
    "onehot"                              one-hot rows over the last axis
    ("labels", classes)                   integer class indices 0 .. classes - 1
    ("fixed", value) or just the value    the same value in every trial

An ``Input`` from ``derivations.core`` is taken as it is.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from derivations.core import DRAWS, Input
from verify.errors import UsageError

__all__ = ["Draw", "arguments", "inputs", "name_of", "shown_path", "signature_text",
           "source_of"]

Draw = Any  # a draw name, a (name, *numbers) tuple, a fixed value, or an Input

_NUMBERS = {"normal": ("scale",), "uniform": ("low", "high"), "positive": ("scale", "low"),
            "onehot": (), "labels": ("classes",), "fixed": ("value",)}


def arguments(fn: Callable[..., Any], skip: int = 0) -> tuple[list[str], set[str]] | None:
    """The named arguments of ``fn`` (after the first ``skip``) and those it cannot do
    without; None when its signature cannot be read or it takes ``**kwargs``."""
    try:
        parameters = list(inspect.signature(fn).parameters.values())[skip:]
    except (TypeError, ValueError):
        return None
    if any(p.kind == p.VAR_KEYWORD for p in parameters):
        return None
    named = [p for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    return [p.name for p in named], {p.name for p in named if p.default is p.empty}


def name_of(fn: Callable[..., Any]) -> str:
    """``grad``, ``Affine.backward``: the function's name without its enclosing function."""
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", type(fn).__name__)
    return name.rsplit("<locals>.", 1)[-1]


def signature_text(fn: Callable[..., Any], names: Sequence[str]) -> str:
    """``loss(w, x, t)``: how messages name a function."""
    return f"{name_of(fn)}({', '.join(names)})"


def shown_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it, else absolute."""
    relative = os.path.relpath(path)
    return os.path.abspath(path) if relative.startswith("..") else relative


def source_of(fn: Callable[..., Any]) -> str:
    """``file.py:12``, where ``fn`` is defined (its name when that cannot be found)."""
    try:
        return f"{shown_path(inspect.getsourcefile(fn))}:{inspect.getsourcelines(fn)[1]}"
    except (TypeError, OSError):
        return name_of(fn)


def inputs(fn: Callable[..., Any], shapes: Mapping[str, Any] | None,
           draws: Mapping[str, Draw] | None, sizes: Mapping[str, int] | None = None,
           skip: int = 0) -> tuple[Input, ...]:
    """One Input per argument of ``fn`` that ``shapes`` or ``draws`` names, in ``fn``'s order.

    Args:
        fn: the function whose arguments are drawn (a loss, or a Function's forward).
        shapes: argument name -> shape, a tuple of ints or size names (an int for 1-d).
        draws: argument name -> how it is drawn (see the module docstring); default normal.
        sizes: values of the size names used in ``shapes``.
        skip: leading arguments of ``fn`` that are not inputs (``ctx`` of a Function).

    Returns:
        The inputs, in the order ``fn`` takes them.

    Raises:
        UsageError: an argument with no shape, a name that is not an argument, a bad draw.
    """
    shapes, draws = dict(shapes or {}), dict(draws or {})
    found = arguments(fn, skip)
    names, required = found if found is not None else (list({**shapes, **draws}), set())
    where = signature_text(fn, names)
    for kind, given in (("shapes", shapes), ("draws", draws)):
        for name in given:
            if name not in names:
                raise UsageError(f"{kind} names {name!r}, which is not an argument of {where}")
    missing = [n for n in names
               if n in required and n not in shapes and not _is_fixed(draws.get(n))]
    if missing:
        raise UsageError(f"no shape for {missing[0]!r}, an argument of {where}: add it to shapes")
    chosen = [n for n in names if n in shapes or n in draws]
    if not chosen:
        raise UsageError(f"shapes is empty: give the shape of each argument of {where}")
    return tuple(_input(n, shapes.get(n), draws.get(n), sizes or {}) for n in chosen)


def _is_fixed(draw: Draw) -> bool:
    return draw is not None and not isinstance(draw, (str, Input)) and not _is_spec(draw)


def _is_spec(draw: Draw) -> bool:
    return isinstance(draw, tuple) and bool(draw) and isinstance(draw[0], str)


def _input(name: str, shape: Any, draw: Draw, sizes: Mapping[str, int]) -> Input:
    if isinstance(draw, Input):
        if draw.name != name:
            raise UsageError(f"draws[{name!r}] is Input({draw.name!r}, ...): the names differ")
        return draw
    if draw is None or isinstance(draw, str):
        kind, numbers = draw or "normal", ()
    elif _is_spec(draw):
        kind, numbers = draw[0], draw[1:]
    else:
        kind, numbers = "fixed", (draw,)
    if kind not in DRAWS:
        raise UsageError(f"draws[{name!r}]: unknown draw {kind!r}; use one of {', '.join(DRAWS)}")
    if len(numbers) > len(_NUMBERS[kind]):
        raise UsageError(f"draws[{name!r}]: {kind!r} takes ({', '.join(_NUMBERS[kind])}), "
                         f"not {draw!r}")
    options = dict(zip(_NUMBERS[kind], numbers, strict=False))
    if shape is None and kind == "fixed":
        shape = np.shape(options["value"])
    try:
        return Input(name, _shape(name, shape), draw=kind, **options)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _shape(name: str, shape: Any) -> tuple[int | str, ...]:
    if isinstance(shape, (int, str)):
        shape = (shape,)
    ok = isinstance(shape, Sequence) and all(
        isinstance(d, str) or (isinstance(d, (int, np.integer)) and d >= 0) for d in shape)
    if not ok:
        raise UsageError(f"shapes[{name!r}] must be a tuple of sizes like (1, 10), not {shape!r}")
    return tuple(d if isinstance(d, str) else int(d) for d in shape)
