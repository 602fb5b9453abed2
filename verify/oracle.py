"""The reference: torch.autograd on the derivation's own loss, for every trial at once.

The loss is mapped over the trials and the per-trial losses are summed; since trials do not
interact, the gradient of the sum with respect to a stacked input is every trial's gradient.
To differentiate with respect to an inner quantity (a step's ``of`` that is not an input),
the loss's ``node(name, value)`` adds a zero "probe" tensor to that value: the gradient with
respect to the probe is the gradient with respect to the value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch
from torch import Tensor

from derivations.core import Derivation
from verify.errors import DerivationError
from verify.trials import map_trials

__all__ = ["autograd_gradients", "node_shapes", "probed_losses"]


def autograd_gradients(derivation: Derivation, inputs: Mapping[str, Tensor],
                       wrt: Sequence[str], mode: str | None = None
                       ) -> tuple[dict[str, Tensor], str]:
    """d(loss)/d(name) per trial for every name in ``wrt`` (inputs or named nodes)."""
    shapes = node_shapes(derivation, inputs, [n for n in wrt if n not in inputs])
    # Leaves need no copy: autograd refuses in-place writes to them. Other inputs are copied
    # so that a loss that writes into its arguments cannot change the trials' inputs.
    leaves = {n: inputs[n].detach().requires_grad_() for n in wrt if n in inputs}
    trials = next(iter(inputs.values())).shape[0]
    probes = {n: torch.zeros((trials, *shape), dtype=dtype, device=_device(inputs),
                             requires_grad=True) for n, (shape, dtype) in shapes.items()}
    arguments = {n: leaves.get(n, v.detach().clone()) for n, v in inputs.items()}
    with torch.enable_grad():
        losses, mode = probed_losses(derivation, arguments, probes, mode=mode)
        targets = [*leaves.values(), *probes.values()]
        grads = torch.autograd.grad(losses.sum(), targets, allow_unused=True)
    names = [*leaves, *probes]
    return {n: torch.zeros_like(t) if g is None else g
            for n, t, g in zip(names, targets, grads, strict=True)}, mode


def probed_losses(derivation: Derivation, inputs: Mapping[str, Tensor],
                  probes: Mapping[str, Tensor], mode: str | None = None) -> tuple[Tensor, str]:
    """The loss of every trial, with ``probes[name]`` added to each node of that name."""
    def one_trial(args: dict[str, Tensor], probe: dict[str, Tensor]) -> Tensor:
        def node(name: str, value: Tensor) -> Tensor:
            return value + probe[name] if name in probe else value
        return derivation.loss(**args, node=node)

    trials = next(iter(inputs.values())).shape[0]
    losses, mode = map_trials(one_trial, dict(inputs), dict(probes), mode=mode)
    if losses.shape != (trials,):
        raise DerivationError(f"the loss must return a scalar, but returned shape "
                              f"{tuple(losses.shape[1:])}; sum or average it")
    return losses, mode


def node_shapes(derivation: Derivation, inputs: Mapping[str, Tensor], names: Sequence[str]
                ) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    """The per-trial shape and dtype of each named node, from one forward pass of trial 0."""
    seen: dict[str, tuple[tuple[int, ...], torch.dtype]] = {}

    def record(name: str, value: Tensor) -> Tensor:
        seen[name] = (tuple(value.shape), value.dtype)
        return value

    if names:
        with torch.no_grad():
            derivation.loss(**{n: v[0] for n, v in inputs.items()}, node=record)
    missing = [n for n in names if n not in seen]
    if missing:
        raise DerivationError(f"a step differentiates {missing[0]!r}, which is neither an input "
                              f"nor named in the loss by node({missing[0]!r}, ...)")
    return {n: seen[n] for n in names}


def _device(inputs: Mapping[str, Tensor]) -> torch.device:
    return next(iter(inputs.values())).device
