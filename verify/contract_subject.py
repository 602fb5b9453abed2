"""What the contract items of a Function examine: a few draws of its arguments, its
forward and backward run on them, the reference's gradients, and how close is close.

Everything here runs in float64 (correctness is decided there), on the check's device, on
the first ``CONTRACT_TRIALS`` draws of the check's seed: the same inputs as the first
trials of the values check.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import torch
from torch import Tensor

from derivations.core import Derivation
from verify.compare import EVIDENCE_FLOOR
from verify.contract_report import NOT_CHECKED, UNSUPPORTED, ItemReport
from verify.custom import FunctionSpec, numeric_gradient
from verify.numeric import NUMERIC_TOLERANCE
from verify.report import FAILED, VERIFIED
from verify.sample import sample_trials

__all__ = ["CONTRACT_TRIALS", "REFERENCE_RTOL", "SAME_RTOL", "Broken", "NotApplicable",
           "Subject", "Tolerance", "Unsupported", "contract_item", "expected_gradients", "gap",
           "subject_of"]

#: Draws of the arguments each item is checked on.
CONTRACT_TRIALS = 3
#: Agreement asked of the Function with autograd of its reference, in float64: far above
#: rounding (1e-16 per operation), far below any real mistake.
REFERENCE_RTOL = 1e-9
#: Agreement asked of the Function with itself (run again, on another memory layout):
#: room for a reduction summed in another order, nothing more.
SAME_RTOL = 1e-12


class Broken(Exception):
    """An item fails: ``Broken(diagnosis, evidence="")``."""


class Unsupported(Exception):
    """The Function does not support what the item checks: information, not a failure."""


class NotApplicable(Exception):
    """The item does not apply to this Function (or needs what was not given)."""


Check = Callable[["Subject"], "str | ItemReport"]


def contract_item(name: str, title: str) -> Callable[[Check], Callable[[Subject], ItemReport]]:
    """Makes an item of a check that returns its evidence when the item holds, and raises
    Broken, Unsupported or NotApplicable otherwise."""
    def wrap(check: Check) -> Callable[[Subject], ItemReport]:
        def item(subject: Subject) -> ItemReport:
            try:
                found = check(subject)
            except Broken as broken:
                evidence = broken.args[1] if len(broken.args) > 1 else ""
                return ItemReport(name, title, FAILED, evidence, str(broken.args[0]))
            except Unsupported as reason:
                return ItemReport(name, title, UNSUPPORTED, str(reason))
            except NotApplicable as reason:
                return ItemReport(name, title, NOT_CHECKED, str(reason))
            return found if isinstance(found, ItemReport) else \
                ItemReport(name, title, VERIFIED, found)
        item.__name__, item.__doc__ = check.__name__, check.__doc__
        item.name = name  # type: ignore[attr-defined]
        item.title = title  # type: ignore[attr-defined]
        return item
    return wrap


@dataclass(frozen=True)
class Tolerance:
    """``max |derived - expected| <= atol + rtol x max |expected|``."""

    rtol: float
    atol: float = 0.0

    def accepts(self, derived: Tensor | None, expected: Tensor) -> bool:
        return gap(derived, expected) <= self.atol / _scale(expected) + self.rtol


def gap(derived: Tensor | None, expected: Tensor) -> float:
    """max |derived - expected| / max |expected| (None counts as zeros; another shape, or a
    value that is not finite where expected is, is infinitely far)."""
    if derived is None:
        derived = torch.zeros_like(expected)
    if not isinstance(derived, Tensor) or derived.shape != expected.shape:
        return float("inf")
    difference = (derived.detach().to(expected.dtype) - expected.detach()).abs()
    worst = float(torch.nan_to_num(difference, nan=float("inf")).max()) if difference.numel() \
        else 0.0
    return worst / _scale(expected)


def _scale(expected: Tensor) -> float:
    return max(float(expected.detach().abs().max()) if expected.numel() else 0.0, EVIDENCE_FLOOR)


@dataclass
class Subject:
    """A Function, the draws its items are checked on, and the tolerance against its
    reference (autograd of the reference forward, or finite differences)."""

    spec: FunctionSpec
    cases: list[dict[str, Tensor]]
    tolerance: Tolerance
    seed: int = 0
    #: More draws, for the imaginary parts of complex inputs.
    spare: list[dict[str, Tensor]] = field(default_factory=list)

    @property
    def against(self) -> str:
        reference = self.spec.reference
        return ("autograd of " + getattr(reference, "__name__", "the reference")
                if reference is not None else "finite differences")

    @property
    def device(self) -> torch.device:
        return next(iter(self.cases[0].values())).device

    def leaves(self, case: Mapping[str, Tensor], requires: Collection[str] | None = None
               ) -> dict[str, Tensor]:
        """Fresh copies of a draw's tensor arguments, those in ``requires`` (default: wrt)
        requiring grad."""
        requires = self.spec.wrt if requires is None else requires
        return {n: case[n].detach().clone().requires_grad_(n in requires)
                for n in self.spec.tensors}

    def douts(self, case: Mapping[str, Tensor]) -> list[Tensor]:
        return [case[d].clone() for d in self.spec.douts]

    def derived(self, case: Mapping[str, Tensor], requires: Sequence[str] | None = None,
                douts: Sequence[Tensor | None] | None = None, **options: object
                ) -> dict[str, Tensor | None]:
        """The Function's gradients of ``requires`` (default: wrt) on one draw."""
        requires = tuple(self.spec.wrt if requires is None else requires)
        leaves = self.leaves(case, requires)
        with torch.enable_grad():
            outputs = self.spec.apply(leaves)
            grads = self.spec.backward(outputs, [leaves[n] for n in requires],
                                       self.douts(case) if douts is None else douts, **options)
        return dict(zip(requires, grads, strict=True))

    def generator(self, t: int) -> torch.Generator:
        """A generator for the random directions of draw ``t``: the same for the same seed."""
        return torch.Generator().manual_seed(self.seed * 1009 + t)

    def random_like(self, x: Tensor, t: int) -> Tensor:
        return torch.randn(x.shape, generator=self.generator(t), dtype=torch.float64
                           ).to(x.device, x.dtype if x.is_floating_point() else torch.float64)


