"""A worked example to redo by hand: small sizes, and inputs that are small integers or
simple fractions, that still show what the full check found.

1. **Sizes.** Each size of the derivation (a size name, or a link of equal dims; see
   ``verify.variation``) is tried at 2, then 3, the others held; the first that still shows
   the verdict is kept (a batch of 2 keeps a missing 1/N visible, where 1 would hide it).
2. **A trial.** Of the first CANDIDATE_TRIALS trials at those sizes (the first failing ones
   for a wrong derivation), the first that shows it once rounded, at the coarsest grid.
3. **Simple numbers.** Its inputs are rounded to the coarsest grid of SIMPLE_GRIDS (whole
   numbers, then halves, quarters, tenths, hundredths) at which the derivation, checked on
   exactly those inputs, still gives the same verdict. Rounding keeps each draw's kind:
   never zero where normal or positive draws are never zero (the kink of a ReLU), inside
   (low, high) for a uniform draw; one-hot rows, labels and fixed inputs stay as drawn.

"Shows the verdict": a wrong derivation still fails at the same first wrong step; a right
one still verifies, with autograd's gradient informative (not all zero).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import torch
from torch import Tensor

from derivations.core import Derivation, Input
from verify.engine import verify
from verify.exact import book_numbers
from verify.report import FAILED, VERIFIED, DerivationReport
from verify.sample import sample_trials
from verify.variation import accepts, at_sizes, size_groups

__all__ = ["SIMPLE_GRIDS", "HandExample", "hand_example"]

#: The grids inputs are rounded to, coarsest first.
SIMPLE_GRIDS = (1.0, 0.5, 0.25, 0.1, 0.01)
#: Sizes tried for each size of the derivation, smallest first.
SMALL_SIZES = (2, 3)
#: Trials tried for the example, each at every grid.
CANDIDATE_TRIALS = 4
#: Trials checked at each size tried.
_SIZE_TRIALS = 16
_ROUNDED = ("normal", "positive", "uniform")


@dataclass(frozen=True)
class HandExample:
    """Inputs to redo by hand and the check of exactly those inputs.

    Attributes:
        derivation: the derivation at the example's sizes, every input fixed to its value.
        inputs: input name -> value (float64, no trial axis).
        sizes: the sizes changed, in words (``"N = 2"``), "" when none were.
        grid: the grid the inputs were rounded to (None: as drawn, or the book's numbers).
        report: the derivation checked once on these inputs.
    """

    derivation: Derivation
    inputs: dict[str, Tensor]
    sizes: str
    grid: float | None
    report: DerivationReport

    def describe(self) -> str:
        """``"sizes N = 2; inputs rounded to halves"``: how the example was made small."""
        if book_numbers(self.derivation) and self.grid is None and not self.sizes:
            return "the book's numbers"
        grid = ("inputs as drawn" if self.grid is None
                else f"inputs rounded to {_grid_words(self.grid)}")
        return f"{'sizes ' + self.sizes + '; ' if self.sizes else ''}{grid}"


def hand_example(derivation: Derivation, verdict: str, *, first_wrong: str | None = None,
                 seed: int = 0) -> HandExample:
    """A small example of ``derivation`` that still shows ``verdict``.

    Args:
        derivation: any derivation.
        verdict: what the full check found: ``failed`` (then ``first_wrong`` names the
            first wrong step) or ``verified``; anything else keeps the first draw.
        first_wrong: the first wrong step of a failed derivation.
        seed: seeds the draws.

    Returns:
        The HandExample.
    """
    def shows(report: DerivationReport) -> bool:
        if verdict == FAILED:
            step = report.first_wrong_step
            return step is not None and step.step == first_wrong
        return report.verdict == verdict if verdict == VERIFIED else report.error is None

    if book_numbers(derivation):
        return _fixed(derivation, _trial(derivation, 0, seed), "", None)
    small, words = _small_sizes(derivation, shows, seed)
    first = None
    for trial in _candidate_trials(small, verdict, seed):
        drawn = _trial(small, trial, seed)
        for grid in (*SIMPLE_GRIDS, None):
            rounded = drawn if grid is None else {n: _rounded(small.input(n), v, grid)
                                                  for n, v in drawn.items()}
            example = _fixed(small, rounded, words, grid)
            if shows(example.report):
                return example
            first = first or example
    return first


def _small_sizes(derivation: Derivation, shows, seed: int) -> tuple[Derivation, str]:
    groups = size_groups(derivation)
    chosen: dict[str, int] = {}
    for group in groups:
        for size in SMALL_SIZES:
            if size >= group.value:
                break
            tried = at_sizes(derivation, groups, {**chosen, group.name: size})
            if accepts(tried) is None and shows(_checked(tried, _SIZE_TRIALS, seed)):
                chosen[group.name] = size
                break
    words = ", ".join(f"{g.describe()} = {chosen[g.name]}" for g in groups if g.name in chosen)
    return (at_sizes(derivation, groups, chosen) if chosen else derivation), words


def _candidate_trials(derivation: Derivation, verdict: str, seed: int) -> list[int]:
    """The first CANDIDATE_TRIALS trials: the failing ones of a wrong derivation."""
    if verdict != FAILED:
        return list(range(CANDIDATE_TRIALS))
    step = _checked(derivation, _SIZE_TRIALS, seed).first_wrong_step
    return list(step.first_failing[:CANDIDATE_TRIALS]) if step and step.first_failing else [0]


def _checked(derivation: Derivation, trials: int, seed: int) -> DerivationReport:
    return verify(derivation, trials=trials, seed=seed, shrink=False, vary_sizes=False,
                  probe_scales=False, explain=False)


def _trial(derivation: Derivation, trial: int, seed: int) -> dict[str, Tensor]:
    drawn = sample_trials(derivation, trial, trial + 1, seed, dtype=torch.float64,
                          device="cpu")
    return {n: v[0] for n, v in drawn.items()}


def _fixed(derivation: Derivation, values: Mapping[str, Tensor], sizes: str,
           grid: float | None) -> HandExample:
    """The derivation with every input fixed to ``values``, checked once on them. Labels
    cannot be held fixed (a fixed value is real): they stay drawn, and the example shows
    the labels the check draws."""
    inputs = tuple(i if i.draw == "labels" else
                   dataclasses.replace(i, draw="fixed", value=values[i.name])
                   for i in derivation.inputs)
    fixed = dataclasses.replace(derivation, inputs=inputs)
    values = {**values, **{n: v for n, v in _trial(fixed, 0, 0).items()
                           if fixed.input(n).draw == "labels"}}
    return HandExample(fixed, values, sizes, grid, _checked(fixed, 1, 0))


def _rounded(item: Input, value: Tensor, grid: float) -> Tensor:
    """``value`` on the grid, as ``item`` is drawn (see the module's docstring)."""
    if item.draw not in _ROUNDED or not value.is_floating_point():
        return value
    if item.draw == "uniform":  # quarters at most: a whole number leaves (low, high)
        grid = min(grid, 0.25)
        return torch.clamp(torch.round(value / grid) * grid, item.low, item.high)
    rounded = torch.round(value / grid) * grid
    if item.draw == "positive":
        return torch.where(rounded <= 0, torch.full_like(rounded, grid), rounded)
    sign = torch.where(value < 0, -1.0, 1.0).to(value.dtype)
    return torch.where(rounded == 0, sign * grid, rounded)


def _grid_words(grid: float) -> str:
    return {1.0: "whole numbers", 0.5: "halves", 0.25: "quarters", 0.1: "tenths",
            0.01: "hundredths"}.get(grid, f"multiples of {grid:g}")
