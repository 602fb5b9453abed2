"""Seeded random inputs for many trials at once, stacked along a leading trial axis.

Everything is drawn in float64 on the CPU from one ``torch.Generator`` and then rounded to
the requested dtype and moved to the device, so a seed gives the same inputs on every
device and the float64 reference sees exactly the rounded values the low dtype sees.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import Tensor

from derivations.core import Derivation, Input

__all__ = ["sample"]


def sample(derivation: Derivation, trials: int, generator: torch.Generator, *,
           dtype: torch.dtype, device: torch.device | str,
           sizes: Mapping[str, int] | None = None) -> dict[str, Tensor]:
    """One tensor per input of ``derivation``, shape ``(trials, *input shape)``."""
    sizes = {**derivation.sizes, **(sizes or {})}
    drawn = {}
    for item in derivation.inputs:
        value = _draw(item, (trials, *item.resolved_shape(sizes)), sizes, generator)
        if value.is_floating_point():
            value = value.to(dtype)
        drawn[item.name] = value.to(device)
    return drawn


def _draw(item: Input, shape: tuple[int, ...], sizes: Mapping[str, int],
          generator: torch.Generator) -> Tensor:
    f64 = torch.float64
    if item.draw == "normal":
        return item.scale * torch.randn(shape, generator=generator, dtype=f64)
    if item.draw == "uniform":
        return item.low + (item.high - item.low) * torch.rand(shape, generator=generator, dtype=f64)
    if item.draw == "positive":
        return item.low + item.scale * torch.randn(shape, generator=generator, dtype=f64).abs()
    if item.draw == "labels":
        return torch.randint(0, _classes(item, sizes), shape, generator=generator)
    if item.draw == "onehot":
        labels = torch.randint(0, shape[-1], shape[:-1], generator=generator)
        return torch.nn.functional.one_hot(labels, shape[-1]).to(f64)
    return torch.as_tensor(item.value, dtype=f64).expand(shape).clone()


def _classes(item: Input, sizes: Mapping[str, int]) -> int:
    return sizes[item.classes] if isinstance(item.classes, str) else int(item.classes)