def expected_gradients(spec: FunctionSpec, tensors: Mapping[str, Tensor]) -> dict[str, Tensor]:
    """dE/dx for every x in wrt, E = sum_k sum(dout_k * y_k): autograd of the reference, or
    central differences of the Function's forward."""
    if spec.reference is None:
        return {n: numeric_gradient(spec, tensors, n) for n in spec.wrt}
    with torch.enable_grad():
        leaves = {**tensors, **{n: tensors[n].detach().requires_grad_() for n in spec.wrt}}
        energy = spec.energy(spec.reference_outputs(leaves), leaves)
        grads = torch.autograd.grad(energy, [leaves[n] for n in spec.wrt], allow_unused=True)
    return {n: torch.zeros_like(tensors[n]) if g is None else g.detach()
            for n, g in zip(spec.wrt, grads, strict=True)}


def subject_of(derivation: Derivation, spec: FunctionSpec, *, seed: int,
               device: torch.device | str, rtol: float | None = None,
               atol: float | None = None) -> Subject:
    """The first CONTRACT_TRIALS draws of ``derivation``'s inputs for ``seed``, in float64."""
    drawn = sample_trials(derivation, 0, 2 * CONTRACT_TRIALS, seed, dtype=torch.float64,
                          device=device)
    cases = [{n: v[t] for n, v in drawn.items()} for t in range(2 * CONTRACT_TRIALS)]
    if rtol is not None:
        tolerance = Tolerance(rtol, atol or 0.0)
    else:
        tolerance = Tolerance(REFERENCE_RTOL if spec.reference else NUMERIC_TOLERANCE)
    return Subject(spec, cases[:CONTRACT_TRIALS], tolerance, seed, cases[CONTRACT_TRIALS:])
