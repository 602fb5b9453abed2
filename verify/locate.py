"""Locate the first wrong line of a hand-written gradient, on one failing trial.

    >>> location = locate(my_derivation, one_trial_inputs)     # doctest: +SKIP
    >>> print(location)                                        # doctest: +SKIP
    wrong_mlp.py:23: dy = (y - t) / N
      computes 1/2 x dL/dy, the gradient of the loss with respect to x @ W + b

The method, in four steps:

1. **What is known.** The loss runs once on leaf copies of the inputs under a
   ``TorchFunctionMode`` that keeps every floating tensor an operation returns and retains
   its gradient; one backward pass then gives, for every forward quantity, its value and the
   gradient of the loss with respect to it. To these are added the inputs, the derivative
   of every elementwise operation at its argument (``sigmoid'(z)``, the mask of a ReLU), and
   the summed gradient of a quantity the loss computes more than once (``x - mu`` in a
   batch norm).
2. **What the gradient code computes.** ``grad(**inputs)`` runs (on numpy arrays or tensors,
   as the engine would run it) under ``sys.settrace``, in the user's files only. Before each
   line runs, the frame's variables are copied, so that the line can be run again later, and
   each value the line reads is traced to the line that produced it (through calls, returns
   and attributes of layer objects); after it runs, every variable it wrote or changed
   (locals, list elements, attributes) becomes a record of that line, as does each returned
   value. A call of the user's own function inside a line counts as one more input of it.
3. **Walking back from a wrong result.** Each returned gradient that differs from autograd's
   is a start. A record whose line should have produced ``E`` is run again with one thing
   changed: a size written in it (``x.shape[1]``) or a constant (the ``2`` of ``2 * r``),
   or one value it reads, replaced by a known quantity, by a multiple of one, by the opposite
   mask, or by another size. If a replacement of what the line wrote makes it right, the line
   is wrong. If a replacement of an input does, the walk moves to the line that produced that
   input, now expecting the replacement, unless the input is vouched for: used by another
   line whose value is exactly right (a delta that keeps a factor m the user divides by
   later), an input of the gradient passed on unchanged, or exactly a known quantity used in
   place of another (a wrong operand, gradients returned in the wrong order). A value that
   is exactly a forward quantity is taken for a gradient gone wrong only when its name says
   it is one (``dy``, ``dE_dO``, ``delta``). Where no single input will do, two are
   replaced at once and both branches are followed. A line that nothing fixes is where its
   branch stops; a sum built up in a loop stops at the line whose additions, multiplied by
   one factor, would have made it right, or, where all of them are off by one factor, goes
   on to the line whose values every addition reads (one number per example); an element
   of a list built one per pass goes on to the number it reads, where the same element of
   a known quantity in its place makes every element right.
4. **The first wrong line** is the stopping point that ran first, over every wrong returned
   gradient. Its value is compared with what it should have computed: a factor ("1/2 x",
   "-1 x"), "transposed", a wrong shape, or "differs".

Compared with matching values alone, re-running a line with one input replaced tells a
forgotten factor in the line (``dW = x.T @ dy`` missing ``/ N``) from one in an earlier line
(``dy = y - t`` that the loss needed divided by N), and finds lines that compute nothing the
loss knows (a mask ``x <= 0``, ``1 - z**2``) by what their readers needed instead.

Nothing here differentiates the user's gradient code; only the loss goes through autograd.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import enum
import functools
import io
import itertools
import linecache
import math
import os
import re
import sys
import sysconfig
import tokenize
import types
import warnings
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import torch
from torch import Tensor
from torch.overrides import TorchFunctionMode

from verify.draws import shown_path
from verify.unfused import textbook_steps
from verify.usercode import holds_numpy

__all__ = ["Confidence", "Location", "locate", "squares_in"]

_RTOL = 1e-7          # two values are the same quantity when they agree to this, relative
_MAX_ELEMENTS = 64    # list and dict elements followed per variable
_MAX_TEXT = 90        # longest expression shown for a forward quantity
_MAX_DEPTH = 400      # lines walked back from one wrong result
_MAX_PAIR_OPTIONS = 24  # known quantities tried for each of two inputs replaced at once
_MAX_RECORDS = 20_000   # values recorded from one run of the gradient, at most
_MAX_EARLIER = 16       # earlier lines offered for editing when the located one fails
_MAX_UNREAD = 4         # lines whose value nothing reads, offered last
_MAX_CLOSURES = 16      # lines of functions defined inside functions, offered after those


class Confidence(str, enum.Enum):
    """How sure the location is."""

    HIGH = "high"      # the line's value is what it should be, off by a factor or transposed
    MEDIUM = "medium"  # everything the line reads is right, and what it computes is not
    LOW = "low"        # where the walk back stopped, with less evidence


@dataclasses.dataclass(frozen=True)
class Location:
    """The first wrong line of a gradient, and what it should have computed."""

    file: str
    line: int
    code: str
    expected: str
    relation: str  # "1/2 x", "-1 x", "transposed", "differs", "of shape (5,), not (3,)"
    confidence: Confidence
    #: For re-running the line edited (``verify.fixes``): the file's full path, the code
    #: object that holds the line, the variables before the line ran (with the frame's
    #: globals), what the line computed and what it should have (float64).
    path: str = dataclasses.field(default="", compare=False, repr=False)
    function: Any = dataclasses.field(default=None, compare=False, repr=False)
    scope: Mapping[str, Any] | None = dataclasses.field(default=None, compare=False,
                                                        repr=False)
    value: Tensor | None = dataclasses.field(default=None, compare=False, repr=False)
    target: Tensor | None = dataclasses.field(default=None, compare=False, repr=False)
    written: tuple = dataclasses.field(default=(), compare=False, repr=False)
    #: The lines the located line's values came from, nearest first.
    earlier: tuple[Location, ...] = dataclasses.field(default=(), compare=False, repr=False)
    #: The return statements of several values its value reached, nearest first.
    later: tuple[Location, ...] = dataclasses.field(default=(), compare=False, repr=False)
    #: The lines the walk back passed on its way from the wrong result to this one,
    #: nearest first: each was judged right only for what it was given.
    passed: tuple[Location, ...] = dataclasses.field(default=(), compare=False, repr=False)
    #: What the line's value exactly is, where the loss knows it: "input", "forward" (a
    #: forward quantity), "gradient", "local" (a derivative); "" for none.
    known_as: str = dataclasses.field(default="", compare=False, repr=False)
    #: The lines that assign a value no later line reads: computed, then lost.
    unread: tuple[Location, ...] = dataclasses.field(default=(), compare=False, repr=False)
    #: The lines of functions defined inside functions (an autodiff engine's closures).
    closures: tuple[Location, ...] = dataclasses.field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: {self.code}"
        return f"{where}\n  {_sentence(self)}" if self.expected else where


def _sentence(location: Location) -> str:
    """What the line computes, in words: "computes 1/2 x dL/dy, ..."."""
    relation, expected = location.relation, location.expected
    if relation.endswith(" x"):
        return f"computes {relation} {expected}"
    if relation.endswith("transposed"):
        factor = relation.removesuffix("transposed")
        return f"computes {factor}{expected}, transposed"
    if relation.startswith("of shape"):
        return f"should compute {expected}; its value is {relation}"
    if relation == "equal":
        return f"computes {expected}"
    return f"should compute {expected}"


def locate(derivation: Any, inputs: Mapping[str, Tensor]) -> Location | None:
    """The first line of the user's gradient whose value is wrong, on one trial.

    Args:
        derivation: made by ``verify.derivation(loss, grad, ...)``.
        inputs: one trial's inputs, name to tensor, without a trial axis.

    Returns:
        The Location, or None when ``derivation`` was not made by ``verify.derivation``,
        every returned gradient agrees with autograd, or the code could not be followed
        (it raised, or it is not Python in the user's files).
    """
    from verify.api import _ClosedForm, _Loss

    loss, closed = getattr(derivation, "loss", None), getattr(derivation, "gradient", None)
    if not isinstance(loss, _Loss) or not isinstance(closed, _ClosedForm):
        return None
    inputs = {n: v.detach().cpu() for n, v in inputs.items()}
    if any(v.is_floating_point() and v.dtype != torch.float64 for v in inputs.values()):
        inputs = {n: v.double() if v.is_floating_point() else v for n, v in inputs.items()}
    try:
        known = _forward(loss.loss, inputs)
        trace = None if known is None else _run(closed, inputs)
        return None if trace is None else _Walk(known, trace, closed.wrt).first_wrong()
    except Exception:  # the user's code may do anything: then there is no location
        return None


# ---------------------------------------------------------------------------------------
# 1. What is known: the loss's forward quantities, their gradients, local derivatives.


@dataclasses.dataclass(frozen=True)
class _Known:
    kind: str      # "input", "forward", "gradient", "local" ("residual": see ``_residual``)
    text: str
    value: Tensor  # float64, on the CPU
    of_input: str | None = None  # the input, for a gradient with respect to an input
    rank: int = 0  # of equal values, the one named by the highest rank is shown
    op: str = ""   # for a forward quantity, the operation that computed it (``sigmoid``)
    feeds: frozenset[str] = frozenset()  # the operations an input or forward quantity feeds
    name: str = ""  # the loss's own name for an input or forward quantity, where it has one
    depth: int = 0  # of a forward quantity: the matrix products below it
    layer: int = 0  # of an input or forward quantity: the depth of the first product it feeds
    factors: tuple[Tensor, ...] = ()  # of a forward product ``a * b``: its operands
    operands: tuple[Tensor, ...] = ()  # of a forward matrix product ``a @ b``: a and b
    of_value: Tensor | None = None  # of a gradient: the quantity it is taken with respect to


@dataclasses.dataclass
class _Knowns:
    items: list[_Known]
    wrt: dict[str, Tensor]       # autograd's gradient for every floating input
    sizes: tuple[int, ...]       # every size (>= 2) of the inputs and forward quantities
    floor: float                 # differences below this are rounding, whatever the scale
    residuals: list[_Known] = dataclasses.field(default_factory=list)  # see ``_residual``

    @functools.cached_property
    def by_numel(self) -> dict[int, list[_Known]]:
        grouped: dict[int, list[_Known]] = {}
        for k in self.items:
            grouped.setdefault(k.value.numel(), []).append(k)
        return grouped

    def best(self, known: _Known) -> _Known:
        """Of the quantities of one kind with the same value, the one to show: a named
        one, else the one nearest the loss (``x @ W + b`` rather than ``x @ W``)."""
        same = [k for k in self.by_numel.get(known.value.numel(), [])
                if k.kind == known.kind and _close(k.value, known.value, self.floor)]
        return max(same, key=lambda k: k.rank, default=known)

    def exact(self, value: Tensor) -> list[_Known]:
        """The known quantities ``value`` is. A constant array is none of them, and an array
        of zeros and ones only a derivative: elsewhere such a match is a coincidence."""
        if value.numel() > 1 and bool((value == value.flatten()[0]).all()):
            return []
        binary = value.numel() > 1 and bool(((value == 0) | (value == 1)).all())
        return [k for k in self.by_numel.get(value.numel(), [])
                if (k.kind == "local" or not binary) and _close(value, k.value, self.floor)]


@dataclasses.dataclass(eq=False)
class _Op:
    func: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    out: Tensor
    text: str
    grad: Tensor | None = None  # the loss's gradient with respect to ``out``, once known


class _Recorder(TorchFunctionMode):
    """Keeps every floating tensor an operation returns, and retains its gradient; with
    ``unfused``, a fused normalisation is run (and kept) in its textbook steps."""

    def __init__(self, texts: dict[int, str], *, unfused: bool = False) -> None:
        super().__init__()
        self.texts, self.ops, self.unfused = texts, [], unfused

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        steps = textbook_steps(func, args, kwargs) if self.unfused else None
        if steps is not None:
            text = _expression(func, args, kwargs, self.texts)
            with self:
                out = steps(self._label)
            return self._label(out, text) if text is not None else out
        out = func(*args, **kwargs)
        for o in out if isinstance(out, (tuple, list)) else (out,):
            if isinstance(o, Tensor) and o.is_floating_point() and id(o) not in self.texts:
                text = _expression(func, args, kwargs, self.texts)
                if text is None:
                    continue
                self.texts[id(o)] = text
                if o.requires_grad and not o.is_leaf:
                    o.retain_grad()
                self.ops.append(_Op(func, args, kwargs, o, text))
        return out

    def _label(self, value: Tensor, text: str) -> Tensor:
        """``value``, a quantity just recorded, shown as ``text`` from now on."""
        if id(value) in self.texts:
            self.texts[id(value)] = text
            for op in self.ops[::-1]:
                if op.out is value:
                    op.text = text
                    break
        return value


def _forward(loss: Callable[..., Tensor], inputs: dict[str, Tensor]) -> _Knowns | None:
    leaves = {n: v.clone().requires_grad_(True) if v.is_floating_point() else v.clone()
              for n, v in inputs.items()}
    recorder = _Recorder({id(v): n for n, v in leaves.items()}, unfused=True)
    names: dict[int, str] = {}
    with _loss_locals(loss, names), recorder, torch.enable_grad():
        out = loss(**leaves)
    if not isinstance(out, Tensor) or out.numel() != 1 or not out.requires_grad:
        return None
    out.reshape(()).backward()
    for op in recorder.ops:  # only the gradients that were retained: no warning for others
        if not (op.out.is_leaf or op.out.retains_grad):
            op.grad = None
        else:
            op.grad = op.out.grad
    items, wrt = [], {}
    for n, leaf in leaves.items():
        if leaf.is_floating_point():
            wrt[n] = leaf.grad.detach() if leaf.grad is not None else torch.zeros_like(leaf)
            items.append(_Known("gradient", f"dL/d{n}, the gradient of the loss with "
                                f"respect to {n}", wrt[n], of_input=n, rank=3 << 20))
    ops = [op for op in recorder.ops if op.out.dtype == torch.float64]
    by_text: dict[tuple[str, tuple[int, ...]], list[_Op]] = {}
    for order, op in enumerate(ops):
        by_text.setdefault((op.text, tuple(op.out.shape)), []).append(op)
        if op.grad is None:
            continue
        if op.out is out:
            items.append(_Known("gradient", "dL/dL = 1, the gradient of the loss with respect "
                                "to itself", op.grad.detach()))
            continue
        name = names.get(id(op.out))
        named = bool(name) and name not in inputs
        items.append(_Known("gradient", f"dL/d{name if named else f'({op.text})'}, the gradient "
                            f"of the loss with respect to {op.text}", op.grad.detach(),
                            rank=((2 if named else 1) << 20) + order,
                            of_value=op.out.detach()))
    for (text, _), same in by_text.items():
        grads = [op.grad for op in same if op.grad is not None]
        if len(grads) > 1:
            items.append(_Known("gradient", f"the gradient of the loss with respect to {text}, "
                                f"summed over its {len(grads)} uses", sum(grads).detach()))
    feeds: dict[int, set[str]] = {}
    for op in ops:
        for arg in op.args:
            if isinstance(arg, Tensor):
                feeds.setdefault(id(arg), set()).add(_func_name(op.func))
    depth: dict[int, int] = {}
    layer: dict[int, int] = {}
    for op in ops:
        below = max((depth.get(id(a), 0) for a in op.args if isinstance(a, Tensor)), default=0)
        depth[id(op.out)] = below + (_func_name(op.func) in _PRODUCTS)
        if _func_name(op.func) in _PRODUCTS:
            for arg in op.args:
                layer.setdefault(id(arg), depth[id(op.out)])
    items += [_Known("input", f"the input {n}", v.detach().double(),
                     feeds=frozenset(feeds.get(id(v), ())), name=n, layer=layer.get(id(v), 0))
              for n, v in leaves.items()]
    items += [_Known("forward", f"the forward quantity {op.text}", op.out.detach(),
                     op=_func_name(op.func), feeds=frozenset(feeds.get(id(op.out), ())),
                     name=names.get(id(op.out), ""), depth=depth[id(op.out)],
                     layer=layer.get(id(op.out), 0), factors=_factors(op),
                     operands=_operands(op))
              for op in ops]
    found = [k for op in ops for k in _residual(op, recorder.texts)]
    items += [k for k in found if k.kind != "residual"]
    locals_: list[_Known] = []
    for op in ops:
        local = _local_derivative(op, recorder.texts)
        if local is not None and not any(_close(local.value, k.value) for k in locals_):
            locals_.append(local)
    items += locals_
    shapes = [tuple(v.shape) for v in leaves.values()] + [tuple(op.out.shape) for op in ops]
    sizes = {d for s in shapes for d in s} | {math.prod(s) for s in shapes}
    scale = max([float(v.abs().max()) for v in inputs.values() if v.numel()] + [1.0])
    return _Knowns(items, wrt, tuple(sorted(s for s in sizes if s >= 2)), 1e-9 * scale,
                   [k for k in found if k.kind == "residual"])


def squares_in(loss: Callable[..., Any], inputs: Mapping[str, Tensor]) -> str:
    """How the loss squares, for reading a factor 2: ``"mean"`` where it calls ``mse_loss``
    with its default mean over more than one element (its gradient is 2/N (a - b)),
    ``"mse-sum"`` where it calls ``mse_loss`` otherwise (its gradient is 2 (a - b), with
    no 1/2 to cancel the 2), ``"square"`` where it squares otherwise (``** 2``, ``square``,
    ``x * x``, a variance, a normalisation), ``""`` where it never squares (a factor 2 is
    then no square's)."""
    recorder = _Recorder({})
    try:
        with recorder, torch.no_grad():
            loss(**{n: v.clone() for n, v in inputs.items()})
    except Exception:
        return "square"  # unknown: the reading stands
    found = ""
    for op in recorder.ops:
        name, args = _func_name(op.func), op.args
        if name == "mse_loss":
            mean = op.kwargs.get("reduction", "mean") == "mean"
            if mean and isinstance(args[0], Tensor) and args[0].numel() > 1:
                return "mean"
            found = "mse-sum"
        elif (name in ("pow", "__pow__", "float_power") and len(args) > 1 and _two(args[1])) \
                or name in ("square", "norm", "var", "std", "linalg_norm", "vector_norm",
                            "var_mean", "std_mean", "layer_norm", "batch_norm", "group_norm",
                            "instance_norm", "rms_norm", "huber_loss", "smooth_l1_loss") \
                or (name in ("mul", "__mul__", "matmul", "__matmul__", "dot", "inner", "mm",
                             "mv", "vdot") and len(args) > 1 and args[0] is args[1]):
            found = found or "square"
    return found


def _two(exponent: Any) -> bool:
    """Is a power's exponent 2 (a number, or a tensor of one element; ``2 ** x`` has a
    tensor of many)?"""
    if isinstance(exponent, Tensor):
        return exponent.numel() == 1 and float(exponent) == 2
    return isinstance(exponent, (int, float)) and exponent == 2


#: Losses of a residual ``a - b`` that torch computes in one operation.
_RESIDUAL_LOSSES = frozenset({"mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"})


def _residual(op: _Op, texts: dict[int, str]) -> list[_Known]:
    """For ``mse_loss(a, b)`` and its kin, the gradient of the loss with respect to the
    residual ``a - b`` that hand-written code computes first, and the residual itself (kept
    apart: where no line divides by a size, the line that computes the residual is where
    the convention's factor belongs, unless a line only renames it as a gradient)."""
    tensors = [a for a in op.args[:2] if isinstance(a, Tensor)]
    if _func_name(op.func) not in _RESIDUAL_LOSSES or len(tensors) != 2 or op.grad is None:
        return []
    a, b = (t.detach() for t in tensors)
    if a.shape != b.shape:
        return []
    r = (a - b).clone().requires_grad_(True)
    with torch.enable_grad():
        out = op.func(r, torch.zeros_like(r), *op.args[2:], **op.kwargs)
        (dr,) = torch.autograd.grad(out, r, op.grad)
    text = f"{op.text.split('(')[0]} residual"
    return [_Known("gradient", f"dL/dr, the gradient of the loss with respect to the {text}",
                   dr.detach()),
            _Known("residual", f"the residual {_operand(_text(tensors[0], texts), '-')} - "
                   f"{_operand(_text(tensors[1], texts), '-', left=False)}", a - b)]


def _local_derivative(op: _Op, texts: dict[int, str]) -> _Known | None:
    """``f'(z)`` for an elementwise ``f`` of one tensor ``z``; None for anything else."""
    tensors = [a for a in op.args if isinstance(a, Tensor)]
    if len(tensors) != 1 or tensors[0].shape != op.out.shape or op.out.numel() == 0:
        return None
    arg = tensors[0]
    if not arg.is_floating_point():
        return None
    z = arg.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        out = op.func(*[z if a is arg else a for a in op.args], **op.kwargs)
        if not isinstance(out, Tensor) or out.shape != z.shape or not out.requires_grad:
            return None
        probe = torch.rand(z.shape, generator=torch.Generator().manual_seed(0),
                           dtype=z.dtype) + 0.5
        (ones,) = torch.autograd.grad(out, z, torch.ones_like(out), retain_graph=True)
        (probed,) = torch.autograd.grad(out, z, probe)
    if not torch.allclose(probed, ones * probe, rtol=1e-9, atol=1e-12):
        return None  # not elementwise
    name, of = _func_name(op.func), texts.get(id(arg), "its argument")
    return _Known("local", f"{name}'({of}), the derivative of {name} at {of}", ones.detach())


class _loss_locals:  # noqa: N801 - used as a context manager, named like one
    """While active, the loss's own variable names (by tensor id) land in ``names``."""

    def __init__(self, loss: Callable[..., Any], names: dict[int, str]) -> None:
        self.code = getattr(loss, "__code__", None)
        self.names = names

    def __enter__(self) -> None:
        self.previous = sys.gettrace()
        if self.code is not None:
            sys.settrace(self._call)

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self.previous)

    def _call(self, frame, event, arg):
        if frame.f_code is not self.code:
            return None
        return self._local

    def _local(self, frame, event, arg):
        if event == "return":
            for name, value in frame.f_locals.items():
                if isinstance(value, Tensor):
                    self.names.setdefault(id(value), name)
        return self._local


_INFIX = {"add": "+", "__add__": "+", "sub": "-", "__sub__": "-", "mul": "*", "__mul__": "*",
          "div": "/", "__truediv__": "/", "true_divide": "/", "matmul": "@", "__matmul__": "@",
          "mm": "@", "pow": "**", "__pow__": "**"}
_REFLECTED = {"__radd__": "+", "__rsub__": "-", "__rmul__": "*", "__rtruediv__": "/",
              "__rdiv__": "/", "__rpow__": "**", "__rmatmul__": "@"}


#: Operations that make a layer: a quantity's layer is how many of them lie below it.
_PRODUCTS = frozenset({"matmul", "mm", "bmm", "addmm", "linear", "einsum", "conv1d", "conv2d",
                       "rmatmul"})


def _factors(op: _Op) -> tuple[Tensor, ...]:
    """The operands of an elementwise product (``r * h``), as float64 values."""
    if _func_name(op.func) not in ("mul", "rmul"):
        return ()
    return tuple(a.detach().double() for a in op.args if isinstance(a, Tensor) and a.dim())


def _operands(op: _Op) -> tuple[Tensor, ...]:
    """The operands of a matrix product (``X @ W``), as float64 values."""
    if _func_name(op.func) not in _PRODUCTS:
        return ()
    return tuple(a.detach().double() for a in op.args if isinstance(a, Tensor) and a.dim())


def _func_name(func: Callable[..., Any]) -> str:
    return getattr(func, "__name__", type(func).__name__).strip("_")


def _expression(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                texts: dict[int, str]) -> str | None:
    """The forward quantity as an expression of the loss's inputs: ``sigmoid(x @ W + b)``."""
    name = getattr(func, "__name__", "")
    if name == "__get__":
        prop = getattr(getattr(func, "__self__", None), "__name__", "")
        return f"{_operand(_text(args[0], texts))}.T" if prop in ("T", "mT") else None
    parts = [_text(a, texts) for a in args]
    if name in _INFIX and len(parts) == 2:
        op = _INFIX[name]
        text = f"{_operand(parts[0], op)} {op} {_operand(parts[1], op, left=False)}"
    elif name in _REFLECTED and len(parts) == 2:
        op = _REFLECTED[name]
        text = f"{_operand(parts[1], op)} {op} {_operand(parts[0], op, left=False)}"
    elif name in ("neg", "__neg__") and parts:
        text = f"-{_operand(parts[0], '**')}"
    elif name == "__getitem__" and len(parts) == 2:
        text = f"{_operand(parts[0])}[{_index_text(args[1], texts)}]"
    else:
        shown = parts + [f"{k}={_text(v, texts)}" for k, v in kwargs.items()
                         if isinstance(v, (int, float, bool, str, tuple))]
        text = f"{_func_name(func)}({', '.join(shown)})"
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT - 3] + "..."


