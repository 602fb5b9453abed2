"""Compare a derived gradient with autograd's, trial by trial, and keep what explains a miss.

Correctness is decided in float64, whatever dtype is checked: the closed form runs on the
inputs of the trial (rounded to the checked dtype) held in float64, and is compared with
autograd in float64 on the same inputs. How far autograd's own float64 result can be trusted
is measured, not guessed: autograd also runs in float32 on the same inputs, and its float32
error, scaled by eps64 / eps32 = 2^-29, estimates the float64 rounding of that trial. A trial
passes when

    max |derived - autograd| <= F64_MARGIN x rounding,
    rounding = max(float32 error x 2^-29, eps64 x the trial's scale)

where the trial's scale is its largest autograd element over every step. A correct closed
form rounds differently from autograd, but not 2^10 times worse; a wrong one is off by its
mistake, which is caught down to relative errors near 1e-12 on well-conditioned trials.
Because the rule is relative to the whole trial, an exactly-zero true gradient passes when
the closed form returns zeros or rounding-level values, and a loss at scale 1e-10 is judged
like one at scale 1.

A trial is evidence when some step's float64 autograd value is known to 20 bits or more;
a trial whose every gradient is zero or rounding noise proves nothing.

In a lower dtype the closed form's precision is measured against autograd's in that dtype:
``bits lost = log2(closed form's error / autograd's error)``, both against the float64
reference, each floored at eps of the dtype times the trial's scale (see ``PrecisionTally``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
from torch import Tensor

__all__ = ["EPS64", "EVIDENCE_FLOOR", "F32_TO_F64", "F64_MARGIN", "FALLBACK_RTOL",
           "PRECISION_BITS", "PRECISION_SHARE", "SMALL_FLOOR", "SMALL_RTOL", "SMALL_SHARE",
           "UNMEASURED_ROUNDING", "Comparison",
           "PrecisionTally", "Tally", "Worst", "compare", "holds_float32", "informative",
           "narrower", "tolerance_rule", "unravel"]

EPS64 = 2.0 ** -52
#: eps64 / eps32: autograd's float32 error times this estimates its float64 rounding.
F32_TO_F64 = 2.0 ** -29
#: How many times autograd's estimated float64 rounding a correct closed form may be off.
F64_MARGIN = 2.0 ** 10
#: float32 off by more than this share of a step's scale says nothing of float64 rounding.
SATURATED = 2.0 ** -4
#: autograd's float64 rounding, relative to the step's scale, where it cannot be measured
#: (the loss does not run in float32, or overflows there): some 4,500 times float64's
#: epsilon, far above what a sum of a few thousand terms loses and far below any mistake's
#: difference.
UNMEASURED_ROUNDING = 1e-12
#: Where it says nothing, only gross errors fail: more than this share of the step's scale.
FALLBACK_RTOL = 0.5
#: A step's value is information when its float64 rounding is below 2^-20 of its scale.
INFORMATIVE = 2.0 ** -20
#: A trial off by more than the rounding allows but by at most this much of its scale is a
#: *small* mismatch: rare ones are an approximation inside the loss (F.softplus is exactly
#: linear past 20) or an ill-conditioned draw; in more than SMALL_SHARE of the informative
#: trials they are a mistake (a weight decay with a tiny lambda left out).
SMALL_RTOL = 1e-7
SMALL_SHARE = 0.25
#: Small mismatches of at most this much of their scale are never a mistake, however many:
#: no step of a derivation differs by so little, a library's own epsilon inside the loss
#: does (``F.cosine_embedding_loss`` adds 1e-12 to each squared norm).
SMALL_FLOOR = 1e-10
#: Kept for the finite-difference check: the smallest scale it divides by.
EVIDENCE_FLOOR = 1e-300
#: In a low dtype a trial is imprecise when the closed form loses more than this many bits
#: against autograd's own error, and the row fails when more than PRECISION_SHARE of the
#: trials with precision evidence are imprecise.
PRECISION_BITS = 5.0
PRECISION_SHARE = 0.1
_KEEP_FAILING = 5
#: What ``Tally.summarise`` reduces a chunk to, in order.
SUMMARY_FIELDS = ("failed", "evidential", "informative", "nonfinite", "judged", "abs_error",
                  "rel_error", "tolerance", "margin", "trial", "flat", "relative", "derived",
                  "autograd", "allowed")
#: What ``PrecisionTally.summarise`` reduces a chunk to, in order.
PRECISION_FIELDS = ("evidence", "unstable", "imprecise", "measured", "first_unstable",
                    "worst_bits", "worst_trial")


def tolerance_rule(dtype: torch.dtype, tolerance: tuple[float, float] | None = None) -> str:
    """The pass rule for ``dtype`` (or the user's ``(rtol, atol)``), in words."""
    if tolerance is not None:
        return f"|derived - autograd| <= {tolerance[1]:g} + {tolerance[0]:g} x max |autograd|"
    decided = (f"float64 decides: |derived - autograd| <= {F64_MARGIN:g} x autograd's float64 "
               "rounding (its float32 error x 2^-29, at least eps64 x the trial's scale)")
    if dtype == torch.float64:
        return decided
    return (f"{decided}; {_short(dtype)} precision: fails when more than "
            f"{PRECISION_SHARE:.0%} of trials lose over {PRECISION_BITS:g} bits against "
            f"autograd's own {_short(dtype)} error, or give NaN/Inf where it is finite")


def narrower(dtype: torch.dtype, than: torch.dtype) -> bool:
    """True when ``dtype`` keeps fewer mantissa bits than ``than``; integers and booleans
    (a count, a mask returned as a gradient) carry no rounding of their own."""
    return dtype.is_floating_point and torch.finfo(dtype).eps > torch.finfo(than).eps


@dataclass
class Comparison:
    """One step on one chunk of trials, decided in float64.

    Attributes:
        derived, reference: (trials, n) in float64.
        scale: max |autograd| per trial (NaN or Inf where autograd is not finite).
        allowed: the largest |derived - autograd| each trial may have.
        error: max |derived - autograd| per trial (Inf where derived is NaN).
        informative: whether autograd's value carries information in each trial.
        failed: the trials that do not match.
    """

    derived: Tensor
    reference: Tensor
    scale: Tensor
    allowed: Tensor
    error: Tensor
    informative: Tensor
    failed: Tensor
    #: The trials where autograd is finite: ``isfinite(scale)``.
    judged: Tensor
    element_shape: tuple[int, ...] = ()

    @property
    def small(self) -> Tensor:
        """Failing trials off by at most SMALL_RTOL of their scale."""
        return self.failed & (self.error <= SMALL_RTOL * torch.nan_to_num(self.scale))

    def denominator(self, trial_scale: Tensor) -> Tensor:
        """What a trial's error is relative to (see ``relative_to``)."""
        return relative_to(self.scale, self.informative, trial_scale)


def relative_to(scale: Tensor, useful: Tensor, trial_scale: Tensor) -> Tensor:
    """What a trial's error is relative to: the step's largest autograd element, or the
    whole trial's scale where the step is zero or only rounding noise (a bias before a
    batch norm: its relative error to its own noise would say nothing)."""
    return torch.where((scale > 0) & useful, scale, trial_scale).clamp_min(EVIDENCE_FLOOR)


def step_scale(reference: Tensor) -> Tensor:
    """max |autograd| of each trial of one step; NaN where autograd is not finite."""
    r = reference.reshape(reference.shape[0], -1)
    if not r.shape[1]:
        return r.new_zeros(r.shape[0])
    scale = r.abs().amax(1)  # amax propagates NaN; an Inf stays Inf
    return torch.where(torch.isfinite(scale), scale, torch.nan)


def rounding(reference: Tensor, float32: Tensor | None, scale: Tensor | None = None
             ) -> Tensor:
    """autograd's float64 rounding per trial, estimated from its float32 error.

    NaN where that says nothing: the float32 run was not made, or is off by more than
    SATURATED of the step's scale (float32 rounded a tanh or a sigmoid to exactly 1, so its
    error is capped and no longer scales with eps). Where float32 overflowed and float64 did
    not (``exp(q / 0.01)``), UNMEASURED_ROUNDING of the scale. ``scale``: the reference's
    ``step_scale``, where already known.
    """
    r = reference.reshape(reference.shape[0], -1)
    if float32 is None or not r.shape[1]:
        return torch.full((r.shape[0],), math.nan, dtype=torch.float64, device=r.device)
    c = float32.detach().to(device=r.device, dtype=torch.float64).reshape(r.shape)
    error = (c - r).abs().amax(1)
    scale = step_scale(r) if scale is None else scale
    lost = ~torch.isfinite(error) | (error > SATURATED * scale)
    overflowed = ~torch.isfinite(c).all(1) & torch.isfinite(scale)
    return torch.where(overflowed, UNMEASURED_ROUNDING * scale,
                       torch.where(lost, math.nan, error * F32_TO_F64))


def holds_float32(values: Tensor) -> bool:
    """Every value is a float32 number (computed in float32 and cast back to float64)."""
    return bool((values == values.float().to(values.dtype)).all())


def informative(scale: Tensor, noise: Tensor, finite: Tensor | None = None) -> Tensor:
    """A step's autograd value is information when it is non-zero and known to 20 bits
    (``finite``: ``isfinite(scale)``, when known)."""
    finite = torch.isfinite(scale) if finite is None else finite
    return finite & (scale > 0) & torch.isfinite(noise) & (noise <= INFORMATIVE * scale)


def compare(derived: Tensor, reference: Tensor, noise: Tensor, trial_scale: Tensor, *,
            derived_dtype: torch.dtype, tolerance: tuple[float, float] | None = None,
            group: int = 0, reference_rtol: float | None = None,
            around: Tensor | None = None) -> Comparison:
    """Decide one step on one chunk: derived and reference are (trials, *shape).

    ``noise`` is autograd's estimated float64 rounding per trial (``rounding``),
    ``trial_scale`` the largest autograd element of each trial over all steps, and
    ``group`` the run of trials over which typical rounding is taken (0: the chunk).
    ``reference_rtol``: the reference is known to this relative accuracy only (finite
    differences); errors are then allowed that much of the trial's scale.
    ``around``: ``typical_scale(trial_scale, group)``, the same for every step of a chunk
    (computed here when not given).
    """
    trials = reference.shape[0]
    r = reference.detach().to(torch.float64).reshape(trials, -1)
    d = derived.detach().to(device=r.device, dtype=torch.float64).reshape(trials, -1)
    scale = step_scale(r)
    judged = torch.isfinite(scale)
    useful = informative(scale, noise, judged)
    if reference_rtol is not None and tolerance is None:
        allowed = reference_rtol * torch.maximum(torch.nan_to_num(scale), trial_scale)
    else:
        allowed = _allowed(scale, noise, trial_scale, derived_dtype, tolerance, group,
                           useful=useful, around=around)
    if r.shape[1]:
        error = torch.nan_to_num((d - r).abs(), nan=math.inf, posinf=math.inf).amax(1)
    else:
        error = torch.zeros(trials, dtype=torch.float64, device=r.device)
    failed = judged & (error > allowed)
    return Comparison(d, r, scale, allowed, error, useful, failed, judged,
                      tuple(reference.shape[1:]))


def typical_scale(trial_scale: Tensor, group: int) -> Tensor:
    """Per trial, the median of the non-zero trial scales in its run of ``group`` trials:
    what a saturated trial's rounding is at least taken from (see ``_allowed``)."""
    return _group_medians(trial_scale, trial_scale > 0, group)


def _allowed(scale: Tensor, noise: Tensor, trial_scale: Tensor, dtype: torch.dtype,
             tolerance: tuple[float, float] | None, group: int, *,
             useful: Tensor | None = None, around: Tensor | None = None,
             ratio: Tensor | None = None) -> Tensor:
    """F64_MARGIN x autograd's float64 rounding: its estimate, never below eps64 x the
    step's scale nor the chunk's median relative rounding times that scale (a trial whose
    float32 run happened to be exact says little), nor eps64 x the median scale of the
    trials around it (a saturated trial whose gradients are all near 0 is computed from
    quantities of ordinary size, and carries their rounding); where the step carries no
    information (zero, or rounding noise) never below eps64 x the whole trial's scale. A
    result in a narrower dtype than float64 is allowed that dtype's rounding instead.
    ``useful`` (``informative(scale, noise)``) and ``around`` (``typical_scale``) are
    computed here when not given. Rows of several steps at once: ``ratio`` holds per row
    eps of its result's dtype / eps64 where that dtype is narrower, else 0."""
    if tolerance is not None:
        rtol, atol = tolerance
        return atol + rtol * torch.nan_to_num(scale, nan=0.0)
    useful = informative(scale, noise) if useful is None else useful
    around = typical_scale(trial_scale, group) if around is None else around
    scale = torch.nan_to_num(scale, nan=0.0)
    known = torch.isfinite(noise)
    relative = noise / scale
    usable = known & (scale > 0) & torch.isfinite(relative)
    typical = _group_medians(relative, usable, group)
    floor = EPS64 * torch.maximum(scale, around).maximum(typical * scale / EPS64)
    floor = torch.where(useful, floor, torch.maximum(floor, EPS64 * trial_scale))
    fallback = FALLBACK_RTOL * scale / F64_MARGIN
    rounded = torch.where(known, torch.maximum(noise, floor), torch.maximum(fallback, floor))
    if narrower(dtype, torch.float64):
        wider = torch.finfo(dtype).eps / EPS64
        rounded = torch.maximum(rounded, wider * torch.where(known, rounded, floor))
    elif ratio is not None:
        rounded = torch.where(ratio > 0, torch.maximum(
            rounded, ratio * torch.where(known, rounded, floor)), rounded)
    return F64_MARGIN * rounded + torch.finfo(torch.float64).tiny


def _group_medians(values: Tensor, usable: Tensor, group: int) -> Tensor:
    """Per trial, the median of the usable ``values`` in its run of ``group`` trials (0
    where the run has none; ``group`` 0: the whole chunk): the same numbers however the
    runs are cut into chunks. Trials along the last axis (one row per step, or one)."""
    trials = values.shape[-1]
    group = group or trials
    kept = torch.where(usable, values, math.nan)
    if group >= trials:  # one run: its median, for every trial
        return kept.nanmedian(-1, keepdim=True).values.nan_to_num(0.0).expand_as(kept)
    rows = kept.shape[:-1]
    padded = values.new_full((*rows, -(-trials // group) * group), math.nan)
    padded[..., :trials] = kept
    medians = padded.view(*rows, -1, group).nanmedian(-1).values.nan_to_num(0.0)
    return medians.repeat_interleave(group, dim=-1)[..., :trials]


@dataclass
class StepValues:
    """One step of a chunk, as ``summarise`` takes it: both sides (trials, *shape), autograd's
    estimated float64 rounding per trial, and the dtype the closed form returned."""

    derived: Tensor
    reference: Tensor
    noise: Tensor
    dtype: torch.dtype


def summarise(steps: Sequence[StepValues], trial_scale: Tensor, evidential: Tensor, *,
              tolerance: tuple[float, float] | None = None, group: int = 0,
              reference_rtol: float | None = None) -> tuple[Tensor, Tensor]:
    """Every step of a chunk decided as ``compare`` decides it, all steps at once, and
    reduced where the tensors are to what ``Tally.fold`` takes from a chunk where no trial
    failed: (steps, SUMMARY_FIELDS) figures in float64, to be read back and folded by
    ``Tally.absorb``; and per step whether each trial is judged (autograd finite)."""
    rows = [_step_rows(s.derived, s.reference) for s in steps]
    scale, error = (torch.stack(x) for x in list(zip(*rows, strict=True))[:2])
    noise = torch.stack([s.noise for s in steps])
    judged = torch.isfinite(scale)
    useful = informative(scale, noise, judged)
    if reference_rtol is not None and tolerance is None:
        allowed = reference_rtol * torch.maximum(torch.nan_to_num(scale), trial_scale)
    else:
        ratio = [torch.finfo(s.dtype).eps / EPS64 if narrower(s.dtype, torch.float64) else 0.0
                 for s in steps]
        allowed = _allowed(scale, noise, trial_scale, torch.float64, tolerance, group,
                           useful=useful, around=typical_scale(trial_scale, group),
                           ratio=noise.new_tensor(ratio)[:, None] if any(ratio) else None)
    failed = judged & (error > allowed)
    denom = relative_to(scale, useful, trial_scale)
    relative = torch.where(judged, error / denom, 0.0)
    tolerated = torch.where(judged, allowed / denom, 0.0)
    margin = torch.where(judged, relative / tolerated.clamp_min(EVIDENCE_FLOOR), -1.0)
    worst = margin.argmax(1, keepdim=True)
    # one reduction per figure: tensors of (steps, trials) each, never a stack of them
    counts = [x.sum(1).to(torch.float64) for x in (failed, evidential & judged,
                                                   useful & judged, ~judged, judged)]
    largest = [torch.where(judged, error, 0.0).amax(1), relative.amax(1),
               torch.where(useful, tolerated, 0.0).amax(1)]
    flat, derived, autograd = (torch.cat(x) for x in zip(
        *(_worst_element(diff, d, r, trial) for (_, _, diff, d, r), trial
          in zip(rows, worst, strict=True)), strict=True))
    margin_at, relative_at, tolerated_at = (x.gather(1, worst)[:, 0]
                                            for x in (margin, relative, tolerated))
    at_worst = [x.to(torch.float64) for x in (margin_at, worst[:, 0], flat, relative_at,
                                              derived, autograd, tolerated_at)]
    return torch.stack([*counts, *largest, *at_worst], 1), judged


def _step_rows(derived: Tensor, reference: Tensor
               ) -> tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
    """Per trial of one step: autograd's scale (``step_scale``) and the largest error (Inf
    where derived is NaN); then the errors, the closed form and autograd, (trials, elements)
    in float64, for ``_worst_element``."""
    trials = reference.shape[0]
    r = reference.detach().to(torch.float64).reshape(trials, -1)
    d = derived.detach().to(device=r.device, dtype=torch.float64).reshape(trials, -1)
    if not r.shape[1]:
        zeros = r.new_zeros(trials)
        return zeros, zeros, zeros[:, None], zeros[:, None], zeros[:, None]
    diff = torch.nan_to_num((d - r).abs(), nan=math.inf, posinf=math.inf)
    return step_scale(r), diff.amax(1), diff, d, r


def _worst_element(diff: Tensor, derived: Tensor, reference: Tensor, trial: Tensor
                   ) -> tuple[Tensor, Tensor, Tensor]:
    """In the one ``trial`` (a tensor of one index): the flat index of the largest error
    and both values there, each of shape (1,). Only the worst trial's element is sought:
    an index per trial costs more than the whole comparison."""
    flat = diff.index_select(0, trial).argmax(1, keepdim=True)
    return (flat[0], derived.index_select(0, trial).gather(1, flat)[0],
            reference.index_select(0, trial).gather(1, flat)[0])


def _resolved(autograd_error: Tensor, trial_scale: Tensor) -> Tensor:
    """Per trial: autograd's own error in the low dtype is finite and within SATURATED of
    the trial's scale. Past that (an ill-conditioned draw) neither side has a digit the
    other could lose, and the trial is no evidence of precision."""
    return torch.isfinite(autograd_error) & (autograd_error <= SATURATED * trial_scale)


def precision_figures(dtype: torch.dtype, steps: Sequence[tuple[Tensor, Tensor, Tensor]],
                      trial_scale: Tensor, evidential: Tensor) -> tuple[Tensor, Tensor]:
    """``PrecisionTally.fold`` of a chunk for several steps at once, reduced where the
    tensors are: (steps, PRECISION_FIELDS) figures in float64 for ``PrecisionTally.absorb``
    and the bits lost per step and trial in float32 (NaN where not measured). ``steps``:
    (closed form in ``dtype``, autograd in ``dtype``, float64 reference) of each step with
    elements; ``evidential``: (steps, trials)."""
    rows: list[tuple[Tensor, Tensor, Tensor]] = []
    for derived, baseline, reference in steps:
        r = reference.detach().to(torch.float64).reshape(reference.shape[0], -1)
        rows.append((_largest_error(derived, r), _largest_error(baseline, r),
                     torch.isfinite(r.abs().amax(1))))
    e_d, e_a, finite_r = (torch.stack(x) for x in zip(*rows, strict=True))
    evidence = evidential & finite_r & _resolved(e_a, trial_scale)
    finite = torch.isfinite(e_d)
    unstable = evidence & ~finite
    measured = evidence & finite
    floor = (torch.finfo(dtype).eps * trial_scale).clamp_min(torch.finfo(torch.float64).tiny)
    bits = torch.log2(torch.maximum(e_d, floor) / torch.maximum(e_a, floor))
    ranked = torch.where(measured, bits, -math.inf)
    worst = ranked.argmax(1, keepdim=True)
    trials = bits.shape[1]
    at = torch.arange(trials, device=bits.device)
    first = torch.where(unstable, at, trials).amin(1)
    counts = [x.sum(1).to(torch.float64) for x in (evidence, unstable,
                                                   measured & (bits > PRECISION_BITS),
                                                   measured)]
    figures = torch.stack([*counts, first.to(torch.float64), ranked.gather(1, worst)[:, 0],
                           worst[:, 0].to(torch.float64)], 1)
    return figures, torch.where(measured, bits, math.nan).float()


@dataclass
class Worst:
    """The element with the greatest error: where it is and both values."""

    error: float
    trial: int
    index: tuple[int, ...]
    derived: float
    autograd: float
    allowed: float = 0.0


@dataclass
class Patterns:
    """What the failing trials of one step have in common, the evidence the diagnosis reads
    (``verify.diagnose``): zeros, which elements differ, a factor (named or not), a factor
    that differs element by element but is always >= 1, a transpose."""

    #: Named factors (2, 1/2, -1, N, 2/N, ...) to test the failing trials against, and for
    #: each whether every failing trial so far is that factor times autograd.
    candidates: tuple[float, ...] = ()
    fits: list[bool] = field(default_factory=list)
    zeros: int = 0
    differing: Tensor | None = None
    factor_low: float = float("inf")
    factor_high: float = float("-inf")
    factor_residual: float = 0.0
    factor_trials: int = 0
    ratio_low: float = float("inf")
    ratio_high: float = float("-inf")
    nonzero_where_zero: bool = False
    transposed: bool | None = None

    def note(self, d: Tensor, r: Tensor, denom: Tensor, allowed: Tensor,
             element_shape: tuple[int, ...]) -> None:
        """Fold in the failing trials of a chunk: derived ``d`` and autograd's ``r`` (trials,
        elements), each trial's scale ``denom`` and allowance ``allowed``."""
        self._note_transpose(d.reshape(-1, *element_shape), r.reshape(-1, *element_shape))
        limit = allowed[:, None]
        tol = allowed / denom
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

    def fitting(self) -> frozenset[float]:
        """The named factors that every failing trial so far is, times autograd."""
        if not self.fits:
            return frozenset()
        return frozenset(c for c, fits in zip(self.candidates, self.fits, strict=True) if fits)

    def _note_candidates(self, d: Tensor, r: Tensor, denom: Tensor, tol: Tensor) -> None:
        """For each named factor c: does d = c r hold within the tolerance, scaled by |c|?"""
        if not self.fits:
            self.fits = [True] * len(self.candidates)
        for i, c in enumerate(self.candidates):
            if self.fits[i]:
                gap = (d - c * r).abs().amax(1) / denom
                self.fits[i] = bool((gap <= 2 * (1 + abs(c)) * tol.clamp_min(1e-12)).all())

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

    def constant_factor(self, slack: float) -> float | None:
        """c when derived = c x autograd in every failing trial (the same c, to ``slack``),
        else None."""
        if self.factor_trials == 0:
            return None
        low, high = self.factor_low, self.factor_high
        if self.factor_residual > slack or high - low > slack * max(abs(low), abs(high)):
            return None
        return (low + high) / 2


@dataclass
class Tally:
    """Running statistics of one step's float64 decision over all chunks of trials."""

    dtype: torch.dtype
    tolerance: tuple[float, float] | None = None  # the user's (rtol, atol), replacing the rule
    trials: int = 0
    evidential: int = 0
    failed_trials: int = 0
    informative: int = 0
    failed_informative: int = 0
    small_trials: int = 0
    #: Of them, those off by more than SMALL_FLOOR of their scale: the ones that count.
    small_above_floor: int = 0
    small_worst: float = 0.0
    first_small: int | None = None
    kinks: int = 0
    first_failing: list[int] = field(default_factory=list)
    last_failing: int | None = None
    elements: int = 0
    mismatched: int = 0
    max_abs_error: float = 0.0
    max_rel_error: float = 0.0
    max_tolerance: float = 0.0
    worst: Worst | None = None
    worst_margin: float = -math.inf
    shape: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    #: (returned, expected) where the result differs from autograd's shape only by axes
    #: of length 1 it left out, and was compared in autograd's shape.
    fitted: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    wrong_type: str | None = None
    narrow_type: str | None = None
    missing: bool = False
    reference_nonfinite: int = 0
    derived_nonfinite: int = 0
    first_nonfinite: int | None = None
    element_shape: tuple[int, ...] = ()
    #: What the failing trials have in common, for the diagnosis.
    patterns: Patterns = field(default_factory=Patterns)
    first_nonfinite_index: tuple[int, ...] = ()
    wrong_device: str | None = None
    #: Whether every failing trial's result holds float32 values only (computed in float32
    #: and cast back); None before any trial failed.
    float32_values: bool | None = None
    #: Whether small mismatches in many trials are a mistake: not among the trials drawn at
    #: a probed input scale, where a saturated trial's cancellation leaves more than rounding
    #: and a small systematic mistake is the trials' at scale 1 to find.
    small_counts: bool = True
    #: finite differences laid the small mismatches at autograd's door (a warning says so)
    small_autograd_off: bool = False

    def fit(self, derived: Tensor, reference: Tensor) -> Tensor:
        """``derived`` in autograd's shape where it only leaves out leading axes of length 1
        (``db`` of shape () for ``b`` of shape (1,), a flat list for a (1, D) row): the same
        numbers, which an update ``w -= lr * dw`` broadcasts to ``w``'s shape, recorded for
        a note; else as it is (a (D,) for a (D, 1) column would broadcast to (D, D), and a
        transposed row is a transpose)."""
        got, want = tuple(derived.shape[1:]), tuple(reference.shape[1:])
        if len(got) >= len(want) or math.prod(got) != math.prod(want) or not math.prod(want) \
                or want[len(want) - len(got):] != got:
            return derived
        self.fitted = self.fitted or (got, want)
        return derived.reshape(derived.shape[0], *want)

    def shape_mismatch(self, derived: Tensor, reference: Tensor, offset: int) -> bool:
        """Record a chunk whose derived shape is not autograd's; True when it is not."""
        trials = reference.shape[0]
        if tuple(derived.shape[1:]) == tuple(reference.shape[1:]):
            return False
        self.trials += trials
        self.shape = (tuple(derived.shape[1:]), tuple(reference.shape[1:]))
        self.failed_trials += trials
        self.first_failing.extend(range(offset, offset + min(trials, _KEEP_FAILING)))
        self.last_failing = offset + trials - 1
        return True

    def note_types(self, derived: Tensor, reference: Tensor, inputs_dtype: torch.dtype,
                   handed: torch.dtype | None = None) -> None:
        """A result on another device is wrong; one in a narrower dtype than the inputs is
        judged by the precision rule (in float64: it fails); a wider one is a note. A result
        in the dtype the closed form was ``handed`` (numpy's float32 for bfloat16) is none."""
        if derived.device != reference.device and self.wrong_device is None:
            self.wrong_device = f"on {derived.device} where the inputs are on {reference.device}"
        if derived.dtype in (inputs_dtype, handed) or not derived.is_floating_point():
            return
        text = f"{_short(derived.dtype)} where the inputs are {_short(inputs_dtype)}"
        if narrower(derived.dtype, inputs_dtype):
            self.narrow_type = self.narrow_type or text
        else:
            self.wrong_type = self.wrong_type or text

    def fold(self, c: Comparison, trial_scale: Tensor, evidential: Tensor, offset: int) -> None:
        """Fold in one chunk's comparison (``c.failed`` already excludes kinks); small
        mismatches are counted apart (see ``small_mismatch``)."""
        small = c.small
        if small.any():
            self.small_trials += int(small.sum())
            self.small_above_floor += int((c.error[small] > SMALL_FLOOR * c.scale[small]).sum())
            self.small_worst = max(self.small_worst,
                                   float((c.error[small] / c.scale[small]).max()))
            if self.first_small is None:
                self.first_small = offset + int(small.nonzero()[0, 0])
            c.failed = c.failed & ~small
        trials = c.reference.shape[0]
        self.trials += trials
        judged = c.judged
        self.element_shape = c.element_shape
        denom = c.denominator(trial_scale)
        relative = torch.where(judged, c.error / denom, 0.0)
        self.evidential += int((evidential & judged).sum())
        self.informative += int((c.informative & judged).sum())
        self.failed_informative += int((c.informative & c.failed).sum())
        self.reference_nonfinite += int((~judged).sum())
        self.elements += int(judged.sum()) * c.reference.shape[1]
        diff = torch.nan_to_num((c.derived - c.reference).abs(), nan=math.inf, posinf=math.inf)
        self.mismatched += _count_mismatched(diff, c.allowed, c.failed)
        self.max_abs_error = max(self.max_abs_error, _largest(torch.where(judged, c.error, 0)))
        self.max_rel_error = max(self.max_rel_error, _largest(relative))
        allowed = torch.where(judged, c.allowed / denom, 0.0)
        self.max_tolerance = max(self.max_tolerance,
                                 _largest(torch.where(c.informative, allowed, 0.0)))
        self._note_failures(c.failed, offset)
        self._note_worst(c, diff, relative, allowed, offset)
        self._note_nonfinite(c.derived, c.failed, offset)
        if c.failed.any():
            f = c.failed
            held = holds_float32(c.derived[f])
            self.float32_values = held if self.float32_values is None \
                else self.float32_values and held
            self.patterns.note(c.derived[f], c.reference[f], denom[f], c.allowed[f],
                               self.element_shape)

    def absorb(self, figures: Sequence[float], trials: int, elements: int,
               element_shape: tuple[int, ...], offset: int) -> None:
        """Fold in a chunk of ``trials`` trials (``elements`` per trial) where no trial
        failed, from its figures read back (see ``summarise``): the same as ``fold``."""
        f = dict(zip(SUMMARY_FIELDS, figures, strict=True))
        self.trials += trials
        self.element_shape = element_shape
        self.evidential += int(f["evidential"])
        self.informative += int(f["informative"])
        self.reference_nonfinite += int(f["nonfinite"])
        self.elements += int(f["judged"]) * elements
        self.max_abs_error = max(self.max_abs_error, f["abs_error"])
        self.max_rel_error = max(self.max_rel_error, f["rel_error"])
        self.max_tolerance = max(self.max_tolerance, f["tolerance"])
        if self.worst is not None and self.worst_margin >= f["margin"]:
            return
        self.worst_margin = f["margin"]
        self.worst = Worst(f["relative"], offset + int(f["trial"]),
                           unravel(int(f["flat"]), element_shape), f["derived"],
                           f["autograd"], f["allowed"])

    @property
    def constant_factor(self) -> float | None:
        """c when derived = c x autograd in every failing trial (the same c), else None."""
        return self.patterns.constant_factor(max(1e-6, 10 * self.max_tolerance))

    @property
    def small_mismatch(self) -> bool:
        """Small mismatches above SMALL_FLOOR in more than SMALL_SHARE of the informative
        trials (at least three): a systematic error, however small. (A library's epsilon
        inside the loss puts most trials below the floor and a few of the rest above it.)"""
        return self.small_counts and self.small_above_floor >= 3 and \
            self.small_above_floor > SMALL_SHARE * self.informative

    def failing_span(self) -> tuple[int, int] | None:
        """The numbers of the first and the last failing trial (None when none failed)."""
        if not self.first_failing or self.last_failing is None:
            return None
        return self.first_failing[0], self.last_failing

    def _note_failures(self, failed: Tensor, offset: int) -> None:
        self.failed_trials += int(failed.sum())
        at = failed.nonzero()[:, 0]
        room = _KEEP_FAILING - len(self.first_failing)
        if room > 0:
            self.first_failing.extend((at[:room] + offset).tolist())
        if at.numel():
            self.last_failing = int(at[-1]) + offset

    def _note_worst(self, c: Comparison, diff: Tensor, relative: Tensor, allowed: Tensor,
                    offset: int) -> None:
        """The trial with the greatest error against its allowance (a failing one first)."""
        if not relative.numel():
            return
        margin = torch.where(c.judged, relative / allowed.clamp_min(EVIDENCE_FLOOR), -1.0)
        trial = int(margin.argmax())
        if self.worst is not None and self.worst_margin >= float(margin[trial]):
            return
        self.worst_margin = float(margin[trial])
        flat = int(diff[trial].argmax()) if diff.shape[1] else 0
        self.worst = Worst(float(relative[trial]), offset + trial,
                           unravel(flat, self.element_shape),
                           float(c.derived[trial, flat]) if diff.shape[1] else 0.0,
                           float(c.reference[trial, flat]) if diff.shape[1] else 0.0,
                           float(allowed[trial]))

    def _note_nonfinite(self, d: Tensor, failed: Tensor, offset: int) -> None:
        bad = failed & ~_finite_rows(d)
        self.derived_nonfinite += int(bad.sum())
        if bad.any() and self.first_nonfinite is None:
            trial = int(bad.nonzero()[0, 0])
            self.first_nonfinite = offset + trial
            flat = int((~torch.isfinite(d[trial])).nonzero()[0, 0])
            self.first_nonfinite_index = unravel(flat, self.element_shape)

@dataclass
class PrecisionTally:
    """The closed form's precision in a low dtype against autograd's in that dtype.

    Per trial, both are measured against the float64 reference on the same inputs:
    ``bits lost = log2(max(e_derived, floor) / max(e_autograd, floor))`` with ``e`` the
    largest absolute error and ``floor = eps x the trial's scale`` (errors below the dtype's
    own resolution are not told apart). Trials where autograd's low-dtype gradient is not
    finite, or that carry no information, give no precision evidence.
    """

    dtype: torch.dtype
    trials: int = 0
    imprecise: int = 0
    unstable: int = 0
    first_unstable: int | None = None
    worst_bits: float = -math.inf
    worst_trial: int | None = None
    bits: list[Tensor] = field(default_factory=list)

    def fold(self, derived: Tensor, baseline: Tensor, reference: Tensor, trial_scale: Tensor,
             evidential: Tensor, offset: int) -> None:
        """Fold in one chunk: (trials, *shape) tensors."""
        trials = reference.shape[0]
        r = reference.detach().to(torch.float64).reshape(trials, -1)
        if not r.shape[1]:
            return
        e_d = _largest_error(derived, r)
        e_a = _largest_error(baseline, r)
        evidence = evidential & torch.isfinite(r.abs().amax(1)) & _resolved(e_a, trial_scale)
        self.trials += int(evidence.sum())
        unstable = evidence & ~torch.isfinite(e_d)
        self.unstable += int(unstable.sum())
        if unstable.any() and self.first_unstable is None:
            self.first_unstable = offset + int(unstable.nonzero()[0, 0])
        eps = torch.finfo(self.dtype).eps
        floor = (eps * trial_scale).clamp_min(torch.finfo(torch.float64).tiny)
        measured = evidence & torch.isfinite(e_d)
        bits = torch.log2(torch.maximum(e_d, floor) / torch.maximum(e_a, floor))[measured]
        self.bits.append(bits.float().cpu())
        self.imprecise += int((bits > PRECISION_BITS).sum())
        if bits.numel() and float(bits.max()) > self.worst_bits:
            self.worst_bits = float(bits.max())
            self.worst_trial = offset + int(measured.nonzero()[int(bits.argmax()), 0])

    def absorb(self, figures: Sequence[float], bits: Tensor | None, offset: int) -> None:
        """Fold in a chunk from its figures read back (see ``precision_figures``): the same
        as ``fold`` (its ``bits``, when given here, on the CPU: chunks' bits may be kept
        together)."""
        f = dict(zip(PRECISION_FIELDS, figures, strict=True))
        self.trials += int(f["evidence"])
        self.unstable += int(f["unstable"])
        if f["unstable"] and self.first_unstable is None:
            self.first_unstable = offset + int(f["first_unstable"])
        if bits is not None:
            self.bits.append(bits.cpu())
        self.imprecise += int(f["imprecise"])
        if f["measured"] and f["worst_bits"] > self.worst_bits:
            self.worst_bits = f["worst_bits"]
            self.worst_trial = offset + int(f["worst_trial"])

    @property
    def median_bits(self) -> float | None:
        """The median of the bits lost over every measured trial (chunks folded by
        ``absorb`` hold NaN where a trial was not measured)."""
        every = torch.cat(self.bits) if self.bits else torch.zeros(0)
        median = float(every.nanmedian()) if every.numel() else math.nan
        return None if math.isnan(median) else median

    @property
    def failed(self) -> bool:
        """NaN/Inf where autograd is finite, or imprecise in more than PRECISION_SHARE of
        the trials with precision evidence (at least three of them)."""
        return self.unstable > 0 or (self.imprecise >= 3
                                     and self.imprecise > PRECISION_SHARE * self.trials)


def _largest(values: Tensor) -> float:
    return float(values.max()) if values.numel() else 0.0


def _largest_error(values: Tensor, r: Tensor) -> Tensor:
    v = values.detach().to(device=r.device, dtype=torch.float64).reshape(r.shape)
    return torch.nan_to_num((v - r).abs(), nan=math.inf, posinf=math.inf).amax(1)


def _count_mismatched(diff: Tensor, allowed: Tensor, failed: Tensor) -> int:
    """Elements over their trial's allowance, counted in the failing trials only."""
    if not failed.any():
        return 0
    return int((diff[failed] > allowed[failed, None]).sum())


def _finite_rows(x: Tensor) -> Tensor:
    """Whether each row of ``x`` is all finite, in one pass: amax propagates NaN and Inf."""
    if not x.shape[1]:
        return torch.ones(x.shape[0], dtype=torch.bool, device=x.device)
    return torch.isfinite(x.abs().amax(1))


def unravel(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The index in ``shape`` of the ``flat``-th element (row-major)."""
    index = []
    for size in reversed(shape):
        if size == 0:
            return tuple(0 for _ in shape)
        flat, rest = divmod(flat, size)
        index.append(rest)
    return tuple(reversed(index))


def _short(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")
