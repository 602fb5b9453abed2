"""Seeded random inputs for many trials at once, stacked along a leading trial axis.

Inputs are drawn on the device that holds them by a counter-based generator written in
torch integer operations. Word ``k`` of the run seeded by ``seed`` is SplitMix64's output at
position ``k`` of the stream keyed by the seed (``>>>`` a logical shift, arithmetic modulo
2**64)::

    key = splitmix64(seed)
    z = key + k * 0x9E3779B97F4A7C15
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
    word = z ^ (z >>> 31)

where ``k = trial * trial_elements + place``: the inputs of a trial take consecutive places
in the order of ``derivation.inputs``, prod(shape) places each. Trial t's inputs therefore
depend only on the seed, t and the sizes: never on how many trials are drawn, on how the
engine cuts them into chunks, nor on the device. Every element is made from its word by
integer operations and exact or correctly rounded float64 operations only, so a seed gives
the same bits on a CPU and on a CUDA device.

What each draw makes of an element's word ``w``:

- ``normal``: a near-normal, not a Gaussian: with ``s`` the sum of three 21-bit uniforms
  (bits 0-20, 21-41 and 42-62 of ``w``), ``(s - 3 (2**21 - 1) / 2) * 2**-20``. It has mean 0
  and variance 1 - 2**-42, is symmetric, lighter-tailed than a Gaussian and bounded by 3 in
  absolute value (a Gaussian passes 3 in 0.27% of draws), and is never zero (``s`` is an
  integer, the centre a half-integer). The input is the near-normal times the product of
  the input's scale and ``scale`` (below), in one rounding.
- ``uniform``: ``low + (high - low) * u`` with ``u = (w >>> 40) * 2**-24`` in [0, 1), on a
  grid of 2**-24.
- ``positive``: ``low + |near-normal| * the input's scale``, then times ``scale``.
- ``labels``: ``((w >>> 32) * classes) >>> 32``, in [0, classes).
- ``onehot``: one-hot rows over the last axis, row r's class a label from place r of the
  input's places.
- ``fixed``: the value, broadcast.

Floating inputs are drawn in float64 and then rounded to the requested dtype, so the float64
reference sees exactly the rounded values the low dtype sees.

Trials can be drawn at another input scale: every normal and positive input is then
multiplied by ``scale`` (the engine probes 1/8 and 8), so that branches only large or small
inputs reach (a softplus threshold, a saturating activation) are checked too. No drawn
normal or positive element is exactly zero once rounded to the dtype (a zero would sit on
the kink of a ReLU or an absolute value): such an element is replaced by 2^-14 times its
input's scale times ``scale``.

``block_trials`` (about ``BLOCK_ELEMENTS`` input elements of trials) is the group of trials
the engine checks whole within a chunk and takes typical rounding over; it changes no draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch
from torch import Tensor

from derivations.core import Derivation, Input

__all__ = ["BLOCK_ELEMENTS", "block_trials", "sample", "sample_trials", "trial_elements"]

#: Input elements of the trials the engine groups together.
BLOCK_ELEMENTS = 1 << 16
#: Words made at once: small enough for a CPU's cache, large enough to fill a GPU.
PIECE_ELEMENTS = {"cpu": 1 << 16, "cuda": 1 << 22}
_SCALED = ("normal", "positive")
_NOT_ZERO = 2.0 ** -14
_MASK64 = (1 << 64) - 1
_BITS21 = (1 << 21) - 1
_CENTRE = 3 * _BITS21 / 2
#: ``make(z, spare, spare, out)``: writes into ``out`` what the words ``z`` give.
_Make = Callable[[Tensor, Tensor, Tensor, Tensor], None]


def _signed(x: int) -> int:
    """``x`` modulo 2**64 as a signed 64-bit integer (torch's int64)."""
    x &= _MASK64
    return x - (1 << 64) if x >> 63 else x


_GOLDEN = _signed(0x9E3779B97F4A7C15)
_MIX1 = _signed(0xBF58476D1CE4E5B9)
_MIX2 = _signed(0x94D049BB133111EB)


def sample(derivation: Derivation, trials: int, seed: int, *,
           dtype: torch.dtype, device: torch.device | str,
           sizes: Mapping[str, int] | None = None) -> dict[str, Tensor]:
    """Trials 0 to ``trials - 1`` of the run seeded by ``seed``:
    ``sample_trials(derivation, 0, trials, seed, ...)``."""
    return sample_trials(derivation, 0, trials, seed, dtype=dtype, device=device, sizes=sizes)


def sample_trials(derivation: Derivation, start: int, stop: int, seed: int, *,
                  dtype: torch.dtype, device: torch.device | str,
                  sizes: Mapping[str, int] | None = None, scale: float = 1.0
                  ) -> dict[str, Tensor]:
    """The inputs of trials ``start`` to ``stop - 1`` of the run seeded by ``seed``.

    Args:
        derivation: whose inputs to draw.
        start: first trial.
        stop: one past the last trial.
        seed: the run's seed.
        dtype: floating inputs are rounded to this dtype after drawing in float64.
        device: where the inputs are drawn and returned.
        sizes: overrides of the derivation's size names.
        scale: multiplies every normal and positive input.

    Returns:
        One tensor per input, shape ``(stop - start, *input shape)``.
    """
    sizes = {**derivation.sizes, **(sizes or {})}
    device = torch.device(device)
    stride = trial_elements(derivation, sizes)
    words = _Words(_splitmix64(seed), start, stop, stride, device)
    drawn, place = {}, 0
    for item in derivation.inputs:
        shape = item.resolved_shape(sizes)
        value = _draw(item, shape, sizes, words, place, scale)
        if value.is_floating_point():
            value = value.to(dtype)
        if item.draw in _SCALED:
            value = _nonzero(value, _NOT_ZERO * item.scale * scale)
        drawn[item.name] = value
        place += math.prod(shape)
    return drawn


def trial_elements(derivation: Derivation, sizes: Mapping[str, int] | None = None) -> int:
    """Input elements of one trial: sum over inputs of prod(shape), at least 1."""
    sizes = {**derivation.sizes, **(sizes or {})}
    return max(1, sum(math.prod(i.resolved_shape(sizes)) for i in derivation.inputs))


def block_trials(derivation: Derivation, sizes: Mapping[str, int] | None = None) -> int:
    """Trials per group: BLOCK_ELEMENTS // elements of one trial, at least 1."""
    return max(1, BLOCK_ELEMENTS // trial_elements(derivation, sizes))


def _splitmix64(x: int) -> int:
    """SplitMix64 of ``x``: the finaliser of ``x + 0x9E3779B97F4A7C15``, in [0, 2**64)."""
    z = (x + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


class _Words:
    """The words of trials ``start`` to ``stop - 1``, ``stride`` places a trial, made on
    ``device`` a piece at a time into preallocated int64 buffers."""

    def __init__(self, key: int, start: int, stop: int, stride: int,
                 device: torch.device) -> None:
        self.device = device
        self.trials = stop - start
        self.piece = PIECE_ELEMENTS.get(device.type, PIECE_ELEMENTS["cuda"])
        #: key + (trial * stride) * GOLDEN for every trial (modulo 2**64).
        self.firsts = torch.arange(start, stop, dtype=torch.int64, device=device) \
            .mul_(stride).mul_(_GOLDEN).add_(_signed(key))
        size = min(self.piece, max(1, self.trials * stride))
        self.buffers = [torch.empty(size, dtype=torch.int64, device=device) for _ in range(3)]

    def fill(self, out: Tensor, place: int, make: _Make) -> Tensor:
        """``out`` (trials, n): element (t, j) is ``make`` of word ``t * stride + place + j``,
        written a piece at a time by ``make(z, spare, spare, out piece)``."""
        n = out.shape[1]
        if self.trials == 0 or n == 0:
            return out
        steps = torch.arange(place, place + n, dtype=torch.int64, device=self.device) \
            .mul_(_GOLDEN)
        cols = min(n, self.piece)
        rows = max(1, self.piece // cols)
        for r in range(0, self.trials, rows):
            r1 = min(self.trials, r + rows)
            for c in range(0, n, cols):
                c1 = min(n, c + cols)
                z, tmp, acc = (b[:(r1 - r) * (c1 - c)].view(r1 - r, c1 - c)
                               for b in self.buffers)
                torch.add(self.firsts[r:r1, None], steps[None, c:c1], out=z)
                _finalise(z, tmp)
                make(z, tmp, acc, out[r:r1, c:c1])
        return out


def _shift(z: Tensor, bits: int, out: Tensor) -> Tensor:
    """``out = z >>> bits``, the logical shift: ``(z >> bits) & (2**(64 - bits) - 1)``."""
    torch.bitwise_right_shift(z, bits, out=out)
    return out.bitwise_and_((1 << (64 - bits)) - 1)


def _finalise(z: Tensor, tmp: Tensor) -> Tensor:
    """SplitMix64's finaliser on int64 ``z``, in place: ``z ^= z >>> 30``,
    ``z *= 0xBF58476D1CE4E5B9``, ``z ^= z >>> 27``, ``z *= 0x94D049BB133111EB``,
    ``z ^= z >>> 31`` (products modulo 2**64)."""
    z.bitwise_xor_(_shift(z, 30, tmp)).mul_(_MIX1)
    z.bitwise_xor_(_shift(z, 27, tmp)).mul_(_MIX2)
    return z.bitwise_xor_(_shift(z, 31, tmp))


def _near_normal(factor: float, low: float | None = None) -> _Make:
    """``out = (s - 3 (2**21 - 1) / 2) * 2**-20 * factor`` with ``s`` the sum of bits 0-20,
    21-41 and 42-62 of ``z`` read as unsigned integers (the near-normal exact, one rounding);
    with ``low``, ``out = low + |near-normal| * factor`` (two roundings)."""
    def make(z: Tensor, tmp: Tensor, acc: Tensor, out: Tensor) -> None:
        torch.bitwise_and(z, _BITS21, out=acc)
        for bits in (21, 42):
            torch.bitwise_right_shift(z, bits, out=tmp)
            acc.add_(tmp.bitwise_and_(_BITS21))
        out.copy_(acc).sub_(_CENTRE)
        if low is None:
            out.mul_(factor * 2.0 ** -20)
        else:
            out.abs_().mul_(factor * 2.0 ** -20).add_(low)
    return make


def _uniform(low: float, high: float) -> _Make:
    """``out = low + (high - low) * u``, ``u = (z >>> 40) * 2**-24``: two roundings."""
    def make(z: Tensor, tmp: Tensor, acc: Tensor, out: Tensor) -> None:
        out.copy_(_shift(z, 40, tmp)).mul_((high - low) * 2.0 ** -24).add_(low)
    return make


def _labels(classes: int) -> _Make:
    """``out = ((z >>> 32) * classes) >>> 32``, in [0, classes)."""
    def make(z: Tensor, tmp: Tensor, acc: Tensor, out: Tensor) -> None:
        out.copy_(_shift(z, 32, tmp).mul_(classes).bitwise_right_shift_(32))
    return make


def _fixed(value: Any, device: torch.device) -> Tensor:
    """A value held fixed: an array or tensor of integers or booleans (a permutation, a
    mask) as it is, anything else in float64."""
    integral = (isinstance(value, np.ndarray) and value.dtype.kind in "biu") or \
        (isinstance(value, Tensor) and not value.is_floating_point() and not value.is_complex())
    if integral:
        return torch.as_tensor(value, device=device)
    return torch.as_tensor(value, dtype=torch.float64, device=device)


def _draw(item: Input, shape: tuple[int, ...], sizes: Mapping[str, int], words: _Words,
          place: int, scale: float) -> Tensor:
    """Input ``item`` of every trial, from the words at its places, normal and positive
    inputs times ``scale``."""
    f64, device, trials = torch.float64, words.device, words.trials
    n = math.prod(shape)
    if item.draw == "fixed":
        return _fixed(item.value, device).expand(trials, *shape).clone()
    if item.draw in ("labels", "onehot"):
        classes = _classes(item, sizes) if item.draw == "labels" else shape[-1]
        rows = n if item.draw == "labels" else math.prod(shape[:-1])
        labels = torch.empty(trials, rows, dtype=torch.int64, device=device)
        words.fill(labels, place, _labels(classes))
        if item.draw == "labels":
            return labels.view(trials, *shape)
        onehot = torch.nn.functional.one_hot(labels.view(trials, *shape[:-1]), classes)
        return onehot.to(f64)
    value = torch.empty(trials, n, dtype=f64, device=device)
    if item.draw == "uniform":
        return words.fill(value, place, _uniform(item.low, item.high)).view(trials, *shape)
    if item.draw == "positive":
        words.fill(value, place, _near_normal(item.scale, item.low))
        if scale != 1.0:
            value.mul_(scale)
    else:
        words.fill(value, place, _near_normal(item.scale * scale))
    return value.view(trials, *shape)


def _nonzero(value: Tensor, instead: float) -> Tensor:
    return value.masked_fill_(value == 0, instead)


def _classes(item: Input, sizes: Mapping[str, int]) -> int:
    return sizes[item.classes] if isinstance(item.classes, str) else int(item.classes)
