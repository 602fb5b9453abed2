"""The textbook steps of torch's fused normalisation layers.

``torch.nn.functional.batch_norm`` and its kin run as one operation, so a loss that calls
them has no forward quantity for the mean, the variance or the normalised input that
hand-written code computes on its way. ``textbook_steps`` gives, for such a call, the same
normalisation written out (the same values, up to rounding), for ``verify.locate`` to run
under its recorder, so that each step is a quantity with its own gradient:

    mu = mean(x), xc = x - mu, var = mean(xc ** 2), std = sqrt(var + eps), xhat = xc / std,
    y = gamma * xhat + beta

with the means over every axis but the channels' (batch norm), over the last axes (layer
norm), over each group of channels and its positions (group norm), or over each example's
positions (instance norm). Calls that use running statistics stay fused.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import Tensor
from torch.nn import functional

#: Gives a step its textbook name (``label(xhat, "xhat")``) and returns it.
Label = Callable[[Tensor, str], Tensor]


def textbook_steps(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
                   ) -> Callable[[Label], Tensor] | None:
    """The call ``func(*args, **kwargs)`` in its textbook steps, each named as it is made,
    or None where ``func`` is not a normalisation written out here (or its arguments are not
    ones it can take)."""
    steps = _STEPS.get(func)
    if steps is None:
        return None
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
    except TypeError:
        return None
    bound.apply_defaults()
    given = bound.arguments
    x = given.get("input")
    if not isinstance(x, Tensor) or not x.is_floating_point() or x.dim() < 2:
        return None
    return steps(given)


def _normalised(x: Tensor, dims: Sequence[int], eps: float, label: Label) -> Tensor:
    """xhat = (x - mu) / sqrt(var + eps), mu and var (biased) taken over ``dims``."""
    mu = label(x.mean(tuple(dims), keepdim=True), "mu")
    xc = x - mu
    var = label((xc * xc).mean(tuple(dims), keepdim=True), "var")
    std = torch.sqrt(label(var + eps, "var + eps"))
    return label(xc / std, "xhat")


def _per_channel(xhat: Tensor, weight: Tensor | None, bias: Tensor | None, label: Label
                 ) -> Tensor:
    """y = gamma * xhat + beta, gamma and beta of shape (C,) for the axis 1 of xhat."""
    shape = (1, -1, *([1] * (xhat.dim() - 2)))
    y = xhat if weight is None else xhat * label(weight.reshape(shape), "gamma")
    return y if bias is None else y + label(bias.reshape(shape), "beta")


def _batch_norm(given: dict[str, Any]) -> Callable[[Label], Tensor] | None:
    if not given["training"] and given["running_mean"] is not None:
        return None
    x = given["input"]
    dims = (0, *range(2, x.dim()))
    return lambda label: _per_channel(_normalised(x, dims, given["eps"], label),
                                      given["weight"], given["bias"], label)


def _instance_norm(given: dict[str, Any]) -> Callable[[Label], Tensor] | None:
    x = given["input"]
    if not given["use_input_stats"] or x.dim() < 3:
        return None
    dims = tuple(range(2, x.dim()))
    return lambda label: _per_channel(_normalised(x, dims, given["eps"], label),
                                      given["weight"], given["bias"], label)


def _layer_norm(given: dict[str, Any]) -> Callable[[Label], Tensor] | None:
    x, shape = given["input"], tuple(given["normalized_shape"])
    if not shape or tuple(x.shape[-len(shape):]) != shape:
        return None
    dims = tuple(range(x.dim() - len(shape), x.dim()))

    def steps(label: Label) -> Tensor:
        y = _normalised(x, dims, given["eps"], label)
        y = y if given["weight"] is None else y * given["weight"]
        return y if given["bias"] is None else y + given["bias"]
    return steps


def _group_norm(given: dict[str, Any]) -> Callable[[Label], Tensor] | None:
    x, groups = given["input"], given["num_groups"]
    if not isinstance(groups, int) or groups < 1 or x.shape[1] % groups:
        return None

    def steps(label: Label) -> Tensor:
        grouped = x.reshape(x.shape[0], groups, -1)
        xhat = label(_normalised(grouped, (2,), given["eps"], label).reshape(x.shape), "xhat")
        return _per_channel(xhat, given["weight"], given["bias"], label)
    return steps


_STEPS: dict[Callable[..., Any], Callable[[dict[str, Any]], Callable[[Label], Tensor] | None]] = {
    functional.batch_norm: _batch_norm, functional.instance_norm: _instance_norm,
    functional.layer_norm: _layer_norm, functional.group_norm: _group_norm,
}
