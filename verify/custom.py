"""The backward of your ``torch.autograd.Function``, checked like any derivation.

A Function ``y_1, ..., y_K = f(x, w, ...)`` is checked through a random upstream gradient
``dout_k`` of the shape of each differentiable output: the loss is
``E = sum_k sum(dout_k * y_k)``, so ``dE/dx = sum_k J_kx^T dout_k`` is exactly what the
Function's ``backward(ctx, dout_1, ..., dout_K)`` returns for ``x``. With one output the
upstream gradient is called ``dout``; with several, ``dout0``, ``dout1``, ... after the
output's position.

- With a reference forward (plain torch ops computing the same outputs), the reference is
  torch.autograd of ``sum_k sum(dout_k * reference(x, w, ...)_k)``.
- Without one, the reference is central differences of the Function's own forward in
  float64, every element at once: ``dE/dx_i = (E(x + h_i e_i) - E(x - h_i e_i)) / 2 h_i``
  with ``verify.numeric``'s step rule, the perturbed copies evaluated by ``torch.func.vmap``
  of the forward (run alone, with a stand-in ``ctx``), in blocks. A forward that vmap cannot
  run (numpy, ``.item()``) is evaluated one copy at a time.

Arguments that are not tensors (ints, floats, bools, strings, lists, tuples) are given as
fixed values in ``draws`` without a shape and passed to the forward as they are.

The derived side is the Function's backward, run by autograd. Functions cannot be vectorised
over trials: they run one trial at a time. The forward is taken as given: a backward is
judged against the gradient of the reference, so a forward that differs from the reference
makes its backward fail. Whatever the Function raises is reported with the file and line of
its own code (``function_error``).
"""

from __future__ import annotations

import dataclasses
import math
import os
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

import torch
from torch import Tensor

from derivations.core import DRAWS, Derivation, Input, Node, Step, keep
from verify.draws import Draw, inputs, source_of
from verify.errors import DerivationError, UsageError
from verify.numeric import (
    NUMERIC_TOLERANCE,
    copies_at_once,
    difference_quotient,
    shifted_copies,
    step_sizes,
)
from verify.sample import sample
from verify.usercode import raised_at, source_file

__all__ = ["DOUT", "NUMERIC_BUDGET", "NUMERIC_RTOL", "FunctionSpec", "function_derivation",
           "function_error", "function_of", "is_function", "numeric_cost", "numeric_gradient",
           "suited_trials"]

#: The upstream gradient's input name (of a Function with one differentiable output).
DOUT = "dout"
#: How closely central differences in float64 find the gradient.
NUMERIC_RTOL = NUMERIC_TOLERANCE
#: Input elements that the forward evaluations of one check's finite differences may hold in
#: all: a Function checked without a reference gets the trials that fit (at least one).
NUMERIC_BUDGET = 1 << 26
_PARTS = ("forward", "setup_context", "backward", "jvp", "vmap")


def is_function(fn: Any) -> TypeGuard[type[torch.autograd.Function]]:
    """True for a subclass of ``torch.autograd.Function``."""
    return isinstance(fn, type) and issubclass(fn, torch.autograd.Function)


