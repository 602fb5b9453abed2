"""Which size a constant factor stands for, proven by the sizes the derivation was run at.

A derivation whose every failing trial is ``derived = c x autograd`` has a constant factor.
Its cause depends on what ``c`` is: 2 or 1/2 whatever the sizes (the 2 of a square), -1
(a sign), N or 1/N (a batch mean missing or extra), 2/N or N/2 (mse_loss's mean of squares
against 1/2 sum of squares), N/M (a division by the wrong size). At one set of sizes these
readings can coincide (N = 2 makes N and 2 the same number); at the other sizes the
derivation is checked at they part. A reading is taken only when it gives the factor
observed at every set of sizes, and the simplest such reading wins.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from verify import messages as say
from verify.diagnose import BATCH_MEAN, FACTOR, MSE_CONVENTION, SIGN, WRONG_DIVISOR, Diagnosis

__all__ = ["Observation", "size_factor_cause"]

_SAME = 1e-6


@dataclass(frozen=True)
class Observation:
    """The constant factor seen with every size at the given values."""

    sizes: Mapping[str, int]
    factor: float


@dataclass(frozen=True)
class _Reading:
    text: str
    value: Callable[[Mapping[str, int]], float]
    kind: str
    because: str


def size_factor_cause(observations: Sequence[Observation], words: Mapping[str, str]
                      ) -> Diagnosis | None:
    """The one reading of the factor that holds at every set of sizes observed (at least
    two sets, with different values), as a diagnosis; None when none does or when the sizes
    never changed.

    Args:
        observations: the factor at the declared sizes first, then at others.
        words: how each size is named in the message (``N`` or ``x.shape[0]``).
    """
    if len({tuple(sorted(o.sizes.items())) for o in observations}) < 2:
        return None
    for reading in _readings(words):
        if all(_equal(reading.value(o.sizes), o.factor) for o in observations):
            named = "square-factor" if reading.text in ("2", "1/2") else None
            seen = _seen(reading, observations, words)
            return Diagnosis(reading.kind, say.factor_at_every_size(seen, reading.because),
                             named=named, seen=seen)
    return None


def _readings(words: Mapping[str, str]) -> list[_Reading]:
    """Simplest first: constants, then one size, then a ratio of two."""
    readings = [
        _Reading("2", lambda s: 2.0, FACTOR, say.every_size_square_kept()),
        _Reading("1/2", lambda s: 0.5, FACTOR, say.every_size_square_lost()),
        _Reading("-1", lambda s: -1.0, SIGN, say.every_size_sign()),
    ]
    for name in words:
        n = words[name]
        readings += [
            _Reading(n, lambda s, k=name: s[k], BATCH_MEAN, say.every_size_mean_missing(n)),
            _Reading(f"1/{n}", lambda s, k=name: 1 / s[k], BATCH_MEAN,
                     say.every_size_mean_extra(n)),
            _Reading(f"2/{n}", lambda s, k=name: 2 / s[k], MSE_CONVENTION,
                     say.every_size_mse_kept(n)),
            _Reading(f"{n}/2", lambda s, k=name: s[k] / 2, MSE_CONVENTION,
                     say.every_size_mse_needed(n)),
        ]
    for a, b in itertools.combinations(words, 2):
        n = f"{words[a]} {words[b]}"
        readings += [
            _Reading(f"{n}/2", lambda s, a=a, b=b: s[a] * s[b] / 2, MSE_CONVENTION,
                     say.every_size_mse_needed_all(n)),
            _Reading(f"2/({n})", lambda s, a=a, b=b: 2 / (s[a] * s[b]), MSE_CONVENTION,
                     say.every_size_mse_kept_all(n)),
        ]
    for a, b in itertools.permutations(words, 2):
        readings.append(_Reading(
            f"{words[a]}/{words[b]}", lambda s, a=a, b=b: s[a] / s[b], WRONG_DIVISOR,
            say.every_size_divisor(right=words[a], wrong=words[b])))
    return readings


def _seen(reading: _Reading, observations: Sequence[Observation],
          words: Mapping[str, str]) -> str:
    """What the trials show of the factor at every set of sizes, without a reading."""
    first, others = observations[0], observations[1:]
    elsewhere = "; ".join(f"{_fraction(o.factor)} at {_sizes(o.sizes, words)}" for o in others)
    return say.factor_seen_at_every_size(
        reading.text, f"{_fraction(first.factor)} at {_sizes(first.sizes, words)}", elsewhere)


def _sizes(sizes: Mapping[str, int], words: Mapping[str, str]) -> str:
    return ", ".join(f"{words[k]} = {v}" for k, v in sizes.items() if k in words)


def _fraction(value: float) -> str:
    from fractions import Fraction
    fraction = Fraction(value).limit_denominator(256)
    return str(fraction) if _equal(float(fraction), value) else f"{value:.6g}"


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_SAME)
