"""What a verification found, as plain data: rendered by the CLI, written as JSON, asserted."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from verify import messages as say
from verify.compare import Worst
from verify.diagnose import Diagnosis
from verify.numeric import NumericCheck

__all__ = ["ERROR", "FAILED", "INCONCLUSIVE", "VERDICTS", "VERIFIED", "Counterexample",
           "DerivationReport", "Line", "Origin", "Precision", "Report", "StepReport"]

VERIFIED = "verified"
FAILED = "failed"
ERROR = "error"
INCONCLUSIVE = "inconclusive"
VERDICTS = (VERIFIED, FAILED, ERROR, INCONCLUSIVE)


@dataclass(frozen=True)
class Precision:
    """A step's precision in a low dtype: bits the closed form loses against autograd's own
    error in that dtype, over the trials with precision evidence (median and worst)."""

    dtype: str
    trials: int
    median_bits: float | None
    worst_bits: float | None
    worst_trial: int | None
    imprecise: int
    unstable: int

    def describe(self) -> str:
        """``"0.1 / 3.2"``: median / worst bits lost, or ``"-"`` without evidence. Fewer
        bits lost than autograd's own (a closed form that computes in float64) show as 0."""
        if self.median_bits is None or self.worst_bits is None:
            return "-"
        return f"{max(0.0, self.median_bits):.1f} / {max(0.0, self.worst_bits):.1f}"

    def to_dict(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "trials": self.trials, "median_bits": self.median_bits,
                "worst_bits": self.worst_bits, "worst_trial": self.worst_trial,
                "imprecise_trials": self.imprecise, "unstable_trials": self.unstable}


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
    first_failing: tuple[int, ...] = ()
    numeric: NumericCheck | None = None
    kinks: int = 0
    precision: Precision | None = None
    notes: tuple[str, ...] = ()
    #: c when derived = c x autograd in every failing trial.
    factor: float | None = None

    def __repr__(self) -> str:
        return (f"<StepReport {self.step}: {self.verdict}, worst rel err "
                f"{self.max_rel_error:.1e} in {self.trials} trials>")

    def to_dict(self) -> dict[str, Any]:
        """The step as JSON data (see ``verify/report.schema.json``)."""
        worst, diagnosis, numeric = self.worst, self.diagnosis, self.numeric
        return {
            "step": self.step, "of": self.of, "is_param": self.is_param,
            "formula": self.formula, "verdict": self.verdict, "trials": self.trials,
            "evidential_trials": self.evidential, "failed_trials": self.failed_trials,
            "mismatched_elements": self.mismatched, "elements": self.elements,
            "max_abs_error": self.max_abs_error, "max_rel_error": self.max_rel_error,
            "tolerance": self.tolerance,
            "worst": None if worst is None else {
                "trial": worst.trial, "index": list(worst.index), "derived": worst.derived,
                "autograd": worst.autograd, "rel_error": worst.error, "allowed": worst.allowed},
            "diagnosis": None if diagnosis is None else {
                "kind": diagnosis.kind, "cause": diagnosis.cause, "proven": diagnosis.proven,
                "message": diagnosis.message},
            "first_failing_trials": list(self.first_failing),
            "finite_differences": None if numeric is None else {
                "trials": numeric.trials, "derived_error": numeric.derived_error,
                "autograd_error": numeric.autograd_error},
            "kink_trials": self.kinks,
            "precision": None if self.precision is None else self.precision.to_dict(),
            "factor": self.factor, "notes": list(self.notes)}


@dataclass(frozen=True)
class Counterexample:
    """The smallest failing case found: its sizes, its first failing trial, and the sizes
    at which the derivation passed on the way down."""

    sizes: dict[str, int]
    trial: int
    elements: int
    passes_at: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def describe(self) -> str:
        return say.report_smallest_case(self.sizes, self.trial, self.elements, self.passes_at)

    def to_dict(self) -> dict[str, Any]:
        return {"sizes": dict(self.sizes), "trial": self.trial, "elements": self.elements,
                "passes_at": {k: list(v) for k, v in self.passes_at.items()}}


class Line(NamedTuple):
    """A line of the user's code: where it is, what it says, and what it should compute."""

    file: str
    line: int
    code: str
    says: str

    @classmethod
    def parse(cls, text: str) -> Line | None:
        """``"f.py:16: return x\\n  computes -1 x dL/dw"`` (``verify.locate``'s form)."""
        first, _, rest = text.partition("\n")
        match = _LOCATION.match(first)
        if match is None:
            return None
        return cls(match["file"], int(match["line"]), match["code"], rest.strip())


_LOCATION = re.compile(r"(?P<file>.+?):(?P<line>\d+): (?P<code>.*)")