def _text(value: Any, texts: dict[int, str]) -> str:
    if isinstance(value, Tensor):
        if id(value) in texts:
            return texts[id(value)]
        return f"{value.item():g}" if value.numel() == 1 else "a tensor"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return f"({', '.join(_text(v, texts) for v in value)})"
    return str(value)


def _index_text(index: Any, texts: dict[int, str]) -> str:
    items = index if isinstance(index, tuple) else (index,)
    shown = []
    for i in items:
        if isinstance(i, slice):
            shown.append(":" if i == slice(None) else
                         f"{'' if i.start is None else i.start}:{'' if i.stop is None else i.stop}")
        elif i is None:
            shown.append("None")
        else:
            shown.append(_text(i, texts))
    return ", ".join(shown)


_BINDING = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "**": 4}


def _operand(text: str, outer: str | None = None, left: bool = True) -> str:
    """``text`` as an operand of ``outer`` (a binary operator; None for a call or an
    index): in parentheses unless everything outside its own parentheses binds tighter."""
    depth, loosest = 0, 5
    for i, ch in enumerate(text):
        depth += (ch in "([" and 1) or (ch in ")]" and -1) or 0
        if ch == " " and depth == 0:
            op = text[i + 1:].split(" ", 1)[0]
            loosest = min(loosest, _BINDING.get(op, loosest))
    if text.startswith("-") and loosest == 5:
        loosest = 3
    if loosest == 5:
        return text
    if outer is None:
        return f"({text})"
    bind = _BINDING[outer]
    if loosest > bind or (loosest == bind and left and outer != "**"):
        return text
    return f"({text})"


# ---------------------------------------------------------------------------------------
# 2. What the gradient code computes: records of every line, and what each line read.

_Path = tuple  # ("dy",), ("self", ".dW"), ("dW", 1): a name, then attributes and items


def _path_text(path: _Path) -> str:
    return path[0] + "".join(p if isinstance(p, str) and p.startswith(".") else f"[{p!r}]"
                             for p in path[1:])


