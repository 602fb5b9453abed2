"""The reference: torch.autograd on the derivation's own loss, for every trial at once.

The loss is mapped over the trials and the per-trial losses are summed; since trials do not
interact, the gradient of the sum with respect to a stacked input is every trial's gradient.
To differentiate with respect to an inner quantity (a step's ``of`` that is not an input),
the loss's ``node(name, value)`` adds a zero "probe" tensor to that value: the gradient with
respect to the probe is the gradient with respect to the value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch
from torch import Tensor
from torch.overrides import TorchFunctionMode

from derivations.core import Derivation
from verify import messages as say
from verify.errors import DerivationError
from verify.trials import _FORCED, PER_TRIAL, VECTORISED, map_trials

__all__ = ["autograd_gradients", "autograd_together", "node_shapes", "probed_losses",
           "saturated_trials"]


def autograd_gradients(derivation: Derivation, inputs: Mapping[str, Tensor],
                       wrt: Sequence[str], mode: str | None = None,
                       shapes: dict[Any, Any] | None = None
                       ) -> tuple[dict[str, Tensor], str]:
    """d(loss)/d(name) per trial for every name in ``wrt`` (inputs or named nodes).
    ``shapes``: a dict kept across calls, where the nodes' shapes found are remembered."""
    leaves, probes, arguments = _differentiable(derivation, inputs, wrt, shapes)
    with torch.enable_grad():
        losses, mode = probed_losses(derivation, arguments, probes, mode=mode)
        targets = [*leaves.values(), *probes.values()]
        _differentiable_loss(losses, wrt)
        grads = torch.autograd.grad(losses.sum(), targets, allow_unused=True)
    return _named([*leaves, *probes], targets, grads), mode


def autograd_together(derivation: Derivation, many: Sequence[Mapping[str, Tensor]],
                      wrt: Sequence[str], mode: str | None = None,
                      shapes: dict[Any, Any] | None = None
                      ) -> tuple[list[dict[str, Tensor]], str]:
    """``autograd_gradients`` of the same trials in several dtypes (``many``: one dict of
    inputs each), in one vectorised pass and one backward pass: each loss only reaches its
    own inputs, so the gradients are those of separate passes. Where that pass cannot be
    vectorised, or the trials run one at a time, each is differentiated on its own, as
    ``autograd_gradients`` does (first with ``mode``, the others with the mode it used)."""
    if len(many) > 1 and (mode or _FORCED.get()) in (None, VECTORISED):
        try:
            return _together(derivation, many, wrt, shapes), VECTORISED
        except Exception:  # not vectorisable together: as the separate passes decide
            pass
    results, used = [], mode
    for inputs in many:
        try:
            grads, used = autograd_gradients(derivation, inputs, wrt, mode=used, shapes=shapes)
        except DerivationError:
            if used != VECTORISED:
                raise
            # vectorised in one dtype and not in another (a constant float16 cannot hold,
            # refused under vmap alone): one trial at a time, where its own error is told
            grads, used = autograd_gradients(derivation, inputs, wrt, mode=PER_TRIAL,
                                             shapes=shapes)
        results.append(grads)
    return results, used or VECTORISED


def _together(derivation: Derivation, many: Sequence[Mapping[str, Tensor]],
              wrt: Sequence[str], shapes: dict[Any, Any] | None) -> list[dict[str, Tensor]]:
    """The vectorised pass of ``autograd_together``; raises where any part cannot run."""
    parts = [_differentiable(derivation, inputs, wrt, shapes) for inputs in many]

    def one_trial(*args: dict[str, Tensor]) -> tuple[Tensor, ...]:
        return tuple(_probed(derivation, a, p) for a, p in zip(args[::2], args[1::2],
                                                                 strict=True))

    trials = next(iter(many[0].values())).shape[0]
    flat = [d for _, probes, arguments in parts for d in (dict(arguments), dict(probes))]
    with torch.enable_grad():
        losses, _ = map_trials(one_trial, *flat, mode=VECTORISED)
        if any(loss.shape != (trials,) for loss in losses):
            raise DerivationError("the loss must return a scalar")
        for loss in losses:
            _differentiable_loss(loss, wrt)
        targets = [t for leaves, probes, _ in parts for t in (*leaves.values(),
                                                              *probes.values())]
        grads = torch.autograd.grad([loss.sum() for loss in losses], targets,
                                    allow_unused=True)
    results, start = [], 0
    for leaves, probes, _ in parts:
        names = [*leaves, *probes]
        stop = start + len(names)
        results.append(_named(names, targets[start:stop], grads[start:stop]))
        start = stop
    return results