@dataclass(frozen=True)
class FunctionSpec:
    """A Function, its reference forward, and how its forward's arguments are given.

    ``names`` are the forward's arguments in order; ``constants`` those passed as given;
    ``tensors`` those drawn; ``wrt`` the drawn ones differentiated; ``outputs`` the positions
    of the differentiable outputs and ``douts`` the names of their upstream gradients.
    """

    fn: type[torch.autograd.Function]
    reference: Callable[..., Any] | None
    names: tuple[str, ...]
    constants: Mapping[str, Any]
    wrt: tuple[str, ...]
    outputs: tuple[int, ...] = (0,)
    douts: tuple[str, ...] = (DOUT,)

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def tensors(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if n not in self.constants)

    def arguments(self, tensors: Mapping[str, Any]) -> list[Any]:
        """The forward's positional arguments: drawn tensors, each as a copy (a Function
        that works in place changes the copy, never the draw nor a leaf, see
        ``_own_copies``), and constants as given."""
        tensors = _own_copies(tensors)
        return [self.constants[n] if n in self.constants else tensors[n] for n in self.names]

    def apply(self, tensors: Mapping[str, Any]) -> tuple[Tensor, ...]:
        """The Function's differentiable outputs on ``tensors`` (errors located)."""
        try:
            return self.differentiable(self.fn.apply(*self.arguments(tensors)))
        except (Exception, SystemExit) as error:
            raise function_error(self.fn, "forward", error) from error

    def backward(self, outputs: Sequence[Tensor], leaves: Sequence[Tensor],
                 douts: Sequence[Tensor | None], **options: Any) -> tuple[Tensor | None, ...]:
        """What autograd hands back for ``leaves`` through the Function's backward."""
        given = [(o, d) for o, d in zip(outputs, douts, strict=True) if d is not None]
        try:
            return torch.autograd.grad([o for o, _ in given], list(leaves),
                                       [d for _, d in given], allow_unused=True, **options)
        except (Exception, SystemExit) as error:
            raise function_error(self.fn, "backward", error) from error

    def reference_outputs(self, tensors: Mapping[str, Any]) -> tuple[Tensor, ...]:
        """The reference's outputs at the positions of the Function's differentiable ones."""
        try:
            result = _as_tuple(self.reference(*self.arguments(tensors)))
        except (Exception, SystemExit) as error:
            raise function_error(self.reference, "reference", error) from error
        return _picked(result, self.outputs)

    def differentiable(self, result: Any) -> tuple[Tensor, ...]:
        outputs = _as_tuple(result)
        return tuple(outputs[i] for i in self.outputs)

    def energy(self, outputs: Sequence[Tensor], tensors: Mapping[str, Tensor]) -> Tensor:
        """E = sum_k sum(dout_k * y_k)."""
        return sum((tensors[d] * y).sum() for d, y in zip(self.douts, outputs, strict=True))

    def plain_forward(self, tensors: Mapping[str, Any]) -> tuple[Tensor, ...]:
        """The differentiable outputs of ``forward`` run alone (a stand-in ``ctx`` that keeps
        nothing for backward): plain torch code, which vmap can map over copies."""
        args = self.arguments(tensors)
        try:
            if has_setup_context(self.fn):
                return self.differentiable(self.fn.forward(*args))
            return self.differentiable(self.fn.forward(_PlainContext(), *args))
        except (Exception, SystemExit) as error:
            raise function_error(self.fn, "forward", error) from error