@dataclasses.dataclass(eq=False)
class _Frame:
    code: Any
    globals: dict[str, Any]
    outer: bool
    slots: dict[_Path, tuple[Any, Any]] = dataclasses.field(default_factory=dict)
    frozen: dict[str, tuple[Any, tuple]] = dataclasses.field(default_factory=dict)
    latest: dict[_Path, int] = dataclasses.field(default_factory=dict)
    params: dict[_Path, tuple[Any, int | None]] | None = None
    pending: _Step | None = None
    lasti: int = -1
    caller: _Step | None = None  # the line that called this function, in the user's code


@dataclasses.dataclass(eq=False)
class _Read:
    path: _Path
    obj: Any
    source: int | None  # the record it was produced by; None for an input or a constant
    parts: tuple[_Read, ...] = ()  # a list of numbers read whole: its elements


@dataclasses.dataclass(eq=False)
class _Step:
    """One execution of one line: the variables before it ran, and what it read."""

    frame: _Frame
    stmt: ast.stmt | None
    line: int
    filename: str
    state: dict[str, tuple]
    reads: list[_Read]
    seq: int
    calls: list[tuple[tuple, int | None]] = dataclasses.field(default_factory=list)
    unpacked: dict[int, int] = dataclasses.field(default_factory=dict)  # see ``_unpacked``


@dataclasses.dataclass(eq=False)
class _Record:
    index: int
    step: _Step
    path: _Path
    obj: Any
    value: Tensor
    via: int | None           # the callee's record of the same object, for a call's result
    reads: list[_Read]
    element: int | str | None = None   # position in a returned tuple or dict


@dataclasses.dataclass
class _Trace:
    records: list[_Record]
    returned: dict[int | str | None, int]   # element -> record of the returned value
    result: Any


def _run(closed: Any, inputs: dict[str, Tensor]) -> _Trace | None:
    """Run the user's gradient once, traced; numpy arrays or tensors as the engine would."""
    numpy = closed.numpy if closed.numpy is not None else _numpy_mode(closed, inputs)
    args = {n: v.numpy().copy() if numpy else v.clone() for n, v in inputs.items()}
    tracer = _Tracer()
    previous = sys.gettrace()
    sys.settrace(tracer.call)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            result = closed.grad(**args)
    except (Exception, SystemExit):
        return None
    finally:
        sys.settrace(previous)
    if tracer.broken or tracer.returned is None:
        return None
    return _Trace(tracer.records, tracer.returned, result)


def _numpy_mode(closed: Any, inputs: dict[str, Tensor]) -> bool:
    """Numpy arrays or tensors, as the engine decides: tensors under vmap first (numpy code
    fails there), then numpy arrays, then tensors one trial at a time."""
    tries: list[bool] = [True, False] if closed.numpy_first else [False, True]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if not closed.numpy_first:
            try:
                batched = {n: v.clone()[None] for n, v in inputs.items()}
                return holds_numpy(torch.func.vmap(lambda d: closed.grad(**d))(batched))
            except (Exception, SystemExit):
                tries = [True, False]
        for numpy in tries:
            args = {n: v.numpy().copy() if numpy else v.clone() for n, v in inputs.items()}
            try:
                return numpy or holds_numpy(closed.grad(**args))
            except (Exception, SystemExit):
                continue
    return False


@functools.cache
def _library_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    dirs = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    dirs |= {os.path.dirname(m.__file__) for m in (np, torch) if m.__file__}
    dirs.add(os.path.dirname(os.path.abspath(__file__)))
    return tuple(os.path.realpath(d) + os.sep for d in dirs)


@functools.lru_cache(maxsize=1024)
def _is_user_file(filename: str) -> bool:
    if not filename or filename.startswith("<"):
        return False
    return not os.path.realpath(filename).startswith(_library_dirs())


@functools.lru_cache(maxsize=1024)
def _is_user_type(kind: type) -> bool:
    """Is the class defined in the user's files (judged by where its methods live)?"""
    for klass in kind.__mro__:
        for member in vars(klass).values():
            code = getattr(member, "__code__", None)
            if code is not None:
                return _is_user_file(code.co_filename)
    module = sys.modules.get(kind.__module__)
    return _is_user_file(getattr(module, "__file__", None) or "")


def _is_user_object(value: Any) -> bool:
    """An instance of a class of the user's files: a layer, a cell, a cache (one that
    defines ``__call__`` too), not a function, a method or a class."""
    return (hasattr(value, "__dict__") and not isinstance(value, (type, *_FUNCTIONS))
            and _is_user_type(type(value)))


_FUNCTIONS = (types.FunctionType, types.MethodType, types.BuiltinFunctionType,
              functools.partial)


def _numeric(value: Any) -> bool:
    if isinstance(value, Tensor):
        return not value.is_complex()
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biuf"
    if isinstance(value, np.generic):
        return value.dtype.kind in "iuf"
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _as_tensor(value: Any) -> Tensor | None:
    """A float64 CPU tensor of the same values; None for what is not numbers."""
    if isinstance(value, Tensor):
        return value.detach().to("cpu", torch.float64) if not value.is_complex() else None
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "biuf":
        return torch.from_numpy(np.array(value, dtype=np.float64))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return torch.tensor(float(value), dtype=torch.float64)
    if _nested_numbers(value):
        return torch.tensor(value, dtype=torch.float64)
    return None


def _nested_numbers(value: Any) -> bool:
    """Lists of numbers, or of such lists all of one shape (pure-Python rows)."""
    return _rows_shape(value) is not None


def _rows_shape(value: Any, depth: int = 0) -> tuple[int, ...] | None:
    """The shape of nested lists of numbers, where they are rectangular."""
    if not isinstance(value, (list, tuple)) or not value or depth > 2:
        return None
    if all(_scalar(v) for v in value):
        return (len(value),)
    shapes = {_rows_shape(v, depth + 1) for v in value}
    if len(shapes) != 1 or None in shapes:
        return None
    return (len(value), *shapes.pop())  # type: ignore[misc]


def _scalar(value: Any) -> bool:
    """A number: a Python one, or a tensor of none (``y[i]`` of pure-Python code given
    tensors)."""
    if isinstance(value, Tensor):
        return value.ndim == 0 and not value.is_complex() and value.dtype != torch.bool
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(clone: Any, value: Any) -> bool:
    if isinstance(value, Tensor):
        return (isinstance(clone, Tensor) and clone.shape == value.shape
                and clone.dtype == value.dtype and bool(torch.equal(clone, value.detach())))
    if isinstance(value, np.ndarray):
        return (isinstance(clone, np.ndarray) and clone.shape == value.shape
                and clone.dtype == value.dtype and bool(np.array_equal(clone, value)))
    if _nested_numbers(value):
        return clone == value
    return True  # a number is the same while it is the same object


def _clone(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value.detach().clone()
    if isinstance(value, np.ndarray):
        return value.copy()
    if _nested_numbers(value):
        return copy.deepcopy(value)
    return value


def _freeze(value: Any, depth: int = 0) -> tuple:
    """A copy of a variable that later runs of a line can thaw without touching it."""
    if isinstance(value, (Tensor, np.ndarray)):
        return ("array", _clone(value))
    if depth == 0 and isinstance(value, (list, tuple)) and len(value) <= _MAX_ELEMENTS:
        return ("list" if isinstance(value, list) else "tuple",
                [_freeze(v, 1) for v in value])
    if depth == 0 and isinstance(value, dict) and len(value) <= _MAX_ELEMENTS:
        return ("dict", {k: _freeze(v, 1) for k, v in value.items()})
    if depth == 0 and _is_user_object(value):
        return ("object", value, {a: _freeze(v, 1) for a, v in vars(value).items()})
    return ("value", value)


def _thaw(frozen: tuple) -> Any:
    kind = frozen[0]
    if kind == "array":
        return _clone(frozen[1])
    if kind in ("list", "tuple"):
        items = [_thaw(f) for f in frozen[1]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {k: _thaw(f) for k, f in frozen[1].items()}
    if kind == "object":
        twin = copy.copy(frozen[1])
        for a, f in frozen[2].items():
            setattr(twin, a, _thaw(f))
        return twin
    return frozen[1]


def _variables(local_vars: Mapping[str, Any]) -> dict[_Path, Any]:
    """Every number and array a frame holds: locals, list elements, attributes of objects."""
    found: dict[_Path, Any] = {}

    def add(path: _Path, value: Any, depth: int) -> None:
        if depth == 0 and _nested_numbers(value):
            found[path] = value  # a pure-Python row or matrix, whole and by element
        if _numeric(value):
            found[path] = value
        elif depth < 2 and isinstance(value, (list, tuple)) and len(value) <= _MAX_ELEMENTS:
            for i, v in enumerate(value):
                add((*path, i), v, depth + 1)
        elif depth < 2 and isinstance(value, dict) and len(value) <= _MAX_ELEMENTS:
            for k, v in value.items():
                if isinstance(k, (str, int)):
                    add((*path, k), v, depth + 1)
        elif depth == 0 and _is_user_object(value):
            for a, v in vars(value).items():
                add((*path, f".{a}"), v, depth + 1)

    for name, value in local_vars.items():
        add((name,), value, 0)
    return found


@functools.lru_cache(maxsize=128)
def _statements(source: str) -> dict[int, ast.stmt]:
    """Line number -> the innermost statement that line belongs to."""
    lines: dict[int, ast.stmt] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return lines
    for node in ast.walk(tree):  # breadth first: inner statements overwrite outer ones
        if not isinstance(node, ast.stmt):
            continue
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            last = max(node.lineno, body[0].lineno - 1)
        else:
            last = node.end_lineno or node.lineno
        for n in range(node.lineno, last + 1):
            lines[n] = node
    return lines


def _statement(filename: str, line: int) -> ast.stmt | None:
    return _statements("".join(linecache.getlines(filename))).get(line)


def _read_nodes(stmt: ast.stmt | None) -> list[ast.expr]:
    """The expressions a statement reads (an array written in part is read too)."""
    if isinstance(stmt, ast.Assign):
        subscripts = [t for t in _flat_targets(stmt.targets) if isinstance(t, ast.Subscript)]
        return [stmt.value] + [p for t in subscripts for p in (_Written(t.value), t.slice)]
    if isinstance(stmt, ast.AugAssign):
        return [stmt.target, stmt.value]
    if isinstance(stmt, (ast.AnnAssign, ast.Return, ast.Expr)):
        return [stmt.value] if stmt.value is not None else []
    if isinstance(stmt, ast.For):
        return [stmt.iter]
    return []


class _Written(ast.expr):
    """The container of ``a[i] = ...``: read when it is an array written in part, not when
    it is a list whose element is replaced."""

    _fields = ("value",)

    def __init__(self, value: ast.expr) -> None:
        super().__init__()
        self.value = value


def _flat_targets(targets: list[ast.expr]) -> Iterator[ast.expr]:
    for t in targets:
        if isinstance(t, (ast.Tuple, ast.List)):
            yield from _flat_targets(t.elts)
        elif isinstance(t, ast.Starred):
            yield from _flat_targets([t.value])
        else:
            yield t


def _written(stmt: ast.stmt | None) -> set[_Path]:
    """What a statement assigns, as paths (a subscripted array counts as the whole array)."""
    if isinstance(stmt, ast.Assign):
        targets = list(_flat_targets(stmt.targets))
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign, ast.For)):
        targets = list(_flat_targets([stmt.target]))
    else:
        return set()
    paths = set()
    for t in targets:
        path = _static_path(t.value if isinstance(t, ast.Subscript) else t)
        if path is not None:
            paths.add(path)
    return paths


def _static_path(node: ast.expr) -> _Path | None:
    if isinstance(node, ast.Name):
        return (node.id,)
    if isinstance(node, ast.Attribute):
        base = _static_path(node.value)
        return None if base is None else (*base, f".{node.attr}")
    return None


class _TooLong(Exception):
    """More records than a location is worth: the code loops too long to follow."""


