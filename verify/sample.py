"""Seeded random inputs for many trials at once, stacked along a leading trial axis.

Everything is drawn on the CPU (in float32, held in float64) and then rounded to the requested
dtype and moved to the device, so a seed gives the same inputs on every device and the
float64 reference sees exactly the rounded values the low dtype sees.

Trials can be drawn at another input scale: every normal and positive input is then
multiplied by ``scale`` (the engine probes 1/8 and 8), so that branches only large or small
inputs reach (a softplus threshold, a saturating activation) are checked too. No drawn
normal or positive element is exactly zero once rounded to the dtype (a zero would sit on
the kink of a ReLU or an absolute value): such an element is replaced by 2^-14 times its
input's scale.

Trials are drawn in blocks of ``block_trials`` trials (about ``BLOCK_ELEMENTS`` input
elements), each block drawn whole from its own generator seeded by (seed, block number).
Trial t's inputs therefore depend only on the seed and t: never on how many trials are run,
nor on how the engine cuts them into chunks to keep memory bounded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import torch
from torch import Tensor

from derivations.core import Derivation, Input

__all__ = ["BLOCK_ELEMENTS", "block_trials", "sample", "sample_trials", "trial_elements"]

#: Input elements (of all inputs together) drawn from one generator.
BLOCK_ELEMENTS = 1 << 16
_SCALED = ("normal", "positive")
_NOT_ZERO = 2.0 ** -14
_MASK64 = (1 << 64) - 1


def sample(derivation: Derivation, trials: int, generator: torch.Generator, *,
           dtype: torch.dtype, device: torch.device | str,
           sizes: Mapping[str, int] | None = None) -> dict[str, Tensor]:
    """One tensor per input of ``derivation``, shape ``(trials, *input shape)``, drawn from
    ``generator`` in the order of ``derivation.inputs``."""
    sizes = {**derivation.sizes, **(sizes or {})}
    drawn = {}
    for item in derivation.inputs:
        value = _draw(item, (trials, *item.resolved_shape(sizes)), sizes, generator)
        drawn[item.name] = _to(value, dtype, device)
    return drawn


def sample_trials(derivation: Derivation, start: int, stop: int, seed: int, *,
                  dtype: torch.dtype, device: torch.device | str,
                  sizes: Mapping[str, int] | None = None, scale: float = 1.0,
                  block: int | None = None) -> dict[str, Tensor]:
    """The inputs of trials ``start`` to ``stop - 1`` of the run seeded by ``seed``.

    Args:
        derivation: whose inputs to draw.
        start: first trial.
        stop: one past the last trial.
        seed: the run's seed.
        dtype: floating inputs are rounded to this dtype after drawing in float64.
        device: where the returned tensors live.
        sizes: overrides of the derivation's size names.
        scale: multiplies every normal and positive input.
        block: trials per block (default ``block_trials``); trials drawn with another block
            size are other trials.

    Returns:
        One tensor per input, shape ``(stop - start, *input shape)``.
    """
    block = block or block_trials(derivation, sizes)
    first = start - start % block
    cpu = torch.device("cpu")
    parts = [sample(derivation, block, _block_generator(seed, b // block),
                    dtype=torch.float64, device=cpu, sizes=sizes)
             for b in range(first, stop, block)]
    drawn = {}
    for item in derivation.inputs:
        value = torch.cat([p[item.name] for p in parts])[start - first:stop - first]
        if item.draw in _SCALED:
            value = _nonzero(_to(value * scale, dtype, cpu), _NOT_ZERO * item.scale * scale)
        drawn[item.name] = _to(value, dtype, device)
    return drawn


def trial_elements(derivation: Derivation, sizes: Mapping[str, int] | None = None) -> int:
    """Input elements of one trial: sum over inputs of prod(shape), at least 1."""
    sizes = {**derivation.sizes, **(sizes or {})}
    return max(1, sum(math.prod(i.resolved_shape(sizes)) for i in derivation.inputs))


def block_trials(derivation: Derivation, sizes: Mapping[str, int] | None = None) -> int:
    """Trials per block: BLOCK_ELEMENTS // elements of one trial, at least 1."""
    return max(1, BLOCK_ELEMENTS // trial_elements(derivation, sizes))


def _block_generator(seed: int, block: int) -> torch.Generator:
    """A generator for block ``block`` of the run seeded by ``seed``: neighbouring blocks and
    neighbouring seeds get unrelated streams (SplitMix64 of both numbers)."""
    return torch.Generator().manual_seed(_splitmix64(_splitmix64(seed) ^ block))


def _splitmix64(x: int) -> int:
    z = (x + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def _nonzero(value: Tensor, instead: float) -> Tensor:
    return torch.where(value == 0, torch.as_tensor(instead, dtype=value.dtype), value)


def _to(value: Tensor, dtype: torch.dtype, device: torch.device | str) -> Tensor:
    if value.is_floating_point():
        value = value.to(dtype)
    return value.to(device)


def _draw(item: Input, shape: tuple[int, ...], sizes: Mapping[str, int],
          generator: torch.Generator) -> Tensor:
    f64 = torch.float64
    if item.draw == "normal":
        return item.scale * _normal(shape, generator)
    if item.draw == "uniform":
        uniform = torch.rand(shape, generator=generator, dtype=torch.float32).to(f64)
        return item.low + (item.high - item.low) * uniform
    if item.draw == "positive":
        return item.low + item.scale * _normal(shape, generator).abs()
    if item.draw == "labels":
        return torch.randint(0, _classes(item, sizes), shape, generator=generator)
    if item.draw == "onehot":
        labels = torch.randint(0, shape[-1], shape[:-1], generator=generator)
        return torch.nn.functional.one_hot(labels, shape[-1]).to(f64)
    return torch.as_tensor(item.value, dtype=f64).expand(shape).clone()


def _normal(shape: tuple[int, ...], generator: torch.Generator) -> Tensor:
    """N(0, 1) drawn in float32 (four times faster than in float64 on a CPU), held in float64:
    the verifier needs random points, not 53 random bits in each."""
    return torch.randn(shape, generator=generator, dtype=torch.float32).to(torch.float64)


def _classes(item: Input, sizes: Mapping[str, int]) -> int:
    return sizes[item.classes] if isinstance(item.classes, str) else int(item.classes)
