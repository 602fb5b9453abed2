"""Kinks: a failing trial where the loss is not differentiable accepts any subgradient.

At a kink (a ReLU at exactly 0, a max with a tie, a clamp at its bound) autograd returns one
subgradient and a correct closed form may return another. Along the direction in which the
two differ, ``v = (derived - autograd) / |derived - autograd|``, the loss has one-sided
derivatives

    D+ = (L(x + h v) - L(x)) / h,      D- = (L(x) - L(x - h v)) / h.

Where the loss is smooth both equal ``autograd . v``. At a kink they differ by the jump of
the gradient across it. The trial is *at a kink* when that jump is at least half of
``|derived - autograd|`` and far above the rounding of the three losses, and the closed form
is *a subgradient there* when ``derived . v`` lies between D- and D+ (with a tenth of the
difference as slack). Only then is the trial accepted; a wrong gradient at a smooth point
never is.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import Tensor

from derivations.core import Derivation
from verify.oracle import node_shapes, probed_losses

__all__ = ["ELEMENTWISE", "KINK_STEP", "subgradient_at_kink"]

#: The one-sided step, relative to the size of what is moved.
KINK_STEP = 1e-7
#: Trials that differ in at most this many elements have each element tested alone.
ELEMENTWISE = 8
_EPS64 = 2.0 ** -52


def subgradient_at_kink(derivation: Derivation, inputs: Mapping[str, Tensor], of: str,
                        derived: Tensor, reference: Tensor) -> Tensor:
    """Per trial: the loss has a kink along ``derived - reference`` and ``derived`` is a
    subgradient there.

    Args:
        derivation: whose loss is evaluated.
        inputs: the inputs of the trials in question, in float64, (trials, *shape) each.
        of: the input or named node the step differentiates.
        derived, reference: that step's closed form and autograd values, (trials, *shape).

    Where a trial differs in a few elements only (at most ELEMENTWISE), each is tested alone,
    along its own axis: two elements at two different kinks (one clamp at its upper bound,
    another at its lower) need not give a subgradient along their joint direction.

    Returns:
        A bool tensor, one entry per trial.
    """
    trials = reference.shape[0]
    d = derived.to(torch.float64).reshape(trials, -1)
    r = reference.to(torch.float64).reshape(trials, -1)
    # elements apart by no more than float64's rounding of the gradient do not differ: a
    # tie's jump can be small enough that 1e-12 of it is below that rounding
    rounding = 64 * _EPS64 * torch.maximum(d.abs(), r.abs()).amax(1, keepdim=True)
    differ = (d - r).abs() > torch.maximum(1e-12 * (d - r).abs().amax(1, keepdim=True),
                                           rounding)
    few = (differ.sum(1) <= ELEMENTWISE) & (differ.sum(1) > 1)
    accepted = _along(derivation, inputs, of, d, r, (d - r))
    if few.any():
        rows, columns = differ[few].nonzero(as_tuple=True)
        trial = few.nonzero()[:, 0][rows]
        axis = d.new_zeros(rows.shape[0], d.shape[1])
        axis[torch.arange(rows.shape[0], device=d.device), columns] = (d - r)[trial, columns]
        one = _along(derivation, {n: v[trial] for n, v in inputs.items()}, of, d[trial],
                     r[trial], axis)
        refused = torch.zeros(trials, dtype=torch.bool, device=d.device)
        refused[trial[~one]] = True
        accepted = torch.where(few, ~refused, accepted)
    return accepted


def _along(derivation: Derivation, inputs: Mapping[str, Tensor], of: str, d: Tensor,
           r: Tensor, direction: Tensor) -> Tensor:
    """Per row: a kink along ``direction`` with ``d`` between the one-sided derivatives."""
    trials = d.shape[0]
    largest = direction.abs().amax(1).clamp_min(torch.finfo(torch.float64).tiny)[:, None]
    v = direction / largest  # scaled first: squares of 1e-190 would underflow
    v = v / v.norm(dim=1, keepdim=True)
    gap = ((d - r) * v).sum(1)
    size = inputs[of].reshape(trials, -1).abs().amax(1) if of in inputs else gap * 0
    h = KINK_STEP * (1 + size)
    losses = [_loss_moved(derivation, inputs, of, v * (sign * h)[:, None])
              for sign in (0.0, 1.0, -1.0)]
    here, ahead, behind = losses
    right, left = (ahead - here) / h, (here - behind) / h
    rounding = 8 * _EPS64 * (here.abs() + ahead.abs() + behind.abs()) / h
    jump = (right - left).abs()
    kink = (jump >= 0.5 * gap) & (jump > 1e3 * rounding)
    slope = (d * v).sum(1)
    slack = 0.1 * gap
    inside = ((slope >= torch.minimum(left, right) - slack)
              & (slope <= torch.maximum(left, right) + slack))
    return kink & inside & torch.isfinite(jump)


def _loss_moved(derivation: Derivation, inputs: Mapping[str, Tensor], of: str,
                move: Tensor) -> Tensor:
    """The loss of every trial with ``of`` moved by ``move`` (an input, or a node's value)."""
    trials = move.shape[0]
    with torch.no_grad():
        if of in inputs:
            moved = {**inputs, of: inputs[of] + move.reshape(inputs[of].shape)}
            return probed_losses(derivation, moved, {})[0]
        (shape, _), = node_shapes(derivation, inputs, [of]).values()
        probe = {of: move.reshape(trials, *shape)}
        return probed_losses(derivation, dict(inputs), probe)[0]