class _Tracer:
    """The trace function: records of every line of the user's code, as it runs."""

    def __init__(self) -> None:
        self.records: list[_Record] = []
        self.by_id: dict[int, int] = {}
        self.frames: dict[int, _Frame] = {}
        self.returned: dict[int | str | None, int] | None = None
        self.broken = False

    def call(self, frame, event, arg):
        code = frame.f_code
        if self.broken or code.co_name.startswith("<") or not _is_user_file(code.co_filename):
            return None
        caller = self.frames.get(id(frame.f_back))
        self.frames[id(frame)] = _Frame(code, frame.f_globals, outer=not self.frames,
                                        caller=caller.pending if caller else None)
        return self.local

    def local(self, frame, event, arg):
        if self.broken:
            return None
        try:
            if event == "line":
                self._line(frame)
            elif event == "return":
                self._return(frame, arg)
        except Exception:  # never break the user's code: stop following it instead
            self.broken = True
            return None
        return self.local

    def _line(self, frame) -> None:
        fs = self.frames.get(id(frame))
        if fs is None:
            return
        filename = frame.f_code.co_filename
        stmt = _statement(filename, frame.f_lineno)
        went_on = frame.f_lasti > fs.lasti
        fs.lasti = frame.f_lasti
        if fs.pending is not None and stmt is not None and stmt is fs.pending.stmt and went_on:
            return  # another line of the same statement, not the same one run again
        if len(self.records) > _MAX_RECORDS:
            raise _TooLong
        self._settle(frame, fs)
        line = stmt.lineno if stmt is not None else frame.f_lineno
        fs.pending = _Step(fs, stmt, line, filename, dict(fs.frozen),
                           self._reads(frame, fs, _read_nodes(stmt)), len(self.records))

    def _return(self, frame, value: Any) -> None:
        fs = self.frames.pop(id(frame), None)
        if fs is None:
            return
        self._settle(frame, fs)
        step = fs.pending
        if step is not None and isinstance(step.stmt, ast.Return) and value is not None:
            elements = (dict(enumerate(value)) if isinstance(value, (tuple, list))
                        else dict(value) if isinstance(value, dict) else {None: value})
            if _nested_numbers(value):
                elements[None] = value  # rows of numbers: one gradient, or one per row
            parts = step.stmt.value.elts if isinstance(step.stmt.value, ast.Tuple) else None
            made = {}
            for key, obj in elements.items():
                reads = step.reads
                if parts is not None and isinstance(key, int) and key < len(parts):
                    reads = self._reads(frame, fs, [parts[key]])
                made_by = self._known_source(obj) if parts is None and key is not None \
                    else None
                index = self._record(fs, step, ("return" if key is None else f"return[{key}]",),
                                     obj, reads, element=key)
                if index is not None and made_by is not None and made_by < index:
                    # an element of a value built in the return (``tuple(g[k] for k in
                    # names)``) is the value an earlier line made
                    self.records[index].via = made_by
                if index is not None:
                    made[key] = index
            if fs.outer:
                self.returned = made
            caller = self.frames.get(id(frame.f_back))
            if caller is not None and caller.pending is not None:
                caller.pending.calls.append((_freeze(value), made.get(None)))
                caller.pending.unpacked = {k: i for k, i in made.items() if isinstance(k, int)}
        elif fs.outer:
            self.returned = {}

    def _settle(self, frame, fs: _Frame) -> None:
        """Records of what the pending line wrote or changed; then a fresh copy of all."""
        local_vars = frame.f_locals
        found = _variables(local_vars)
        step = fs.pending
        if fs.params is None:
            fs.params = {p: (o, self._known_source(o)) for p, o in found.items()}
        written = _written(step.stmt) if step is not None else set()
        slots, dirty = {}, set()
        for path, obj in found.items():
            old = fs.slots.get(path)
            changed = old is None or old[0] is not obj or not _same(old[1], obj)
            slots[path] = (obj, _clone(obj) if changed else old[1])
            if changed:
                dirty.add(path[0])
            if step is not None and (changed or path in written):
                self._record(fs, step, path, obj, step.reads)
        dirty |= {p[0] for p in fs.slots if p not in slots}
        fs.slots = slots
        frozen = {}
        for name, value in local_vars.items():
            old = fs.frozen.get(name)
            keep = old is not None and old[0] is value and name not in dirty \
                and not (step is not None and any(p[0] == name for p in written))
            frozen[name] = old if keep else (value, _freeze(value))
        fs.frozen = frozen

    def _record(self, fs: _Frame, step: _Step, path: _Path, obj: Any, reads: list[_Read],
                element: int | str | None = None) -> int | None:
        value = _as_tensor(obj)
        if value is None:
            return None
        via = _unpacked(step, path, obj, self.records)
        if via is None and not _is_int(obj):
            source = self.by_id.get(id(obj))
            if source is not None and source >= step.seq \
                    and self.records[source].step.frame is not fs:
                via = source
        index = len(self.records)
        self.records.append(_Record(index, step, path, obj, value, via, reads, element))
        if not _is_int(obj):
            self.by_id[id(obj)] = index
        fs.latest[path] = index
        return index

    def _known_source(self, obj: Any) -> int | None:
        return None if _is_int(obj) else self.by_id.get(id(obj))

    def _source(self, fs: _Frame, path: _Path, obj: Any) -> int | None:
        index = fs.latest.get(path)
        if index is not None:
            held = self.records[index].obj
            if held is obj or (_is_int(obj) and _is_int(held) and held == obj):
                return index
        if fs.params is not None and path in fs.params and fs.params[path][0] is obj:
            return fs.params[path][1]
        return self._known_source(obj)

    def _reads(self, frame, fs: _Frame, nodes: list[ast.expr]) -> list[_Read]:
        scope = (frame.f_locals, frame.f_globals)
        found: dict[_Path, Any] = {}
        for node in nodes:
            _collect(node, scope, found)
        reads = [_Read(p, o, None if _vector(o) else self._source(fs, p, o))
                 for p, o in found.items()]
        for i, read in enumerate(reads):
            if _vector(read.obj):
                parts = tuple(sorted((r for r in reads if r.path[:-1] == read.path
                                      and len(r.path) == len(read.path) + 1),
                                     key=lambda r: r.path[-1]))
                reads[i] = dataclasses.replace(read, parts=parts)
        return reads


def _unpacked(step: _Step, path: _Path, obj: Any, records: list[_Record]) -> int | None:
    """For a name that unpacks a call's returned tuple (``dT, dY = sub.backward(de)``): the
    record of the element at its position. The same object returned twice (``return dout,
    dout``) is told apart by position alone."""
    stmt = step.stmt
    if not step.unpacked or not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 \
            or not isinstance(stmt.targets[0], ast.Tuple) or len(path) != 1:
        return None
    names = [e.id if isinstance(e, ast.Name) else None for e in stmt.targets[0].elts]
    if path[0] not in names:
        return None
    source = step.unpacked.get(names.index(path[0]))
    return source if source is not None and records[source].obj is obj else None


def _renamed_copy(record: _Record, inputs: list[_Known]) -> bool:
    """Is the record a plain ``name = other`` copy of an input, under a name of its own?"""
    stmt = record.step.stmt
    if not isinstance(stmt, ast.Assign) or not isinstance(stmt.value, (ast.Name,
                                                                         ast.Attribute)):
        return False
    name = next((p.lstrip(".") for p in reversed(record.path) if isinstance(p, str)), "")
    return all(k.text != f"the input {name}" for k in inputs)


#: Names of functions that compute a forward pass: what they return is no gradient.
_FORWARD_NAMES = ("forward", "__call__", "predict", "fprop")


def _returned_as_is(record: _Record) -> bool:
    """Is the record a value a return statement passes on as it is (``return dx, dW``), not
    one it computes (``return dout * x``, a copy only where ``dout`` is ones)?"""
    stmt = record.step.stmt
    if not isinstance(stmt, ast.Return) or stmt.value is None:
        return False
    value = stmt.value
    if isinstance(value, ast.Tuple) and isinstance(record.element, int) \
            and record.element < len(value.elts):
        value = value.elts[record.element]
    return isinstance(value, (ast.Name, ast.Attribute, ast.Subscript, ast.Tuple))


def _module_number(node: ast.AST, step: _Step) -> bool:
    """Is ``node`` a name of a number the module defines (``REG``), not one of the line's own
    variables?"""
    if not isinstance(node, ast.Name) or node.id in step.state:
        return False
    value = step.frame.globals.get(node.id)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _named_error(record: _Record) -> bool:
    """Named as a gradient (``_named_gradient``) or as the error a loss's derivative starts
    from (``err``, ``error``): a value that is exactly the loss's residual ``o - t`` is then
    taken for that derivative gone wrong (its 2 left out), not for the residual."""
    names = [p.lstrip(".") for p in record.path if isinstance(p, str)]
    return _named_gradient(record) or (bool(names) and names[-1].startswith(("err", "error")))


def _named_gradient(record: _Record) -> bool:
    """Does the variable's name say it holds a derivative: ``dy`` (beside a ``y``),
    ``dE_dO``, ``delta_k``, ``grad_w``? A value that is exactly a forward quantity is taken
    for a gradient gone wrong only then."""
    names = [p.lstrip(".") for p in record.path if isinstance(p, str)]
    name = names[-1] if names else ""
    if name.startswith("return"):  # what a function returns, unless it is a forward pass
        return not record.step.frame.code.co_name.startswith(_FORWARD_NAMES)
    if name.startswith(("delta", "Delta", "grad")) or re.match(r"d\w+_d\w", name):
        return True
    scope = {n for n in record.step.state} | set(_names(record.step.stmt))
    for frozen in record.step.state.values():
        if frozen[1][0] == "object":
            scope |= set(frozen[1][2])
    return name.startswith("d") and name[1:] in scope


def _right_as_named(record: _Record, exact: list[_Known], wanted: list[_Known],
                    floor: float) -> bool:
    """Is the record exactly the gradient of one of the loss's intermediate quantities
    where the line that reads it needs another's (``dh`` = dL/dh where ``h = a * mask /
    (1 - p)`` and dL/da is needed)? Then the record is right when its name says so: ``dh``
    beside the code's own ``h`` is right as the gradient of that ``h``; ``dz`` holding
    dL/d(S z) beside ``z`` is not (the 1/S its line left out), and without such a name
    nothing is known."""
    if not any(k.kind == "gradient" and not k.of_input for k in wanted):
        return False
    grads = [k for k in exact if k.kind == "gradient" and not k.of_input]
    names = [p.lstrip(".") for p in record.path if isinstance(p, str)]
    name = names[-1] if names else ""
    frozen = record.step.state.get(name[1:]) if name.startswith("d") else None
    value = None if frozen is None else _as_tensor(_thaw(frozen[1]))
    return value is not None and any(k.of_value is not None and k.of_value.shape == value.shape
               and _close(k.of_value, value, floor) for k in grads)


def _factors_of(node: ast.expr) -> list[ast.expr]:
    """The operands of a chain of products and quotients (``2 * r / n``: 2, r, n)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        return _factors_of(node.left) + _factors_of(node.right)
    return [node]


def _vector(value: Any) -> bool:
    """A list of two or more numbers (or of arrays of one shape), read as one array."""
    if not isinstance(value, (list, tuple)) or not 2 <= len(value) <= _MAX_ELEMENTS:
        return False
    if all(_numeric(v) and not isinstance(v, (Tensor, np.ndarray)) for v in value):
        return True
    shapes = {tuple(v.shape) if isinstance(v, (Tensor, np.ndarray)) else None for v in value}
    return len(shapes) == 1 and None not in shapes and all(_numeric(v) for v in value)


def _collect(node: ast.AST, scope: tuple[Mapping[str, Any], Mapping[str, Any]],
             found: dict[_Path, Any]) -> None:
    """The numbers and arrays an expression reads, by path."""
    if isinstance(node, _Written):
        got = _resolve(node.value, scope)
        if got is not None and isinstance(got[1], (Tensor, np.ndarray)):
            found.setdefault(*got)
        return
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
        got = _resolve(node, scope)
        if got is not None:
            path, obj = got
            if _numeric(obj):
                found.setdefault(path, obj)
                if isinstance(node, ast.Subscript):
                    _collect(node.slice, scope, found)
                return
            if isinstance(obj, (list, tuple, dict)):
                items = obj.items() if isinstance(obj, dict) else enumerate(obj)
                for k, v in list(items)[:_MAX_ELEMENTS]:
                    if _numeric(v):
                        found.setdefault((*path, k), v)
                if _vector(obj) or _nested_numbers(obj):
                    found.setdefault(path, obj)
                return
            if isinstance(node, ast.Name) or _is_user_object(obj):
                return
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
        for gen in node.generators:
            _collect(gen.iter, scope, found)
        bound = {n.id for gen in node.generators for n in ast.walk(gen.target)
                 if isinstance(n, ast.Name)}
        elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        for element in elements:  # what it reads besides its own loop variables
            for n in ast.walk(element):
                if isinstance(n, ast.Name) and n.id not in bound:
                    _collect(n, scope, found)
        return
    if isinstance(node, ast.Lambda):
        return
    for child in ast.iter_child_nodes(node):
        _collect(child, scope, found)


def _resolve(node: ast.expr, scope: tuple[Mapping[str, Any], Mapping[str, Any]]
             ) -> tuple[_Path, Any] | None:
    local_vars, global_vars = scope
    if isinstance(node, ast.Name):
        if node.id in local_vars:
            return (node.id,), local_vars[node.id]
        if node.id in global_vars:
            return (node.id,), global_vars[node.id]
        return None
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, scope)
        if base is None:
            return None
        path, obj = base
        if _is_user_object(obj) and node.attr in vars(obj):
            return (*path, f".{node.attr}"), vars(obj)[node.attr]
        if isinstance(obj, (Tensor, np.ndarray, np.generic)):
            return path, obj  # x.T, x.shape: a read of x
        return None
    if isinstance(node, ast.Subscript):
        base = _resolve(node.value, scope)
        if base is None or not isinstance(base[1], (list, tuple, dict)):
            return None
        key = _index(node.slice, local_vars)
        if key is None:
            return None
        path, obj = base
        try:
            if isinstance(obj, (list, tuple)) and isinstance(key, int) and key < 0:
                key += len(obj)
            return (*path, key), obj[key]
        except (IndexError, KeyError, TypeError):
            return None
    return None


def _index(node: ast.expr, local_vars: Mapping[str, Any]) -> int | str | None:
    """A list index or dict key made of constants and local integers, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, str)):
        return node.value
    if isinstance(node, ast.Name):
        value = local_vars.get(node.id)
        return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _index(node.operand, local_vars)
        return -value if isinstance(value, int) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
        left, right = _index(node.left, local_vars), _index(node.right, local_vars)
        if isinstance(left, int) and isinstance(right, int):
            return {ast.Add: left + right, ast.Sub: left - right,
                    ast.Mult: left * right}[type(node.op)]
    return None


# ---------------------------------------------------------------------------------------
# 3. Walking back from a wrong returned gradient to the line that went wrong first.


@dataclasses.dataclass(frozen=True)
class _Expect:
    value: Tensor
    text: str
    #: For one element of a list built one element per pass of a loop: what the whole list
    #: should hold, and which element this is.
    whole: tuple[Tensor, int] | None = None


@dataclasses.dataclass(frozen=True)
class _Fix:
    read: _Read
    expect: _Expect
    kind: str  # "size", "exact" (a known quantity), "scaled" (a multiple of one), "own"
    partner: _Fix | None = None  # the other half of a fix that replaces two inputs


