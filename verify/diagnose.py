"""Why a step fails, in words a student understands, from the evidence in its tally.

Each kind of diagnosis is a named constant; ``diagnose`` tries them from the most specific
(nothing returned, a wrong shape) to the least (some elements differ) and returns the first
that the evidence supports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import torch

from verify.compare import PRECISION_BITS, PRECISION_SHARE, PrecisionTally, Tally, unravel

if TYPE_CHECKING:
    from verify.fixes import Fix

__all__ = [
    "ACTIVATION",
    "BATCH_MEAN",
    "DEVICE",
    "DTYPE",
    "ELEMENTS",
    "FACTOR",
    "KINDS",
    "MISSING",
    "MSE_CONVENTION",
    "NONFINITE",
    "ONE_ELEMENT",
    "REDUCTION",
    "REFERENCE",
    "RETURN_ORDER",
    "SHAPE",
    "SIGN",
    "SMALL",
    "SOME_TRIALS",
    "TRANSPOSE",
    "UNSTABLE",
    "VARYING_FACTOR",
    "WRONG_DIVISOR",
    "ZEROS",
    "Diagnosis",
    "diagnose",
    "factor_kind",
    "factor_text",
    "factor_values",
    "reference_disagrees",
    "unstable",
]

MISSING = "missing"
SHAPE = "shape"
TRANSPOSE = "transpose"
REDUCTION = "reduction-axis"
DTYPE = "dtype"
DEVICE = "device"
NONFINITE = "nonfinite"
ZEROS = "zeros"
SIGN = "sign"
FACTOR = "factor"
BATCH_MEAN = "batch-mean"
MSE_CONVENTION = "mse-convention"
VARYING_FACTOR = "varying-factor"
ACTIVATION = "activation-derivative"
ONE_ELEMENT = "one-element"
SOME_TRIALS = "some-trials"
ELEMENTS = "elements"
REFERENCE = "reference"
UNSTABLE = "unstable"
SMALL = "small"
WRONG_DIVISOR = "wrong-divisor"
RETURN_ORDER = "return-order"
KINDS = (MISSING, SHAPE, TRANSPOSE, REDUCTION, DTYPE, DEVICE, NONFINITE, ZEROS, SIGN, FACTOR,
         BATCH_MEAN, MSE_CONVENTION, VARYING_FACTOR, ACTIVATION, ONE_ELEMENT, SOME_TRIALS,
         ELEMENTS, REFERENCE, UNSTABLE, SMALL, WRONG_DIVISOR, RETURN_ORDER)

#: The cause each kind of diagnosis names (a factor and an activation derivative name theirs
#: in ``Diagnosis.named``).
CAUSES = {SIGN: "sign", BATCH_MEAN: "batch-mean", MSE_CONVENTION: "mse-convention",
          TRANSPOSE: "transpose", REDUCTION: "reduction-axis", SMALL: "missing-term",
          ZEROS: "missing-term", WRONG_DIVISOR: "wrong-divisor",
          RETURN_ORDER: "return-order"}

_SAME = 1e-6


@dataclass(frozen=True)
class Diagnosis:
    """A kind (one of the constants above) and the sentence that explains it."""

    kind: str
    message: str
    #: The cause an edit of the code proved (see ``verify.fixes``), when one did.
    proven: str | None = None
    #: Where in input space the step fails (``z < 0``), when one simple rule tells it.
    region: str | None = None
    #: The edit of the code that proved the cause (a ``verify.fixes.Fix``), when one did.
    fix: Fix | None = None
    #: The cause the reading of the evidence names where its kind alone does not tell it
    #: (a factor 2 is the square's; a missing derivative that is a ReLU's is its mask).
    named: str | None = None

    @property
    def cause(self) -> str | None:
        """The mistake this diagnosis names, in the words a student would use for it
        (``transpose``, ``batch-mean``, ``mask`` ...), or None when it names none (a
        pattern with no cause: ``elements``, ``some-trials``, ``varying-factor``)."""
        return self.proven or self.named or CAUSES.get(self.kind)


def diagnose(tally: Tally, sizes: Mapping[str, int]) -> Diagnosis | None:
    """The likeliest reason the step failed, or None when it did not."""
    if tally.missing:
        return Diagnosis(MISSING, "the closed form returned no value for this step")
    if tally.shape is not None:
        return _shape(*tally.shape)
    if tally.narrow_type is not None and tally.dtype == torch.float64:
        return Diagnosis(DTYPE, f"the closed form returned {tally.narrow_type}: its values "
                                "lose the precision of the inputs; compute in the inputs' "
                                "dtype")
    if tally.wrong_device is not None:
        return Diagnosis(DEVICE, f"the closed form returned its result {tally.wrong_device}: "
                                 "compute on the inputs' device")
    if tally.failed_trials == 0:
        return _small(tally) if tally.small_mismatch else None
    return (_nonfinite(tally) or _zeros(tally) or _transposed(tally)
            or _named_factor(tally, sizes) or _activation(tally)
            or _other_factor(tally, sizes) or _one_element(tally) or _scattered(tally))


def _shape(derived: tuple[int, ...], autograd: tuple[int, ...]) -> Diagnosis:
    if len(derived) >= 2 and derived[::-1] == autograd:
        return Diagnosis(TRANSPOSE, f"derived has shape {derived}, autograd {autograd}: "
                                    "transposed (W where W^T belongs, or the outer product "
                                    "taken the wrong way round)")
    if len(derived) == len(autograd) == 1:
        return Diagnosis(REDUCTION, f"derived has shape {derived}, autograd {autograd}: summed "
                                    "over the wrong axis (a bias broadcast over the batch "
                                    "gets the sum over the batch axis)")
    return Diagnosis(SHAPE, f"derived has shape {derived}, autograd {autograd}: the gradient "
                            "must have the shape of what it differentiates")


def _nonfinite(tally: Tally) -> Diagnosis | None:
    if not tally.derived_nonfinite:
        return None
    index = ", ".join(map(str, tally.first_nonfinite_index))
    return Diagnosis(NONFINITE, f"the closed form gives NaN or Inf in {tally.derived_nonfinite} "
                                f"trials where autograd is finite (first: trial "
                                f"{tally.first_nonfinite}, element ({index})): a division by "
                                "zero, a log of 0 or an overflowing exp")


def _zeros(tally: Tally) -> Diagnosis | None:
    if tally.zeros != tally.failed_trials:
        return None
    return Diagnosis(ZEROS, "the closed form returns all zeros where autograd does not")


def _transposed(tally: Tally) -> Diagnosis | None:
    if not tally.transposed:
        return None
    return Diagnosis(TRANSPOSE, "derived = autograd transposed in every failing trial: a W "
                                "where W^T belongs (or x^T delta written as delta x^T)")


def _named_factor(tally: Tally, sizes: Mapping[str, int]) -> Diagnosis | None:
    """derived = c x autograd for a named c (2, 1/2, -1, N, 2/N ...), within the tolerance."""
    named = [f for f, fits in zip(_named_factors(sizes), tally.fits, strict=False) if fits]
    if tally.factor_trials == 0 or not named:
        return None
    text = " = ".join(dict.fromkeys(f[0] for f in named))
    return Diagnosis(named[0][3], f"derived = {text} x autograd {_scope(tally)}: "
                                  + "; or ".join(f[2] for f in named),
                     named=_square_factor(named[0][1]))


def _other_factor(tally: Tally, sizes: Mapping[str, int]) -> Diagnosis | None:
    """derived proportional to autograd in every failing trial, by one factor or by many."""
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
    return Diagnosis(factor_kind(factor, sizes),
                     f"derived = {text} x autograd {_scope(tally)}: {cause}",
                     named=_square_factor(factor))


def _square_factor(factor: float) -> str | None:
    """A factor 2 or 1/2 is read as the square's 2, kept or lost."""
    return "square-factor" if _equal(factor, 2.0) or _equal(factor, 0.5) else None