def _differentiable(derivation: Derivation, inputs: Mapping[str, Tensor], wrt: Sequence[str],
                    shapes: dict[Any, Any] | None
                    ) -> tuple[dict[str, Tensor], dict[str, Tensor], dict[str, Tensor]]:
    """The leaves (inputs in ``wrt``), the zero probes (nodes in ``wrt``) and the arguments
    of the loss for one differentiation of ``inputs``."""
    shapes = _node_shapes(derivation, inputs, [n for n in wrt if n not in inputs], shapes)
    # Leaves need no copy: autograd refuses in-place writes to them. Other inputs are copied
    # so that a loss that writes into its arguments cannot change the trials' inputs.
    leaves = {n: inputs[n].detach().requires_grad_() for n in wrt if n in inputs}
    trials = next(iter(inputs.values())).shape[0]
    probes = {n: torch.zeros((trials, *shape), dtype=dtype, device=_device(inputs),
                             requires_grad=True) for n, (shape, dtype) in shapes.items()}
    arguments = {n: leaves.get(n, v.detach().clone()) for n, v in inputs.items()}
    return leaves, probes, arguments


def _named(names: Sequence[str], targets: Sequence[Tensor], grads: Sequence[Tensor | None]
           ) -> dict[str, Tensor]:
    return {n: torch.zeros_like(t) if g is None else g
            for n, t, g in zip(names, targets, grads, strict=True)}


def _node_shapes(derivation: Derivation, inputs: Mapping[str, Tensor], names: Sequence[str],
                 known: dict[Any, Any] | None) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    """``node_shapes``, remembered in ``known`` for inputs of the same shapes and dtypes."""
    if known is None or not names:
        return node_shapes(derivation, inputs, names)
    key = (tuple(names), tuple((n, v.shape[1:], v.dtype) for n, v in inputs.items()))
    if key not in known:
        known[key] = node_shapes(derivation, inputs, names)
    return known[key]


def probed_losses(derivation: Derivation, inputs: Mapping[str, Tensor],
                  probes: Mapping[str, Tensor], mode: str | None = None) -> tuple[Tensor, str]:
    """The loss of every trial, with ``probes[name]`` added to each node of that name."""
    def one_trial(args: dict[str, Tensor], probe: dict[str, Tensor]) -> Tensor:
        return _probed(derivation, args, probe)

    trials = next(iter(inputs.values())).shape[0]
    losses, mode = map_trials(one_trial, dict(inputs), dict(probes), mode=mode)
    if losses.shape != (trials,):
        raise DerivationError(f"the loss must return a scalar, but returned shape "
                              f"{tuple(losses.shape[1:])}; sum or average it")
    return losses, mode


def _probed(derivation: Derivation, args: Mapping[str, Tensor], probe: Mapping[str, Tensor]
            ) -> Tensor:
    """One trial's loss, with ``probe[name]`` added to each node of that name."""
    def node(name: str, value: Tensor) -> Tensor:
        return value + probe[name] if name in probe else value
    loss = derivation.loss(**args, node=node)
    if not isinstance(loss, Tensor):
        raise DerivationError(say.loss_not_tensor("None" if loss is None
                                                  else type(loss).__name__))
    if not loss.is_floating_point():
        raise DerivationError(say.loss_not_real(str(loss.dtype).removeprefix("torch.")))
    return loss