_SAFE_BUILTINS = frozenset({abs, float, int, len, max, min, pow, range, reversed, round, sum,
                            tuple, list, zip, enumerate, sorted, dict, bool, isinstance})
_SIZE_METHODS = frozenset({"numel", "size", "nelement", "dim"})
_UNKNOWN = object()


class _Walk:
    def __init__(self, known: _Knowns, trace: _Trace, wrt: tuple[str, ...]) -> None:
        self.known, self.trace, self.wrt = known, trace, wrt
        self.records = trace.records
        self.consumers: dict[int, list[int]] = {}
        for record in self.records:
            sources = [r.source for r in record.reads] + [c[1] for c in record.step.calls]
            for source in sources:
                if source is not None:
                    self.consumers.setdefault(source, []).append(record.index)
        self.codes: dict[tuple, Any] = {}
        self.found: dict[tuple[int, int], list[_Fix] | None] = {}
        self.sized: set[tuple[int, int]] = set()
        self.wrong_results: set[str] = set()
        self.verdicts: dict[int, str] = {}
        self.stepped_from: dict[int, int] = {}
        self.expected: dict[int, _Expect] = {}

    def first_wrong(self) -> Location | None:
        starts = self._wrong_results()
        if not starts:
            return None
        self.wrong_results = {name for name, _, _ in starts}
        ends = [self._blame(index, expect) for _, index, expect in starts]
        record, expect = self._adding_nothing(*min(ends, key=lambda end: end[0].index))
        return dataclasses.replace(self._location(record, expect),
                                   earlier=tuple(self._earlier(record)),
                                   later=tuple(self._later_returns([i for _, i, _ in starts])),
                                   passed=tuple(self._passed(record)),
                                   unread=tuple(self._unread()),
                                   closures=tuple(self._closures()))

    def _unread(self) -> Iterator[Location]:
        """The lines that assign a name whose value no later line reads, in any pass
        (``dy = g * dy`` where every line after it reads ``dyivar``): the value a later
        line should have read may have been written under another name."""
        lines: dict[tuple[str, int], list[_Record]] = {}
        for record in self.records:
            stmt = record.step.stmt
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                    and isinstance(stmt.targets[0], ast.Name):
                lines.setdefault((record.step.filename, record.step.line), []).append(record)
        unread = [records[0] for records in lines.values()
                  if not any(self.consumers.get(r.index) for r in records)]
        for record in unread[:_MAX_UNREAD]:
            yield self._location_of(record)

    def _closures(self) -> Iterator[Location]:
        """The lines of functions defined inside others that assign a value, in the order
        they are written: a scalar autodiff engine's ``_backward`` closures, which add to the
        ``grad`` of objects whose values the walk cannot tell element by element from the
        loss's (``self.grad += out.grad`` where tanh's derivative belongs)."""
        lines: dict[tuple[str, int], _Record] = {}
        for record in self.records:
            step = record.step
            if "<locals>" in getattr(step.frame.code, "co_qualname", "") and isinstance(
                    step.stmt, (ast.Assign, ast.AugAssign)):
                lines.setdefault((step.filename, step.line), record)
        for where in sorted(lines)[:_MAX_CLOSURES]:
            yield self._location_of(lines[where])

    def _adding_nothing(self, record: _Record, expect: _Expect) -> tuple[_Record, _Expect]:
        """A sum's zeros are no first wrong line where the walk reached them through the
        lines that add to it in place (``dc = zeros_like(c)``, then ``dc += dc`` where ``dc
        += dy`` belongs): the last of those additions is, as the walk found it."""
        if not isinstance(record.step.stmt, ast.Assign) or bool(record.value.any()):
            return record, expect
        found, index = (record, expect), record.index
        while index in self.stepped_from:
            index = self.stepped_from[index]
            later = self.records[index]
            if not isinstance(later.step.stmt, ast.AugAssign) or later.path != record.path \
                    or index not in self.expected:
                break
            found = later, self.expected[index]
        return found

    def _passed(self, record: _Record) -> Iterator[Location]:
        """The lines the walk stepped back through to reach ``record``, nearest first."""
        shown = {(record.step.filename, record.step.line)}
        index = record.index
        while index in self.stepped_from and len(shown) <= _MAX_EARLIER:
            index = self.stepped_from[index]
            later = self.records[index]
            where = (later.step.filename, later.step.line)
            if later.step.stmt is not None and where not in shown:
                shown.add(where)
                yield self._location_of(later)

    def _earlier(self, record: _Record) -> Iterator[Location]:
        """The lines whose values the record was computed from, nearest first (each line
        once, _MAX_EARLIER at most), for ``verify.fixes`` to edit when the record's own line
        cannot be mended."""
        seen, queue, shown = {record.index}, [record], set()
        while queue and len(shown) < _MAX_EARLIER:
            current = queue.pop(0)
            sources = [self._call_site(current)]
            sources += [r.source for r in current.reads] + [c[1] for c in current.step.calls]
            for source in sources:
                if source is None:
                    continue
                for earlier in self._made_by(self.records[source]):
                    if earlier.index in seen:
                        continue
                    seen.add(earlier.index)
                    queue.append(earlier)
                    where = (earlier.step.filename, earlier.step.line)
                    if earlier.step.stmt is not None and where not in shown:
                        shown.add(where)
                        yield self._location_of(earlier)

    def _later_returns(self, starts: list[int]) -> list[Location]:
        """The return statements of several values that the wrong results came through, in
        the order they ran: values each right in itself can still be returned in the wrong
        order, first by the function that returned them first."""
        seen, queue, found = set(starts), list(starts), {}
        while queue and len(found) < _MAX_EARLIER:
            record = self.records[queue.pop(0)]
            step = record.step
            where = (step.filename, step.line)
            if isinstance(step.stmt, ast.Return) and isinstance(step.stmt.value, ast.Tuple) \
                    and where not in found:
                found[where] = record
            sources = [record.via] + [r.source for r in record.reads] + [
                c[1] for c in step.calls]
            for source in sources:
                if source is not None and source not in seen:
                    seen.add(source)
                    queue.append(source)
        return [self._location_of(r) for r in sorted(found.values(), key=lambda r: r.index)]

    def _made_by(self, record: _Record) -> list[_Record]:
        """The lines that made a value: for the result of a call of the user's function,
        the function's line that computed it and the line that called it; the call first
        where the function returned exactly a quantity of the loss (``cost_derivative``
        giving dL/da right, and the caller forgetting sigma'(z))."""
        origin = self._origin(record)
        if origin is record:
            return [record]
        if self.known.exact(origin.value):
            return [record, origin]
        return [origin, record]

    def _call_site(self, record: _Record) -> int | None:
        """The first record of the line that called the record's function: where a helper
        was handed the wrong argument (``sigmoid(out)`` for ``sigmoid(x)``)."""
        caller = record.step.frame.caller
        if caller is None:
            return None
        return next((r.index for r in self.records[record.index:] if r.step is caller), None)

    def _location_of(self, record: _Record) -> Location:
        """A line the walk did not judge: where it is and what it computed."""
        step = record.step
        kinds = {k.kind for k in self._exact(record)}
        if not kinds and not _named_error(record) and self._forward_together(
                [r for r in self.records if r.step.line == step.line
                 and r.step.frame is step.frame and r.path == record.path]):
            kinds = {"forward"}  # one number per pass, together a forward quantity
        return Location(shown_path(step.filename), step.line,
                        _code_line(step.filename, step.line), "", "", Confidence.LOW,
                        path=step.filename, function=step.frame.code,
                        scope=self._scope(step), value=record.value, written=record.path,
                        known_as=next((kind for kind in ("input", "forward", "gradient",
                                                         "local") if kind in kinds), ""))

    @staticmethod
    def _scope(step: _Step) -> dict[str, Any]:
        scope = dict(step.frame.globals)
        scope.update({name: _thaw(frozen) for name, (_, frozen) in step.state.items()})
        return scope

    def _wrong_results(self) -> list[tuple[str, int, _Expect]]:
        result, returned = self.trace.result, self.trace.returned
        if isinstance(result, Mapping):
            keys: list[Any] = list(self.wrt)
        elif len(self.wrt) == 1 and _nested_numbers(result):
            keys = [None]
        elif isinstance(result, (tuple, list)):
            keys = list(range(len(self.wrt)))
        else:
            keys = [None]
        starts = []
        for key, name in zip(keys, self.wrt, strict=False):
            index, autograd = returned.get(key), self.known.wrt.get(name)
            if index is None or autograd is None:
                continue
            if not _close(self.records[index].value, autograd, self.known.floor):
                text = f"dL/d{name}, the gradient of the loss with respect to {name}"
                starts.append((name, index, _Expect(autograd, text)))
        return starts

    def _blame(self, index: int, expect: _Expect, depth: int = 0) -> tuple[_Record, _Expect]:
        """Back from a wrong record to the first line that went wrong; of several wrong
        inputs, the branch that went wrong first."""
        record = call = self.records[index]
        if not self._returned_in_place_of_another(record):
            record = self._origin(record)
        self.expected.setdefault(record.index, expect)
        steps = self._step_back(record, expect) if depth < _MAX_DEPTH else []
        handed = self._handed_on(record) if not steps and depth < _MAX_DEPTH \
            and not self._fixes(record, expect) else None
        if handed is not None:  # a return that passes on what a line made: that line
            self.stepped_from.setdefault(handed, record.index)
            return self._blame(handed, expect, depth + 1)
        if not steps and self._called_wrongly(call, record):
            return call, expect
        handed = self._handed_wrongly(record, expect, call) if not steps else None
        if handed is not None:
            return handed
        if not steps:
            summed = self._accumulated(record, expect) or self._per_pass(record, expect)
            if summed is None:
                return record, expect
            if summed[0].step.line == record.step.line or depth >= _MAX_DEPTH:
                return summed
            self.stepped_from.setdefault(summed[0].index, record.index)
            return self._blame(summed[0].index, summed[1], depth + 1)
        for i, _ in steps:
            self.stepped_from.setdefault(self._origin(self.records[i]).index, record.index)
            self.stepped_from.setdefault(i, record.index)
        ends = [self._blame(i, e, depth + 1) for i, e in steps]
        return min(ends, key=lambda end: end[0].index)

    def _called_wrongly(self, record: _Record, origin: _Record) -> bool:
        """Is ``record`` the result of a call whose function made ``origin`` by a line that
        is wrong with what it was given here, but, called from another line, made a
        gradient of the loss there, exactly? Then the function is right, and the call gave
        it the wrong thing to work on (``dZ1 = sig2.backward(dH)`` where ``sig1`` belongs)."""
        caller = origin.step.frame.caller
        if origin is record or caller is None:
            return False
        return any(other.step.frame.caller is not None
                   and other.step.frame.caller.line != caller.line
                   and any(k.kind == "gradient" for k in self._exact(other))
                   for other in self.records
                   if other.step.line == origin.step.line and other.path == origin.path
                   and other.step.filename == origin.step.filename)

    def _handed_wrongly(self, record: _Record, expect: _Expect, call: _Record
                        ) -> tuple[_Record, _Expect] | None:
        """For a line of a helper that a quantity of the loss in place of one of its
        parameters would have made right, where that parameter is no such quantity and no
        earlier line made it (the caller computed it in the call): the record of the call,
        whose argument is wrong (``softmax_backward(z, c - log(z))`` where the helper needs
        the derivative ``log(z) - c``)."""
        params = record.step.frame.params
        if record.step.frame.caller is None or not params:
            return None
        for fix in self.found.get((record.index, id(expect.value))) or []:
            if fix.kind != "exact" or fix.read.source is not None or fix.read.path not in params:
                continue
            given = self._read_value(fix.read)
            site = self._call_site(record)
            # the call's value is the function's result: what the walk expected of it
            wanted = expect if site == call.index else self.expected.get(site or -1)
            if given is not None and not self.known.exact(given) and wanted is not None \
                    and _computed_in_call(self.records[site].step.stmt,
                                          record.step.frame.code, fix.read.path):
                return self.records[site], wanted
        return None

    def _handed_on(self, record: _Record) -> int | None:
        """For a return of a name whose value no comparison could follow back (of the wrong
        shape, ``grad_a`` a number where a matrix belongs; no single replacement mends
        it): the record of the line that made that very value, which the return only hands
        on."""
        stmt = record.step.stmt
        if not isinstance(stmt, ast.Return) or not isinstance(stmt.value, (ast.Name, ast.Tuple)):
            return None
        made = [read.source for read in record.reads
                if read.source is not None and read.obj is record.obj
                and self.records[read.source].step.line != record.step.line]
        return made[0] if len(made) == 1 else None

    def _returned_in_place_of_another(self, record: _Record) -> bool:
        """Is the record a returned value that is exactly the gradient of another input the
        code gets wrong: gradients returned in the wrong order, where they are returned?"""
        if not isinstance(record.step.stmt, ast.Return) or record.via is None:
            return False
        return any(k.of_input in self.wrong_results for k in self._exact(record))

    def _accumulated(self, record: _Record, expect: _Expect
                     ) -> tuple[_Record, _Expect] | None:
        """For a sum built up in a loop (``dW[:, j] += x[i]`` and the like): the one line
        whose additions, all multiplied by one factor, would have made the sum right."""
        chain = self._chain(record)
        if len(chain) < 3 or record.value.numel() != expect.value.numel():
            return None
        by_line: dict[int, Tensor] = {}
        last: dict[int, _Record] = {}
        for before, after in itertools.pairwise(chain):
            if after.value.shape != before.value.shape:
                return None
            line = after.step.line
            by_line[line] = by_line.get(line, 0) + (after.value - before.value)
            last[line] = after
        target = expect.value.reshape(record.value.shape)
        if len(by_line) >= 2:
            for line, added in by_line.items():
                c = _factor(target - (record.value - added), added, self.known.floor)
                if c is not None and _close(record.value - added + c * added, target,
                                            self.known.floor):
                    self.verdicts[last[line].index] = f"{_number(1 / c)} x"
                    path = _path_text(record.path)
                    return last[line], _Expect(target, f"its share of {path}, for "
                                                       f"{expect.text}")
        c = _factor(target - chain[0].value, record.value - chain[0].value, self.known.floor)
        return None if c is None else self._scaled_operand(chain[1:], c)

    def _scaled_operand(self, additions: list[_Record], c: float
                        ) -> tuple[_Record, _Expect] | None:
        """Where every addition to a sum, times ``c``, would have made it right: the first
        line whose values they read, directly or through lines that only pass the factor
        on, and whose values times ``c`` are exactly a known gradient. One value read by
        every addition (``dx[1:] += t`` and ``dx[:-1] -= t``), or one number per pass of a
        loop (``g`` in ``dw[j] += g * x[n][j]``: one ``g`` per example, together ``c`` times
        dL/dz; before it, ``dE_do`` in ``g = dE_do * o * (1 - o)``)."""
        found, readers = None, additions
        for _ in range(_MAX_DEPTH):
            deeper = self._scaled_source(readers, c)
            if deeper is None or (found is not None and all(
                    self._is_copy(r) and _named_gradient(r) for r in readers)
                    and not _named_gradient(deeper[0])):
                return found  # ``dt = t``: the line naming a value a gradient is to blame
            found, readers = deeper[:2], deeper[2]
        return found

    def _scaled_source(self, readers: list[_Record], c: float
                       ) -> tuple[_Record, _Expect, list[_Record]] | None:
        """Of the lines every reader reads (other than the sum they build), one whose
        values, in the order they ran, times ``c`` are exactly a known gradient: its first
        record, what that should have been, and all its records."""
        built = {r.source for a in readers for r in a.reads if r.source is not None
                 and self.records[r.source].path == a.path}
        by_line: dict[int, dict[int, _Record]] = {}
        for reader in readers:
            for read in reader.reads:
                if read.source is not None and read.source not in built:
                    source = self._origin(self.records[read.source])
                    by_line.setdefault(source.step.line, {})[source.index] = source
        for sources in sorted(by_line.values(), key=len, reverse=True):
            if not all(any(r.source is not None and self._origin(self.records[r.source]).index
                           in sources for r in a.reads) for a in readers):
                continue  # not read by every reader
            records = [sources[i] for i in sorted(sources)]
            if any(k.kind in ("input", "forward") for r in records for k in self._exact(r)) \
                    or (self._forward_together(records) and not _named_error(records[0])):
                continue  # an input or a forward quantity, right as it is (``r = y - t[i]``,
                # one per example: the loss's residual, unless named as a gradient or error)
            value = torch.cat([r.value.reshape(-1) for r in records])
            for known in self.known.by_numel.get(value.numel(), []):
                if known.kind != "gradient" or not _close(c * value, known.value.reshape(-1),
                                                         self.known.floor):
                    continue
                first, text = records[0], self.known.best(known).text
                share = known.value.reshape(-1)[:first.value.numel()]
                self.verdicts[first.index] = f"{_number(1 / c)} x"
                return first, _Expect(share.reshape(first.value.shape), text if len(
                    records) == 1 else f"its share of {text}"), records
        return None

    def _forward_together(self, records: list[_Record]) -> bool:
        """Whether the values of several records, in the order they ran, are together one
        forward quantity of the loss (``r = y - t[i]``, one per example, is its residual)
        or one input (``yi`` of ``zip(X, y)``): right as they are."""
        if not records:
            return False
        value = torch.cat([r.value.reshape(-1) for r in records])
        return any(k.kind in ("forward", "input")
                   and _close(value, k.value.reshape(-1), self.known.floor)
                   for k in self.known.by_numel.get(value.numel(), []))

    def _per_pass(self, record: _Record, expect: _Expect
                  ) -> tuple[_Record, _Expect] | None:
        """For one element of a list built one element per pass of a loop (``dx.append(g *
        local)``): the line whose number, one per pass, every element reads, where that
        number replaced by the same element of a known quantity (``gelu'(x)``) makes every
        element right."""
        if expect.whole is None or record.value.numel() != 1:
            return None
        wanted, at = expect.whole
        passes = {r.path[-1]: r for r in self.records if r.step.line == record.step.line
                  and r.step.frame is record.step.frame and r.path[:-1] == record.path[:-1]
                  and isinstance(r.path[-1], int)}
        if sorted(passes) != list(range(len(wanted))) or passes.get(at) is not record:
            return None
        for read in record.reads:
            if read.source is None or not isinstance(read.obj, (int, float)):
                continue
            line = self.records[read.source].step.line
            reads = [next((r for r in passes[i].reads if r.path == read.path and r.source
                           is not None and self.records[r.source].step.line == line), None)
                     for i in range(len(wanted))]
            if any(r is None for r in reads):
                continue
            for known in self.known.by_numel.get(len(wanted), []):
                values = known.value.reshape(-1)
                if all((got := self._run(passes[i], {r.path: float(values[i])})) is not None
                       and got.numel() == wanted[i].numel() == 1
                       and _close(got.reshape(()), wanted[i].reshape(()), self.known.floor)
                       for i, r in enumerate(reads)):
                    text = self.known.best(known).text
                    return self.records[read.source], _Expect(
                        values[at], f"{text}, element {at}", (values, at))
        return None

    def _chain(self, record: _Record) -> list[_Record]:
        """The records of one variable from its last fresh assignment to ``record``."""
        frame, chain = record.step.frame, [record]
        for earlier in reversed(self.records[:record.index]):
            if earlier.step.frame is not frame or earlier.path != record.path:
                continue
            if not any(r.source == earlier.index for r in chain[-1].reads):
                break  # the later one did not build on this one
            chain.append(earlier)
        return chain[::-1]

    def _origin(self, record: _Record) -> _Record:
        while record.via is not None:
            record = self.records[record.via]
        return record

    # -- one step back -------------------------------------------------------------------

    def _step_back(self, record: _Record, expect: _Expect) -> list[tuple[int, _Expect]]:
        """The inputs that made this line wrong, and what each should have been; none when
        the line itself is wrong."""
        found = self._fixes(record, expect)
        if found is None:
            return []
        moves = [fix for fix in found if not fix.partner and self._moves(record, fix)]
        if moves:
            # of several ways the line could have been right, the one its input's own
            # line could have produced with one change of its own; first those its input
            # is a multiple of (a mask applied twice leaves a gradient as it is, so the
            # gradient past a dropout mask also makes ``dz = da * (z > 0)`` right; ``da``
            # at 3/4 of dL/da is what the line missed)
            moves.sort(key=lambda fix: not self._multiple_of(fix))
            best = next((fix for fix in moves if len(moves) == 1 or self._supported(fix)),
                        moves[0])
            return [(best.read.source, best.expect)]
        for fix in found:
            if fix.partner and self._moves(record, fix) and self._moves(record, fix.partner):
                return [(f.read.source, f.expect) for f in (fix, fix.partner)]
        return []

    def _multiple_of(self, fix: _Fix) -> bool:
        """Is what the fix reads now a multiple of what it should read (a factor off)?"""
        current = self._read_value(fix.read)
        return current is not None and current.numel() == fix.expect.value.numel() and \
            _factor(current, fix.expect.value, self.known.floor) is not None

    def _supported(self, fix: _Fix) -> bool:
        source = self._origin(self.records[fix.read.source])
        found = self._fixes(source, fix.expect)
        return bool(found) or (source.index, id(fix.expect.value)) in self.sized

    def _fixes(self, record: _Record, expect: _Expect) -> list[_Fix] | None:
        """Every single replacement that makes the line produce ``expect``; None when the
        line cannot be run again, or a size written in it is what is wrong."""
        key = (record.index, id(expect.value))
        if key in self.found:
            return self.found[key]
        self.found[key] = None
        base = self._run(record)
        if base is None or not _close(base, record.value, self.known.floor):
            return None
        mask = self._mask(record)

        def fixed(result: Tensor | None) -> bool:
            return result is not None and _close_at(result, expect.value, mask,
                                                    self.known.floor)

        for node, base in _size_nodes(record.step.stmt):
            if any(fixed(self._run(record, replace=(node, n)))
                   for n in self._sizes_of(record, base)):
                self.sized.add(key)
                return None  # a size written in this line, taken from the wrong axis
        reads = self._reads(record)
        fixes = [f for read in reads for f in self._exact_fixes(record, read, expect, fixed,
                                                                  mask)]
        if not fixes:
            factor = _factor(_at(record.value, mask), _at(expect.value.reshape(
                record.value.shape), mask), self.known.floor) if record.value.numel() == \
                expect.value.numel() else None
            if factor is not None and any(
                    fixed(self._run(record, replace=(node, node.value / factor)))
                    for node in _literal_nodes(record.step.stmt)):
                self.sized.add(key)
                return None  # a constant written in this line, off by the line's factor
        if all(f.kind == "size" for f in fixes):  # a factor explains more than a size does
            fixes = [f for read in reads
                     for f in self._scaled_fixes(record, read, expect, mask, fixed)] + fixes
        if not fixes:
            fixes = self._pair_fixes(record, reads, fixed, mask)
        self.found[key] = fixes
        return fixes

    def _sizes_of(self, record: _Record, base: ast.expr) -> list[int]:
        """The other sizes of the array a size in the line was taken from."""
        env = self._env(record)
        if env is None or not _safe(base, env):
            return []
        try:
            value = eval(compile(ast.Expression(base), record.step.filename, "eval"), env)
        except Exception:  # the array cannot be found again: no sizes to offer
            return []
        shape = tuple(getattr(value, "shape", ()))
        return sorted({*shape, math.prod(shape)} - {0, 1})

    def _exact_fixes(self, record: _Record, read: _Read, expect: _Expect,
                     fixed: Callable[[Any], bool], mask: Tensor | None) -> list[_Fix]:
        if _is_int(read.obj):
            for n in self.known.sizes:
                if n != read.obj and fixed(self._run(record, {read.path: int(n)})):
                    value = torch.tensor(float(n), dtype=torch.float64)
                    return [_Fix(read, _Expect(value, f"the size {n}"), "size")]
            return []
        current = self._read_value(read)
        if current is None or (_vector(read.obj) and not read.parts):
            return []
        candidates = [(k, current.shape) for k in self._candidates(current, mask)]
        if _boolean(read.obj):  # a mask turned the wrong way round
            candidates.append((_Known("local", "the opposite mask", 1 - current), current.shape))
        if record.value.numel() != expect.value.numel() and isinstance(read.obj, (
                Tensor, np.ndarray)):  # a value of the wrong size: try ones of the right size
            candidates += [(k, k.value.shape) for k in
                           self.known.by_numel.get(expect.value.numel(), [])
                           if k.value.numel() != current.numel()]
        fixes: list[_Fix] = []
        for k, shape in candidates:
            if _close(k.value, current, self.known.floor) or any(
                    _close(k.value, f.expect.value, self.known.floor) for f in fixes):
                continue
            substitute = _like(k.value.reshape(shape), read.obj, any_shape=True)
            if substitute is not None and fixed(self._run(record, {read.path: substitute})):
                fixes.append(self._element_fix(read, current, k) if read.parts else
                             _Fix(read, _Expect(k.value, self.known.best(k).text), "exact"))
        return fixes

    def _element_fix(self, read: _Read, current: Tensor, k: _Known) -> _Fix:
        """A list that should have held ``k``: the fix of its most wrong element."""
        wanted = k.value.reshape(current.shape)
        gaps = (current - wanted).reshape(len(read.parts), -1).abs().amax(dim=1)
        worst = int(gaps.argmax())
        return _Fix(read.parts[worst], _Expect(wanted[worst], f"{k.text}, element {worst}",
                                               (wanted, worst)), "exact")

    def _pair_fixes(self, record: _Record, reads: list[_Read], fixed: Callable[[Any], bool],
                    mask: Tensor | None) -> list[_Fix]:
        """Two inputs replaced at once, of those that are not known quantities already:
        where two earlier lines went wrong, the line needs both."""
        doubtful = []
        for read in reads:
            current = self._read_value(read)
            if read.source is None or read.parts or _is_int(read.obj) or current is None \
                    or self._exact(self.records[read.source]):
                continue
            # zeros prove nothing here: with one input zeroed, the other can be anything
            options = [k for k in self._candidates(current, mask)
                       if not _close(k.value, current, self.known.floor)
                       and bool(k.value.any())]
            doubtful.append((read, current, options[:_MAX_PAIR_OPTIONS]))
        for i, (first, current, options) in enumerate(doubtful):
            for second, other, more in doubtful[i + 1:]:
                for a in options:
                    one = _like(a.value.reshape(current.shape), first.obj)
                    for b in more:
                        two = _like(b.value.reshape(other.shape), second.obj)
                        if one is not None and two is not None and fixed(
                                self._run(record, {first.path: one, second.path: two})):
                            partner = _Fix(second, _Expect(b.value, b.text), "exact")
                            return [_Fix(first, _Expect(a.value, a.text), "exact", partner)]
        return []

    def _scaled_fixes(self, record: _Record, read: _Read, expect: _Expect,
                      mask: Tensor | None, fixed: Callable[[Any], bool]) -> list[_Fix]:
        """``read`` replaced by c times a known quantity (or c times itself)."""
        current = self._read_value(read)
        if _is_int(read.obj) or current is None or current.numel() < 2 or read.parts \
                or (mask is not None and int(mask.sum()) < 2):
            return []  # one number can always be scaled into another: that proves nothing
        zero = self._run(record, {read.path: _like(torch.zeros_like(current), read.obj)})
        if zero is None or zero.numel() != expect.value.numel():
            return []
        target = expect.value.reshape(zero.shape)
        own = _Known("own", "", current)
        for k in [own, *self.known.by_numel.get(current.numel(), [])]:
            one = self._run(record, {read.path: _like(k.value, read.obj)})
            if one is None:
                continue
            step, want = _at(one - zero, mask), _at(target - zero, mask)
            norm = float((step * step).sum())
            if norm == 0:
                continue
            c = float((step * want).sum()) / norm
            if not math.isfinite(c) or abs(c) < 1e-12 or abs(c - 1) < 1e-9:
                continue
            value = c * k.value.reshape(current.shape)
            if fixed(self._run(record, {read.path: _like(value, read.obj)})):
                wanted = expect.text.split(" needs of it for ", 1)[-1]
                text = (f"what line {record.step.line} needs of it for {wanted}"
                        if k is own else f"{_number(c)} x {k.text}")
                return [_Fix(read, _Expect(value, text), "own" if k is own else "scaled")]
        return []

    def _candidates(self, current: Tensor, mask: Tensor | None) -> list[_Known]:
        found = list(self.known.by_numel.get(current.numel(), []))
        if mask is not None and current.numel() == int(mask.sum()):
            for k in self.known.by_numel.get(mask.numel(), []):
                found.append(_Known(k.kind, f"{k.text}, {_elements(mask)}",
                                    k.value.reshape(mask.shape)[mask].reshape(current.shape)))
        return found

    def _moves(self, record: _Record, fix: _Fix) -> bool:
        """Is the input to blame (True), or this line for using it (False)?"""
        if fix.read.source is None:
            return False  # an input of the gradient, or a constant
        source = self.records[fix.read.source]
        if self._confirmed(source, record) or self._shared_constant(source) \
                or self._held_elsewhere(source, record, fix):
            return False
        if fix.kind == "size":  # the size's own line, if a size of its own could be right
            return self._supported(fix)
        exact = self._exact(source)
        if self._residual(source) and not _named_gradient(source) and (
                (self._is_copy(record) and _named_gradient(record))
                or self._scale_numbers(record, fix)):
            return False  # mse_loss's residual is right; the line that names it a gradient
            # (``dP = err``) or only scales it (``dout = diff / n``) should have made it one
        if fix.kind == "own":
            return not exact and not self._scales_by(record, fix)
        if not exact:
            return True
        wanted = self.known.exact(fix.expect.value)
        if (self._is_copy(self._origin(source)) and not self._is_copy(record)
                and any(k.kind == "gradient" for k in exact)
                and any(k.kind == "gradient" for k in wanted)):
            return True  # a line that passed a gradient on where it should have changed it
        right_as_named = _right_as_named(source, exact, wanted, self.known.floor)
        if _returned_as_is(record) and self._is_copy(record) and not right_as_named and not any(
                k.of_input in self.wrong_results for k in exact):
            return True  # a return passes values on: wrong only in returning another result,
            # or in passing on what is right as it is (``return dout, dout`` of a subtraction)
        inputs = [k for k in exact if k.kind == "input"]
        if inputs:  # an input passed on is right, unless a copy of it under a new name
            # was meant to be something else (``slope = x`` where a derivative was due)
            return not any(_related(fix.expect.value, k.value, self.known.floor)
                           for k in inputs) and _renamed_copy(self._origin(source), inputs)
        if any(k.kind == "forward" for k in exact) and not _named_gradient(source) \
                and self._scale_numbers(record, fix):
            return False  # the residual is right; the line dividing it forms the gradient
        if right_as_named:
            return False  # the gradient of one quantity where the line needs another's: the
            # line between them left out what the step from one to the other takes
        if fix.kind == "exact" and _related(fix.expect.value, source.value, self.known.floor) \
                and (any(k.kind != "forward" for k in exact) or _named_gradient(source)):
            return True  # a known quantity, off by a factor or a transpose
        if any(k.kind != "gradient" or k.of_input for k in exact):
            return False  # a wrong operand: a right value, used in the wrong place
        # the gradient of an intermediate quantity, not the one needed: the earlier line is
        # to blame if one change of its own inputs would have made it what is needed
        return self._supported(fix)

    def _residual(self, record: _Record) -> bool:
        """Is the record's value the residual ``a - b`` of the loss's mse_loss (or kin)?"""
        return any(k.value.numel() == record.value.numel() and _close(
            k.value.reshape(record.value.shape), record.value, self.known.floor)
            for k in self.known.residuals)

    def _scales_by(self, record: _Record, fix: _Fix) -> bool:
        """Does the line do nothing but scale what it read (``dx / K``, ``TEMP ** 2 * d``),
        where the read, to be right, would need a factor ``n`` or ``1/n`` for a number the
        scale is made of (``dx / (K * K)``, ``TEMP * d`` meant)? Then the line's own scale
        is the likelier mistake."""
        numbers = self._scale_numbers(record, fix)
        current = self._read_value(fix.read)
        c = None if not numbers or current is None else _factor(
            fix.expect.value, current, self.known.floor)
        # a size the line left out of its scale (``2 * r / n`` where mse_loss's count of
        # every element belongs) is the scale's, too
        numbers += [float(n) for n in self.known.sizes]
        return c is not None and any(math.isclose(c, n, rel_tol=1e-9)
                                     for v in numbers for n in (v, 1 / v))

    def _scale_numbers(self, record: _Record, fix: _Fix) -> list[float]:
        """When the line does nothing but scale the read by a size or a constant (``dpred =
        resid / N``, ``ds = TEMP ** 2 * d``): the scale's value and those of the numbers
        it names (none of them 0 or 1); else nothing."""
        stmt = record.step.stmt
        rhs = stmt.value if isinstance(stmt, (ast.Assign, ast.Return)) else None
        env = self._env(record)
        if not (isinstance(rhs, ast.BinOp) and isinstance(rhs.op, (ast.Div, ast.Mult))
                and env is not None):
            return []
        factors = _factors_of(rhs)  # ``2 * resid / n``: 2, resid and n
        scales = [f for f in factors if fix.read.path != _static_path(f)]
        if len(scales) != len(factors) - 1 or not all(_safe(f, env) for f in scales):
            return []
        names = [n for f in scales for n in ast.walk(f) if isinstance(n, ast.Name)]
        numbers = []
        for part in scales + names:
            try:
                value = eval(compile(ast.Expression(ast.fix_missing_locations(part)),
                                     "<scale>", "eval"), {}, dict(env))
            except Exception:
                return []
            if not isinstance(value, (int, float)) or isinstance(value, bool) \
                    or not math.isfinite(value):
                if part in names:
                    continue  # the array a size is read from (``out`` of ``out.numel()``)
                return []  # an array: the line does more than scale
            if value not in (0, 1):
                numbers.append(float(value))
        return numbers

    def _held_elsewhere(self, source: _Record, reader: _Record, fix: _Fix) -> bool:
        """Does a variable the reader's function made after what the line read hold, when
        the line runs, just the value the read should have had (``grad_htilde = grad_h *
        tanh'``, made from the ``grad_h`` the line read)? Then the line read the wrong one;
        the line that made what it read is not to blame. (A value made before it, which it
        may have been computed from, is no such sign: ``quadratic = 2 * d`` where ``d``
        belongs is that line's mistake.)"""
        wanted = fix.expect.value
        if wanted.numel() < 2:
            return False  # one number may equal another by chance
        frame = reader.step.frame
        return any(other.step.frame is frame and source.index < other.index < reader.index
                   and other.value.numel() == wanted.numel()
                   and not self._exact(other)
                   and _close(other.value.reshape(wanted.shape), wanted, self.known.floor)
                   for other in self.records)

    def _shared_constant(self, source: _Record) -> bool:
        """Is ``source`` a number written into the code (``kh = kw = 2``, ``beta = 2.0``,
        ``reg = REG`` of a module's constant) that other lines read too? Such a constant is
        what its author meant; the line that used it the wrong way is to blame."""
        stmt, step = source.step.stmt, source.step
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or stmt.value is None or any(
                isinstance(n, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))
                and not _module_number(n, step) for n in ast.walk(stmt.value)):
            return False
        readers = {self.records[i].step.line for i in self.consumers.get(source.index, [])}
        return len(readers) > 1

    def _exact(self, record: _Record) -> list[_Known]:
        """The known quantities a record's value is; none for a count or an index."""
        return [] if _is_int(record.obj) else self.known.exact(record.value)

    def _confirmed(self, source: _Record, reader: _Record) -> bool:
        """Does another line use ``source`` and come out exactly right: a gradient, or,
        for a value the loss does not know (a mask of its own), a forward quantity?"""
        vouching = {"gradient"} if self._exact(source) else {"gradient", "forward"}
        origin = self._origin(source)  # an attribute set in a call: read inside it too,
        # by lines that compute from it (not by copies of it, nor by the call's own line)
        readers = {*self.consumers.get(source.index, []),
                   *(i for i in self.consumers.get(origin.index, [])
                     if self._origin(self.records[i]) is not origin
                     and self.records[i].step.line != source.step.line)}
        for index in readers:
            if index != reader.index and any(
                    k.kind in vouching for k in self._exact(self.records[index])):
                return True
        return False

    def _is_copy(self, record: _Record) -> bool:
        """Did the line pass a value on unchanged?"""
        for read in self._reads(record):
            value = self._read_value(read)
            if value is not None and value.numel() == record.value.numel() \
                    and _close(record.value, value, self.known.floor):
                return True
        return False

    def _read_value(self, read: _Read) -> Tensor | None:
        if read.parts:
            values = [self._read_value(p) for p in read.parts]
            if len(values) != len(read.obj) or any(v is None for v in values):
                return None
            return torch.stack(values)  # type: ignore[arg-type]
        if read.source is not None:
            return self.records[read.source].value
        return _as_tensor(read.obj)

    # -- running one line again ----------------------------------------------------------

    def _run(self, record: _Record, replace_reads: Mapping[_Path, Any] | None = None,
             replace: tuple[ast.expr, float] | None = None) -> Tensor | None:
        """The record's value when its line runs again on the same variables, with some
        read values (or a size written in the line) replaced; None when it cannot run."""
        code = self._code(record, replace)
        if code is None:
            return None
        env = self._env(record)
        if env is None:
            return None
        for path, value in (replace_reads or {}).items():
            if not _assign(env, path, value):
                return None
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                exec(code, env)
            if isinstance(record.step.stmt, ast.Return):
                obj = env["__result__"]
                if record.element is not None and not isinstance(record.step.stmt.value,
                                                                 ast.Tuple):
                    obj = obj[record.element]
            else:
                obj = _read_path(env, record.path)
        except (Exception, SystemExit):  # a replacement may not fit
            return None
        return _as_tensor(obj)

    def _env(self, record: _Record) -> dict[str, Any] | None:
        step = record.step
        env = dict(step.frame.globals)
        for name in _names(step.stmt):
            if name in step.state:
                env[name] = _thaw(step.state[name][1])
        for k, (frozen, _) in enumerate(step.calls):
            env[f"__call_{k}__"] = _thaw(frozen)
        return env

    def _reads(self, record: _Record) -> list[_Read]:
        """What the line read, and what each call of the user's own functions in it
        returned (a line re-run gets those values instead of calling again)."""
        calls = [_Read((f"__call_{k}__",), _thaw(frozen), source)
                 for k, (frozen, source) in enumerate(record.step.calls)
                 if source is not None and frozen[0] in ("array", "value")]
        return record.reads + calls

    def _code(self, record: _Record, replace: tuple[ast.expr, float] | None) -> Any:
        stmt = record.step.stmt
        key = (id(stmt), record.element if isinstance(stmt, ast.Return) else None,
               None if replace is None else (_where(replace[0]), replace[1]),
               len(record.step.calls))
        if key not in self.codes:
            self.codes[key] = _compile(stmt, record, replace, self._env(record) or {})
        return self.codes[key]

    def _mask(self, record: _Record) -> Tensor | None:
        """The elements a line like ``dx[i] = ...`` writes, when it writes only some."""
        stmt = record.step.stmt
        target = (stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                  else stmt.target if isinstance(stmt, ast.AugAssign) else None)
        if not isinstance(target, ast.Subscript) or _static_path(target.value) != record.path:
            return None
        env = self._env(record)
        if env is None or not _safe(target.slice, env):
            return None
        shape = tuple(record.value.shape)
        env["__mask__"] = (torch.zeros(shape, dtype=torch.bool)
                           if isinstance(record.obj, Tensor) else np.zeros(shape, dtype=bool))
        assign = ast.Assign(targets=[ast.Subscript(ast.Name("__mask__", ast.Load()),
                                                   target.slice, ast.Store())],
                            value=ast.Constant(True))
        try:
            tree = ast.fix_missing_locations(ast.Module([ast.copy_location(assign, stmt)], []))
            exec(compile(tree, record.step.filename, "exec"), env)
            mask = torch.as_tensor(np.asarray(env["__mask__"]), dtype=torch.bool)
        except (Exception, SystemExit):
            return None
        return None if bool(mask.all()) or not bool(mask.any()) else mask

    # -- the answer ----------------------------------------------------------------------

    def _location(self, record: _Record, expect: _Expect) -> Location:
        step, mask = record.step, self._mask(record)
        value, target = record.value, expect.value
        if mask is not None and target.numel() == mask.numel():
            value, target = value[mask], target.reshape(mask.shape)[mask]
        relation = self.verdicts.get(record.index) or _relation(value, target,
                                                                self.known.floor)
        if relation[0].isdigit() or relation[0] == "-" or relation.startswith("transposed"):
            confidence = Confidence.HIGH
        elif all(r.source is None or self._exact(self.records[r.source])
                 for r in record.reads):
            confidence = Confidence.MEDIUM
        else:
            confidence = Confidence.LOW
        return Location(shown_path(step.filename), step.line,
                        _code_line(step.filename, step.line), expect.text, relation, confidence,
                        path=step.filename, function=step.frame.code, scope=self._scope(step),
                        value=record.value, target=expect.value.reshape(record.value.shape)
                        if expect.value.numel() == record.value.numel() else expect.value,
                        written=record.path)


