"""Compare a derived gradient with autograd's, trial by trial, and keep what explains a miss.

Errors are normwise: a trial's error is ``max |derived - autograd| / max |autograd|`` over the
elements of that trial, so a tiny element next to large ones cannot raise a false alarm and a
wrong element cannot hide behind a large one. In float32 and below the denominator is at least
the median over trials of ``max |autograd|``: a gradient that is itself a small difference
(O - t with O close to t) carries the rounding of O, and is judged on that scale.
A trial passes when its error is within the tolerance of its dtype:

- float64: ``F64_TOLERANCE`` (1e-7), far above float64 rounding (about 1e-16 per operation)
  and far below the error of any wrong derivation (a factor, a transpose: order 1).
- float32, float16, bfloat16: the precision ladder. The reference is autograd in float64 on
  the same rounded inputs, and the closed form may be off by at most ``LADDER_FACTOR`` times
  what autograd itself is off in that dtype on that trial, and never held to less than
  ``LADDER_FLOOR`` units of the dtype's rounding (eps).

A trial whose largest reference gradient is below ``EVIDENCE_FLOOR`` (a saturated sigmoid, a
dead ReLU) is no evidence: it can fail, but it cannot count towards a pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import Tensor

__all__ = ["EVIDENCE_FLOOR", "F64_TOLERANCE", "LADDER_FACTOR", "LADDER_FLOOR",
           "Tally", "tolerance_rule", "unravel"]

F64_TOLERANCE = 1e-7
LADDER_FACTOR = 8.0
LADDER_FLOOR = 4.0
EVIDENCE_FLOOR = 1e-8
_KEEP_FAILING = 5


def tolerance_rule(dtype: torch.dtype, tolerance: tuple[float, float] | None = None) -> str:
    """The pass rule for ``dtype`` (or the user's ``(rtol, atol)``), in words."""
    if tolerance is not None:
        return f"|derived - autograd| <= {tolerance[1]:g} + {tolerance[0]:g} x max |autograd|"
    if dtype == torch.float64:
        return f"error <= {F64_TOLERANCE:g} (relative to the largest autograd element)"
    eps = torch.finfo(dtype).eps
    return (f"error <= {LADDER_FACTOR:g} x max(autograd's own {_short(dtype)} error, "
            f"{LADDER_FLOOR:g} eps = {LADDER_FLOOR * eps:.2g}) against a float64 reference")


def _trial_tolerance(dtype: torch.dtype, baseline_error: Tensor | None, trials: int,
                     device: torch.device) -> Tensor:
    if dtype == torch.float64 or baseline_error is None:
        return torch.full((trials,), F64_TOLERANCE, dtype=torch.float64, device=device)
    floor = LADDER_FLOOR * torch.finfo(dtype).eps
    return LADDER_FACTOR * baseline_error.clamp_min(floor)


@dataclass
class Worst:
    """The element with the greatest error: where it is and both values."""

    error: float
    trial: int
    index: tuple[int, ...]
    derived: float
    autograd: float


@dataclass
class Tally:
    """Running statistics of one step over all chunks of trials."""

    dtype: torch.dtype
    tolerance: tuple[float, float] | None = None  # the user's (rtol, atol), replacing the rule
    trials: int = 0
    evidential: int = 0
    failed_trials: int = 0
    first_failing: list[int] = field(default_factory=list)
    elements: int = 0
    mismatched: int = 0
    max_abs_error: float = 0.0
    max_rel_error: float = 0.0
    max_tolerance: float = 0.0
    worst: Worst | None = None
    shape: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    wrong_type: str | None = None
    missing: bool = False
    reference_nonfinite: int = 0
    derived_nonfinite: int = 0
    first_nonfinite: int | None = None
    zeros: int = 0
    factor_low: float = float("inf")
    factor_high: float = float("-inf")
    factor_residual: float = 0.0
    factor_trials: int = 0
    transposed: bool | None = None
    element_shape: tuple[int, ...] = ()
    #: Named factors (2, 1/2, -1, N, 2/N, ...) to test the failing trials against, and for
    #: each whether every failing trial so far is that factor times autograd.
    candidates: tuple[float, ...] = ()
    fits: list[bool] = field(default_factory=list)
    ratio_low: float = float("inf")
    ratio_high: float = float("-inf")
    nonzero_where_zero: bool = False
    differing: Tensor | None = None
    first_nonfinite_index: tuple[int, ...] = ()
    wrong_device: str | None = None
    #: Low-dtype error scales are medians over runs of this many trials (0: over each chunk).
    group: int = 0

    def update(self, derived: Tensor, reference: Tensor, baseline: Tensor | None,
               offset: int) -> None:
        """Fold in one chunk: ``derived`` and ``reference`` are (trials, *shape)."""
        trials = reference.shape[0]
        self.trials += trials
        if tuple(derived.shape[1:]) != tuple(reference.shape[1:]):
            self.shape = (tuple(derived.shape[1:]), tuple(reference.shape[1:]))
            self.failed_trials += trials
            self.first_failing.extend(range(offset, offset + min(trials, _KEEP_FAILING)))
            return
        if derived.dtype != self.dtype and self.wrong_type is None:
            self.wrong_type = f"{_short(derived.dtype)} where the inputs are {_short(self.dtype)}"
        if derived.device != reference.device and self.wrong_device is None:
            self.wrong_device = f"on {derived.device} where the inputs are on {reference.device}"
        self.element_shape = tuple(reference.shape[1:])
        d = derived.detach().to(device=reference.device, dtype=torch.float64).reshape(trials, -1)
        r = reference.detach().to(torch.float64).reshape(trials, -1)
        failed = self._fold(d, r, baseline, offset)
        if failed.any():
            self._note_transpose(d[failed].reshape(-1, *self.element_shape),
                                 r[failed].reshape(-1, *self.element_shape))

    def _fold(self, d: Tensor, r: Tensor, baseline: Tensor | None, offset: int) -> Tensor:
        trials = r.shape[0]
        scale = r.abs().amax(1) if r.shape[1] else r.new_zeros(trials)
        judged = torch.isfinite(scale)  # amax propagates NaN and Inf: one pass, no .all(1)
        evidential = judged & (scale > EVIDENCE_FLOOR)
        denom = _denominator(scale, evidential, self.dtype, self.group)
        diff = torch.nan_to_num((d - r).abs(), nan=torch.inf)
        largest = diff.amax(1) if r.shape[1] else scale * 0
        error = torch.where(judged, largest / denom, 0.0)
        base = None if baseline is None else _normwise(baseline, r, denom, judged)
        tol = _trial_tolerance(self.dtype, base, trials, r.device)
        if self.tolerance is not None:
            tol = self.tolerance[0] + self.tolerance[1] / denom
        failed = error > tol

        self.evidential += int(evidential.sum())
        self.reference_nonfinite += int((~judged).sum())
        self.elements += int(judged.sum()) * r.shape[1]
        self.mismatched += _count_mismatched(diff, largest, tol * denom, judged)
        self.max_abs_error = max(self.max_abs_error, float(torch.where(judged, largest, 0).max()))
        self.max_rel_error = max(self.max_rel_error, float(error.max()))
        self.max_tolerance = max(self.max_tolerance, float(tol.max()))
        self._note_failures(failed, offset)
        self._note_worst(d, r, diff, error, offset)
        self._note_nonfinite(d, judged, offset)
        if failed.any():
            self._note_patterns(d[failed], r[failed], denom[failed], tol[failed])
        return failed

    def _note_failures(self, failed: Tensor, offset: int) -> None:
        self.failed_trials += int(failed.sum())
        room = _KEEP_FAILING - len(self.first_failing)
        if room > 0:
            self.first_failing.extend((failed.nonzero()[:room, 0] + offset).tolist())

    def _note_worst(self, d: Tensor, r: Tensor, diff: Tensor, error: Tensor, offset: int) -> None:
        trial = int(error.argmax())
        if self.worst is not None and float(error[trial]) <= self.worst.error:
            return
        flat = int(diff[trial].argmax()) if diff.shape[1] else 0
        self.worst = Worst(float(error[trial]), offset + trial, unravel(flat, self.element_shape),
                           float(d[trial, flat]) if diff.shape[1] else 0.0,
                           float(r[trial, flat]) if diff.shape[1] else 0.0)

    def _note_nonfinite(self, d: Tensor, judged: Tensor, offset: int) -> None:
        bad = judged & ~_finite_rows(d)
        self.derived_nonfinite += int(bad.sum())
        if bad.any() and self.first_nonfinite is None:
            trial = int(bad.nonzero()[0, 0])
            self.first_nonfinite = offset + trial
            flat = int((~torch.isfinite(d[trial])).nonzero()[0, 0])
            self.first_nonfinite_index = unravel(flat, self.element_shape)

    def _note_patterns(self, d: Tensor, r: Tensor, denom: Tensor, tol: Tensor) -> None:
        """What the failing trials have in common: zeros, which elements, a factor (named or
        not), a factor that differs element by element but is always >= 1."""
        limit = (tol * denom)[:, None]
        self.zeros += int((d == 0).all(1).sum())
        differing = ((d - r).abs() > limit).any(0)
        self.differing = differing if self.differing is None else self.differing | differing
        usable = torch.isfinite(d).all(1) & ((r * r).sum(1) > 0)
        if not usable.any():
            return
        d, r, denom, tol, limit = d[usable], r[usable], denom[usable], tol[usable], limit[usable]
        factor = (d * r).sum(1) / (r * r).sum(1)
        residual = (d - factor[:, None] * r).abs().amax(1) / denom
        self.factor_low = min(self.factor_low, float(factor.min()))
        self.factor_high = max(self.factor_high, float(factor.max()))
        self.factor_residual = max(self.factor_residual, float(residual.max()))
        self.factor_trials += int(usable.sum())
        self._note_candidates(d, r, denom, tol)
        self._note_ratios(d, r, denom, limit)

    def _note_candidates(self, d: Tensor, r: Tensor, denom: Tensor, tol: Tensor) -> None:
        """For each named factor c: does d = c r hold within the tolerance, scaled by |c|?"""
        if not self.fits:
            self.fits = [True] * len(self.candidates)
        for i, c in enumerate(self.candidates):
            if self.fits[i]:
                gap = (d - c * r).abs().amax(1) / denom
                self.fits[i] = bool((gap <= 2 * (1 + abs(c)) * tol).all())

    def _note_ratios(self, d: Tensor, r: Tensor, denom: Tensor, limit: Tensor) -> None:
        """d / r over the elements where autograd is clearly non-zero, and whether derived is
        non-zero where autograd is zero (a mask or a derivative that should vanish)."""
        clear = r.abs() > 1e-3 * denom[:, None]
        if clear.any():
            ratio = d[clear] / r[clear]
            self.ratio_low = min(self.ratio_low, float(ratio.min()))
            self.ratio_high = max(self.ratio_high, float(ratio.max()))
        self.nonzero_where_zero |= bool(((r.abs() <= limit) & (d.abs() > 10 * limit)).any())

    def _note_transpose(self, d: Tensor, r: Tensor) -> None:
        """Whether every failing trial's derived value equals autograd's once transposed."""
        if d.dim() < 3 or d.shape[-1] != d.shape[-2]:
            return
        d = d.mT
        close = ((d - r).abs().flatten(1).amax(1)
                 <= 1e-6 * r.abs().flatten(1).amax(1).clamp_min(EVIDENCE_FLOOR))
        self.transposed = bool(close.all()) and (self.transposed is not False)


def _denominator(scale: Tensor, evidential: Tensor, dtype: torch.dtype, group: int = 0
                 ) -> Tensor:
    """What a trial's error is relative to: its largest autograd element; in a low dtype at
    least the median of those over its group of ``group`` trials (0: the chunk), since a
    gradient that is itself a cancellation (O - t with O close to t) is known to no better
    than eps |O| in that dtype."""
    denom = scale.clamp_min(EVIDENCE_FLOOR)
    if dtype == torch.float64 or not evidential.any():
        return denom
    if not group or group >= scale.shape[0]:
        return denom.clamp_min(float(scale[evidential].median()))
    return denom.clamp_min(_group_medians(scale, evidential, group))


def _group_medians(scale: Tensor, evidential: Tensor, group: int) -> Tensor:
    """Per trial, the median of the evidential ``scale`` in its run of ``group`` trials
    (0 where the run has none): the same numbers however the runs are cut into chunks."""
    trials = scale.shape[0]
    padded = scale.new_full((-(-trials // group) * group,), float("nan"))
    padded[:trials] = torch.where(evidential, scale, float("nan"))
    medians = padded.view(-1, group).nanmedian(1).values.nan_to_num(0.0)
    return medians.repeat_interleave(group)[:trials]


def _count_mismatched(diff: Tensor, largest: Tensor, limit: Tensor, judged: Tensor) -> int:
    """Elements of judged trials with ``diff > limit``, looked for only in the trials whose
    largest difference exceeds the limit (in a passing chunk: none)."""
    rows = judged & (largest > limit)
    return int((diff[rows] > limit[rows, None]).sum()) if rows.any() else 0


def _finite_rows(x: Tensor) -> Tensor:
    """Whether each row of ``x`` is all finite, in one pass: amax propagates NaN and Inf."""
    if not x.shape[1]:
        return torch.ones(x.shape[0], dtype=torch.bool, device=x.device)
    return torch.isfinite(x.abs().amax(1))


def unravel(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The index in ``shape`` of the ``flat``-th element (row-major)."""
    index = []
    for size in reversed(shape):
        flat, rest = divmod(flat, size)
        index.append(rest)
    return tuple(reversed(index))


def _normwise(values: Tensor, r: Tensor, denom: Tensor, judged: Tensor) -> Tensor:
    v = values.detach().to(device=r.device, dtype=torch.float64).reshape(r.shape)
    error = torch.nan_to_num((v - r).abs().amax(1), nan=torch.inf) / denom  # amax keeps NaN
    return torch.where(judged, error, 0.0)


def _short(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")
