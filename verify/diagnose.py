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

from verify import messages as say
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

#: A float64 result holding float32 values is read as computed in float32 when it is off
#: by at most this much of its scale (float32's rounding, with room for conditioning).
FLOAT32_INSIDE = 1e-4

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
    #: How many readings of a constant factor it names (``2 = N/2`` at N = 4: two), where
    #: the sizes the derivation is run at next may tell them apart.
    readings: int = 1
    #: What the trials show, without a reading (``derived = 2 x autograd in every trial``),
    #: for a diagnosis of a constant factor.
    seen: str = ""

    @property
    def cause(self) -> str | None:
        """The mistake this diagnosis names, in the words a student would use for it
        (``transpose``, ``batch-mean``, ``mask`` ...), or None when it names none (a
        pattern with no cause: ``elements``, ``some-trials``, ``varying-factor``)."""
        return self.proven or self.named or CAUSES.get(self.kind)


def diagnose(tally: Tally, sizes: Mapping[str, int]) -> Diagnosis | None:
    """The likeliest reason the step failed, or None when it did not."""
    if tally.missing:
        return Diagnosis(MISSING, say.no_value())
    if tally.shape is not None:
        return _shape(*tally.shape)
    if tally.narrow_type is not None and tally.dtype == torch.float64:
        return Diagnosis(DTYPE, say.narrow_dtype(tally.narrow_type))
    if tally.float32_values and tally.dtype == torch.float64 and tally.failed_trials and \
            tally.max_rel_error <= FLOAT32_INSIDE:
        return Diagnosis(DTYPE, say.float32_inside(tally.max_rel_error))
    if tally.wrong_device is not None:
        return Diagnosis(DEVICE, say.device(tally.wrong_device))
    if tally.failed_trials == 0:
        return _small(tally) if tally.small_mismatch else None
    return (_nonfinite(tally) or _zeros(tally) or _transposed(tally)
            or _named_factor(tally, sizes) or _activation(tally)
            or _other_factor(tally, sizes) or _one_element(tally) or _scattered(tally))


def _shape(derived: tuple[int, ...], autograd: tuple[int, ...]) -> Diagnosis:
    if len(derived) >= 2 and derived[::-1] == autograd:
        return Diagnosis(TRANSPOSE, say.shape_transposed(derived, autograd))
    if len(derived) == len(autograd) == 1:
        return Diagnosis(REDUCTION, say.shape_reduced(derived, autograd))
    return Diagnosis(SHAPE, say.shape(derived, autograd))


def _nonfinite(tally: Tally) -> Diagnosis | None:
    if not tally.derived_nonfinite:
        return None
    index = ", ".join(map(str, tally.first_nonfinite_index))
    return Diagnosis(NONFINITE, say.nonfinite(tally.derived_nonfinite, tally.first_nonfinite,
                                              index))


def _zeros(tally: Tally) -> Diagnosis | None:
    if tally.patterns.zeros != tally.failed_trials:
        return None
    return Diagnosis(ZEROS, say.zeros())


def _transposed(tally: Tally) -> Diagnosis | None:
    if not tally.patterns.transposed:
        return None
    return Diagnosis(TRANSPOSE, say.transposed())


def _named_factor(tally: Tally, sizes: Mapping[str, int]) -> Diagnosis | None:
    """derived = c x autograd for a named c (2, 1/2, -1, N, 2/N ...), within the tolerance."""
    fitting = tally.patterns.fitting()
    named = [f for f in _named_factors(sizes) if f[1] in fitting]
    if tally.patterns.factor_trials == 0 or not named:
        return None
    texts = list(dict.fromkeys(f[0] for f in named))
    text, where = " = ".join(texts), _scope(tally)
    return Diagnosis(named[0][3], say.factor(text, where, [f[2] for f in named]),
                     named=_square_factor(named[0][1]), readings=len(texts),
                     seen=say.factor_seen(text, where))


def _other_factor(tally: Tally, sizes: Mapping[str, int]) -> Diagnosis | None:
    """derived proportional to autograd in every failing trial, by one factor or by many."""
    if tally.patterns.factor_trials == 0:
        return None
    slack = max(_SAME, 10 * tally.max_tolerance)
    if tally.patterns.factor_residual > slack:
        return None
    low, high = tally.patterns.factor_low, tally.patterns.factor_high
    if high - low > slack * max(abs(low), abs(high)):
        return Diagnosis(VARYING_FACTOR, say.varying_factor(low, high))
    factor = (low + high) / 2
    text, cause = factor_text(factor, sizes)
    where = _scope(tally)
    return Diagnosis(factor_kind(factor, sizes), say.factor(text, where, [cause]),
                     named=_square_factor(factor), seen=say.factor_seen(text, where))