def _compile(stmt: ast.stmt | None, record: _Record, replace: tuple[ast.expr, float] | None,
             env: dict[str, Any]) -> Any:
    if stmt is None:
        return None
    calls = _user_calls(stmt, env)
    if calls:
        if len(calls) != len(record.step.calls):
            return None
        stmt = _Called({_where(c): k for k, c in enumerate(calls)}).visit(copy.deepcopy(stmt))
    if not _safe(stmt, env):
        return None
    if replace is not None:
        stmt = _Replace(_where(replace[0]), replace[1]).visit(copy.deepcopy(stmt))
    if isinstance(stmt, ast.Return):
        if stmt.value is None:
            return None
        value = stmt.value
        if isinstance(value, ast.Tuple) and isinstance(record.element, int):
            value = value.elts[record.element]
        stmt = ast.copy_location(ast.Assign([ast.Name("__result__", ast.Store())], value),
                                 stmt)
    elif not isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)):
        return None
    try:
        tree = ast.fix_missing_locations(ast.Module([stmt], []))
        return compile(tree, record.step.filename, "exec")
    except (SyntaxError, ValueError, TypeError):
        return None


def _where(node: ast.expr) -> tuple:
    return (type(node).__name__, node.lineno, node.col_offset, node.end_lineno,
            node.end_col_offset)