def _scope(tally: Tally) -> str:
    if tally.failed_informative == tally.informative:
        return "in every trial"
    return f"in every failing trial ({tally.failed_trials} of {tally.trials})"


def _activation(tally: Tally) -> Diagnosis | None:
    """derived / autograd >= 1 element by element, and not one constant: a g' <= 1 missing."""
    low, high = tally.ratio_low, tally.ratio_high
    varies = high - low > 1e-3 * abs(high)
    if not (low >= 1 - 1e-3 and (varies or tally.nonzero_where_zero)):
        return None
    if high <= 1 + 1e-3:
        return Diagnosis(ACTIVATION, "derived equals autograd where autograd is non-zero, but "
                                     "is non-zero where autograd is 0: a missing ReLU mask "
                                     "(g'(z) = 0 for z < 0)", named="mask")
    which = (" (always >= 4: sigma' = y (1 - y) <= 1/4 is missing)" if low >= 4 - 1e-3
             else "")
    return Diagnosis(ACTIVATION, f"derived exceeds autograd element by element, by a factor "
                                 f"from {low:.3g} to {high:.3g}{which}: an activation "
                                 "derivative g'(z) <= 1 is missing from the delta",
                     named="activation-derivative-missing")


def _one_element(tally: Tally) -> Diagnosis | None:
    if tally.differing is None or int(tally.differing.sum()) != 1 \
            or tally.differing.numel() == 1:
        return None
    flat = int(tally.differing.nonzero()[0, 0])
    index = ", ".join(map(str, unravel(flat, tally.element_shape)))
    return Diagnosis(ONE_ELEMENT, f"only element ({index}) differs, in {tally.failed_trials} of "
                                  f"{tally.trials} trials; every other element matches: a slip "
                                  "in one entry")


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