@dataclass(frozen=True)
class Origin:
    """Where a checked derivation came from, which says how to repeat its check: a
    built-in (``verify-grads NAME``), a call of ``verify`` or ``check`` in Python, or a
    user's file (``verify-grads check TARGET``), with the tolerance given, if one was."""

    BUILTIN = "builtin"
    VERIFY = "verify"
    CHECK = "check"
    FILE = "file"

    kind: str = BUILTIN
    #: For a file: ``path.py:name``, or the path alone when the file could not be read.
    target: str = ""
    rtol: float | None = None
    atol: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in (self.BUILTIN, self.VERIFY, self.CHECK, self.FILE):
            raise ValueError(f"unknown origin {self.kind!r}")

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
    sizes: dict[str, int] = field(default_factory=dict)  # those given, beyond the defaults
    warnings: tuple[str, ...] = ()
    #: What the trials covered: input scales and sizes, in words.
    coverage: tuple[str, ...] = ()
    counterexample: Counterexample | None = None
    #: The first line of the user's gradient code that computes a wrong value, and what it
    #: should have computed (for gradients made by ``verify.derivation``).
    first_wrong_line: str | None = None
    #: Where the derivation came from, to repeat its check.
    origin: Origin = field(default_factory=lambda: Origin())

    @classmethod
    def could_not_run(cls, name: str, error: str, *, dtype: str, device: str, trials: int,
                      seed: int, source: str = "", title: str = "") -> DerivationReport:
        """The report of a derivation that never produced a verdict (it raised, exited or
        timed out): verdict ``error``, with ``error`` as its one-line reason."""
        return cls(name=name, title=title or name, source=source, dtype=dtype, device=device,
                   trials=trials, seed=seed, mode="-", tolerance_rule="-", error=error)

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
    def notes(self) -> tuple[str, ...]:
        """Warnings and every step's notes: what to know although nothing failed. A note
        that several steps have alike is said once, naming them all (``dW, db: ...``)."""
        named: dict[str, list[str]] = {}  # what is said, to the steps it is said of
        for s in self.steps:
            for n in s.notes:
                said = n.removeprefix(f"{s.step}: ")
                named.setdefault(said, [])
                if said != n and s.step not in named[said]:
                    named[said].append(s.step)
        return (*self.warnings, *(f"{', '.join(names)}: {said}" if names else said
                                  for said, names in named.items()))

    @property
    def params(self) -> tuple[StepReport, ...]:
        """The steps that are gradients of inputs: what the derivation delivers."""
        return tuple(s for s in self.steps if s.is_param)

    @property
    def first_wrong_step(self) -> StepReport | None:
        """The earliest step, in reading order, that does not match autograd."""
        return next((s for s in self.steps if s.verdict == FAILED), None)

    @property
    def located(self) -> Line | None:
        """The first wrong line as data (file, line, code, what it should compute)."""
        return None if self.first_wrong_line is None else Line.parse(self.first_wrong_line)

    def headline(self) -> str:
        """One line: ``"mlp (float64): failed at delta_j (activation-derivative)"``."""
        where = f"{self.name} ({self.dtype})"
        if self.error is not None:
            return f"{where}: error: {self.error}"
        step = self.first_wrong_step
        if step is None:
            return f"{where}: {self.verdict}"
        kind = f" ({step.diagnosis.cause or step.diagnosis.kind})" if step.diagnosis else ""
        return f"{where}: failed at {step.step}{kind}"

    def __repr__(self) -> str:
        return f"<DerivationReport {self.headline()}, {self.trials} trials, seed {self.seed}>"

    def __rich__(self) -> Any:
        from verify.render import derivation_view
        return derivation_view(self)

    def _repr_html_(self) -> str:
        from verify.notebook import derivation_html
        return derivation_html(self)

    def rerun(self, trials: int | None = None, sizes: dict[str, int] | None = None) -> str:
        """The command that repeats exactly this check (or its first ``trials`` trials, at
        other ``sizes``)."""
        trials, sizes = trials or self.trials, self.sizes if sizes is None else sizes
        origin = self.origin
        if origin.kind in (Origin.VERIFY, Origin.CHECK):
            given = f", sizes={sizes!r}" if sizes else ""
            tolerance = "" if origin.rtol is None else \
                f", rtol={origin.rtol!r}, atol={origin.atol!r}"
            return (f"{origin.kind}(..., trials={trials}, seed={self.seed}, "
                    f"dtype={self.dtype!r}, device={self.device!r}{given}{tolerance})")
        given = ["--sizes", ",".join(f"{k}={v}" for k, v in sizes.items())] if sizes else []
        tolerance = [] if origin.rtol is None else \
            ["--rtol", f"{origin.rtol:g}", "--atol", f"{origin.atol:g}"]
        command = ["verify-grads", "check", origin.target] if origin.kind == Origin.FILE \
            else ["verify-grads", self.name]
        return shlex.join([*command, "--seed", str(self.seed), "--trials", str(trials),
                           "--dtype", self.dtype, "--device", self.device, *given, *tolerance])

    def counterexample_command(self) -> str | None:
        """The command that checks exactly the smallest failing case (its first trials)."""
        case = self.counterexample
        return None if case is None else self.rerun(trials=case.trial + 1, sizes=case.sizes)

    def explain_failure(self) -> str:
        """The mismatch message: where, how much, both values, why, and how to re-run."""
        if self.error is not None:
            return say.report_error(self.name, self.dtype, self.device, self.error)
        if self.verdict == INCONCLUSIVE:
            weak = [s for s in self.steps if s.verdict == INCONCLUSIVE]
            return say.inconclusive(self.name, self.dtype, ", ".join(
                f"{s.step} ({s.evidential} of {s.trials} trials evidential)" for s in weak))
        step = self.first_wrong_step
        if step is None:
            return f"{self.name}: {self.verdict}"
        narrower = getattr(step.diagnosis, "kind", None) == "dtype" and not step.failed_trials
        lines = [(say.report_narrower if narrower else say.report_mismatch)(
            self.name, step.step, self.dtype, self.trials, self.seed)]
        wrong_params = [s.of for s in self.params if s.verdict == FAILED]
        if not step.is_param or len(wrong_params) > 1:
            lines.append(say.report_first_step(step.step, step.formula, wrong_params))
        unstable = getattr(step.diagnosis, "kind", None) == "unstable"
        if step.worst is not None and step.elements and not unstable:
            # (an unstable step passed in float64: its worst element there says nothing)
            w = step.worst
            index = ", ".join(map(str, w.index))
            if step.failed_trials:  # none where the step fails for its dtype or device
                lines.append(say.report_mismatched(step.mismatched, step.elements,
                                                   step.failed_trials, step.trials))
            lines += [say.report_worst(w.error, step.tolerance, w.trial, index,
                                       step.max_abs_error),
                      *say.report_values(step.step, index, w.derived, w.autograd)]
        if step.diagnosis is not None:
            lines.append(f"Diagnosis: {step.diagnosis.message}")
        if self.first_wrong_line is not None:
            lines.append(f"First wrong line: {self.first_wrong_line}")
        if self.dtype != "float64" and not unstable:
            lines.append(say.report_decided_in_float64(self.dtype))
        if step.numeric is not None:
            lines.append(say.report_finite_differences(step.numeric.trials,
                                                       step.numeric.derived_error,
                                                       step.numeric.autograd_error))
        lines += [f"Note: {n}" for n in self.notes]
        lines += [f"Checked: {c}" for c in self.coverage]
        if self.counterexample is not None:
            lines += [self.counterexample.describe(), f"  {self.counterexample_command()}"]
        lines.append(f"Re-run: {self.rerun()}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The check as JSON data (see ``verify/report.schema.json``)."""
        located, case = self.located, self.counterexample
        return {
            "name": self.name, "title": self.title, "source": self.source,
            "dtype": self.dtype, "device": self.device, "trials": self.trials,
            "seed": self.seed, "mode": self.mode, "tolerance_rule": self.tolerance_rule,
            "verdict": self.verdict, "ok": self.ok, "error": self.error,
            "sizes": dict(self.sizes), "math_settings": dict(self.precision),
            "warnings": list(self.warnings), "coverage": list(self.coverage),
            "first_wrong_step": getattr(self.first_wrong_step, "step", None),
            "first_wrong_line": None if located is None else located._asdict(),
            "counterexample": None if case is None else {
                **case.to_dict(), "command": self.counterexample_command()},
            "rerun": self.rerun(),
            "message": None if self.ok else self.explain_failure(),
            "steps": [step.to_dict() for step in self.steps]}


@dataclass(frozen=True)
class Report:
    """Every derivation checked in one run."""

    results: tuple[DerivationReport, ...]
    #: True when the run was cut short (Ctrl-C): ``results`` holds what finished.
    incomplete: bool = False
    #: Errors inside verify-grads itself, (type name, message) once each: the checks they
    #: stopped are errors in ``results``, and the other checks still ran.
    internal: tuple[tuple[str, str], ...] = ()

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

    def __repr__(self) -> str:
        first = next((r.headline() for r in self.results if not r.ok), None)
        more = f"; first: {first}" if first else ""
        cut = ", incomplete" if self.incomplete else ""
        return f"<Report {self.summary()}{cut}{more}>"

    def __rich__(self) -> Any:
        from verify.render import report_view
        return report_view(self)

    def _repr_html_(self) -> str:
        from verify.notebook import report_html
        return report_html(self)

    def to_dict(self) -> dict[str, Any]:
        """The run's outcome as JSON data: ``verify.jsonreport.document`` adds versions and
        settings."""
        return {"ok": self.ok and not self.incomplete, "incomplete": self.incomplete,
                "internal_errors": [{"kind": k, "message": m} for k, m in self.internal],
                "counts": self.counts, "summary": self.summary(),
                "results": [r.to_dict() for r in self.results]}