def _user_calls(stmt: ast.stmt, env: Mapping[str, Any]) -> list[ast.Call]:
    """Calls of anything but numpy, torch, math and builtins, in the order they return."""
    found: list[ast.Call] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            walk(child)
        if isinstance(node, ast.Call) and not _safe_call(node, env):
            found.append(node)

    for root in _read_nodes(stmt):
        walk(root)
    return found


class _Called(ast.NodeTransformer):
    """Each call of the user's own functions replaced by the name of what it returned."""

    def __init__(self, calls: dict[tuple, int]) -> None:
        self.calls = calls

    def visit(self, node: ast.AST) -> ast.AST:
        if isinstance(node, ast.Call) and _where(node) in self.calls:
            name = ast.Name(f"__call_{self.calls[_where(node)]}__", ast.Load())
            return ast.copy_location(name, node)
        return super().visit(node)


class _Replace(ast.NodeTransformer):
    def __init__(self, where: tuple, value: float) -> None:
        self.where, self.value = where, value

    def visit(self, node: ast.AST) -> ast.AST:
        if isinstance(node, ast.expr) and _where(node) == self.where:
            return ast.copy_location(ast.Constant(self.value), node)
        return super().visit(node)


def _size_nodes(stmt: ast.stmt | None) -> list[tuple[ast.expr, ast.expr]]:
    """Sizes written into a line (``x.shape[1]``, ``len(t)``, ``y.size``, ``y.numel()``),
    each with the expression of the array it is the size of."""
    found = []
    for root in _read_nodes(stmt) if not isinstance(stmt, ast.For) else []:
        for node in ast.walk(root):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
                    and node.value.attr == "shape":
                found.append((node, node.value.value))
            elif isinstance(node, ast.Attribute) and node.attr == "size":
                found.append((node, node.value))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "len" and len(node.args) == 1:
                found.append((node, node.args[0]))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in _SIZE_METHODS:
                found.append((node, node.func.value))
    return found


