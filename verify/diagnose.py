"""Why a step fails, in words a student understands, from the evidence in its tally.

Each kind of diagnosis is a named constant; ``diagnose`` tries them from the most specific
(nothing returned, a wrong shape) to the least (some elements differ) and returns the first
that the evidence supports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from verify.compare import Tally

__all__ = ["DTYPE", "ELEMENTS", "FACTOR", "MISSING", "NONFINITE", "SHAPE", "SIGN",
           "SOME_TRIALS", "TRANSPOSE", "VARYING_FACTOR", "ZEROS", "Diagnosis", "diagnose",
           "factor_text"]

MISSING = "missing"
SHAPE = "shape"
TRANSPOSE = "transpose"
DTYPE = "dtype"
NONFINITE = "nonfinite"
ZEROS = "zeros"
SIGN = "sign"
FACTOR = "factor"
VARYING_FACTOR = "varying-factor"
SOME_TRIALS = "some-trials"
ELEMENTS = "elements"

_SAME = 1e-6


@dataclass(frozen=True)
class Diagnosis:
    """A kind (one of the constants above) and the sentence that explains it."""

    kind: str
    message: str


def diagnose(tally: Tally, sizes: Mapping[str, int]) -> Diagnosis | None:
    """The likeliest reason the step failed, or None when it did not."""
    if tally.missing:
        return Diagnosis(MISSING, "the closed form returned no value for this step")
    if tally.shape is not None:
        return _shape(*tally.shape)
    if tally.wrong_type is not None:
        return Diagnosis(DTYPE, f"the closed form returned {tally.wrong_type}: compute in the "
                                "inputs' dtype and on their device")
    if tally.failed_trials == 0:
        return None
    if tally.derived_nonfinite:
        return Diagnosis(NONFINITE, f"the closed form gives NaN or Inf in "
                                    f"{tally.derived_nonfinite} trials where autograd is finite "
                                    f"(first: trial {tally.first_nonfinite}): a division by "
                                    "zero, a log of 0 or an overflowing exp")
    if tally.zeros == tally.failed_trials:
        return Diagnosis(ZEROS, "the closed form returns all zeros where autograd does not")
    if tally.transposed:
        return Diagnosis(TRANSPOSE, "derived = autograd transposed in every failing trial: a "
                                    "W where W^T belongs (or x^T delta written as delta x^T)")
    return _proportional(tally, sizes) or _scattered(tally)


def _shape(derived: tuple[int, ...], autograd: tuple[int, ...]) -> Diagnosis:
    if len(derived) >= 2 and derived[::-1] == autograd:
        return Diagnosis(TRANSPOSE, f"derived has shape {derived}, autograd {autograd}: "
                                    "transposed (W where W^T belongs, or the outer product "
                                    "taken the wrong way round)")
    return Diagnosis(SHAPE, f"derived has shape {derived}, autograd {autograd}: the gradient "
                            "must have the shape of what it differentiates")


def _proportional(tally: Tally, sizes: Mapping[str, int]) -> Diagnosis | None:
    if tally.factor_trials == 0:
        return None
    slack = max(_SAME, 10 * tally.max_tolerance)
    if tally.factor_residual > slack:
        return None
    low, high = tally.factor_low, tally.factor_high
    if high - low > slack * max(abs(low), abs(high)):
        return Diagnosis(VARYING_FACTOR, f"derived is proportional to autograd in every failing "
                                         f"trial, but the factor varies from {low:.4g} to "
                                         f"{high:.4g}: a scale that depends on the inputs")
    factor = (low + high) / 2
    text, cause = factor_text(factor, sizes)
    kind = SIGN if text == "-1" else FACTOR
    scope = ("in every trial" if tally.failed_trials == tally.trials - tally.reference_nonfinite
             else f"in every failing trial ({tally.failed_trials} of {tally.trials})")
    return Diagnosis(kind, f"derived = {text} x autograd {scope}: {cause}")


def _scattered(tally: Tally) -> Diagnosis:
    judged = tally.trials - tally.reference_nonfinite
    if tally.failed_trials < judged:
        first = ", ".join(map(str, tally.first_failing))
        return Diagnosis(SOME_TRIALS, f"fails in {tally.failed_trials} of {judged} trials "
                                      f"(first: {first}) and matches in the others: the "
                                      "error depends on the inputs, e.g. a sign, a branch or "
                                      "an activation derivative evaluated at the wrong point")
    return Diagnosis(ELEMENTS, f"{tally.mismatched} of {tally.elements} elements differ, "
                               "with no common factor, sign or transpose: check the steps "
                               "one by one")


def factor_text(factor: float, sizes: Mapping[str, int]) -> tuple[str, str]:
    """The factor as a fraction (``"1/2"``, ``"2/N"``) and its likely cause."""
    matches = [(text, cause) for text, value, cause in _named_factors(sizes)
               if abs(factor - value) <= _SAME * abs(value)]
    if matches:
        text = " = ".join(dict.fromkeys(t for t, _ in matches))
        return text, "; or ".join(c for _, c in matches)
    fraction = Fraction(factor).limit_denominator(64)
    if abs(float(fraction) - factor) <= _SAME * abs(factor):
        return str(fraction), "a constant factor: compare the loss's convention with the formula's"
    return f"{factor:.6g}", "a constant factor: compare the loss's convention with the formula's"


def _named_factors(sizes: Mapping[str, int]) -> list[tuple[str, float, str]]:
    factors = [
        ("2", 2.0, "the formula keeps the 2 of the square while the loss halves it "
                   "(E = 1/2 sum (O - t)^2 differentiates to (O - t), not 2 (O - t))"),
        ("1/2", 0.5, "the formula assumes E = 1/2 sum (O - t)^2 while the loss has no 1/2 "
                     "(a sum of squares, or mse_loss of one element): the 2 of the square "
                     "is missing"),
        ("-1", -1.0, "the sign is flipped: (t - O) where (O - t) belongs, or a descent step's "
                     "minus sign inside the gradient"),
    ]
    for name, n in sizes.items():
        if n <= 2:
            continue
        factors += [
            (f"{name} (= {n})", float(n),
             f"the loss averages over {name} = {n} but the formula sums: a missing 1/{name} "
             "(batch mean)"),
            (f"1/{name} (= 1/{n})", 1.0 / n,
             f"the formula divides by {name} = {n} but the loss does not average: an extra "
             f"1/{name}"),
            (f"2/{name} (= 2/{n})", 2.0 / n,
             f"the formula carries mse_loss's 2/{name} (mean of squares, no 1/2) but the loss "
             "is 1/2 sum of squares"),
            (f"{name}/2 (= {n}/2)", n / 2.0,
             f"mean-reduced MSE vs 1/2 sum of squares: the loss is mse_loss (mean over "
             f"{name} = {n}, no 1/2), so the formula needs 2/{name}"),
        ]
    return factors
