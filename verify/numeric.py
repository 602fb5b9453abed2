"""A third opinion: central finite differences of the loss, in float64.

    dL/dx_i ~ (L(x + h_i e_i) - L(x - h_i e_i)) / (2 h_i),   h_i = STEP (1 + |x_i|)

Both sides are judged against it: the closed form, and autograd itself, which can be wrong
when the loss calls a custom ``torch.autograd.Function`` with a faulty backward. Every
element needs two evaluations of the loss, so only the first ``NUMERIC_TRIALS`` trials get
finite differences; all perturbed copies of a trial are evaluated in one vectorised pass.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import torch
from torch import Tensor

from derivations.core import Derivation
from verify.compare import EVIDENCE_FLOOR
from verify.oracle import node_shapes, probed_losses

__all__ = ["NUMERIC_TOLERANCE", "NUMERIC_TRIALS", "STEP", "NumericCheck", "numeric_check",
           "numeric_gradients"]

STEP = 1e-6
NUMERIC_TRIALS = 16
#: Normwise agreement expected of finite differences: truncation is about STEP^2 and
#: cancellation about 1e-16 / STEP, both far below this.
NUMERIC_TOLERANCE = 1e-5


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


def numeric_gradients(derivation: Derivation, inputs: Mapping[str, Tensor],
                      wrt: Sequence[str]) -> dict[str, Tensor]:
    """Central differences of the loss (float64) w.r.t. each input or named node in ``wrt``."""
    inputs = {n: v.double() if v.is_floating_point() else v for n, v in inputs.items()}
    trials = next(iter(inputs.values())).shape[0]
    nodes = node_shapes(derivation, inputs, [n for n in wrt if n not in inputs])
    zeros = {n: torch.zeros((trials, *shape), dtype=torch.float64, device=_device(inputs))
             for n, (shape, _) in nodes.items()}
    return {name: _differences(derivation, inputs, zeros, name) for name in wrt}


def _differences(derivation: Derivation, inputs: dict[str, Tensor], zeros: dict[str, Tensor],
                 name: str) -> Tensor:
    base = inputs[name] if name in inputs else zeros[name]
    trials, shape = base.shape[0], base.shape[1:]
    n = math.prod(shape)
    h = STEP * (1 + base.abs().reshape(trials, n))
    basis = torch.eye(n, dtype=torch.float64, device=base.device)
    shift = (h[:, :, None] * basis).reshape(trials * n, *shape)

    def losses(sign: float) -> Tensor:
        args = {k: v.repeat_interleave(n, 0) for k, v in inputs.items()}
        probes = {k: v.repeat_interleave(n, 0) for k, v in zeros.items()}
        (args if name in inputs else probes)[name] = base.repeat_interleave(n, 0) + sign * shift
        with torch.no_grad():
            return probed_losses(derivation, args, probes)[0].reshape(trials, n)

    return ((losses(1.0) - losses(-1.0)) / (2 * h)).reshape(trials, *shape)


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
