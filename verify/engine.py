"""The verifier's pipeline: validate, sample, closed form, autograd, compare, diagnose, report."""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor

from derivations import REGISTRY
from derivations.core import Derivation
from verify.compare import EVIDENCE_FLOOR, Tally, tolerance_rule
from verify.diagnose import diagnose, factor_values, reference_disagrees
from verify.errors import DerivationError, UsageError
from verify.numeric import NUMERIC_TRIALS, NumericCheck, numeric_check, numeric_gradients
from verify.oracle import autograd_gradients
from verify.report import FAILED, INCONCLUSIVE, VERIFIED, DerivationReport, Report, StepReport
from verify.sample import block_trials, sample_trials, trial_elements
from verify.trials import PER_TRIAL, VECTORISED, map_trials

__all__ = ["DTYPES", "chunk_trials", "resolve_device", "resolve_dtype", "resolve_tolerance",
           "verify", "verify_all"]

DTYPES = {"float64": torch.float64, "float32": torch.float32,
          "float16": torch.float16, "bfloat16": torch.bfloat16}
#: Elements (of all inputs, times a margin for intermediates) held per chunk of trials.
CHUNK_ELEMENTS = 1 << 23
_INTERMEDIATES_MARGIN = 8
#: When evidence is short, up to this many times the trials are drawn again.
EXTRA_DRAWS = 3

Progress = Callable[[int], None]


def verify(derivation: Derivation, *, trials: int = 1000, seed: int = 0,
           dtype: str | torch.dtype = "float64", device: str | torch.device = "cpu",
           sizes: Mapping[str, int] | None = None, progress: Progress | None = None,
           rtol: float | None = None, atol: float | None = None, numeric: bool = False,
           shrink: bool = True) -> DerivationReport:
    """Check every step of ``derivation`` against torch.autograd on random inputs.

    Args:
        derivation: the loss, its closed form and its inputs.
        trials: how many random input draws to check.
        seed: seeds the input generator; the same seed gives the same report.
        dtype: float64, float32, float16 or bfloat16 (name or torch dtype).
        device: ``cpu``, ``cuda`` or ``cuda:N``.
        sizes: overrides of the derivation's size names (e.g. ``{"N": 1}``).
        progress: called with the number of trials finished after each chunk.
        rtol, atol: a tolerance of your own, both or neither: a trial passes when
            ``max |derived - autograd| <= atol + rtol x max |autograd|``.
        numeric: also judge both sides against central finite differences in float64
            (on the first NUMERIC_TRIALS trials).
        shrink: when the derivation fails, look for the smallest failing sizes and trial.

    When fewer than half of the trials are evidence (autograd's gradient ~0), up to
    ``EXTRA_DRAWS`` times as many trials again are drawn before the verdict is inconclusive.

    Returns:
        A DerivationReport; its ``verdict`` is verified, failed, error or inconclusive.

    Raises:
        UsageError: bad trials, dtype, device, sizes or tolerance.
    """
    dtype, device = resolve_dtype(dtype), resolve_device(device)
    tolerance = resolve_tolerance(rtol, atol)
    requested_sizes, sizes = sizes, _validate(derivation, trials, sizes)
    group = block_trials(derivation, sizes)  # low-dtype error scales: per block, as drawn
    candidates = factor_values(sizes)
    tallies = {s.name: Tally(dtype, tolerance, group=group, candidates=candidates)
               for s in derivation.steps}
    given = {k: sizes[k] for k in (requested_sizes or {})}
    builtin = REGISTRY.get(derivation.name) is derivation
    base = dict(name=derivation.name, title=derivation.title, source=derivation.source,
                dtype=_short(dtype), device=str(device), trials=trials, seed=seed,
                tolerance_rule=tolerance_rule(dtype, tolerance), sizes=given,
                rerun_with="" if builtin else "verify")
    run = _Run(modes=set(), warnings={}, numeric={} if numeric else None)
    with _exact_math(device) as precision:
        try:
            for offset, inputs in _chunks(derivation, trials, seed, dtype, device, sizes):
                _check_chunk(derivation, inputs, tallies, offset, run)
                if progress is not None:
                    progress(offset + next(iter(inputs.values())).shape[0])
            if _short_of_evidence(tallies, trials):
                for offset, inputs in _chunks(derivation, trials * (1 + EXTRA_DRAWS), seed,
                                              dtype, device, sizes, start=trials):
                    _check_chunk(derivation, inputs, tallies, offset, run)
                    if not _short_of_evidence(tallies, trials):
                        break
        except Exception as error:  # the user's code failed: report it, never crash the run
            return DerivationReport(**base, mode=_mode(run.modes), error=_one_line(error),
                                    precision=precision, warnings=tuple(run.warnings))
    steps = tuple(_step_report(derivation, s, tallies[s.name], sizes, trials, run.numeric)
                  for s in derivation.steps)
    report = DerivationReport(**base, mode=_mode(run.modes), steps=steps, precision=precision,
                              warnings=tuple(run.warnings))
    if shrink and report.verdict == FAILED:
        from verify.shrink import smallest_failure
        report = dataclasses.replace(report, counterexample=smallest_failure(
            derivation, report, sizes=sizes, dtype=dtype, device=device, rtol=rtol, atol=atol))
    return report


