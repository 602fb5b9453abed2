"""What a verification found, as plain data: rendered by the CLI, written as JSON, asserted."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from verify.compare import Worst
from verify.diagnose import Diagnosis

__all__ = ["ERROR", "FAILED", "INCONCLUSIVE", "VERDICTS", "VERIFIED",
           "DerivationReport", "Report", "StepReport"]

VERIFIED = "verified"
FAILED = "failed"
ERROR = "error"
INCONCLUSIVE = "inconclusive"
VERDICTS = (VERIFIED, FAILED, ERROR, INCONCLUSIVE)


@dataclass(frozen=True)
class StepReport:
    """One step of one derivation: d(loss)/d(``of``), derived vs autograd over all trials."""

    step: str
    of: str
    is_param: bool
    formula: str
    verdict: str
    trials: int
    evidential: int
    failed_trials: int
    mismatched: int
    elements: int
    max_abs_error: float
    max_rel_error: float
    tolerance: float
    worst: Worst | None = None
    diagnosis: Diagnosis | None = None


@dataclass(frozen=True)
class DerivationReport:
    """One derivation checked in one dtype on one device."""

    name: str
    title: str
    source: str
    dtype: str
    device: str
    trials: int
    seed: int
    mode: str
    tolerance_rule: str
    steps: tuple[StepReport, ...] = ()
    error: str | None = None
    precision: dict[str, Any] = field(default_factory=dict)
    rerun_command: str | None = None  # how to repeat a check that is not a built-in

    @property
    def verdict(self) -> str:
        """error if it could not run, failed if any step failed, inconclusive, else verified."""
        if self.error is not None:
            return ERROR
        verdicts = {s.verdict for s in self.steps}
        for verdict in (FAILED, INCONCLUSIVE):
            if verdict in verdicts:
                return verdict
        return VERIFIED

    @property
    def ok(self) -> bool:
        return self.verdict == VERIFIED

    @property
    def params(self) -> tuple[StepReport, ...]:
        """The steps that are gradients of inputs: what the derivation delivers."""
        return tuple(s for s in self.steps if s.is_param)

    @property
    def first_wrong_step(self) -> StepReport | None:
        """The earliest step, in reading order, that does not match autograd."""
        return next((s for s in self.steps if s.verdict == FAILED), None)

    def rerun(self) -> str:
        """The command that repeats exactly this check."""
        if self.rerun_command is not None:
            return self.rerun_command
        return (f"verify-grads {self.name} --seed {self.seed} --trials {self.trials} "
                f"--dtype {self.dtype} --device {self.device}")

    def explain_failure(self) -> str:
        """The mismatch message: where, how much, both values, why, and how to re-run."""
        if self.error is not None:
            return f"{self.name}: error ({self.dtype}, {self.device}): {self.error}"
        step = self.first_wrong_step
        if step is None:
            return f"{self.name}: {self.verdict}"
        lines = [f"{self.name}: {step.step} does not match autograd "
                 f"({self.dtype}, {self.trials} trials, seed {self.seed})"]
        wrong_params = [s.of for s in self.params if s.verdict == FAILED]
        if not step.is_param or len(wrong_params) > 1:
            lines.append(f"First wrong step: {step.step}   ({step.formula}); "
                         f"wrong parameters: {', '.join(wrong_params) or 'none'}")
        if step.worst is not None and step.elements:
            w = step.worst
            index = ", ".join(map(str, w.index))
            lines += [
                f"Mismatched elements: {step.mismatched} / {step.elements} "
                f"in {step.failed_trials} / {step.trials} trials",
                f"Greatest difference {abs(w.derived - w.autograd):.4g} at trial {w.trial}, "
                f"index ({index}) (relative {w.error:.3g}, allowed {step.tolerance:.2g})",
                f"  derived  {step.step}[{index}] = {w.derived:.6g}",
                f"  autograd {step.step}[{index}] = {w.autograd:.6g}",
            ]
        if step.diagnosis is not None:
            lines.append(f"Diagnosis: {step.diagnosis.message}")
        lines.append(f"Re-run: {self.rerun()}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = self.verdict
        data["first_wrong_step"] = getattr(self.first_wrong_step, "step", None)
        return data


@dataclass(frozen=True)
class Report:
    """Every derivation checked in one run."""

    results: tuple[DerivationReport, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {v: sum(r.verdict == v for r in self.results) for v in VERDICTS}

    @property
    def ok(self) -> bool:
        """True only when something was checked and every check verified."""
        return bool(self.results) and all(r.ok for r in self.results)

    def summary(self) -> str:
        counts = self.counts
        return (f"{len(self.results)} checks: {counts[VERIFIED]} verified, {counts[FAILED]} "
                f"failed, {counts[ERROR]} errors, {counts[INCONCLUSIVE]} inconclusive")

    def __str__(self) -> str:
        failures = [r.explain_failure() for r in self.results if not r.ok]
        return "\n\n".join([*failures, self.summary()])

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "counts": self.counts,
                "results": [r.to_dict() for r in self.results]}
