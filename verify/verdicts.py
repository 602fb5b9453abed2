"""A step's verdict from its float64 decision and, in a lower dtype, its precision.

    failed        the float64 decision failed (a diagnosis says why), or the closed form is
                  numerically unstable in the checked dtype (see ``PrecisionTally.failed``)
    inconclusive  nothing failed, but fewer than half of the trials were evidence
    verified      otherwise
"""

from __future__ import annotations

from collections.abc import Mapping

import torch

from derivations.core import Derivation, Step
from verify import messages as say
from verify.compare import PRECISION_BITS, SMALL_FLOOR, PrecisionTally, Tally
from verify.diagnose import SMALL, Diagnosis, diagnose, reference_disagrees, unstable
from verify.numeric import NumericCheck
from verify.report import FAILED, INCONCLUSIVE, VERIFIED, Precision, StepReport

__all__ = ["enough", "step_report"]


def enough(trials: int) -> int:
    """Evidential trials needed for a verdict: half of them, at least one."""
    return max(1, trials // 2)


def step_report(derivation: Derivation, step: Step, tally: Tally,
                precision: PrecisionTally | None, sizes: Mapping[str, int], trials: int,
                numeric: Mapping[str, NumericCheck] | None) -> StepReport:
    """The StepReport of ``step``: verdict, evidence, diagnosis and notes."""
    check = None if numeric is None else numeric.get(step.name)
    diagnosis = _diagnosis(tally, precision, sizes, check)
    if diagnosis is not None:
        verdict = FAILED
    elif tally.evidential < enough(trials):
        verdict = INCONCLUSIVE
    else:
        verdict = VERIFIED
    worst = tally.worst
    return StepReport(
        step=step.name, of=step.of, is_param=derivation.is_param_step(step),
        formula=step.formula, verdict=verdict, trials=tally.trials or trials,
        evidential=tally.evidential,
        failed_trials=trials if tally.missing else tally.small_trials
        if diagnosis is not None and diagnosis.kind == SMALL else tally.failed_trials,
        mismatched=tally.mismatched, elements=tally.elements,
        max_abs_error=tally.max_abs_error, max_rel_error=tally.max_rel_error,
        tolerance=worst.allowed if worst is not None else tally.max_tolerance, worst=worst,
        diagnosis=diagnosis, first_failing=tuple(tally.first_failing), numeric=check,
        kinks=tally.kinks, precision=_precision(precision), notes=_notes(step, tally, precision),
        factor=tally.constant_factor if diagnosis is not None else None)


def _diagnosis(tally: Tally, precision: PrecisionTally | None, sizes: Mapping[str, int],
               check: NumericCheck | None) -> Diagnosis | None:
    if check is not None and not check.autograd_agrees:
        return reference_disagrees(check.derived_agrees)
    found = diagnose(tally, sizes)
    if found is not None and found.kind == SMALL and _within_checked_rounding(tally, precision):
        return None
    if found is None and precision is not None and precision.failed and tally.tolerance is None:
        return unstable(precision)
    return found


#: Small mismatches of at most this many units of the checked dtype's rounding, of the
#: step's scale, are within what that dtype can tell apart.
CHECKED_ROUNDING_UNITS = 4


def _within_checked_rounding(tally: Tally, precision: PrecisionTally | None) -> bool:
    """Are the small mismatches of a check in a narrower dtype than float64 within a few
    units of that dtype's rounding? Code right in that dtype holds its constants there
    (``torch.where(x > 0, 1.0, 0.1)`` makes a float32 tensor whatever ``x`` is): in float64
    they are off by that much, and the check it was asked for cannot hold it against them."""
    if precision is None or precision.dtype == torch.float64 or not tally.small_mismatch:
        return False
    unit = torch.finfo(precision.dtype).eps / 2
    return tally.small_worst <= CHECKED_ROUNDING_UNITS * unit


def _precision(tally: PrecisionTally | None) -> Precision | None:
    if tally is None:
        return None
    return Precision(dtype=str(tally.dtype).removeprefix("torch."), trials=tally.trials,
                     median_bits=tally.median_bits,
                     worst_bits=tally.worst_bits if tally.worst_trial is not None else None,
                     worst_trial=tally.worst_trial, imprecise=tally.imprecise,
                     unstable=tally.unstable)


def _notes(step: Step, tally: Tally, precision: PrecisionTally | None) -> tuple[str, ...]:
    """What the reader should know although it is no failure."""
    notes = []
    if tally.wrong_type is not None:
        notes.append(f"{step.name}: the closed form returned {tally.wrong_type}; judged on "
                     "its values")
    if tally.fitted is not None:
        notes.append(say.fitted_shape(step.name, step.of, *tally.fitted))
    small = _small_note(step, tally, precision)
    if small is not None:
        notes.append(small)
    if 2 * tally.reference_nonfinite > tally.trials:
        notes.append(say.autograd_nonfinite(step.name, tally.reference_nonfinite, tally.trials))
    if tally.kinks:
        notes.append(f"{step.name}: {tally.kinks} trial(s) at a kink (the loss is not "
                     "differentiable there): any subgradient accepted")
    if precision is not None and precision.worst_trial is not None \
            and precision.worst_bits > PRECISION_BITS and not precision.failed:
        notes.append(f"{step.name}: {precision.imprecise} of {precision.trials} trial(s) lose "
                     f"more than {PRECISION_BITS:g} bits against autograd's own "
                     f"{_short(precision.dtype)} error (worst {precision.worst_bits:.1f} bits, "
                     f"trial {precision.worst_trial}): ill-conditioned draws, not a failure")
    return tuple(notes)


def _short(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _small_note(step: Step, tally: Tally, precision: PrecisionTally | None) -> str | None:
    """What small mismatches that failed nothing were, where no warning says it already
    (finite differences laying them at autograd's door)."""
    if tally.small_autograd_off or not tally.small_trials:
        return None
    if _within_checked_rounding(tally, precision):
        assert precision is not None
        return say.within_checked_rounding(step.name, tally.small_trials, tally.small_worst,
                                           _short(precision.dtype))
    if tally.small_mismatch:
        return None
    if tally.small_worst <= SMALL_FLOOR:
        return say.below_any_step(step.name, tally.small_trials, tally.small_worst,
                                  tally.first_small, SMALL_FLOOR)
    if tally.small_above_floor < tally.small_trials:
        return say.mostly_below_any_step(step.name, tally.small_trials,
                                         tally.small_above_floor, tally.small_worst,
                                         tally.first_small, SMALL_FLOOR)
    return say.too_few_to_be_a_mistake(step.name, tally.small_trials, tally.small_worst,
                                       tally.first_small)