def _differentiable_loss(losses: Tensor, wrt: Sequence[str]) -> None:
    """The losses reach what they are differentiated by: autograd recorded them."""
    if not losses.requires_grad:
        raise DerivationError(say.loss_detached(", ".join(wrt)))


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


#: Functions whose output, rounded to exactly one of these limits, leaves autograd the
#: gradient of the rounded function (zero), not the derivative of the formula.
_SATURATING = {torch.sigmoid: (0.0, 1.0), torch.Tensor.sigmoid: (0.0, 1.0),
               torch.special.expit: (0.0, 1.0), torch.tanh: (-1.0, 1.0),
               torch.Tensor.tanh: (-1.0, 1.0)}
#: Losses that clamp the log of a probability of exactly 0 or 1 (their first argument),
#: and whose backward divides by p (1 - p) no smaller than BCE_EPSILON: below it autograd's
#: gradient is that much too small (at a logit of -40, by 4e-6).
_CLAMPING = (torch.nn.functional.binary_cross_entropy,)
BCE_EPSILON = 1e-12


class _Saturation(TorchFunctionMode):
    """Notes whether a forward pass rounds a saturating function to its limit."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def __torch_function__(self, func: Any, types: Any, args: Any = (),
                           kwargs: Any = None) -> Any:
        out = func(*args, **(kwargs or {}))
        if self.seen:
            return out
        if func in _SATURATING and isinstance(out, Tensor) and out.is_floating_point():
            self.seen = any(bool((out == limit).any()) for limit in _SATURATING[func])
        elif func in _CLAMPING and args and isinstance(args[0], Tensor):
            p = args[0]
            self.seen = bool(((p == 0) | (p == 1) | (p * (1 - p) < BCE_EPSILON)).any())
        return out


class _LinearSoftplus(TorchFunctionMode):
    """Notes whether a forward pass runs softplus past its threshold (``beta x >
    threshold``), where torch takes it to be linear."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def __torch_function__(self, func: Any, types: Any, args: Any = (),
                           kwargs: Any = None) -> Any:
        if func is torch.nn.functional.softplus and args and isinstance(args[0], Tensor):
            self.seen = self.seen or _past_threshold(args[0], *args[1:], **(kwargs or {}))
        return func(*args, **(kwargs or {}))


def _past_threshold(x: Tensor, beta: float = 1.0, threshold: float = 20.0) -> bool:
    return bool((x * beta > threshold).any())


def linear_softplus_trials(derivation: Derivation, inputs: Mapping[str, Tensor]) -> Tensor:
    """Per trial: the loss's forward pass runs softplus past its threshold, where torch
    makes it linear: autograd's derivative there is 1, the formula's sigma(beta x), which
    differs by exp(-threshold) at most."""
    return _trials_where(derivation, inputs, _LinearSoftplus)


def saturated_trials(derivation: Derivation, inputs: Mapping[str, Tensor]) -> Tensor:
    """Per trial: the loss's forward pass rounds a sigmoid or tanh to exactly its limit, or
    hands ``binary_cross_entropy`` a probability of exactly 0 or 1, whose log it clamps, or
    one so near them that its backward clamps ``p (1 - p)``.
    There autograd differentiates the rounded loss: ``sigma(z) = 1`` makes ``sigma'(z) =
    sigma (1 - sigma) = 0`` and the clamped ``log(1 - sigma)`` flat, where the formula's
    gradient, ``(sigma - y) x``, is not small."""
    return _trials_where(derivation, inputs, _Saturation)


def _trials_where(derivation: Derivation, inputs: Mapping[str, Tensor],
                  mode: Callable[[], Any]) -> Tensor:
    """Per trial: whether the loss's forward pass, run under ``mode()``, set its ``seen``."""
    trials = next(iter(inputs.values())).shape[0]
    flags = []
    with torch.no_grad():
        for t in range(trials):
            with mode() as watch:
                derivation.loss(**{n: v[t] for n, v in inputs.items()})
            flags.append(watch.seen)
    return torch.tensor(flags, dtype=torch.bool, device=_device(inputs))