def reference_disagrees(derived_agrees: bool) -> Diagnosis:
    """Finite differences side with the closed form against autograd."""
    if derived_agrees:
        return Diagnosis(REFERENCE, "finite differences agree with the closed form, not with "
                                    "autograd: the loss's own backward is wrong (a custom "
                                    "autograd.Function in the loss?)")
    return Diagnosis(REFERENCE, "finite differences agree with neither side: the loss is not "
                                "differentiable at these inputs, or its backward is wrong")


def _small(tally: Tally) -> Diagnosis:
    return Diagnosis(SMALL, f"derived differs from autograd by a small amount, far above "
                            f"float64 rounding (at most {tally.small_worst:.2g} of the largest "
                            f"element), in {tally.small_trials} of {tally.informative} trials "
                            f"(first: trial {tally.first_small}): a small term left out or "
                            "added (a weight decay with a tiny lambda), or a constant slightly "
                            "off")


def unstable(precision: PrecisionTally) -> Diagnosis:
    """The closed form is right in float64 but numerically unstable in a low dtype."""
    dtype = str(precision.dtype).removeprefix("torch.")
    if precision.unstable:
        return Diagnosis(UNSTABLE, f"correct in float64, but in {dtype} the closed form gives "
                                   f"NaN or Inf in {precision.unstable} trial(s) where "
                                   f"autograd's own {dtype} gradient is finite (first: trial "
                                   f"{precision.first_unstable}): an overflow or a division "
                                   "that autograd's formula avoids")
    return Diagnosis(UNSTABLE, f"correct in float64, but in {dtype} the closed form loses more "
                               f"than {PRECISION_BITS:g} bits against autograd's own {dtype} "
                               f"error in {precision.imprecise} of {precision.trials} trials "
                               f"(over {PRECISION_SHARE:.0%}; median {precision.median_bits:.1f}"
                               f" bits, worst {precision.worst_bits:.1f} at trial "
                               f"{precision.worst_trial}): a numerically unstable formula")


def factor_values(sizes: Mapping[str, int]) -> tuple[float, ...]:
    """The named factors (2, 1/2, -1, N, 1/N, 2/N, N/2 for each size N) tested on failures."""
    return tuple(f[1] for f in _named_factors(sizes))


def factor_kind(factor: float, sizes: Mapping[str, int]) -> str:
    """The diagnosis kind of the first named factor equal to ``factor`` (FACTOR if none)."""
    return next((f[3] for f in _named_factors(sizes) if _equal(factor, f[1])), FACTOR)


def factor_text(factor: float, sizes: Mapping[str, int]) -> tuple[str, str]:
    """The factor as a fraction (``"1/2"``, ``"2/N"``) and its likely cause."""
    matches = [(text, cause) for text, value, cause, _ in _named_factors(sizes)
               if _equal(factor, value)]
    if matches:
        text = " = ".join(dict.fromkeys(t for t, _ in matches))
        return text, "; or ".join(c for _, c in matches)
    fraction = Fraction(factor).limit_denominator(64)
    text = str(fraction) if _equal(float(fraction), factor) else f"{factor:.6g}"
    return text, "a constant factor: compare the loss's convention with the formula's"


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_SAME)


def _named_factors(sizes: Mapping[str, int]) -> list[tuple[str, float, str, str]]:
    factors = [
        ("2", 2.0, "the formula keeps the 2 of the square while the loss halves it "
                   "(E = 1/2 sum (O - t)^2 differentiates to (O - t), not 2 (O - t))", FACTOR),
        ("1/2", 0.5, "the formula assumes E = 1/2 sum (O - t)^2 while the loss has no 1/2 "
                     "(a sum of squares, or mse_loss of one element): the 2 of the square "
                     "is missing", FACTOR),
        ("-1", -1.0, "the sign is flipped: (t - O) where (O - t) belongs, or a descent step's "
                     "minus sign inside the gradient", SIGN),
    ]
    for name, n in sizes.items():
        if n <= 2:
            continue
        factors += [
            (f"{name} (= {n})", float(n),
             f"the loss averages over {name} = {n} but the formula sums: a missing 1/{name} "
             "(batch mean)", BATCH_MEAN),
            (f"1/{name} (= 1/{n})", 1.0 / n,
             f"the formula divides by {name} = {n} but the loss does not average: an extra "
             f"1/{name}", BATCH_MEAN),
            (f"2/{name} (= 2/{n})", 2.0 / n,
             f"the formula carries mse_loss's 2/{name} (mean of squares, no 1/2) but the loss "
             "is 1/2 sum of squares", MSE_CONVENTION),
            (f"{name}/2 (= {n}/2)", n / 2.0,
             f"mean-reduced MSE vs 1/2 sum of squares: the loss is mse_loss (mean over "
             f"{name} = {n}, no 1/2), so the formula needs 2/{name}", MSE_CONVENTION),
        ]
    return factors