def _square_factor(factor: float) -> str | None:
    """A factor 2 or 1/2 is read as the square's 2, kept or lost."""
    return "square-factor" if _equal(factor, 2.0) or _equal(factor, 0.5) else None


def _scope(tally: Tally) -> str:
    return say.scope(tally.failed_trials, tally.trials,
                     everywhere=tally.failed_informative == tally.informative)


#: The largest derived / autograd ratio a missing activation derivative must reach: a
#: tanh' or sigmoid' left out over a run's trials leaves ratios well past it.
ACTIVATION_RATIO = 1.05


def _activation(tally: Tally) -> Diagnosis | None:
    """derived / autograd >= 1 element by element, and not one constant: a g' <= 1 missing."""
    low, high = tally.patterns.ratio_low, tally.patterns.ratio_high
    varies = high - low > 1e-3 * abs(high)
    if not (low >= 1 - 1e-3 and (varies or tally.patterns.nonzero_where_zero)):
        return None
    if high <= 1 + 1e-3:
        return Diagnosis(ACTIVATION, say.relu_mask_missing(), named="mask")
    if high < ACTIVATION_RATIO:
        return None  # a ratio this near 1 is no derivative of an activation's left out
    return Diagnosis(ACTIVATION, say.activation_missing(low, high, sigmoid=low >= 4 - 1e-3),
                     named="activation-derivative-missing")


def _one_element(tally: Tally) -> Diagnosis | None:
    if tally.patterns.differing is None or int(tally.patterns.differing.sum()) != 1 \
            or tally.patterns.differing.numel() == 1:
        return None
    flat = int(tally.patterns.differing.nonzero()[0, 0])
    index = ", ".join(map(str, unravel(flat, tally.element_shape)))
    return Diagnosis(ONE_ELEMENT, say.one_element(index, tally.failed_trials, tally.trials))


def _scattered(tally: Tally) -> Diagnosis:
    judged = tally.trials - tally.reference_nonfinite
    if tally.failed_trials < judged:
        first = ", ".join(map(str, tally.first_failing))
        return Diagnosis(SOME_TRIALS, say.some_trials(tally.failed_trials, judged, first))
    return Diagnosis(ELEMENTS, say.elements_differ(tally.mismatched, tally.elements))


def reference_disagrees(derived_agrees: bool) -> Diagnosis:
    """Finite differences side with the closed form against autograd."""
    if derived_agrees:
        return Diagnosis(REFERENCE, say.reference_disagrees())
    return Diagnosis(REFERENCE, say.reference_undifferentiable())


def _small(tally: Tally) -> Diagnosis:
    return Diagnosis(SMALL, say.small_difference(tally.small_worst, tally.small_trials,
                                                 tally.informative, tally.first_small))


def unstable(precision: PrecisionTally) -> Diagnosis:
    """The closed form is right in float64 but numerically unstable in a low dtype."""
    dtype = str(precision.dtype).removeprefix("torch.")
    if precision.unstable:
        return Diagnosis(UNSTABLE, say.unstable_nonfinite(dtype, precision.unstable,
                                                          precision.first_unstable))
    median = precision.median_bits  # measured wherever a trial was imprecise
    return Diagnosis(UNSTABLE, say.unstable_precision(
        dtype, PRECISION_BITS, precision.imprecise, precision.trials, PRECISION_SHARE,
        math.nan if median is None else median, precision.worst_bits, precision.worst_trial))


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
    return text, say.unnamed_factor()


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_SAME)


def _named_factors(sizes: Mapping[str, int]) -> list[tuple[str, float, str, str]]:
    factors = [
        ("2", 2.0, say.square_kept(), FACTOR),
        ("1/2", 0.5, say.square_lost(), FACTOR),
        ("-1", -1.0, say.sign_flipped(), SIGN),
    ]
    for name, n in sizes.items():
        if n <= 2:
            continue
        factors += [
            (f"{name} (= {n})", float(n), say.mean_missing(name, n), BATCH_MEAN),
            (f"1/{name} (= 1/{n})", 1.0 / n, say.mean_extra(name, n), BATCH_MEAN),
            (f"2/{name} (= 2/{n})", 2.0 / n, say.mse_factor_kept(name), MSE_CONVENTION),
            (f"{name}/2 (= {n}/2)", n / 2.0, say.mse_factor_needed(name, n), MSE_CONVENTION),
        ]
    return factors

