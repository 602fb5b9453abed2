"""How far the verifier can be trusted: every catalogued mistake caught, no correct
derivation rejected.

Every mutant of the catalogue is applied to every built-in derivation it fits, checked in
each dtype and seed; a mutant is *killed* when the verdict is failed, and *classified* when
the diagnosis of the first wrong step names the mutant's actual cause (``transpose``,
``activation-derivative-of-input``; for a defect with no cause, such as a NaN, when it is a
kind the mutant allows). A pattern that names no cause ("some elements differ") never
counts as classified. Every correct derivation is checked over many trials; any verdict but
verified is a *false alarm*. The self-check passes when every mutant is killed and no
correct derivation is rejected; how often the cause is named is its figure of merit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from derivations import REGISTRY
from derivations.core import Derivation
from verify.engine import verify
from verify.exact import is_exact
from verify.mutants import CATALOGUE, Mutant, applies, mutate
from verify.report import FAILED, VERIFIED, DerivationReport

__all__ = ["MutantResult", "SelfCheck", "self_check"]


@dataclass(frozen=True)
class MutantResult:
    """One mutant of one derivation, in one dtype and seed."""

    mutant: str
    derivation: str
    dtype: str
    seed: int
    verdict: str
    kind: str | None
    allowed: tuple[str, ...]
    #: False where the mutant is no mistake in this dtype (a wider result): it must verify.
    expected: bool = True
    #: The cause the diagnosis named, and the mutant's actual causes (none: a defect).
    cause: str | None = None
    actual: tuple[str, ...] = ()

    @property
    def killed(self) -> bool:
        return self.verdict == FAILED

    @property
    def classified(self) -> bool:
        if not self.expected:
            return self.verdict == VERIFIED
        if not self.killed:
            return False
        return self.cause in self.actual if self.actual else self.kind in self.allowed


@dataclass(frozen=True)
class SelfCheck:
    """All mutant results and all checks of the correct derivations."""

    mutants: tuple[MutantResult, ...]
    correct: tuple[DerivationReport, ...]

    def kill_rate(self, dtype: str) -> float:
        results = [m for m in self.mutants if m.dtype == dtype and m.expected]
        return sum(m.killed for m in results) / max(1, len(results))

    @property
    def false_alarms(self) -> tuple[DerivationReport, ...]:
        return tuple(r for r in self.correct if r.verdict != VERIFIED)

    @property
    def misclassified(self) -> tuple[MutantResult, ...]:
        return tuple(m for m in self.mutants if (m.killed or not m.expected)
                     and not m.classified)

    @property
    def ok(self) -> bool:
        """Every mutant killed (or, where it is no mistake, verified) and no false alarm."""
        return (bool(self.mutants) and not self.false_alarms and bool(self.correct)
                and all(m.killed if m.expected else m.verdict == VERIFIED
                        for m in self.mutants))

    def _repr_html_(self) -> str:
        from verify.notebook import self_check_html
        return self_check_html(self)

    def summary(self) -> list[str]:
        dtypes = list(dict.fromkeys(m.dtype for m in self.mutants))
        lines = [f"kill rate {d}: {self.kill_rate(d):.0%} "
                 f"({sum(m.killed for m in self.mutants if m.dtype == d and m.expected)} of "
                 f"{sum(m.dtype == d and m.expected for m in self.mutants)} mutants)"
                 for d in dtypes]
        drawn = [r for r in self.correct if not is_exact(r)]
        trials = min((r.trials for r in drawn), default=0)
        exact = len(self.correct) - len(drawn)
        lines.append(f"false alarms: {len(self.false_alarms)} of {len(self.correct)} correct "
                     f"checks ({trials} trials each"
                     + (f"; {exact} on the book's numbers, checked once" if exact else "")
                     + ")")
        killed = [m for m in self.mutants if m.killed]
        named = sum(m.classified for m in killed)
        lines.append(f"cause named: {named} of {len(killed)} killed mutants "
                     f"({named / max(1, len(killed)):.0%})")
        return lines


def self_check(*, seeds: Iterable[int] = (0, 1, 2), dtypes: Iterable[str] = ("float64",
               "float32"), mutant_trials: int = 100, correct_trials: int = 1000,
               derivations: Iterable[Derivation] | None = None,
               mutants: Iterable[Mutant] = CATALOGUE,
               progress: Callable[[int, int], None] | None = None) -> SelfCheck:
    """Run the catalogue against the built-ins (or ``derivations``) and the built-ins alone.

    Args:
        seeds: input seeds for every mutant check.
        dtypes: dtypes for every check.
        mutant_trials: trials per mutant check.
        correct_trials: trials per check of a correct derivation.
        derivations: what to mutate and check (default: every built-in).
        mutants: the mistakes to make (default: the whole catalogue).
        progress: called with (checks done, checks in all).

    Returns:
        The SelfCheck; ``ok`` when every mutant is killed and classified and no correct
        derivation is rejected.
    """
    derivations, dtypes, seeds = list(derivations or REGISTRY.values()), list(dtypes), list(seeds)
    pairs = [(m, d) for m in mutants for d in derivations if applies(d, m)]
    total, done = (len(pairs) * len(seeds) + len(derivations)) * len(dtypes), 0
    results = []
    for mutant, derivation in pairs:
        wrong = mutate(derivation, mutant)
        for dtype in dtypes:
            for seed in seeds:
                # the built-ins' code is the library's own: no line of it is traced,
                # so the diagnosis is read from the whole gradient alone
                report = verify(wrong, trials=mutant_trials, seed=seed, dtype=dtype,
                                shrink=False, explain=False)
                step = report.first_wrong_step
                diagnosis = step.diagnosis if step is not None else None
                expected = mutant.caught_in is None or dtype in mutant.caught_in
                results.append(MutantResult(
                    mutant.name, derivation.name, dtype, seed, report.verdict,
                    diagnosis.kind if diagnosis else None, mutant.kinds, expected,
                    diagnosis.cause if diagnosis else None, mutant.causes))
                done += 1
                if progress is not None:
                    progress(done, total)
    correct = []
    for derivation in derivations:
        for dtype in dtypes:
            correct.append(verify(derivation, trials=correct_trials, seed=0, dtype=dtype,
                                  shrink=False))
            done += 1
            if progress is not None:
                progress(done, total)
    return SelfCheck(tuple(results), tuple(correct))
