"""A third opinion: central finite differences of the loss, in float64.

    dL/dx_i ~ (L(x + h_i e_i) - L(x - h_i e_i)) / (2 h_i),   h_i = STEP (1 + |x_i|)

Both sides are judged against it: the closed form, and autograd itself, which can be wrong
when the loss calls a custom ``torch.autograd.Function`` with a faulty backward. Every
element needs two evaluations of the loss, so only the first ``NUMERIC_TRIALS`` trials get
finite differences. Perturbed copies of the inputs (one element moved in each) are
evaluated in vectorised blocks of at most ``COPIES`` copies, so memory stays bounded however
large an input is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from derivations.core import Derivation
from verify.compare import EVIDENCE_FLOOR
from verify.oracle import node_shapes, probed_losses

__all__ = ["COPIES", "NUMERIC_TOLERANCE", "NUMERIC_TRIALS", "PRECISE_STEP", "STEP", "NumericCheck",
           "copies_at_once", "difference_quotient", "directional_difference", "numeric_check",
           "numeric_gradients", "precise_gradients", "shifted_copies", "step_sizes"]

STEP = 1e-6
#: The step of ``precise_gradients``, which extrapolates two central differences.
PRECISE_STEP = 1e-4
NUMERIC_TRIALS = 16
#: Normwise agreement expected of finite differences: truncation is about STEP^2 and
#: cancellation about 1e-16 / STEP, both far below this.
NUMERIC_TOLERANCE = 1e-5
#: Perturbed copies evaluated at once, and their input elements at most: memory is bounded
#: whatever the size of an input (never an n x n matrix).
COPIES = 256
COPY_ELEMENTS = 1 << 22


@dataclass(frozen=True)
class NumericCheck:
    """How far the closed form and autograd each are from finite differences."""

    trials: int
    derived_error: float
    autograd_error: float

    @property
    def derived_agrees(self) -> bool:
        return self.derived_error <= NUMERIC_TOLERANCE

    @property
    def autograd_agrees(self) -> bool:
        return self.autograd_error <= NUMERIC_TOLERANCE


def step_sizes(x: Tensor, step: float = STEP) -> Tensor:
    """h_i = STEP (1 + |x_i|): the step of each element's central difference (the one rule
    of every finite difference in the verifier; ``precise_gradients`` takes larger ones)."""
    return step * (1 + x.abs())


def difference_quotient(plus: Tensor, minus: Tensor, h: Tensor) -> Tensor:
    """(f(x + h) - f(x - h)) / 2h."""
    return (plus - minus) / (2 * h)


def shifted_copies(x: Tensor, start: int, shift: Tensor) -> Tensor:
    """Copies of ``x`` (..., n), copy j with element ``start + j`` moved by ``shift[..., j]``;
    shape (..., copies, n): the moved elements lie on a diagonal of the copies. Runs under
    vmap (it writes only into the copies it makes)."""
    copies = x.unsqueeze(-2).expand(*x.shape[:-1], shift.shape[-1], x.shape[-1]).clone()
    copies.diagonal(offset=start, dim1=-2, dim2=-1).add_(shift)
    return copies


def directional_difference(f: Callable[..., Tensor], xs: Sequence[Tensor],
                           directions: Sequence[Tensor]) -> Tensor:
    """<grad f, h u> by central differences along every ``x`` at once, h = step_sizes(x):

        (f(x + h u) - f(x - h u)) / 2

    Two evaluations of ``f`` whatever the number of elements (as JAX's check_grads does);
    compare it with ``sum(grad * step_sizes(x) * u)``."""
    moves = [step_sizes(x) * u for x, u in zip(xs, directions, strict=True)]
    plus = f(*(x + m for x, m in zip(xs, moves, strict=True)))
    minus = f(*(x - m for x, m in zip(xs, moves, strict=True)))
    return (plus - minus) / 2


def copies_at_once(elements: int) -> int:
    """Perturbed copies of ``elements`` input elements evaluated at once: at most COPIES,
    and no more than COPY_ELEMENTS input elements in all."""
    return max(1, min(COPIES, COPY_ELEMENTS // max(1, elements)))


def numeric_gradients(derivation: Derivation, inputs: Mapping[str, Tensor],
                      wrt: Sequence[str], step: float = STEP) -> dict[str, Tensor]:
    """Central differences of the loss (float64) w.r.t. each input or named node in ``wrt``."""
    inputs = {n: v.double() if v.is_floating_point() else v for n, v in inputs.items()}
    trials = next(iter(inputs.values())).shape[0]
    nodes = node_shapes(derivation, inputs, [n for n in wrt if n not in inputs])
    zeros = {n: torch.zeros((trials, *shape), dtype=torch.float64, device=_device(inputs))
             for n, (shape, _) in nodes.items()}
    return {name: _differences(derivation, inputs, zeros, name, step) for name in wrt}


def precise_gradients(derivation: Derivation, inputs: Mapping[str, Tensor],
                      wrt: Sequence[str]) -> dict[str, Tensor]:
    """Central differences at steps h and h/2 (h = PRECISE_STEP (1 + |x|)) extrapolated,

        D = (4 D(h/2) - D(h)) / 3,

    whose truncation error is O(h^4) and rounding about eps / h: some 1e-12 of a smooth
    loss's scale, where STEP's central differences keep about 1e-10."""
    coarse = numeric_gradients(derivation, inputs, wrt, PRECISE_STEP)
    fine = numeric_gradients(derivation, inputs, wrt, PRECISE_STEP / 2)
    return {n: (4 * fine[n] - coarse[n]) / 3 for n in wrt}


def _differences(derivation: Derivation, inputs: dict[str, Tensor], zeros: dict[str, Tensor],
                 name: str, step: float) -> Tensor:
    """Central differences w.r.t. every element of ``name``, a block of copies at a time."""
    base = inputs[name] if name in inputs else zeros[name]
    trials, shape = base.shape[0], base.shape[1:]
    n = math.prod(shape)
    h = step_sizes(base.reshape(trials, n), step)
    copies = _copies_at_once({**inputs, **zeros})
    group = min(trials, copies)  # trials perturbed together
    width = max(1, copies // group)  # elements perturbed together, one per copy
    result = torch.empty((trials, n), dtype=torch.float64, device=base.device)
    for first in range(0, trials, group):
        rows = slice(first, min(trials, first + group))
        for start in range(0, n, width):
            columns = slice(start, min(n, start + width))
            losses = {sign: _perturbed_losses(derivation, inputs, zeros, name, rows, columns,
                                              sign * h[rows, columns])
                      for sign in (1.0, -1.0)}
            result[rows, columns] = difference_quotient(losses[1.0], losses[-1.0],
                                                        h[rows, columns])
    return result.reshape(trials, *shape)


def _perturbed_losses(derivation: Derivation, inputs: dict[str, Tensor],
                      zeros: dict[str, Tensor], name: str, rows: slice, columns: slice,
                      shift: Tensor) -> Tensor:
    """The loss of one copy of each trial in ``rows`` per element in ``columns``, that
    element moved by ``shift[trial, element]``; shape (trials, elements)."""
    trials, width = shift.shape
    args = {k: v[rows].repeat_interleave(width, 0) for k, v in inputs.items()}
    probes = {k: v[rows].repeat_interleave(width, 0) for k, v in zeros.items()}
    target = args if name in inputs else probes
    base = (inputs if name in inputs else zeros)[name][rows]
    moved = shifted_copies(base.reshape(trials, -1), columns.start, shift)
    target[name] = moved.reshape(trials * width, *base.shape[1:])
    with torch.no_grad():
        return probed_losses(derivation, args, probes)[0].reshape(trials, width)


def _copies_at_once(tensors: Mapping[str, Tensor]) -> int:
    """Perturbed copies of one trial's inputs evaluated at once: at most COPIES, and no
    more than COPY_ELEMENTS input elements in all."""
    return copies_at_once(sum(v[0].numel() for v in tensors.values()))


def numeric_check(numeric: Tensor, derived: Tensor, autograd: Tensor) -> NumericCheck:
    """Normwise distance of each side from finite differences, worst over the trials."""
    trials = numeric.shape[0]
    fd = numeric.reshape(trials, -1)
    scale = fd.abs().amax(1).clamp_min(EVIDENCE_FLOOR) if fd.shape[1] else fd.new_ones(trials)

    def error(side: Tensor) -> float:
        if tuple(side.shape) != tuple(numeric.shape):
            return math.inf
        gap = (side.detach().to(fd).reshape(trials, -1) - fd).abs()
        return float(torch.nan_to_num(gap.amax(1) / scale, nan=math.inf).max()) if fd.shape[1] \
            else 0.0

    return NumericCheck(trials, error(derived[:trials]), error(autograd[:trials]))


def _device(inputs: Mapping[str, Tensor]) -> torch.device:
    return next(iter(inputs.values())).device
