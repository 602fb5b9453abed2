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
from verify.oracle import autograd_gradients, node_shapes, probed_losses

__all__ = ["ELEMENTWISE", "KINK_STEP", "subgradient_at_kink"]

#: The one-sided step, relative to the size of what is moved.
KINK_STEP = 1e-7
#: Trials that differ in at most this many elements have each element tested alone.
ELEMENTWISE = 8
#: So do trials that differ in at most this many where the joint direction accepts none,
#: and all their differing elements are moved together too (see ``_together``).
SEPARATE = 64
#: Random directions in which a point beside the trial is tried (see ``_beside``), and
#: trials tried at once.
BESIDE = 32
BESIDE_TRIALS = 64
_EPS64 = 2.0 ** -52


def subgradient_at_kink(derivation: Derivation, inputs: Mapping[str, Tensor], of: str,
                        derived: Tensor, reference: Tensor,
                        informative: Tensor | None = None) -> Tensor:
    """Per trial: the loss has a kink along ``derived - reference`` and ``derived`` is a
    subgradient there.

    Args:
        derivation: whose loss is evaluated.
        inputs: the inputs of the trials in question, in float64, (trials, *shape) each.
        of: the input or named node the step differentiates.
        derived, reference: that step's closed form and autograd values, (trials, *shape).
        informative: per trial, autograd's gradient there is more than rounding noise (all
            when not given). Only those are tried beside the trial: where the loss is flat,
            autograd's rounding noise at some point nearby matches the closed form's by chance.

    Where a trial differs in a few elements only (at most ELEMENTWISE), each is tested alone,
    along its own axis: two elements at two different kinks (one clamp at its upper bound,
    another at its lower) need not give a subgradient along their joint direction. So is a
    trial of up to SEPARATE differing elements that the joint direction does not accept
    (ties of max pooling in windows weighed with both signs, whose jumps cancel along it),
    where moving them all together must show a kink or the closed form's slope too.

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
    count = differ.sum(1)
    accepted = _along(derivation, inputs, of, d, r, (d - r))
    few = (count <= ELEMENTWISE) & (count > 1)
    many = (count > ELEMENTWISE) & (count <= SEPARATE) & ~accepted
    alone = few | many
    if alone.any():
        rows, columns = differ[alone].nonzero(as_tuple=True)
        trial = alone.nonzero()[:, 0][rows]
        axis = d.new_zeros(rows.shape[0], d.shape[1])
        axis[torch.arange(rows.shape[0], device=d.device), columns] = (d - r)[trial, columns]
        one = _along(derivation, {n: v[trial] for n, v in inputs.items()}, of, d[trial],
                     r[trial], axis)
        refused = torch.zeros(trials, dtype=torch.bool, device=d.device)
        refused[trial[~one]] = True
        accepted = torch.where(alone, ~refused, accepted)
    if (many & accepted).any():
        some = (many & accepted).nonzero()[:, 0]
        accepted[some] = _together(derivation, {n: v[some] for n, v in inputs.items()}, of,
                                   d[some], r[some], differ[some])
    rest = ~accepted & (count >= 1) & (count <= SEPARATE)
    if informative is not None:
        rest &= informative.to(rest.device)
    if of in inputs and rest.any():
        for some in rest.nonzero()[:, 0].split(BESIDE_TRIALS):
            accepted[some] = _beside(derivation, {n: v[some] for n, v in inputs.items()}, of,
                                     d[some], r[some])
    return accepted


def _beside(derivation: Derivation, inputs: Mapping[str, Tensor], of: str, d: Tensor,
            r: Tensor) -> Tensor:
    """Per row: ``d`` is autograd's gradient at a point beside ``x``, ``x + h u`` for one of
    BESIDE directions ``u`` (see ``_steps``): the gradient of a piece of the loss that
    meets at ``x``, a limiting gradient (ties of a sort ordered another way, where no one
    element moved alone reaches the middle ranks). At a smooth point every such gradient is
    autograd's own, so a wrong ``d`` is never one of them. The other inputs move too (along
    the index and the random directions): the tie may be in one of them (the router logits
    that choose which expert a gradient of ``h`` flows to). Ties in many places at once,
    broken neither by index nor against it, are met by chance only; those trials stay
    refused."""
    trials = d.shape[0]
    generator = torch.Generator().manual_seed(trials)
    # first the closed form's own direction and its gap's, either way: at a maximum (or a
    # minimum) of pieces of equal norm, the piece whose gradient is d is the one met along d
    own = torch.stack([d, -d, d - r, r - d]).cpu()
    moved = {n: v.expand(BESIDE, *v.shape).reshape(BESIDE * trials, *v.shape[1:])
             for n, v in inputs.items()}
    for name, value in inputs.items():
        if value.is_floating_point():
            step = _steps(value, generator, own if name == of else None)
            moved[name] = moved[name] + step.reshape(moved[name].shape)
    grads, _ = autograd_gradients(derivation, moved, [of])
    g = grads[of].to(torch.float64).reshape(BESIDE, trials, -1)
    gap = (d - r).abs().amax(1)
    rounding = 64 * _EPS64 * torch.maximum(g.abs().amax(2), d.abs().amax(1))
    return ((g - d).abs().amax(2) <= 1e-3 * gap + rounding).any(0) & (gap > 0)


def _steps(value: Tensor, generator: torch.Generator, own: Tensor | None) -> Tensor:
    """BESIDE steps of ``value`` (trials, *shape), each KINK_STEP times the trial's size
    along a direction: ``own``'s four (none where not given), the flat index rising and
    falling (ties broken in the order of their elements, as a stable sort or the first of
    tied maxima breaks them, or against it), then random ones."""
    trials = value.shape[0]
    flat = value.reshape(trials, -1)
    ramp = torch.linspace(0, 1, flat.shape[1], dtype=torch.float64).expand(trials, -1)
    first = (torch.zeros((4, *flat.shape), dtype=torch.float64) if own is None
             else own.to(torch.float64).reshape(4, *flat.shape))
    first = first / first.abs().amax(2, keepdim=True).clamp_min(1e-300)
    u = torch.cat([first, torch.stack([ramp, -ramp]),
                   torch.randn((BESIDE - 6, *flat.shape), generator=generator,
                               dtype=torch.float64)])
    size = flat.abs().amax(1).to(torch.float64).cpu()
    step = u * (KINK_STEP * (1 + size))[None, :, None]
    return step.to(device=value.device, dtype=value.dtype).reshape(BESIDE, *value.shape)


def _together(derivation: Derivation, inputs: Mapping[str, Tensor], of: str, d: Tensor,
              r: Tensor, differ: Tensor) -> Tensor:
    """Per row: moving every differing element by the same step crosses a kink, or the
    closed form's slope there is the loss's. Ties moved together stay tied (a max pool
    window's maximum rises with them, by the same step), so there each element within its
    own kink is not enough: ``d`` must also add up to the window's whole derivative (an
    even split of ``w`` does, ``w / 2`` to each of four does not)."""
    trials = d.shape[0]
    v = differ.to(d.dtype)
    v = v / v.norm(dim=1, keepdim=True)
    spread = (d - r).abs().amax(1)
    size = inputs[of].reshape(trials, -1).abs().amax(1) if of in inputs else spread * 0
    h = KINK_STEP * (1 + size)
    here, ahead, behind = (_loss_moved(derivation, inputs, of, v * (sign * h)[:, None])
                           for sign in (0.0, 1.0, -1.0))
    right, left = (ahead - here) / h, (here - behind) / h
    rounding = 8 * _EPS64 * (here.abs() + ahead.abs() + behind.abs()) / h
    jump = (right - left).abs()
    kink = (jump >= 0.5 * spread) & (jump > 1e3 * rounding)
    slope = (d * v).sum(1)
    return (kink | ((slope - (right + left) / 2).abs() <= 0.1 * spread)) \
        & torch.isfinite(jump)


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