@dataclass
class _Run:
    """What a run collects besides the tallies: modes used, warnings, finite differences."""

    modes: set[str]
    warnings: dict[str, None]
    numeric: dict[str, NumericCheck] | None


def _short_of_evidence(tallies: Mapping[str, Tally], trials: int) -> bool:
    """No step has failed, and some step has too few evidential trials for a verdict."""
    return (all(t.failed_trials == 0 and not t.missing for t in tallies.values())
            and any(t.evidential < _enough(trials) for t in tallies.values()))


def verify_all(derivations: Iterable[Derivation], *, dtypes: Iterable[str | torch.dtype] = (
               "float64", "float32"), progress: Progress | None = None, **options: Any) -> Report:
    """``verify`` for every derivation in every dtype, as one Report."""
    dtypes = [resolve_dtype(d) for d in dtypes]
    return Report(tuple(verify(d, dtype=t, progress=progress, **options)
                        for d in derivations for t in dtypes))


def _check_chunk(derivation: Derivation, inputs: dict[str, Tensor], tallies: dict[str, Tally],
                 offset: int, run: _Run) -> None:
    """Closed form, autograd (in float64, and in the low dtype for its own error), compare;
    on the first chunk, finite differences when asked for."""
    wrt = list(dict.fromkeys(s.of for s in derivation.steps))
    derived, mode, changed = _closed_form(derivation, inputs)
    run.modes.add(mode)
    for name in changed:
        run.warnings[f"the closed form changed its input {name!r} in place; it was given its "
                     "own copy, so autograd's reference and the verdict are unaffected"] = None
    low = next(v for v in inputs.values() if v.is_floating_point()).dtype
    if low == torch.float64:
        reference, mode = autograd_gradients(derivation, inputs, wrt)
        baseline = None
    else:
        exact = {n: v.double() if v.is_floating_point() else v for n, v in inputs.items()}
        reference, mode = autograd_gradients(derivation, exact, wrt)
        baseline, _ = autograd_gradients(derivation, inputs, wrt, mode=mode)
    run.modes.add(mode)
    if run.numeric is not None and offset == 0:
        _numeric(derivation, inputs, derived, reference, wrt, run.numeric)
    for step in derivation.steps:
        tally = tallies[step.name]
        if step.name not in derived:
            tally.missing = True
            continue
        tally.update(_as_tensor(derived[step.name]), reference[step.of],
                     None if baseline is None else baseline[step.of], offset)


def _closed_form(derivation: Derivation, inputs: dict[str, Tensor]) -> tuple[dict[str, Any], str]:
    """The derivation's gradient for every trial, on copies of the inputs, without autograd."""
    def one_trial(args: dict[str, Tensor]) -> dict[str, Any]:
        result = derivation.gradient(**args)
        if not isinstance(result, Mapping):
            raise DerivationError(f"the closed form must return a dict of step name -> "
                                  f"gradient, not {type(result).__name__}")
        return dict(result)

    copies = {n: v.clone() for n, v in inputs.items()}
    with torch.no_grad():
        derived, mode = map_trials(one_trial, copies)
    changed = [n for n, v in inputs.items() if not torch.equal(copies[n], v)]
    return derived, mode, changed


def _numeric(derivation: Derivation, inputs: dict[str, Tensor], derived: dict[str, Any],
             reference: dict[str, Tensor], wrt: list[str], checks: dict[str, NumericCheck]
             ) -> None:
    """Finite differences on the first trials, against both sides, for every step."""
    first = {n: v[:NUMERIC_TRIALS] for n, v in inputs.items()}
    differences = numeric_gradients(derivation, first, wrt)
    for step in derivation.steps:
        if step.name in derived:
            checks[step.name] = numeric_check(differences[step.of],
                                              _as_tensor(derived[step.name]), reference[step.of])


def _step_report(derivation: Derivation, step: Any, tally: Tally, sizes: Mapping[str, int],
                 trials: int, numeric: dict[str, NumericCheck] | None) -> StepReport:
    check = None if numeric is None else numeric.get(step.name)
    diagnosis = diagnose(tally, sizes)
    if check is not None and not check.autograd_agrees:
        diagnosis = reference_disagrees(check.derived_agrees)
    if diagnosis is not None:
        verdict = FAILED
    elif tally.evidential < _enough(trials):
        verdict = INCONCLUSIVE
    else:
        verdict = VERIFIED
    return StepReport(
        step=step.name, of=step.of, is_param=derivation.is_param_step(step),
        formula=step.formula, verdict=verdict, trials=tally.trials or trials,
        evidential=tally.evidential,
        failed_trials=tally.failed_trials if not tally.missing else trials,
        mismatched=tally.mismatched, elements=tally.elements,
        max_abs_error=tally.max_abs_error, max_rel_error=tally.max_rel_error,
        tolerance=tally.max_tolerance, worst=tally.worst, diagnosis=diagnosis,
        first_failing=tuple(tally.first_failing), numeric=check)