def _literal_nodes(stmt: ast.stmt | None) -> list[ast.Constant]:
    """Numbers written into a line's arithmetic (not indices, not keyword arguments)."""
    found: list[ast.Constant] = []

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, (int, float)) and not isinstance(node.value, bool) \
                    and node.value != 0:
                found.append(node)
            return
        for name, child in ast.iter_fields(node):
            if (isinstance(node, ast.Subscript) and name == "slice") or name == "keywords":
                continue
            for item in child if isinstance(child, list) else [child]:
                if isinstance(item, ast.AST):
                    walk(item)

    for root in _read_nodes(stmt) if not isinstance(stmt, ast.For) else []:
        walk(root)
    return found


@functools.lru_cache(maxsize=4096)
def _names(stmt: ast.stmt | None) -> frozenset[str]:
    return frozenset() if stmt is None else frozenset(
        n.id for n in ast.walk(stmt) if isinstance(n, ast.Name))


def _computed_in_call(stmt: ast.stmt | None, code: types.CodeType, path: _Path) -> bool:
    """Is the argument ``stmt`` hands the function of ``code`` as its parameter ``path``
    an expression computed there (``t / p``), not a variable passed on (``mask``)?"""
    if stmt is None or len(path) != 1:
        return False
    names = code.co_varnames[:code.co_argcount]
    if path[0] not in names:
        return False
    place = names.index(path[0])
    for call in ast.walk(stmt):
        if not isinstance(call, ast.Call) or getattr(call.func, "id", getattr(
                call.func, "attr", None)) != code.co_name:
            continue
        bound = names[:1] in (("self",), ("cls",)) and isinstance(call.func, ast.Attribute)
        at = place - bound  # a method's self is not among the call's arguments
        given = [k.value for k in call.keywords if k.arg == path[0]] or (
            [call.args[at]] if 0 <= at < len(call.args) else [])
        return bool(given) and not isinstance(given[0], (ast.Name, ast.Attribute,
                                                          ast.Subscript, ast.Constant))
    return False


def _safe(node: ast.AST, env: Mapping[str, Any]) -> bool:
    """Does running ``node`` call only numpy, torch, math and plain builtins?"""
    return all(_safe_call(n, env) for n in ast.walk(node) if isinstance(n, ast.Call))


def _safe_call(call: ast.Call, env: Mapping[str, Any]) -> bool:
    func = _static(call.func, env)
    if func is _UNKNOWN:
        return isinstance(call.func, ast.Attribute) and (hasattr(np.ndarray, call.func.attr)
                                                          or hasattr(Tensor, call.func.attr))
    return _safe_callable(func)


def _static(node: ast.expr, env: Mapping[str, Any]) -> Any:
    """What a dotted name refers to, found without calling anything."""
    import builtins

    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        return getattr(builtins, node.id, _UNKNOWN)
    if isinstance(node, ast.Attribute):
        base = _static(node.value, env)
        if base is _UNKNOWN or _is_user_object(base):
            return _UNKNOWN if base is _UNKNOWN else getattr(type(base), node.attr, _UNKNOWN)
        try:
            return getattr(base, node.attr)
        except Exception:
            return _UNKNOWN
    return _UNKNOWN


def _safe_callable(func: Any) -> bool:
    if isinstance(func, np.ufunc):
        return True
    try:
        if func in _SAFE_BUILTINS:
            return True
    except TypeError:
        pass
    owner = getattr(func, "__self__", None)
    if owner is not None and isinstance(owner, (Tensor, np.ndarray, np.generic, np.ufunc,
                                                list, dict, tuple, float, int)):
        return True
    module = getattr(func, "__module__", None) or getattr(type(func), "__module__", "") or ""
    return module.split(".")[0] in ("numpy", "torch", "math", "_operator")


def _read_path(env: Mapping[str, Any], path: _Path) -> Any:
    obj = env[path[0]]
    for part in path[1:]:
        obj = (getattr(obj, part[1:]) if isinstance(part, str) and part.startswith(".")
               else obj[part])
    return obj


def _assign(env: dict[str, Any], path: _Path, value: Any) -> bool:
    try:
        if len(path) == 1:
            env[path[0]] = value
            return True
        parent, last = _read_path(env, path[:-1]), path[-1]
        if isinstance(last, str) and last.startswith("."):
            setattr(parent, last[1:], value)
        elif isinstance(parent, tuple):
            items = list(parent)
            items[last] = value
            return _assign(env, path[:-1], tuple(items))
        else:
            parent[last] = value
        return True
    except Exception:
        return False


def _boolean(value: Any) -> bool:
    return (isinstance(value, Tensor) and value.dtype == torch.bool) or (
        isinstance(value, (np.ndarray, np.generic)) and value.dtype == np.bool_)


def _like(value: Tensor, original: Any, any_shape: bool = False) -> Any:
    """``value`` in the type, dtype and shape of ``original`` (in its own shape, with
    ``any_shape``); None when it cannot be."""
    if _vector(original) or _nested_numbers(original):
        if value.numel() % len(original):
            return None
        items = [_like(v, o) for v, o in zip(value.reshape(len(original), -1), original,
                                             strict=True)]
        return None if any(i is None for i in items) else type(original)(items)
    size = original.size if isinstance(original, np.ndarray) else (
        original.numel() if isinstance(original, Tensor) else 1)
    if value.numel() != size and not (any_shape and isinstance(original, (Tensor,
                                                                         np.ndarray))):
        return None
    shape = tuple(value.shape) if value.numel() != size else tuple(getattr(original, "shape",
                                                                           ()))
    if _boolean(original):
        if not bool(((value == 0) | (value == 1)).all()):
            return None
        value = value != 0
    if isinstance(original, Tensor):
        return value.to(original.dtype).reshape(shape).clone()
    if isinstance(original, np.ndarray):
        return value.numpy().astype(original.dtype).reshape(shape)
    if isinstance(original, np.generic):
        return original.dtype.type(value.item())
    if isinstance(original, float):
        return float(value.item())
    return None


# ---------------------------------------------------------------------------------------
# 4. Comparing values.


def _close(a: Tensor, b: Tensor, floor: float = 0.0, rtol: float = _RTOL) -> bool:
    """The same values (in any shape of the same size), to ``rtol`` of the larger (or of
    ``floor``, where that is larger); an infinity only to itself, in the same place."""
    if a.numel() != b.numel():
        return False
    if a.numel() == 0:
        return True
    a, b = a.reshape(-1), b.reshape(-1)
    gap, scale = torch.stack([(a - b).abs().max(), torch.maximum(a.abs().max(),
                                                                 b.abs().max())]).tolist()
    if not math.isfinite(gap):
        return bool(torch.equal(a, b))
    return gap <= rtol * max(scale, floor)


def _at(value: Tensor, mask: Tensor | None) -> Tensor:
    return value if mask is None or value.numel() != mask.numel() \
        else value.reshape(mask.shape)[mask]


def _close_at(result: Tensor, expected: Tensor, mask: Tensor | None, floor: float) -> bool:
    if mask is not None and result.numel() == mask.numel() == expected.numel():
        return _close(_at(result, mask), _at(expected, mask), floor)
    return _close(result, expected, floor)


def _factor(a: Tensor, b: Tensor, floor: float) -> float | None:
    """c with a = c b (c != 1), when there is one; for single numbers only a simple c."""
    if a.numel() != b.numel() or a.numel() == 0:
        return None
    a, b = a.reshape(-1), b.reshape(-1)
    norm = float((b * b).sum())
    if norm == 0 or not math.isfinite(norm):
        return None
    c = float((a * b).sum()) / norm
    if not math.isfinite(c) or abs(c - 1) < 1e-9 or abs(c) < 1e-12:
        return None
    if not _close(a, c * b, floor):
        return None
    if a.numel() == 1 and not _simple(c):
        return None
    return c


def _related(a: Tensor, b: Tensor, floor: float) -> bool:
    """Is ``a`` a multiple of ``b``, or ``b`` transposed?"""
    if _factor(a, b, floor) is not None:
        return True
    if b.dim() == 2 and a.numel() == b.numel() and b.shape[0] != 1 and b.shape[1] != 1:
        flipped = b.T.reshape(a.shape)
        return _close(a, flipped, floor) or _factor(a, flipped, floor) is not None
    return False


def _relation(value: Tensor, target: Tensor, floor: float) -> str:
    """How ``value`` relates to what it should be: "1/2 x", "transposed", "differs"."""
    if value.numel() != target.numel():
        return f"of shape {tuple(value.shape)}, not {tuple(target.shape)}"
    if _close(value, target, floor):
        return "equal"
    c = _factor(value, target, floor)
    if c is not None:
        return f"{_number(c)} x"
    if target.dim() == 2 and value.shape == target.T.shape and min(target.shape) > 1:
        flipped = target.T
        if _close(value, flipped, floor):
            return "transposed"
        c = _factor(value, flipped, floor)
        if c is not None:
            return f"{_number(c)} x transposed"
    return "differs"


def _simple(c: float) -> bool:
    fraction = Fraction(c).limit_denominator(64)
    return abs(float(fraction) - c) <= 1e-9 * abs(c) and abs(fraction.numerator) <= 64


def _number(c: float) -> str:
    fraction = Fraction(c).limit_denominator(1000)
    if abs(float(fraction) - c) <= 1e-9 * max(abs(c), 1e-300):
        return str(fraction)
    return f"{c:.4g}"


def _elements(mask: Tensor) -> str:
    """``element [2]``, ``element [1, 0]``, or ``the elements at 3 places``."""
    where = mask.nonzero().tolist()
    if len(where) == 1:
        return f"element {where[0]}"
    return f"the elements at {len(where)} places"


def _code_line(filename: str, line: int) -> str:
    """The source line, without its comment."""
    text = linecache.getline(filename, line)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                return text[:token.start[1]].strip()
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return text.strip()
