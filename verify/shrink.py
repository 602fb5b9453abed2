"""The smallest failing case: shrink each size of a failing derivation while it still fails.

A wrong formula is easiest to check by hand at the smallest sizes that still show it: one
example instead of a batch, two units instead of six. Each size name is tried from 1 upwards
(with the others held) and the first value that still fails is kept; values that pass are
remembered, since a derivation that passes at N = 1 and fails at N = 2 says something
(a missing batch mean is invisible with one example).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping

from derivations.core import Derivation
from verify.report import FAILED, VERIFIED, Counterexample, DerivationReport

__all__ = ["SHRINK_TRIALS", "smallest_failure"]

#: Trials per attempt while shrinking: a wrong derivation fails in most trials.
SHRINK_TRIALS = 64


def smallest_failure(derivation: Derivation, report: DerivationReport,
                     sizes: Mapping[str, int],
                     check: Callable[[Mapping[str, int], int], DerivationReport]
                     ) -> Counterexample | None:
    """The smallest sizes at which ``derivation`` still fails, and its first failing trial.

    Args:
        derivation: a derivation whose ``report`` failed.
        report: that report (its seed and first failing trial are the fallback).
        sizes: every size name with the value the report used.
        check: checks the derivation as the report did, at the given sizes, with the given
            number of trials (no shrinking, no explanation).

    Returns:
        The counterexample, or None when the report did not fail.
    """
    def attempt(at: Mapping[str, int]) -> DerivationReport:
        with warnings.catch_warnings():  # a size of 1 is where var() and the like warn:
            warnings.simplefilter("ignore")  # chosen here, not by the code's author
            return check(dict(at), min(report.trials, SHRINK_TRIALS))

    wrong = report.first_wrong_step
    if wrong is None or not wrong.first_failing:
        return None
    current, passes, last = dict(sizes), {}, None
    if attempt(current).verdict == FAILED:
        for name in sizes:
            for value in range(1, current[name]):
                tried = attempt({**current, name: value})
                if tried.verdict == FAILED:
                    current[name], last = value, tried
                    break
                if tried.verdict == VERIFIED:
                    passes.setdefault(name, []).append(value)
    failing = wrong.first_failing if last is None else \
        getattr(last.first_wrong_step, "first_failing", ())
    if not failing:  # failed at the smaller sizes with no trial to name (for its dtype)
        return None
    return Counterexample(sizes=current, trial=failing[0],
                          elements=_elements(derivation, current),
                          passes_at={k: tuple(v) for k, v in passes.items()})


def _elements(derivation: Derivation, sizes: Mapping[str, int]) -> int:
    return sum(math.prod(i.resolved_shape(sizes)) for i in derivation.inputs)