def _enough(trials: int) -> int:
    """Evidential trials needed for a verdict: half of them, at least one."""
    return max(1, trials // 2)


def chunk_trials(derivation: Derivation, trials: int, sizes: Mapping[str, int]) -> int:
    """Trials checked at once: whole sampling blocks whose inputs, times a margin for the
    intermediates, fit in CHUNK_ELEMENTS; at least one block, at most ``trials``."""
    block = block_trials(derivation, sizes)
    fit = CHUNK_ELEMENTS // (_INTERMEDIATES_MARGIN * trial_elements(derivation, sizes))
    return min(trials, max(1, fit // block) * block)


def _chunks(derivation: Derivation, trials: int, seed: int, dtype: torch.dtype,
            device: torch.device, sizes: Mapping[str, int], start: int = 0
            ) -> Iterator[tuple[int, dict[str, Tensor]]]:
    """The inputs of trials ``start`` to ``trials - 1``, a chunk at a time."""
    if trials <= start:
        return
    chunk = chunk_trials(derivation, trials - start, sizes)
    for offset in range(start, trials, chunk):
        yield offset, sample_trials(derivation, offset, min(trials, offset + chunk), seed,
                                    dtype=dtype, device=device, sizes=sizes)


@contextlib.contextmanager
def _exact_math(device: torch.device) -> Iterator[dict[str, Any]]:
    """Pin TF32 off on CUDA while checking (it rounds float32 matmuls to 10 bits)."""
    saved = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    try:
        yield {"tf32": bool(torch.backends.cuda.matmul.allow_tf32) if device.type == "cuda"
               else None, "float32_matmul_precision": torch.get_float32_matmul_precision(),
               "evidence_floor": EVIDENCE_FLOOR}
    finally:
        torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved


def _validate(derivation: Derivation, trials: int, sizes: Mapping[str, int] | None
              ) -> dict[str, int]:
    if isinstance(trials, bool) or not isinstance(trials, int) or trials < 1:
        raise UsageError(f"trials must be a positive whole number, not {trials!r}")
    merged = {**derivation.sizes, **(sizes or {})}
    unknown = set(sizes or {}) - set(derivation.sizes)
    if unknown:
        raise UsageError(f"{derivation.name} has no size {sorted(unknown)[0]!r}; "
                         f"its sizes are {', '.join(derivation.sizes) or 'none'}")
    bad = {k: v for k, v in merged.items() if not isinstance(v, int) or v < 1}
    if bad:
        raise UsageError(f"sizes must be positive whole numbers, not {bad}")
    return merged


def resolve_dtype(dtype: str | torch.dtype) -> torch.dtype:
    """A floating torch dtype from its name (``float32``) or itself."""
    if isinstance(dtype, torch.dtype) and dtype in DTYPES.values():
        return dtype
    if isinstance(dtype, str) and dtype.removeprefix("torch.") in DTYPES:
        return DTYPES[dtype.removeprefix("torch.")]
    raise UsageError(f"unknown dtype {dtype!r}; use one of {', '.join(DTYPES)}")


def resolve_tolerance(rtol: float | None, atol: float | None) -> tuple[float, float] | None:
    """``(rtol, atol)`` when both are given, None when neither is; a UsageError otherwise."""
    if rtol is None and atol is None:
        return None
    if rtol is None or atol is None:
        raise UsageError("give both rtol and atol, or neither: a trial passes when "
                         "|derived - autograd| <= atol + rtol x max |autograd|")
    if not all(isinstance(v, (int, float)) and math.isfinite(v) and v >= 0 for v in (rtol, atol)):
        raise UsageError(f"rtol and atol must be finite and >= 0, not {rtol!r} and {atol!r}")
    return float(rtol), float(atol)


def resolve_device(device: str | torch.device) -> torch.device:
    """A usable torch device, or a UsageError that says why not."""
    try:
        device = torch.device(device)
    except (RuntimeError, TypeError):
        raise UsageError(f"unknown device {device!r}; use cpu, cuda or cuda:N") from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise UsageError("CUDA is not available on this machine (torch.cuda.is_available() "
                             "is False); use --device cpu")
        count = torch.cuda.device_count()
        if device.index is not None and device.index >= count:
            raise UsageError(f"no CUDA device {device.index}: this machine has {count}")
    elif device.type != "cpu":
        raise UsageError(f"unsupported device {str(device)!r}; use cpu, cuda or cuda:N")
    return device


def _as_tensor(value: Any) -> Tensor:
    return value if isinstance(value, Tensor) else torch.as_tensor(value)


def _mode(modes: set[str]) -> str:
    return PER_TRIAL if PER_TRIAL in modes else VECTORISED


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if isinstance(error, DerivationError) else f"{type(error).__name__}: {text}"


def _short(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")