def function_derivation(fn: type[torch.autograd.Function],
                        reference: Callable[..., Any] | None = None, *,
                        shapes: Mapping[str, Any], draws: Mapping[str, Draw] | None = None,
                        wrt: str | Sequence[str] | None = None,
                        sizes: Mapping[str, int] | None = None, name: str | None = None
                        ) -> Derivation:
    """A Derivation whose steps are the gradients ``fn.backward`` returns.

    Args:
        fn: a ``torch.autograd.Function`` subclass; one tensor output or several.
        reference: the same forward in plain torch ops; None checks against central finite
            differences of ``fn``'s forward in float64.
        shapes: the shape of each tensor argument of ``fn.forward`` (after ``ctx``).
        draws: how arguments are drawn when not near-normal (see ``verify.draws``); a value that
            is not a tensor or array (int, float, bool, str, list, tuple, None, or
            ``("fixed", value)``) given for an argument with no shape is passed as it is.
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
    shapes, draws = dict(shapes), dict(draws or {})
    constants = {n: _constant(v) for n, v in draws.items() if _is_constant(v) and n not in shapes}
    skip = 0 if has_setup_context(fn) else 1
    given = {**draws, **dict.fromkeys(constants, 0.0)}  # constants stand in as fixed draws
    every = inputs(fn.forward, shapes, given, sizes, skip=skip)
    drawn = tuple(i for i in every if i.name not in constants)
    names = tuple(i.name for i in every)
    if any(n == DOUT or (n.startswith(DOUT) and n[len(DOUT):].isdigit()) for n in names):
        raise UsageError(f"{fn.__name__}.forward has an argument named like {DOUT!r}, the name "
                         "of an upstream gradient here: rename it")
    real = [i.name for i in drawn if i.draw not in ("labels", "onehot", "fixed")]
    wrt = tuple(real) if wrt is None else ((wrt,) if isinstance(wrt, str) else tuple(wrt))
    unknown = [n for n in wrt if n not in real]
    if unknown or not wrt:
        raise UsageError(f"wrt must name real-valued arguments of {fn.__name__}.forward "
                         f"({', '.join(real) or 'none'}), not {unknown[0] if unknown else wrt!r}")
    spec = FunctionSpec(fn, reference, names, constants, wrt)
    against = "autograd of " + reference.__name__ if reference else "finite differences"
    steps = tuple(Step(f"d{n}", n, f"{fn.__name__}.backward(ctx, dout)[{names.index(n)}]")
                  for n in wrt)
    probe = Derivation(name=name or fn.__name__, title=f"{fn.__name__}.backward against {against}",
                       source=source_of(fn), loss=_Reference(spec), gradient=_Backward(spec),
                       inputs=drawn, steps=steps, sizes=dict(sizes or {}))
    positions, shapes_out = _outputs(spec, probe)
    douts = (DOUT,) if len(positions) == 1 else tuple(f"{DOUT}{i}" for i in positions)
    spec = dataclasses.replace(spec, outputs=positions, douts=douts)
    loss = _Reference(spec) if reference else _Numeric(spec)
    return dataclasses.replace(
        probe, loss=loss, gradient=_Backward(spec),
        inputs=(*drawn, *(Input(d, s) for d, s in zip(douts, shapes_out, strict=True))),
        reference_rtol=None if reference else NUMERIC_RTOL)


def function_of(derivation: Derivation) -> FunctionSpec | None:
    """The Function a ``function_derivation`` checks, or None for any other derivation."""
    gradient = derivation.gradient
    return gradient.spec if isinstance(gradient, _Backward) else None


def numeric_cost(derivation: Derivation) -> int:
    """Input elements evaluated by one trial's central differences: two perturbed copies of
    every input per differentiated element."""
    spec = function_of(derivation)
    sizes = {i.name: math.prod(i.resolved_shape(derivation.sizes)) for i in derivation.inputs}
    return 2 * sum(sizes[n] for n in spec.wrt) * max(1, sum(sizes.values())) if spec else 0


def suited_trials(derivation: Derivation, trials: int) -> int:
    """The trials asked for, or, for a Function checked by finite differences, as many as
    NUMERIC_BUDGET affords (at least one): their cost grows with the square of the input."""
    spec = function_of(derivation)
    if spec is None or spec.reference is not None:
        return trials
    return max(1, min(trials, NUMERIC_BUDGET // max(1, numeric_cost(derivation))))


def numeric_gradient(spec: FunctionSpec, tensors: Mapping[str, Tensor], name: str) -> Tensor:
    """dE/d(name) by central differences of the Function's forward, every element at once:
    blocks of perturbed copies, each block one vmapped call of the forward (in float64)."""
    wide = {n: v.double() if v.is_floating_point() else v for n, v in tensors.items()}
    x = wide[name]
    flat, h = x.reshape(-1), step_sizes(x.reshape(-1))

    def energy(moved: Tensor) -> Tensor:
        args = {**wide, name: moved.reshape(x.shape)}
        return spec.energy(spec.plain_forward(args), args)

    evaluate = _over_copies(energy)
    parts = []
    width = copies_at_once(2 * sum(v.numel() for v in wide.values()))
    for start in range(0, flat.numel(), width):  # a block of elements, not one element
        step = h[start:start + width]
        ends = evaluate(torch.cat([shifted_copies(flat, start, step),
                                   shifted_copies(flat, start, -step)]))
        parts.append(difference_quotient(ends[:len(step)], ends[len(step):], step))
    return torch.cat(parts).reshape(x.shape).to(tensors[name].dtype)


def function_error(fn: Any, part: str, error: BaseException) -> DerivationError:
    """``Square.backward raised TypeError at my_layer.py:14: ...``: an error of the user's
    Function (or reference), located at the last line of its file the error passed through;
    an error torch raises about what the code returned names where the code is defined."""
    if isinstance(error, DerivationError):
        return error
    label = getattr(fn, "__name__", repr(fn))
    text = " ".join(str(error).split())
    frame = _last_frame_in(error, source_file(fn))
    if frame is not None and frame.name in _PARTS:
        part = frame.name
    what = label if part == "reference" else f"{label}.{part}"
    if frame is None:  # torch itself raised, on what the code returned or how it was called
        return DerivationError(f"{what}: torch raised {type(error).__name__} ({label} is at "
                               f"{source_of(fn)}): {text}")
    where = raised_at(error, frame.filename)
    if isinstance(error, SystemExit):
        return DerivationError(f"{what} called sys.exit({error.code!r}) at {where}")
    return DerivationError(f"{what} raised {type(error).__name__} at {where}: {text}")


def has_setup_context(fn: type[torch.autograd.Function]) -> bool:
    """True when ``forward`` takes no ctx (the ``setup_context`` style)."""
    return fn.setup_context is not torch.autograd.Function.setup_context


class _Reference:
    """E = sum_k sum(dout_k * reference(*args)_k): autograd of it is the reference gradient."""

    def __init__(self, spec: FunctionSpec) -> None:
        self.spec = spec

    def __call__(self, /, node: Node = keep, **inputs: Tensor) -> Tensor:
        return self.spec.energy(self.spec.reference_outputs(inputs), inputs)


class _Numeric:
    """E = sum_k sum(dout_k * f(*args)_k), whose gradient with respect to each argument in
    ``wrt`` is its central differences: ``E + sum(g * (x - x.detach()))`` with ``g`` the
    differences, held constant, has the value E and the gradient g."""

    def __init__(self, spec: FunctionSpec) -> None:
        self.spec = spec

    def __call__(self, /, node: Node = keep, **inputs: Tensor) -> Tensor:
        spec = self.spec
        still = {n: v.detach().clone() for n, v in inputs.items()}
        value = spec.energy(spec.plain_forward(still), still)
        if torch.is_grad_enabled():
            for n in spec.wrt:
                g = numeric_gradient(spec, still, n)
                value = value + (g * (inputs[n] - inputs[n].detach())).sum()
        return value


class _Backward:
    """The derived side: what ``fn.backward`` returns for the douts, one entry per wrt name."""

    def __init__(self, spec: FunctionSpec) -> None:
        self.spec = spec

    def __call__(self, /, **inputs: Tensor) -> dict[str, Tensor]:
        spec = self.spec
        with torch.enable_grad():
            leaves = {n: inputs[n].detach().clone().requires_grad_(n in spec.wrt)
                      for n in spec.tensors}
            outputs = spec.apply(leaves)
            grads = spec.backward(outputs, [leaves[n] for n in spec.wrt],
                                  [inputs[d] for d in spec.douts])
        return {f"d{n}": torch.zeros_like(leaves[n]) if g is None else g.detach()
                for n, g in zip(spec.wrt, grads, strict=True)}


def _own_copies(tensors: Mapping[str, Any]) -> dict[str, Any]:
    """Every tensor as a copy with its strides, one that requires a gradient a copy autograd
    follows back to it: a Function that works in place (``x.clamp_(min=0)``,
    ``ctx.mark_dirty(x)``) may change such a copy, never a draw or a leaf itself."""
    return {n: v.clone() if isinstance(v, Tensor) else v for n, v in tensors.items()}


class _PlainContext:
    """A stand-in for ``ctx`` when the forward runs alone for its values: it keeps nothing."""

    needs_input_grad: tuple[bool, ...] = ()

    def save_for_backward(self, *tensors: Any) -> None:
        pass

    def save_for_forward(self, *tensors: Any) -> None:
        pass

    def mark_dirty(self, *tensors: Any) -> None:
        pass

    def mark_non_differentiable(self, *tensors: Any) -> None:
        pass

    def set_materialize_grads(self, value: bool) -> None:
        pass


def _over_copies(energy: Callable[[Tensor], Tensor]) -> Callable[[Tensor], Tensor]:
    """``energy`` mapped over a block of copies: one vmapped call, or, for a forward that
    vmap cannot run (numpy, ``.item()``, branches on values), one call per copy."""
    mapped = torch.func.vmap(energy)

    def evaluate(copies: Tensor) -> Tensor:
        try:
            return mapped(copies)
        except Exception:  # raised again below if the forward fails outside vmap too
            return torch.stack([energy(c) for c in copies])

    return evaluate


def _outputs(spec: FunctionSpec, probe: Derivation) -> tuple[tuple[int, ...],
                                                            tuple[tuple[int, ...], ...]]:
    """The positions and shapes of the Function's differentiable outputs, from one seeded
    draw of the inputs; the reference must give the same shapes."""
    drawn = sample(probe, 1, 0, dtype=torch.float64, device="cpu")
    tensors = {n: v[0] for n, v in drawn.items()}
    with torch.enable_grad():
        leaves = {n: v.clone().requires_grad_(n in spec.wrt) for n, v in tensors.items()}
        result = _probe(spec.fn.__name__, spec.fn.apply, spec.arguments(leaves),
                        tensors)
    positions = tuple(i for i, y in enumerate(result)
                      if isinstance(y, Tensor) and y.requires_grad)
    if not positions:
        kinds = ", ".join(type(y).__name__ for y in result)
        raise UsageError(f"{spec.fn.__name__} returns {kinds}, no differentiable tensor: only a "
                         "Function with tensor outputs can be checked")
    mine = tuple(tuple(result[i].shape) for i in positions)
    if spec.reference is not None:
        with torch.no_grad():
            given = _probe("the reference", spec.reference, spec.arguments(tensors), tensors)
        theirs = tuple(tuple(y.shape) if isinstance(y, Tensor) else type(y).__name__
                       for y in _picked(given, positions))
        if theirs != mine:
            raise UsageError(f"{spec.fn.__name__} returns shape {_shapes(mine)} but the "
                             f"reference {_shapes(theirs)}: they must compute the same thing")
    return positions, mine


def _probe(label: str, forward: Callable[..., Any], args: list[Any],
           tensors: Mapping[str, Tensor]) -> tuple[Any, ...]:
    try:
        return _as_tuple(forward(*args))
    except Exception as error:
        shapes = {n: tuple(v.shape) for n, v in tensors.items()}
        raise UsageError(f"{label} cannot run on inputs of shapes {shapes}: "
                         f"{type(error).__name__}: {error}") from None


def _picked(result: tuple[Any, ...], positions: tuple[int, ...]) -> tuple[Any, ...]:
    """A reference's outputs at ``positions`` of the Function's outputs, where it returns
    them all (``torch.max(x, dim)``: values and indices); a reference may also return the
    differentiable outputs alone."""
    if len(result) != len(positions) and max(positions) < len(result):
        return tuple(result[i] for i in positions)
    return result


def _shapes(shapes: tuple[Any, ...]) -> str:
    return str(shapes[0]) if len(shapes) == 1 else ", ".join(map(str, shapes))


def _as_tuple(result: Any) -> tuple[Any, ...]:
    return tuple(result) if isinstance(result, (tuple, list)) else (result,)


def _is_constant(draw: Draw) -> bool:
    """A value passed to the forward as it is: a Python value that is no draw (a string not
    naming a draw, a tuple not starting with one), or ``("fixed", value)`` of one."""
    if isinstance(draw, tuple) and len(draw) == 2 and draw[0] == "fixed":
        draw = draw[1]
    elif _names_a_draw(draw):
        return False
    return draw is None or isinstance(draw, (bool, int, float, str, list, tuple))


def _names_a_draw(draw: Draw) -> bool:
    first = draw[0] if isinstance(draw, tuple) and draw else draw
    return isinstance(first, str) and first in DRAWS


def _constant(draw: Draw) -> Any:
    fixed = isinstance(draw, tuple) and len(draw) == 2 and draw[0] == "fixed"
    return draw[1] if fixed else draw


def _last_frame_in(error: BaseException, filename: str | None) -> traceback.FrameSummary | None:
    """The last frame of ``error``'s traceback in ``filename``, or None."""
    if filename is None:
        return None
    target = os.path.abspath(filename)
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if os.path.abspath(f.filename) == target]
    return frames[-1] if frames else None
