"""The backward of your ``torch.autograd.Function``, checked like any derivation.

A Function ``y = f(x, w, ...)`` is checked through a random upstream gradient ``dout`` of
the shape of ``y``: the loss is ``E = sum(dout * y)``, so ``dE/dx = J_x^T dout`` is exactly
what the Function's ``backward(ctx, dout)`` returns for ``x``.

- With a reference forward (plain torch ops computing the same ``y``), the reference is
  torch.autograd of ``sum(dout * reference(x, w, ...))``.
- Without one, the reference is central finite differences of the Function's own forward in
  float64: ``dE/dx_i = sum(dout * (f(x + h e_i) - f(x - h e_i))) / 2h``.

The derived side is the Function's backward, run by autograd on ``sum(dout * f(x, ...))``.
Functions cannot be vectorised over trials: they run one trial at a time. The forward is
taken as given: a backward is judged against the gradient of the reference, so a forward
that differs from the reference makes its backward fail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch
from torch import Tensor

from derivations.core import Derivation, Input, Node, Step, keep
from verify.draws import Draw, inputs, source_of
from verify.errors import UsageError
from verify.numeric import STEP
from verify.sample import sample

__all__ = ["DOUT", "NUMERIC_RTOL", "function_derivation", "is_function"]

#: The upstream gradient's input name.
DOUT = "dout"
#: How closely central differences in float64 (step STEP) find the gradient: truncation
#: STEP^2 and cancellation eps / STEP, with room for curvature.
NUMERIC_RTOL = 1e-6


def is_function(fn: Any) -> bool:
    """True for a subclass of ``torch.autograd.Function``."""
    return isinstance(fn, type) and issubclass(fn, torch.autograd.Function)


def function_derivation(fn: type[torch.autograd.Function],
                        reference: Callable[..., Tensor] | None = None, *,
                        shapes: Mapping[str, Any], draws: Mapping[str, Draw] | None = None,
                        wrt: str | Sequence[str] | None = None,
                        sizes: Mapping[str, int] | None = None, name: str | None = None
                        ) -> Derivation:
    """A Derivation whose steps are the gradients ``fn.backward`` returns.

    Args:
        fn: a ``torch.autograd.Function`` subclass with one tensor output.
        reference: the same forward in plain torch ops; None checks against central finite
            differences of ``fn``'s forward in float64.
        shapes: the shape of each argument of ``fn.forward`` (after ``ctx``).
        draws: how arguments are drawn when not N(0, 1) (see ``verify.draws``).
        wrt: the arguments whose gradients are checked (default: all drawn as real numbers).
        sizes: values of the size names used in ``shapes``.
        name: what reports call it (default: the Function's name).

    Returns:
        A Derivation, for ``check``, ``verify`` or ``verify-grads check``.

    Raises:
        UsageError: a bad shape or draw, or a Function that cannot run on those shapes.
    """
    if not is_function(fn):
        raise UsageError(f"{fn!r} is not a torch.autograd.Function subclass")
    drawn = inputs(fn.forward, shapes, draws, sizes, skip=0 if _has_setup_context(fn) else 1)
    names = [i.name for i in drawn]
    if DOUT in names:
        raise UsageError(f"{fn.__name__}.forward has an argument named {DOUT!r}, the name of "
                         "the upstream gradient here: rename it")
    real = [i.name for i in drawn if i.draw not in ("labels", "onehot", "fixed")]
    wrt = tuple(real) if wrt is None else ((wrt,) if isinstance(wrt, str) else tuple(wrt))
    unknown = [n for n in wrt if n not in real]
    if unknown or not wrt:
        raise UsageError(f"wrt must name real-valued arguments of {fn.__name__}.forward "
                         f"({', '.join(real) or 'none'}), not {unknown[0] if unknown else wrt!r}")
    against = "autograd of " + reference.__name__ if reference else "finite differences"
    steps = tuple(Step(f"d{n}", n, f"{fn.__name__}.backward(ctx, dout)[{names.index(n)}]")
                  for n in wrt)
    loss = _Reference(reference, names) if reference else _Numeric(fn, names)
    probe = Derivation(name=name or fn.__name__, title=f"{fn.__name__}.backward against {against}",
                       source=source_of(fn), loss=loss, gradient=_Backward(fn, names, wrt),
                       inputs=drawn, steps=steps, sizes=dict(sizes or {}))
    out = _output_shape(fn, reference, probe)
    return dataclasses.replace(probe, inputs=(*drawn, Input(DOUT, out)),
                               reference_rtol=None if reference else NUMERIC_RTOL)


class _Reference:
    """E = sum(dout * reference(*args)): autograd of it is the reference gradient."""

    def __init__(self, reference: Callable[..., Tensor], names: list[str]) -> None:
        self.reference, self.names = reference, names

    def __call__(self, node: Node = keep, **inputs: Tensor) -> Tensor:
        return (inputs[DOUT] * self.reference(*(inputs[n] for n in self.names))).sum()


class _Numeric:
    """E = sum(dout * f(*args)) with f's backward replaced by central finite differences."""

    def __init__(self, fn: type[torch.autograd.Function], names: list[str]) -> None:
        self.fn, self.names = fn, names

    def __call__(self, node: Node = keep, **inputs: Tensor) -> Tensor:
        y = _CentralDifferences.apply(self.fn, *(inputs[n] for n in self.names))
        return (inputs[DOUT] * y).sum()


class _Backward:
    """The derived side: what ``fn.backward`` returns for ``dout``, one entry per wrt name."""

    def __init__(self, fn: type[torch.autograd.Function], names: list[str],
                 wrt: tuple[str, ...]) -> None:
        self.fn, self.names, self.wrt = fn, names, wrt

    def __call__(self, **inputs: Tensor) -> dict[str, Tensor]:
        with torch.enable_grad():
            args = {n: inputs[n].detach().clone().requires_grad_(n in self.wrt)
                    for n in self.names}
            y = self.fn.apply(*args.values())
            grads = torch.autograd.grad(y, [args[n] for n in self.wrt], inputs[DOUT],
                                        allow_unused=True)
        return {f"d{n}": torch.zeros_like(args[n]) if g is None else g.detach()
                for n, g in zip(self.wrt, grads, strict=True)}


class _CentralDifferences(torch.autograd.Function):
    """Forward: ``fn``'s. Backward: ``dout . (f(x + h e_i) - f(x - h e_i)) / 2h`` in float64."""

    @staticmethod
    def forward(ctx: Any, fn: type[torch.autograd.Function], *args: Tensor) -> Tensor:
        ctx.fn = fn
        ctx.save_for_backward(*args)
        return fn.apply(*args)

    @staticmethod
    def backward(ctx: Any, dout: Tensor) -> tuple[Tensor | None, ...]:
        args = ctx.saved_tensors
        grads = [_vjp(ctx.fn, args, i, dout) if ctx.needs_input_grad[i + 1] else None
                 for i in range(len(args))]
        return (None, *grads)


def _vjp(fn: type[torch.autograd.Function], args: tuple[Tensor, ...], i: int,
         dout: Tensor) -> Tensor:
    """dE/dx_i for E = sum(dout * f(args)), by central differences on argument ``i``."""
    wide = [a.double() if a.is_floating_point() else a for a in args]
    x = wide[i].reshape(-1)
    grad = torch.zeros_like(x)
    for j in range(x.numel()):
        h = STEP * max(1.0, abs(float(x[j])))
        ends = []
        for sign in (1, -1):
            moved = x.clone()
            moved[j] += sign * h
            ends.append(fn.apply(*wide[:i], moved.reshape(args[i].shape), *wide[i + 1:]))
        grad[j] = (dout.double() * (ends[0] - ends[1])).sum() / (2 * h)
    return grad.reshape(args[i].shape).to(args[i].dtype)


def _output_shape(fn: type[torch.autograd.Function], reference: Callable[..., Tensor] | None,
                  probe: Derivation) -> tuple[int, ...]:
    """The shape of ``fn``'s output, from one seeded draw of the inputs."""
    drawn = sample(probe, 1, torch.Generator().manual_seed(0), dtype=torch.float64,
                   device="cpu")
    args = [v[0] for v in drawn.values()]
    shapes = {n: tuple(v.shape[1:]) for n, v in drawn.items()}
    outputs = {}
    for label, forward in ((fn.__name__, fn.apply), ("the reference", reference)):
        if forward is None:
            continue
        try:
            with torch.no_grad():
                y = forward(*args)
        except Exception as error:
            raise UsageError(f"{label} cannot run on inputs of shapes {shapes}: "
                             f"{type(error).__name__}: {error}") from None
        if not isinstance(y, Tensor):
            raise UsageError(f"{label} returns {type(y).__name__}: only a Function with one "
                             "tensor output can be checked")
        outputs[label] = tuple(y.shape)
    if len(set(outputs.values())) > 1:
        raise UsageError(f"{fn.__name__} returns shape {outputs[fn.__name__]} but the reference "
                         f"{outputs['the reference']}: they must compute the same thing")
    return outputs[fn.__name__]


def _has_setup_context(fn: type[torch.autograd.Function]) -> bool:
    """True when ``forward`` takes no ctx (the ``setup_context`` style)."""
    return fn.setup_context is not torch.autograd.Function.setup_context
