"""The verifier's pipeline: validate, sample, closed form, autograd, compare, diagnose, report.

Every chunk of trials is checked twice over: the closed form in float64 on the trials'
inputs (rounded to the checked dtype) against autograd in float64, which decides
correctness, and, in a lower dtype, the closed form in that dtype against autograd in that
dtype, which measures its precision (see ``verify.compare``).
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import functools
import itertools
import math
import re
import time
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import Tensor

from derivations import REGISTRY
from derivations.core import Derivation, Step
from verify import messages as say
from verify.causes import Observation, size_factor_cause
from verify.compare import (
    EPS64,
    F32_TO_F64,
    F64_MARGIN,
    PRECISION_FIELDS,
    SUMMARY_FIELDS,
    UNMEASURED_ROUNDING,
    Comparison,
    Patterns,
    PrecisionTally,
    StepValues,
    Tally,
    compare,
    holds_float32,
    informative,
    precision_figures,
    rounding,
    step_scale,
    summarise,
    tolerance_rule,
    typical_scale,
)
from verify.diagnose import MSE_CONVENTION, RETURN_ORDER, UNSTABLE, Diagnosis, factor_values
from verify.errors import DerivationError, UsageError
from verify.exact import book_numbers, checked_once
from verify.kinks import subgradient_at_kink
from verify.memory import budget_bytes, trials_per_chunk
from verify.numeric import (
    NUMERIC_TRIALS,
    NumericCheck,
    directional_difference,
    numeric_check,
    numeric_gradients,
    precise_gradients,
    step_sizes,
)
from verify.oracle import (
    autograd_gradients,
    autograd_together,
    linear_softplus_trials,
    saturated_trials,
)
from verify.report import FAILED, DerivationReport, Origin, Report, StepReport
from verify.sample import block_trials, sample_trials, trial_elements
from verify.shrink import smallest_failure
from verify.trials import (
    PER_TRIAL,
    VECTORISED,
    Rows,
    chunk_arrays,
    forced,
    kept_result,
    loop,
    map_trials,
)
from verify.usercode import UNDECIDED, NumpyGradient, UserCode, call_trials, numpy_gradient
from verify.variation import (
    SizeGroup,
    accepts,
    at_sizes,
    broadcasts_alike,
    describe_assignment,
    size_groups,
    variant_sizes,
)
from verify.verdicts import enough, step_report

__all__ = ["DTYPES", "chunk_trials", "resolve_device", "resolve_dtype", "resolve_tolerance",
           "verify", "verify_all"]

DTYPES = {"float64": torch.float64, "float32": torch.float32,
          "float16": torch.float16, "bfloat16": torch.bfloat16}
#: Elements (of all inputs, times a margin for intermediates) held per chunk of trials.
CHUNK_ELEMENTS = 1 << 23
_INTERMEDIATES_MARGIN = 8
#: Runs of more trials than this measure a trial's memory to size their chunks.
MEASURED_FROM = 256
#: Copies of a trial's forward tensors held at once while it is checked.
TRIAL_COPIES = 8
#: When evidence is short, up to this many times the trials are drawn again.
EXTRA_DRAWS = 3
#: Failing trials per chunk and step tested for a kink at a time (see ``_accept_kinks``).
KINK_TRIALS = 256
#: After the trials at input scale 1, a share of them again at each of these scales.
PROBE_SCALES = (1 / 8, 8.0)
PROBE_SHARE = 1 / 16
#: How many times nearer finite differences the closed form must be than autograd for small
#: mismatches to be autograd's own (see ``_small_and_autograd_off``).
AUTOGRAD_OFF = 10
#: Trials at each set of other sizes, as a share of the trials asked for (at least 16).
VARIANT_SHARE = 1 / 16
#: Seconds spent at most proving why a failing derivation fails.
EXPLAIN_SECONDS = 30.0
#: Trials compared element by element to find where in input space a gradient fails.
REGION_TRIALS = 40

Progress = Callable[[int], None]


def _anomaly_mode_off(check: Callable[..., DerivationReport]) -> Callable[..., DerivationReport]:
    """``check`` with autograd's anomaly mode off, as it was after. Checked code may leave
    it on (a debugging habit), and it raises where autograd's gradient is NaN, which the
    checks weigh as evidence (a breakdown at a probed scale, a note), never as an error."""
    @functools.wraps(check)
    def checked(*args: Any, **kwargs: Any) -> DerivationReport:
        with torch.autograd.set_detect_anomaly(False):
            return check(*args, **kwargs)

    return checked


@_anomaly_mode_off
def verify(derivation: Derivation, *, trials: int = 1000, seed: int = 0,
           dtype: str | torch.dtype = "float64", device: str | torch.device = "cpu",
           sizes: Mapping[str, int] | None = None, progress: Progress | None = None,
           rtol: float | None = None, atol: float | None = None, numeric: bool = False,
           shrink: bool = True, vary_sizes: bool = True, probe_scales: bool = True,
           explain: bool = True) -> DerivationReport:
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
        vary_sizes: also check at other sizes than the declared ones (see
            ``verify.variation``): every size name at 1, and at distinct odd primes.
        probe_scales: also check a share of the trials at input scales 1/8 and 8.
        explain: when the derivation fails, find the first wrong line of the gradient
            code and prove its cause by re-running the code with that line edited.

    When fewer than half of the trials are evidence (every gradient zero or rounding noise),
    up to ``EXTRA_DRAWS`` times as many trials again are drawn before the verdict is
    inconclusive.

    Returns:
        A DerivationReport; its ``verdict`` is verified, failed, error or inconclusive.

    Raises:
        UsageError: bad trials, dtype, device, sizes or tolerance.
    """
    dtype, device = resolve_dtype(dtype), resolve_device(device)
    tolerance = resolve_tolerance(rtol, atol)
    requested_sizes, sizes = sizes, _validate(derivation, trials, sizes)
    if trials != 1 and book_numbers(derivation):  # every trial the same: see verify.exact
        return checked_once(derivation, verify, trials, seed=seed, dtype=dtype, device=device,
                            sizes=requested_sizes, progress=progress, rtol=rtol, atol=atol,
                            numeric=numeric, shrink=shrink, explain=explain)
    builtin = REGISTRY.get(derivation.name) is derivation
    base: dict[str, Any]  # the report's fields, of every type
    base = dict(name=derivation.name, title=derivation.title, source=derivation.source,
                dtype=_short(dtype), device=str(device), trials=trials, seed=seed,
                tolerance_rule=tolerance_rule(dtype, tolerance),
                sizes={k: sizes[k] for k in (requested_sizes or {})},
                origin=Origin(Origin.BUILTIN if builtin else Origin.VERIFY))
    guarded = _guarded(derivation)
    factors = factor_values(sizes)
    run = _Run(dtype, tolerance, {s.name: Tally(dtype, tolerance, patterns=Patterns(factors))
                                  for s in derivation.steps},
               group=block_trials(derivation, sizes), numeric={} if numeric else None)
    with _exact_math(device) as precision:
        try:
            run.chunk = measured_chunk(guarded, run, trials, seed, device, sizes,
                                       declared=derivation)
            probes = _probes(guarded, run, trials, seed, device, sizes) \
                if probe_scales else None
            _check_trials(guarded, run, 0, trials, seed, device, sizes, progress,
                          probes=probes)
            if _short_of_evidence(run, trials):
                _check_trials(guarded, run, trials, trials * (1 + EXTRA_DRAWS), seed, device,
                              sizes, None, until_enough=trials)
            probed = _probe_scales(guarded, run, probes, trials, sizes) \
                if probes is not None else None
            _small_and_autograd_off(guarded, run, seed, device, sizes)
        except DerivationError as error:  # the user's code failed: that derivation's error
            _note_changed(run)
            return DerivationReport(**base, mode=_mode(run.modes), error=_one_line(error),
                                    precision=precision, warnings=tuple(run.warnings))
    _note_changed(run)
    steps = tuple(step_report(derivation, s, run.tallies[s.name], run.precisions.get(s.name),
                              sizes, trials, run.numeric) for s in derivation.steps)
    if probed is not None:
        steps = tuple(_worse_at(mine, theirs, "input scale 1", at)
                      for mine, theirs, at in zip(steps, probed[1], probed[0], strict=True))
    steps = _in_the_wrong_order(steps, run)
    if vary_sizes:
        steps = _at_other_sizes(derivation, steps, run, trials=trials, seed=seed, dtype=dtype,
                                device=device, sizes=sizes, rtol=rtol, atol=atol)
    report = DerivationReport(**base, mode=_mode(run.modes), steps=steps, precision=precision,
                              warnings=tuple(run.warnings), coverage=tuple(run.coverage))
    if report.verdict == "inconclusive":
        nowhere = _loss_nowhere_finite(derivation, seed, dtype, sizes)
        if nowhere is not None:
            return dataclasses.replace(report, steps=(), error=nowhere)
    if explain and report.verdict == "failed":
        try:
            report = _explained(derivation, report, dict(
                trials=trials, seed=seed, dtype=dtype, device=device, sizes=requested_sizes,
                rtol=rtol, atol=atol, vary_sizes=vary_sizes), sizes, run.elsewhere)
        except Exception as error:  # a fault of the explanation alone: the verdict stands
            report = dataclasses.replace(report, warnings=(*report.warnings, say.unexplained(
                type(error).__name__, " ".join(str(error).split()))))
    if shrink and report.verdict == "failed":
        def check(at: Mapping[str, int], trials: int) -> DerivationReport:
            return verify(derivation, trials=trials, seed=seed, dtype=dtype, device=device,
                          sizes=dict(at), rtol=rtol, atol=atol, shrink=False,
                          vary_sizes=False, probe_scales=False, explain=False)

        report = dataclasses.replace(report, counterexample=smallest_failure(
            derivation, report, sizes, check))
    return report


def _explained(derivation: Derivation, report: DerivationReport, options: dict[str, Any],
               sizes: Mapping[str, int], elsewhere: Mapping[str, _Elsewhere] | None = None
               ) -> DerivationReport:
    """The report with the first wrong line of the user's gradient code (see
    ``verify.locate``) and, where an edit of that line makes every trial pass, the cause it
    proves (see ``verify.fixes``) in the diagnosis of every step it mends. When no edit of
    the located line mends every failing step, the return statements the wrong results came
    through and the lines its values came from are edited too: the first that is mended is
    the first wrong line (EXPLAIN_SECONDS at most). Then where in input space the first
    failing gradient of an input is wrong, when a simple rule tells it (see
    ``verify.region``). A step that fails only at other sizes than the declared ones
    (``elsewhere``: where ``N = C`` hid a divisor of the wrong size) is explained there."""
    step = report.first_wrong_step
    if step is not None and not step.first_failing and elsewhere and step.step in elsewhere:
        there = elsewhere[step.step]
        moved = dataclasses.replace(report, steps=tuple(
            dataclasses.replace(s, first_failing=there.first_failing) if s is step else s
            for s in report.steps))
        explained = _explained(there.derivation, moved, {**options, "sizes": None,
                                                         "trials": there.trials},
                               there.derivation.sizes)
        return dataclasses.replace(explained, steps=tuple(
            _said_there(s, there) if s.step == step.step else s for s in explained.steps))
    if step is None or not step.first_failing:
        return report
    return _with_region(derivation, _located(derivation, report, step, options, sizes),
                        options, sizes)


@dataclass(frozen=True)
class _Elsewhere:
    """Where a step that passes at the declared sizes failed: the derivation at the other
    sizes, its failing trials there, the trials checked there, and both sizes in words."""

    derivation: Derivation
    first_failing: tuple[int, ...]
    trials: int
    here: str
    at: str


def _said_there(step: StepReport, there: _Elsewhere) -> StepReport:
    """The step explained at other sizes, saying where it passes and where it fails; its
    failing trials were drawn there, so none of this run's is pointed at."""
    why = step.diagnosis
    if why is not None and why.fix is not None and why.message == str(why.fix):  # the proof
        # alone, in place of the words that said where the step fails
        why = dataclasses.replace(why, message=say.passes_here_fails_there(
            there.here, there.at, why.message))
    return dataclasses.replace(step, diagnosis=why, first_failing=())


def _located(derivation: Derivation, report: DerivationReport, step: StepReport,
             options: dict[str, Any], sizes: Mapping[str, int]) -> DerivationReport:
    from verify.fixes import prove, right_helper
    from verify.locate import locate, squares_in
    failing = [_one_trial(derivation, t, options["seed"], options["dtype"], sizes)
               for t in step.first_failing]
    location = locate(derivation, failing[0])
    if location is None:
        return report
    failed = {s.step for s in report.steps if s.verdict == FAILED}

    def confirm() -> tuple[int, int, tuple[str, ...]] | None:
        again = verify(derivation, **options, shrink=False, explain=False,
                       probe_scales=False)
        now = {s.step: s for s in again.steps}
        if again.error is not None or any(s.verdict == FAILED and s.step not in failed
                                          for s in again.steps):
            return None
        mended = tuple(s for s in failed if now[s].verdict != FAILED)
        if step.step not in mended:
            return None
        return again.trials - now[step.step].failed_trials, again.trials, mended

    deadline = time.monotonic() + EXPLAIN_SECONDS
    squares = squares_in(getattr(derivation.loss, "loss", derivation.loss), failing[0])
    where, fix = location, None
    # a return statement located: values swapped there may have been swapped already by a
    # function that returned them before it, so the returns are tried in the order they ran
    # elsewhere the nearest lines its values came from before the lines its value reached
    # lines whose value the loss knows (an input, a right gradient) come last: right as
    # they are, an edit there can only mend by undoing another line's mistake
    earlier = sorted(location.earlier, key=lambda line: bool(line.known_as))
    # last, the lines whose values nothing read: a value written under the wrong name
    lines = (*location.later, location, *location.passed, *earlier) \
        if location.code.startswith("return") else \
        (location, *location.passed, *earlier[:2], *location.later, *earlier[2:])
    lines += location.unread + location.closures
    helpers = {line.function for line in lines if right_helper(line.function)}
    for line in dict.fromkeys(lines):
        if time.monotonic() > deadline:
            break
        if line.function in helpers:
            continue  # a helper right for every argument: the caller handed it the wrong one
        try:
            found = prove(derivation, line, failing, step.step, confirm, deadline=deadline,
                          squares=squares)
        except Exception:  # an edit the user's code cannot take: no cause proven there
            found = None
        if found is not None and found.line != line.line:  # the condition guarding it
            line = dataclasses.replace(line, line=found.line, code=found.code, expected="")
        if found is not None and (fix is None or set(found.steps) == failed):
            where, fix = line, found
            if set(found.steps) == failed:
                break
    if fix is not None and _travels(fix, where, location):
        where, fix = _furthest_back(derivation, location, where, fix, failing, step.step,
                                    confirm, deadline, squares)
    elif fix is not None and fix.cause == "missing-term" and where is location:
        where, fix = _cancelled(derivation, location, fix, failing, step.step, confirm,
                                deadline, squares)
    steps = report.steps
    if fix is not None:
        steps = tuple(dataclasses.replace(s, diagnosis=_with_fix(s.diagnosis, fix))
                      if s.step in fix.steps else s for s in steps)
    if any(s.diagnosis is not None and s.diagnosis.cause == "square-factor" for s in steps):
        steps = tuple(dataclasses.replace(s, diagnosis=_factor_2(s.diagnosis, squares))
                      if s.diagnosis is not None and s.diagnosis.cause == "square-factor"
                      else s for s in steps)
    return dataclasses.replace(report, steps=steps, first_wrong_line=str(where))


def _factor_2(diagnosis: Diagnosis, squares: str) -> Diagnosis:
    """A factor 2 read as the square's, read again by how the loss squares (see
    ``verify.locate.squares_in``): mse_loss's convention where the loss calls it (2/N
    for its mean, 2 for its sum), a coefficient or a size where the loss has no square."""
    from verify.fixes import SIZED_CAUSES

    fix = diagnosis.fix
    if fix is not None and fix.cause == "square-factor" and fix.constant:
        return diagnosis  # the square a constant of the loss weighs, not mse_loss's
    if squares in ("mean", "mse-sum"):
        return _reread(diagnosis, "mse-convention",
                       say.mse_loss_convention(summed=squares == "mse-sum"))
    if squares == "" and fix is not None and diagnosis.message == str(fix):
        # the proof alone: its edit names the cause, but a 2 is no square's where the
        # loss never squares (the 2 of a Dice numerator's ``2 sum p t``)
        if fix.cause != "square-factor":
            return diagnosis
        fix = dataclasses.replace(fix, cause="wrong-coefficient")
        return dataclasses.replace(diagnosis, proven=fix.cause, fix=fix, message=str(fix))
    if squares == "" and fix is not None and fix.cause in SIZED_CAUSES:  # a size: the cause
        return _reread(diagnosis, fix.cause, say.square_nowhere(sized=True))
    if squares == "" and fix is not None:
        return _reread(diagnosis, "wrong-coefficient", say.square_nowhere(sized=False))
    return diagnosis


def _reread(diagnosis: Diagnosis, cause: str, why: str) -> Diagnosis:
    """The diagnosis naming ``cause`` for its factor, for the reason ``why``; its proof, if
    it has one, names ``cause`` where it named the square's 2. Unproven, it is read as
    mse_loss's convention, the one reading of a loss alone."""
    fix = diagnosis.fix
    # "derived = 1/2 x autograd in every trial", where the diagnosis has words of its own
    reading = "" if not diagnosis.seen or (fix is not None and diagnosis.message == str(fix)) \
        else f"{diagnosis.seen}: "
    if fix is None:
        return dataclasses.replace(diagnosis, kind=MSE_CONVENTION, message=f"{reading}{why}",
                                   named=None)
    if fix.cause == "square-factor":
        fix = dataclasses.replace(fix, cause=cause)
    return dataclasses.replace(diagnosis, proven=cause, fix=fix,
                               message=say.fix_proven(f"{reading}{why}", str(fix)))


#: Causes found in a helper that its caller may have made, by handing it its operands
#: swapped.
_HANDED_OVER = frozenset({"transpose", "wrong-operand"})
#: Causes of a factor that a line collecting a loop's terms may only have passed on.
_CARRIED = frozenset({"sign", "square-factor", "mse-convention", "wrong-coefficient"})


def _travels(fix: Any, where: Any, location: Any) -> bool:
    """Could the proven sign have been flipped further back? A flipped sign found on a line
    before the located one: every line between passed it on. So could a factor proven on a
    line that only collects a loop's terms (``dw[j] += delta * x[n][j]``, the value times
    1/2): the term's factor may come from a line before it (``err = 2.0 * (o - t)``). So
    could a transpose or a wrong operand found in a helper (its result, the index it
    writes, ``dout * s * (1 - dout)``): its caller handed it its operands swapped
    (``outer_prod(input, delta)`` for ``outer_prod(delta, input)``)."""
    if fix.cause == "sign" and fix.change == "negated" and any(
            where is line for line in location.earlier):
        return True  # the very line the walk passed through, not its return found later
    if fix.cause in _HANDED_OVER and any(_calls(line, where) for line in location.earlier):
        return True  # a helper's operands mixed up: its caller may have swapped its inputs
    return fix.cause in _CARRIED and fix.change.startswith("times ") and where is location \
        and _collects(location.code)


def _cancelled(derivation: Derivation, location: Any, fix: Any,
               failing: list[dict[str, Tensor]], focus: str, confirm: Callable[..., Any],
               deadline: float, squares: str) -> tuple[Any, Any]:
    """A term added on the located line can cancel another line's mistake by reading the
    value that line made wrong (``- dvalue * J.sum(0)``, where one entry of the Jacobian
    ``J`` was written wrong, undoes it exactly): where a line further back that writes a
    value the term reads is mended by an edit of another kind, that line is the wrong
    one."""
    from verify.fixes import prove
    from verify.fixes.site import _written_names

    read = set(re.findall(r"[A-Za-z_]\w*", fix.change))
    for line in location.earlier:
        if time.monotonic() > deadline:
            break
        try:
            written = _written_names(ast.parse(line.code).body[0])
        except (SyntaxError, IndexError):
            continue
        if line.known_as or not written & read:
            continue
        try:
            found = prove(derivation, line, failing, focus, confirm, deadline=deadline,
                          squares=squares)
        except Exception:
            found = None
        if found is not None and found.cause != "missing-term" \
                and set(found.steps) == set(fix.steps):
            if found.line != line.line:  # the condition guarding it
                line = dataclasses.replace(line, line=found.line, code=found.code, expected="")
            return line, found
    return location, fix


def _named_gradient(line: Any) -> bool:
    """Does the line write a name that says it holds a derivative (``dR``, ``grad_h``,
    ``dy`` beside a ``y``)?"""
    from verify.fixes.pool import _gradient_name
    from verify.fixes.site import _written_names

    try:
        written = _written_names(ast.parse(line.code).body[0])
    except (SyntaxError, IndexError):
        return False
    return any(_gradient_name(name, line.scope or {}) or re.match(r"d[A-Z]", name)
               for name in written)


def _calls(line: Any, where: Any) -> bool:
    """Is ``line`` in another function than ``where``, and does it call ``where``'s?"""
    name = getattr(where.function, "co_name", None)
    return line.function is not where.function and name is not None \
        and re.search(rf"\b{re.escape(name)}\s*\(", line.code) is not None


def _collects(code: str) -> bool:
    """Does the line add to what it writes (``dw[j] += ...``, ``dW = dW + ...``)?"""
    try:
        statement = ast.parse(code).body[0]
    except (SyntaxError, IndexError):
        return False
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
            and isinstance(statement.value, ast.BinOp) \
            and isinstance(statement.value.op, (ast.Add, ast.Sub)):
        return ast.unparse(statement.targets[0]) == ast.unparse(statement.value.left)
    return isinstance(statement, ast.AugAssign) and isinstance(statement.op, (ast.Add, ast.Sub))


def _furthest_back(derivation: Derivation, location: Any, where: Any, fix: Any,
                   failing: list[dict[str, Tensor]], focus: str, confirm: Callable[..., Any],
                   deadline: float, squares: str) -> tuple[Any, Any]:
    """A sign travels unchanged through every line after the one where it was flipped: of
    the lines further back whose value the loss does not know and where an edit of the
    same cause mends the same steps (``err = y - o`` before ``delta = err * ...``), the one
    furthest back is where it was flipped; a line where the edit changes a number written
    in it (``2 * (y - t)``, ``2 -> 1``) is where a factor was, else the nearest such line.
    A helper's result transposed was its caller's operands swapped, where the caller can be
    mended so."""
    from verify.fixes import prove

    rest = location.earlier[location.earlier.index(where) + 1:] \
        if where in location.earlier else location.earlier
    found_at = []
    for line in rest:
        if time.monotonic() > deadline:
            break
        if line.known_as and not (line.known_as == "forward" and _named_gradient(line)):
            continue  # a value the loss knows: right as it is, unless named a gradient
            # (``dR = R - X``: the residual where the derivative of its square belongs)
        try:
            found = prove(derivation, line, failing, focus, confirm, deadline=deadline,
                          squares=squares)
        except Exception:
            found = None
        if found is not None and found.cause == fix.cause \
                and set(found.steps) == set(fix.steps):
            found_at.append((line, found))
    written = [(line, found) for line, found in found_at
               if re.match(r"-?[\d.]+ -> ", found.change)]
    if written:
        return written[0]
    if not found_at:
        return where, fix
    if fix.cause in _HANDED_OVER:  # in the helper's caller, else where it was found
        return next(((line, found) for line, found in found_at if _calls(line, where)),
                    (where, fix))
    # a sign is where it was flipped, furthest back; a factor in the nearest term that
    # takes it (not in a count the term was divided by)
    return found_at[-1] if fix.cause == "sign" else found_at[0]


def _with_region(derivation: Derivation, report: DerivationReport, options: dict[str, Any],
                 sizes: Mapping[str, int]) -> DerivationReport:
    """The report with the region of input space where the first failing gradient of an
    input is wrong, in its diagnosis, when a simple rule tells it (see ``verify.region``)."""
    from verify.region import where_wrong

    inputs = {i.name for i in derivation.inputs}
    param_steps = {s.name for s in derivation.steps if s.of in inputs}
    step = next((s for s in report.steps if s.verdict == FAILED and s.step in param_steps
                 and s.diagnosis is not None), None)
    if step is None:
        return report
    trials = [_one_trial(derivation, t, options["seed"], options["dtype"], sizes)
              for t in range(min(REGION_TRIALS, options["trials"]))]
    region = where_wrong(derivation, step.step, trials)
    if region is None:
        return report
    diagnosis = dataclasses.replace(step.diagnosis, message=f"{step.diagnosis.message}; "
                                                           f"{region}", region=region.rule)
    return dataclasses.replace(report, steps=tuple(
        dataclasses.replace(s, diagnosis=diagnosis) if s is step else s for s in report.steps))


#: Causes read from a constant factor of the whole gradient, which say more than the
#: coefficient an edit changes to mend the same factor.
_FACTOR_CAUSES = frozenset({"batch-mean", "mse-convention", "square-factor", "sign",
                            "return-order", "wrong-divisor"})


def _with_fix(diagnosis: Diagnosis | None, fix: Any) -> Diagnosis:
    """The diagnosis with the proven fix and its cause; the diagnosis keeps its own words
    (the proof added) where it names the same cause, reads a constant factor as a
    convention that an edit of a coefficient only restates, or names gradients returned
    in the wrong order that the edit of a return statement puts right."""
    if diagnosis is not None and _says_more(diagnosis.cause, fix):
        return dataclasses.replace(diagnosis, message=say.fix_proven(diagnosis.message,
                                                                     str(fix)), fix=fix)
    return Diagnosis(diagnosis.kind if diagnosis is not None else "proven", str(fix),
                     proven=fix.cause, fix=fix)


def _says_more(cause: str | None, fix: Any) -> bool:
    from verify.fixes import SIZED_CAUSES

    if cause == fix.cause:
        return True
    if cause == "return-order":  # unless the products' operands are what was swapped
        return fix.code.startswith("return") and fix.cause != "wrong-operand"
    if cause == "square-factor":  # a factor 2 read as the square's: a coefficient says more,
        # a size that happens to be 2 at every size checked says less; a constant of the
        # code (a pooling window of 2) is no such coincidence
        return fix.cause in ("sign", "batch-mean", "mse-convention", "wrong-divisor") \
            and not fix.constant
    if fix.constant and fix.cause == "wrong-coefficient" and cause in SIZED_CAUSES:
        return False  # a constant of the code (a temperature) that a size equals by chance
    return cause in _FACTOR_CAUSES and fix.cause in ("wrong-coefficient", "sign",
                                                     "square-factor")


#: Trials whose loss is looked at when no step had evidence enough.
LOSS_LOOKED_AT = 8


def _dtype_clash(error: BaseException) -> bool:
    """Did code that fixes its own dtype (``torch.empty(n)`` in float32) meet float64?"""
    text = str(error)
    return any(word in text for word in ("Double", "double", "float64"))


def _loss_nowhere_finite(derivation: Derivation, seed: int, dtype: torch.dtype,
                         sizes: Mapping[str, int]) -> str | None:
    """Why no trial was evidence, where the loss itself is NaN or infinite in each of the
    first LOSS_LOOKED_AT trials (its gradient then says nothing); else None."""
    values = []
    for trial in range(LOSS_LOOKED_AT):
        try:
            with torch.no_grad():
                value = derivation.loss(**_one_trial(derivation, trial, seed, dtype, sizes))
            values.append(float(value))
        except Exception:  # the loss's own errors were told already, where they happened
            return None
    return say.loss_nowhere_finite(LOSS_LOOKED_AT, values[0]) \
        if not any(math.isfinite(v) for v in values) else None


def _one_trial(derivation: Derivation, trial: int, seed: int, dtype: torch.dtype,
               sizes: Mapping[str, int]) -> dict[str, Tensor]:
    """Trial ``trial``'s inputs, rounded to ``dtype`` and held in float64 on the CPU."""
    drawn = sample_trials(derivation, trial, trial + 1, seed, dtype=dtype, device="cpu",
                          sizes=sizes)
    return {n: v[0].double() if v.is_floating_point() else v[0] for n, v in drawn.items()}


@dataclass
class _Run:
    """What a run collects: per step the float64 decision and the low-dtype precision,
    the modes used, warnings in order, finite differences."""

    dtype: torch.dtype
    tolerance: tuple[float, float] | None
    tallies: dict[str, Tally]
    group: int = 0
    #: Trials per chunk, from the measured memory of a trial (None: as many as fit).
    chunk: int | None = None
    precisions: dict[str, PrecisionTally] = field(default_factory=dict)
    modes: set[str] = field(default_factory=set)
    #: Once vmap has failed on the closed form or the loss, the loop is used straight away.
    closed_form_mode: str | None = None
    loss_mode: str | None = None
    warnings: dict[str, None] = field(default_factory=dict)
    coverage: list[str] = field(default_factory=list)
    #: (step, input): trials where the step's closed form is autograd's gradient of input.
    swaps: dict[tuple[str, str], Tensor] = field(default_factory=dict)
    swap_trials: int = 0
    numeric: dict[str, NumericCheck] | None = None
    #: Chunks checked whose figures are not yet read back and folded (see ``_settle``).
    pending: list[_Pending] = field(default_factory=list)
    #: Per input, whether the closed form changed it in place, on the device (one read).
    changed: dict[str, Tensor] = field(default_factory=dict)
    #: The shapes of the loss's named nodes, found once per shape of the inputs.
    node_shapes: dict[Any, Any] = field(default_factory=dict)
    #: Of a run of probed trials: the median trial scale at input scale 1, whose rounding is
    #: the least a probed trial's error is taken from (see ``_breakdowns``).
    usual_scale: Tensor | None = None
    #: Whether autograd under vmap has been compared with autograd one trial at a time.
    vmap_checked: bool = False
    #: Whether the closed form under vmap has been compared with it one trial at a time.
    closed_form_checked: bool = False
    #: Whether the low dtype's precision is measured: not where torch has no kernel for
    #: the loss in that dtype on the device.
    measured: bool = True
    #: Steps that pass at the declared sizes and fail at others: where (see ``_explained``).
    elsewhere: dict[str, _Elsewhere] = field(default_factory=dict)
    #: Per input or node differentiated: whether the loss computes its gradient in float32.
    float32_losses: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.dtype != torch.float64:
            self.precisions = {n: PrecisionTally(self.dtype) for n in self.tallies}


def _guarded(derivation: Derivation) -> Derivation:
    """The derivation with its loss and closed form called as user code."""
    return dataclasses.replace(derivation, loss=UserCode(derivation.loss),
                               gradient=UserCode(derivation.gradient))


def _check_trials(derivation: Derivation, run: _Run, start: int, stop: int, seed: int,
                  device: torch.device, sizes: Mapping[str, int], progress: Progress | None,
                  until_enough: int | None = None, probes: _Probes | None = None) -> None:
    """Check trials ``start`` to ``stop - 1`` a chunk at a time (stopping once evidence
    suffices for ``until_enough`` trials, when given), then fold them into the run's tallies
    (see ``_settle``). ``probes`` are checked with the first chunk when it holds every
    trial."""
    for offset, inputs in _chunks(derivation, stop, seed, run.dtype, device, sizes, start,
                                  run.chunk):
        trials = next(iter(inputs.values())).shape[0]
        if run.pending:  # one chunk's values held at a time
            run.pending[-1].chunk = None

        def redraw(offset: int = offset, trials: int = trials) -> dict[str, Tensor]:
            return sample_trials(derivation, offset, offset + trials, seed, dtype=run.dtype,
                                 device=device, sizes=sizes)

        chunk = None
        if probes is not None and offset == start and trials == stop - start:
            chunk = _with_probes(derivation, inputs, run, offset, probes)
        if chunk is None:
            chunk = _evaluate(derivation, inputs, run, offset)
        if probes is not None and probes.run.usual_scale is None:
            probes.run.usual_scale = typical_scale(chunk.trial_scale, 0)[:1]
        _record(derivation, chunk, run)
        run.pending.append(_summarised(derivation, chunk, run, redraw))
        if progress is not None:
            progress(offset + trials)
        if until_enough is not None:
            _settle(derivation, run)
            if not _short_of_evidence(run, until_enough):
                return
    _settle(derivation, run)


@dataclass(frozen=True)
class _Scales:
    """Trials numbered from ``first`` drawn at the input scales of PROBE_SCALES, ``count``
    at each in turn."""

    first: int
    count: int

    def of(self, trials: Iterable[int]) -> str:
        """The scales the trials numbered ``trials`` were drawn at, in words ("1/8 and 8")."""
        last = len(PROBE_SCALES) - 1
        at = sorted({min(max((t - self.first) // self.count, 0), last) for t in trials})
        return " and ".join(_scale_text(PROBE_SCALES[i]) for i in at)

    def __str__(self) -> str:
        return " and ".join(_scale_text(scale) for scale in PROBE_SCALES)


@dataclass
class _Probes:
    """The trials drawn at the input scales of PROBE_SCALES (see ``_probe_scales``) and the
    run that tallies them."""

    inputs: dict[str, Tensor]
    parts: list[dict[str, Tensor]]
    count: int
    first: int
    scales: _Scales
    run: _Run
    #: Whether they were checked with the first chunk of trials at scale 1.
    checked: bool = False

    def redraw(self) -> dict[str, Tensor]:
        return self.inputs


def _probes(derivation: Derivation, run: _Run, trials: int, seed: int, device: torch.device,
            sizes: Mapping[str, int]) -> _Probes:
    """PROBE_SHARE of the trials at each input scale of PROBE_SCALES, numbered after every
    trial drawn at scale 1, and a run of their own with tallies like ``run``'s."""
    count = max(1, math.ceil(trials * PROBE_SHARE))
    first = trials * (1 + EXTRA_DRAWS)
    parts = [sample_trials(derivation, first + i * count, first + (i + 1) * count, seed,
                           dtype=run.dtype, device=device, sizes=sizes, scale=scale)
             for i, scale in enumerate(PROBE_SCALES)]
    inputs = {n: torch.cat([p[n] for p in parts]) for n in parts[0]}
    probe = _Run(run.dtype, run.tolerance, {n: Tally(t.dtype, t.tolerance,
                                                     patterns=Patterns(t.patterns.candidates),
                                                     small_counts=False)
                                            for n, t in run.tallies.items()},
                 group=run.group)
    return _Probes(inputs, parts, count, first, _Scales(first, count), probe)


def _with_probes(derivation: Derivation, inputs: dict[str, Tensor], run: _Run, offset: int,
                 probes: _Probes) -> _Chunk | None:
    """The chunk of ``inputs``, evaluated in one pass with the probes appended to it; the
    probes' part goes to their own run. None when that pass raised: each part is then
    checked on its own, so that an error is the trials' or the probes' as it would be."""
    trials = next(iter(inputs.values())).shape[0]
    both = {n: torch.cat([v, probes.inputs[n]]) for n, v in inputs.items()}
    try:
        chunk = _evaluate(derivation, both, run, offset)
    except DerivationError:
        return None
    probed = chunk.part(trials, trials + 2 * probes.count, probes.first)
    probes.run.pending.append(_summarised(derivation, probed, probes.run, probes.redraw,
                                          probe=probes.scales))
    probes.checked = True
    return chunk.part(0, trials, offset, keep_low=True)


def _probe_scales(derivation: Derivation, run: _Run, probes: _Probes, trials: int,
                  sizes: Mapping[str, int]
                  ) -> tuple[tuple[str, ...], tuple[StepReport, ...]] | None:
    """Check PROBE_SHARE of the trials again at each input scale of PROBE_SCALES, after the
    others (their trial numbers follow every trial drawn at scale 1), in tallies of their
    own: for each step, the scales it fails at, and the steps' reports there. What the
    closed form does there is judged only where autograd's value is information (see
    ``_breakdowns``): where the closed form raises or gives NaN/Inf at such scales, or
    disagrees where autograd's gradient is zero or rounding noise, it breaks down
    numerically: a warning, not a failure."""
    probe, scales, count = probes.run, probes.scales, probes.count
    try:
        if not probes.checked:
            probe.closed_form_mode, probe.loss_mode = run.closed_form_mode, run.loss_mode
            chunk = _evaluate(derivation, probes.inputs, probe, probes.first, probe=scales)
            probe.pending.append(_summarised(derivation, chunk, probe, probes.redraw,
                                             probe=scales))
        _settle(derivation, probe)
    except DerivationError as error:
        run.warnings[say.raised_at_scales(_raising_scales(derivation, probes),
                                          _one_line(error))] = None
        return None
    run.warnings.update(probe.warnings)
    largest = _largest(probes.parts)
    covered = [f"{count} at scale {_scale_text(scale)} (|x| up to {big:.3g})"
               for scale, big in zip(PROBE_SCALES, largest, strict=True)]
    run.coverage.append(f"input scales: {trials} trials at scale 1, {', '.join(covered)}")
    reports = tuple(step_report(derivation, s, probe.tallies[s.name], None, sizes,
                                2 * count, None) for s in derivation.steps)
    failing = [probe.tallies[s.name].failing_span() for s in derivation.steps]
    return tuple(f"input scale {scales.of(span) if span else scales}" for span in failing), \
        reports


def _raising_scales(derivation: Derivation, probes: _Probes) -> str:
    """The input scales at which the code raises, trial by trial (all of them, in words,
    where no trial alone does)."""
    raising = []
    for scale, part in zip(PROBE_SCALES, probes.parts, strict=True):
        for k in range(probes.count):
            trial = {n: v[k].double() if v.is_floating_point() else v[k]
                     for n, v in part.items()}
            try:
                with torch.no_grad():
                    derivation.gradient(**{n: v.clone() for n, v in trial.items()})
                    derivation.loss(**trial)
            except Exception:
                raising.append(_scale_text(scale))
                break
    return " and ".join(raising) if raising else str(probes.scales)


def _largest(parts: list[dict[str, Tensor]]) -> list[float]:
    """The largest |x| of any floating input of each part (0 where it has none), read back
    at once."""
    peaks = []
    for part in parts:
        values = [v.abs().max().double() for v in part.values()
                  if v.is_floating_point() and v.numel()]
        peaks.append(torch.stack(values).max() if values else None)
    known = [p for p in peaks if p is not None]
    read = iter(torch.stack(known).tolist() if known else [])
    return [next(read) if p is not None else 0.0 for p in peaks]


def _at_other_sizes(derivation: Derivation, steps: tuple[StepReport, ...], run: _Run, *,
                    trials: int, seed: int, dtype: torch.dtype, device: torch.device,
                    sizes: Mapping[str, int], rtol: float | None, atol: float | None
                    ) -> tuple[StepReport, ...]:
    """Check again at the sizes ``verify.variation`` draws (VARIANT_SHARE of the trials
    each); a step that passes at the declared sizes and fails at others takes the other
    sizes' report, saying where it passes and where it fails. What the code warns of at
    sizes it was not given (var() at a size of 1) is not shown: those sizes are chosen
    here, not by the code's author."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _checked_at_other_sizes(derivation, steps, run, trials=trials, seed=seed,
                                       dtype=dtype, device=device, sizes=sizes, rtol=rtol,
                                       atol=atol)


def _checked_at_other_sizes(derivation: Derivation, steps: tuple[StepReport, ...],
                            run: _Run, *, trials: int, seed: int, dtype: torch.dtype,
                            device: torch.device, sizes: Mapping[str, int],
                            rtol: float | None, atol: float | None) -> tuple[StepReport, ...]:
    groups, variants = _variants(derivation, sizes, seed)
    if not groups:
        return steps
    declared_sizes = {g.name: g.value for g in groups}
    here = describe_assignment(groups, declared_sizes)
    checked = []
    observed = [[Observation(declared_sizes, s.factor)] if s.factor is not None else []
                for s in steps]
    for assignment, at, other, refused in variants:
        if refused is not None:
            run.coverage.append(f"not checked at {at}: {refused}")
            continue
        report = verify(other, trials=max(16, math.ceil(trials * VARIANT_SHARE)), seed=seed,
                        dtype=dtype, device=device, rtol=rtol, atol=atol, shrink=False,
                        vary_sizes=False, probe_scales=False, explain=False)
        if report.error is not None:
            run.coverage.append(f"not checked at {at}: {report.error}")
            continue
        checked.append(at)
        if not any(s.evidential for s in report.steps):
            # the loss is flat at these sizes: autograd's gradient is 0, or rounding noise,
            # in every trial of every step, so no difference there says anything
            run.warnings.update({say.flat_there(s.step, at, s.max_abs_error): None
                                 for s in report.steps if s.verdict == FAILED})
            continue
        for seen, theirs in zip(observed, report.steps, strict=True):
            if seen and theirs.factor is not None:
                seen.append(Observation(assignment, theirs.factor))
        for mine, theirs in zip(steps, report.steps, strict=True):
            if mine.verdict != FAILED and theirs.verdict == FAILED and theirs.first_failing:
                run.elsewhere.setdefault(theirs.step, _Elsewhere(
                    other, theirs.first_failing, report.trials, here, at))
        steps = tuple(_worse_at(mine, theirs, here, at)
                      for mine, theirs in zip(steps, report.steps, strict=True))
    words = {g.name: g.describe() for g in groups}
    steps = tuple(_proven(step, seen, words) for step, seen in zip(steps, observed, strict=True))
    if checked:
        run.coverage.append(f"sizes: {here} (declared), {'; '.join(checked)}")
    return steps


def _in_the_wrong_order(steps: tuple[StepReport, ...], run: _Run) -> tuple[StepReport, ...]:
    """Failing parameter steps whose closed form is, in every trial, autograd's gradient of
    another parameter: the gradients were returned in the wrong order."""
    failing = [s for s in steps if s.is_param and s.verdict == FAILED]
    if not failing or not run.swaps:
        return steps
    counts = torch.stack([c.cpu() for c in run.swaps.values()]).tolist()
    swapped = {mine: of for (mine, of), count in zip(run.swaps, counts, strict=True)
               if count == run.swap_trials > 0}
    if any(s.step not in swapped for s in failing):
        return steps
    order = ", ".join(f"{s.step} holds d/d{swapped[s.step]}" for s in failing)
    why = Diagnosis(RETURN_ORDER, say.return_order(order))
    return tuple(dataclasses.replace(s, diagnosis=why) if s in failing else s for s in steps)


def _proven(step: StepReport, observed: list[Observation], words: Mapping[str, str]
            ) -> StepReport:
    """The step with its constant factor read as the size it stands for, where the factor
    seen at every set of sizes proves one reading."""
    cause = size_factor_cause(observed, words) if len(observed) > 1 else None
    if cause is None or step.diagnosis is None or step.diagnosis.kind == RETURN_ORDER:
        return step  # another parameter's gradient in every trial: its factor is by chance
    if cause.kind == step.diagnosis.kind and step.diagnosis.readings == 1:
        return step  # the sizes confirm what was said
    return dataclasses.replace(step, diagnosis=cause)


def _worse_at(mine: StepReport, theirs: StepReport, here: str, at: str) -> StepReport:
    """``theirs`` when it failed where ``mine`` did not, its diagnosis saying so (precision
    is judged where most trials are, at the declared sizes and scale: not here)."""
    if mine.verdict == FAILED or theirs.verdict != FAILED or theirs.diagnosis is None \
            or theirs.diagnosis.kind == UNSTABLE:
        return mine
    why = dataclasses.replace(theirs.diagnosis, message=say.passes_here_fails_there(
        here, at, theirs.diagnosis.message))
    # Its failing trials were drawn at other sizes: no trial of this run to point at.
    return dataclasses.replace(theirs, diagnosis=why, notes=mine.notes + theirs.notes,
                               first_failing=())


def _scale_text(scale: float) -> str:
    return f"1/{round(1 / scale)}" if scale < 1 else f"{scale:g}"


def _short_of_evidence(run: _Run, trials: int) -> bool:
    """No step has failed, and some step has too few evidential trials for a verdict."""
    tallies = run.tallies.values()
    return (all(t.failed_trials == 0 and not t.missing for t in tallies)
            and any(t.evidential < enough(trials) for t in tallies))


def verify_all(derivations: Iterable[Derivation], *, dtypes: Iterable[str | torch.dtype] = (
               "float64", "float32"), progress: Progress | None = None, **options: Any) -> Report:
    """``verify`` for every derivation in every dtype, as one Report."""
    dtypes = [resolve_dtype(d) for d in dtypes]
    return Report(tuple(verify(d, dtype=t, progress=progress, **options)
                        for d in derivations for t in dtypes))


@dataclass
class _Chunk:
    """One chunk's values: the closed form and autograd on its trials, from which every
    step is judged and its precision measured (``low`` and ``baseline``: in the checked
    dtype, when lower than float64)."""

    offset: int
    exact: dict[str, Tensor]
    derived: dict[str, Any]
    reference: dict[str, Tensor]
    low: dict[str, Any] | None
    baseline: dict[str, Tensor] | None
    noise: dict[str, Tensor]
    trial_scale: Tensor
    evidential: Tensor

    @property
    def trials(self) -> int:
        return self.trial_scale.shape[0]

    def part(self, start: int, stop: int, offset: int, keep_low: bool = False) -> _Chunk:
        """Trials ``start`` to ``stop - 1`` as a chunk of their own, numbered from
        ``offset`` (without the low dtype's values unless ``keep_low``)."""
        def rows(values: Mapping[str, Any]) -> dict[str, Any]:
            return {n: v[start:stop] if isinstance(v, Tensor) else v for n, v in values.items()}

        low = rows(self.low) if keep_low and self.low is not None else None
        baseline = rows(self.baseline) if keep_low and self.baseline is not None else None
        return _Chunk(offset, rows(self.exact), rows(self.derived), rows(self.reference),
                      low, baseline, rows(self.noise), self.trial_scale[start:stop],
                      self.evidential[start:stop])


@dataclass
class _Pending:
    """A chunk checked, its figures reduced where its tensors are but not yet read back:
    ``figures`` of the steps ``compared`` (see ``verify.compare.summarise``), ``precision``
    and ``bits`` of the steps ``measured`` in the low dtype (``precision_figures``), and
    ``detailed`` where a result's shape is not autograd's. ``chunk`` holds its values
    while it is the last one; ``redraw`` draws its inputs again."""

    offset: int
    trials: int
    redraw: Callable[[], dict[str, Tensor]]
    probe: _Scales | None
    chunk: _Chunk | None
    detailed: bool = False
    compared: list[tuple[str, int, tuple[int, ...]]] = field(default_factory=list)
    figures: Tensor | None = None
    measured: list[str] = field(default_factory=list)
    precision: Tensor | None = None
    bits: Tensor | None = None


def _evaluate(derivation: Derivation, inputs: dict[str, Tensor], run: _Run, offset: int,
              probe: _Scales | None = None) -> _Chunk:
    """The closed form and autograd on a chunk of trials: in float64 on the inputs (rounded
    to the checked dtype), autograd in float32 too (its float64 rounding is estimated from
    that), and, in a lower dtype than float64 and not at a probed scale, both sides in that
    dtype."""
    wrt = list(dict.fromkeys(s.of for s in derivation.steps))
    exact = {n: v.double() if v.is_floating_point() else v for n, v in inputs.items()}
    try:
        derived = _closed_form(derivation, exact, run)
    except DerivationError as error:
        if run.dtype != torch.float64 and _dtype_clash(error):  # code fixed to one dtype
            raise DerivationError(say.float64_refused(_one_line(error))) from error
        raise
    single = {n: v.float() if v.is_floating_point() else v for n, v in inputs.items()}
    lowered = run.dtype not in (torch.float64, torch.float32) and probe is None \
        and run.measured
    grads: list[Any]  # float64, float32 (None where not run) and the checked dtype's
    try:
        grads, mode = autograd_together(derivation, [exact, single,
                                                     *([inputs] if lowered else [])],
                                        wrt, mode=run.loss_mode, shapes=run.node_shapes)
    except DerivationError as error:
        if run.dtype == torch.float64:
            grads, mode = _float64_alone(derivation, exact, wrt, run, error)
        elif not (lowered and _no_kernel(error, run.dtype)):
            raise
        else:
            run.measured, lowered = False, False  # the verdict is float64's alone
            run.warnings[say.no_low_kernel(_short(run.dtype), _one_line(error))] = None
            grads, mode = autograd_together(derivation, [exact, single], wrt,
                                            mode=run.loss_mode, shapes=run.node_shapes)
    if mode == VECTORISED and not run.vmap_checked and next(iter(exact.values())).shape[0] > 1:
        run.vmap_checked = True  # on a chunk of several trials: a batching rule may differ
        if not _vmap_agrees(derivation, exact, grads[0], wrt, run):
            run.loss_mode = PER_TRIAL
            sides = [exact, *([single] if grads[1] is not None else []),
                     *([inputs] if lowered else [])]
            again, mode = autograd_together(derivation, sides, wrt, mode=PER_TRIAL,
                                            shapes=run.node_shapes)
            grads = [again[0], again[1] if len(again) > 1 else None, *again[2:]]
    reference, float32 = grads[0], grads[1]
    run.modes.add(mode)
    run.loss_mode = PER_TRIAL if mode == PER_TRIAL else run.loss_mode
    low = baseline = None
    if run.dtype != torch.float64 and probe is None and run.measured:
        try:
            low = _closed_form(derivation, inputs, run)
            baseline = grads[2] if lowered else float32
        except DerivationError as error:
            if not _no_kernel(error, run.dtype):
                raise
            run.measured = False  # torch or numpy has no kernel for the closed form's op
            run.warnings[say.no_low_kernel_closed_form(_short(run.dtype),
                                                       _one_line(error))] = None
    scales = {n: step_scale(reference[n]) for n in wrt}
    noise = {n: rounding(reference[n], float32[n], scales[n]) if float32 is not None
             else scales[n] * UNMEASURED_ROUNDING for n in wrt}
    trial_scale = torch.stack([torch.nan_to_num(s, nan=0.0) for s in scales.values()]).amax(0)
    evidential = torch.stack([informative(scales[n], noise[n]) for n in wrt]).any(0)
    return _Chunk(offset, exact, derived, reference, low, baseline, noise, trial_scale,
                  evidential)


def _record(derivation: Derivation, chunk: _Chunk, run: _Run) -> None:
    """What a chunk at scale 1 adds besides its steps' figures: finite differences on the
    first trials, and the trials where gradients look returned in the wrong order."""
    if run.numeric is not None and chunk.offset == 0:
        wrt = list(dict.fromkeys(s.of for s in derivation.steps))
        _numeric(derivation, chunk.exact, chunk.derived, chunk.reference, wrt, run.numeric)
    _note_swaps(derivation, chunk.derived, chunk.reference, run)


def _summarised(derivation: Derivation, chunk: _Chunk, run: _Run,
                redraw: Callable[[], dict[str, Tensor]], probe: _Scales | None = None
                ) -> _Pending:
    """Every step of a chunk decided and reduced to its figures where its tensors are, all
    steps at once (see ``verify.compare.summarise``): nothing is read back until
    ``_settle``."""
    pending = _Pending(chunk.offset, chunk.trials, redraw, probe, chunk)
    derived, reference, low = chunk.derived, chunk.reference, chunk.low
    steps, measured = [], []
    handed = _handed_dtype(derivation, run.dtype)
    for step in derivation.steps:
        tally, of = run.tallies[step.name], step.of
        if step.name not in derived or (low is not None and step.name not in low):
            tally.missing = True
            continue
        value, mine = _step_values(step.name, derived, low, reference[of], tally)
        if low is not None or run.dtype == torch.float64:  # else judged on float64's values
            tally.note_types(mine, reference[of], run.dtype, handed)
        expected = reference[of].shape[1:]
        if value.shape[1:] != expected or mine.shape[1:] != expected:
            pending.detailed = True  # recorded by Tally.shape_mismatch, in order
            continue
        shape = tuple(reference[of].shape[1:])
        pending.compared.append((step.name, torch.Size(shape).numel(), shape))
        steps.append(StepValues(value, reference[of], chunk.noise[of], value.dtype))
        if low is not None and torch.Size(shape).numel():
            measured.append((step.name, (mine, chunk.baseline[of], reference[of]),
                             len(steps) - 1))
    if steps:
        pending.figures, judged = summarise(
            steps, chunk.trial_scale, chunk.evidential, tolerance=run.tolerance,
            group=run.group, reference_rtol=derivation.reference_rtol)
    if measured:
        pending.measured = [name for name, _, _ in measured]
        pending.precision, pending.bits = precision_figures(
            run.dtype, [values for _, values, _ in measured], chunk.trial_scale,
            chunk.evidential & judged[[row for _, _, row in measured]])
    return pending


def _settle(derivation: Derivation, run: _Run) -> None:
    """Fold the pending chunks into the run's tallies, in order, from their figures read
    back at once. A chunk where some trial failed (or a result's shape is not autograd's)
    is folded in detail instead (``_fold_detailed``), from its values when still held,
    else drawn and evaluated again: what it failed in, where, and how."""
    pending, run.pending = run.pending, []
    tensors = [t.reshape(-1) for p in pending for t in (p.figures, p.precision)
               if t is not None]
    values = iter(torch.cat(tensors).tolist() if tensors else [])
    read = [([[next(values) for _ in SUMMARY_FIELDS] for _ in p.compared],
             [[next(values) for _ in PRECISION_FIELDS] for _ in p.measured]) for p in pending]
    bits: dict[str, list[Tensor]] = {}
    for p, (figures, precision) in zip(pending, read, strict=True):
        if p.detailed or any(f[0] for f in figures):
            chunk = p.chunk or _evaluate(derivation, p.redraw(), run, p.offset, probe=p.probe)
            _fold_detailed(derivation, chunk, run, p.probe)
            continue
        for (name, elements, shape), f in zip(p.compared, figures, strict=True):
            run.tallies[name].absorb(f, p.trials, elements, shape, p.offset)
        for row, (name, f) in enumerate(zip(p.measured, precision, strict=True)):
            run.precisions[name].absorb(f, None, p.offset)
            bits.setdefault(name, []).append(p.bits[row])
    for name, kept in bits.items():
        run.precisions[name].bits.append(torch.cat(kept).cpu())


def _compared(derivation: Derivation, of: str, value: Tensor, chunk: _Chunk, run: _Run,
              around: Tensor) -> Comparison:
    """One step of a chunk decided in float64 (see ``verify.compare.compare``). A float64
    result that holds float32 values only (computed in float32 and cast back, as
    mixed-precision code does) is allowed float32's rounding in a row of a lower dtype, and
    in the float64 row where autograd's gradient holds float32 values only too (the loss
    computes in float32 itself)."""
    dtype = value.dtype
    if dtype == torch.float64 and value.numel() and holds_float32(value) and (
            run.dtype != torch.float64 or (holds_float32(chunk.reference[of])
                                           and _loss_in_float32(derivation, of, chunk, run))):
        dtype = torch.float32
    return compare(value, chunk.reference[of], chunk.noise[of], chunk.trial_scale,
                   derived_dtype=dtype, tolerance=run.tolerance, group=run.group,
                   reference_rtol=derivation.reference_rtol, around=around)


#: Trials on which a loss is asked whether it computes in float32, and how far their
#: inputs are moved off float32's values to ask it.
FLOAT32_ASKED = 8
OFF_FLOAT32 = 2.0 ** -40


def _loss_in_float32(derivation: Derivation, of: str, chunk: _Chunk, run: _Run) -> bool:
    """Does the loss compute ``of``'s gradient in float32? Drawn inputs hold float32 values,
    so a gradient that only passes them on (``x.sum(0)``) holds float32 values in float64
    too; moved off float32's values, such a gradient no longer does, and one the loss
    computes in float32 (``x.float() ... .type_as(x)``) still does."""
    if of not in run.float32_losses:
        inputs = {n: v[:FLOAT32_ASKED] * (1 + OFF_FLOAT32) if v.is_floating_point()
                  else v[:FLOAT32_ASKED] for n, v in chunk.exact.items()}
        try:
            grads, _ = autograd_gradients(derivation, inputs, [of])
            run.float32_losses[of] = holds_float32(grads[of].to(torch.float64))
        except Exception:  # the loss's own errors are told where they happen
            run.float32_losses[of] = False
    return run.float32_losses[of]


def _fold_detailed(derivation: Derivation, chunk: _Chunk, run: _Run,
                   probe: _Scales | None) -> None:
    """Fold a chunk into the run's tallies with everything a diagnosis uses: the failing
    trials, kinks, numerical breakdowns at a probed scale, and the patterns of the
    failures. ``probe``: the input scales of trials drawn to probe large or small
    inputs."""
    derived, reference, low, offset = chunk.derived, chunk.reference, chunk.low, chunk.offset
    trial_scale, evidential = chunk.trial_scale, chunk.evidential
    around = typical_scale(trial_scale, run.group)
    own = _OwnRounding(derivation, chunk, run)
    handed = _handed_dtype(derivation, run.dtype)
    for step in derivation.steps:
        tally, of = run.tallies[step.name], step.of
        if step.name not in derived or (low is not None and step.name not in low):
            tally.missing = True
            continue
        value, mine = _step_values(step.name, derived, low, reference[of], tally)
        if low is not None or run.dtype == torch.float64:  # else judged on float64's values
            tally.note_types(mine, reference[of], run.dtype, handed)
        if tally.shape_mismatch(value, reference[of], offset) or \
                tally.shape_mismatch(mine, reference[of], offset):
            continue
        c = _compared(derivation, of, value, chunk, run, around)
        kinked = _accept_kinks(derivation, chunk.exact, step.of, c, tally, evidential)
        _accept_linear_softplus(derivation, chunk.exact, c)
        if probe is not None:
            _breakdowns(derivation, chunk, c, step, probe, run)
        own.excuse(c, step.name)
        tally.fold(c, trial_scale, evidential, offset)
        if low is not None:  # at a kink the two sides may pick two subgradients: no evidence
            run.precisions[step.name].fold(mine, chunk.baseline[of], reference[of],
                                           trial_scale, evidential & c.judged & ~kinked,
                                           offset)


def _handed_dtype(derivation: Derivation, dtype: torch.dtype) -> torch.dtype:
    """The dtype the closed form was given: numpy code gets bfloat16 values as float32
    arrays (numpy has no bfloat16), so float32 is what it should return."""
    numpy = isinstance(numpy_gradient(derivation.gradient), NumpyGradient)
    return torch.float32 if numpy and dtype == torch.bfloat16 else dtype


class _OwnRounding:
    """The closed form's own float64 rounding, estimated as autograd's is: from the same
    closed form on the chunk's inputs rounded to float32, ``F32_TO_F64 x |float32 result -
    float64 result|`` per trial (run once per chunk, and only when some step needs it)."""

    def __init__(self, derivation: Derivation, chunk: _Chunk, run: _Run) -> None:
        self.derivation, self.chunk, self.run = derivation, chunk, run
        self.single: dict[str, Any] | None = None

    def excuse(self, c: Comparison, step: str) -> None:
        """Small failures (at most SMALL_RTOL of the step's scale) within F64_MARGIN x the
        closed form's own rounding are no failures, with a warning: a formula that cancels
        terms far larger than its result (an RBF kernel's gradient where the kernel
        underflows) loses that much, a term left out (a tiny weight decay) does not."""
        small = c.small
        if not small.any() or self.run.tolerance is not None:
            return
        derived = self._in_float32().get(step)
        if not isinstance(derived, Tensor) or derived.shape != c.derived.shape[:1] + \
                tuple(c.element_shape):
            return
        d32 = derived.to(torch.float64).reshape(c.derived.shape)
        own = (d32 - c.derived).abs().amax(1) * F32_TO_F64 if c.derived.shape[1] \
            else torch.zeros_like(c.error)
        excused = small & torch.isfinite(own) & (c.error <= F64_MARGIN * own)
        if excused.any():
            c.failed = c.failed & ~excused
            self.run.warnings[say.own_rounding(step, int(excused.sum()))] = None

    def _in_float32(self) -> dict[str, Any]:
        if self.single is None:
            single = {n: v.float() if v.is_floating_point() else v
                      for n, v in self.chunk.exact.items()}
            try:
                derived = _closed_form(self.derivation, single, self.run)
                self.single = {n: _as_tensor(v, n) for n, v in derived.items()
                               if v is not None}
            except DerivationError:
                self.single = {}
        return self.single


def _note_swaps(derivation: Derivation, derived: Mapping[str, Any],
                reference: Mapping[str, Tensor], run: _Run) -> None:
    """For every two parameter steps, in how many trials the first's closed form equals
    autograd's gradient of the second's input (gradients returned in the wrong order),
    counted where the tensors are."""
    params = [s for s in derivation.steps if derivation.is_param_step(s) and s.name in derived]
    flat: dict[str, tuple[Tensor, Tensor]] = {}

    def level(of: str, trials: int) -> tuple[Tensor, Tensor]:
        if of not in flat:
            r = reference[of].detach().to(torch.float64).reshape(trials, -1)
            flat[of] = r, 1e-9 * r.abs().amax(1)
        return flat[of]

    for mine, theirs in itertools.permutations(params, 2):
        value, target = derived[mine.name], reference[theirs.of]
        if not isinstance(value, Tensor) or value.shape != target.shape or not value.numel():
            continue
        own = reference[mine.of]
        d = value.detach().to(target.device, torch.float64).reshape(target.shape[0], -1)
        close = _close(d, *level(theirs.of, target.shape[0]))
        if own.shape == target.shape:  # equal to its own gradient as well: nothing swapped
            close &= ~_close(d, *level(mine.of, target.shape[0]))
        key = (mine.name, theirs.of)
        counted = close.sum()
        run.swaps[key] = run.swaps[key] + counted if key in run.swaps else counted
    run.swap_trials += next(iter(reference.values())).shape[0]


def _close(d: Tensor, r: Tensor, limit: Tensor) -> Tensor:
    """Per trial: ``d`` equals ``r`` (flattened alike) within ``limit``."""
    return (d - r).abs().amax(1) <= limit


def _accept_kinks(derivation: Derivation, inputs: dict[str, Tensor], of: str, c: Any,
                  tally: Tally, evidential: Tensor) -> Tensor:
    """Failing trials where the loss has a kink and the closed form is a subgradient there
    are not failures; they are counted, and returned as a mask. The first KINK_TRIALS
    failing trials are tested; where any of them is at a kink, so are all the others, that
    many at a time (inputs drawn at a kink, as weights that start at 0, put every trial
    there); where none is, a wrong gradient is not tested further. ``evidential``: per
    trial, autograd's gradient is information (see ``subgradient_at_kink``)."""
    kinked = torch.zeros_like(c.failed)
    failing = c.failed.nonzero()[:, 0]
    failing = failing[torch.isfinite(c.derived[failing]).all(1)]
    shaped = c.element_shape
    for start in range(0, failing.numel(), KINK_TRIALS):
        some = failing[start:start + KINK_TRIALS]
        at_kink = subgradient_at_kink(derivation, {n: v[some] for n, v in inputs.items()},
                                      of, c.derived[some].reshape(-1, *shaped),
                                      c.reference[some].reshape(-1, *shaped),
                                      evidential[some])
        c.failed[some[at_kink]] = False
        kinked[some[at_kink]] = True
        found = int(at_kink.sum())
        tally.kinks += found
        if start == 0 and not found:
            break
    return kinked


#: How far a closed form of softplus's derivative may be from autograd's, relative to the
#: step's scale, where softplus runs its linear piece: 4 exp(-20).
SOFTPLUS_GAP = 4 * math.exp(-20)
#: The failing trials at a probed input scale whose gradient is taken by central
#: differences too, to tell autograd's breakdowns from the closed form's mistakes.
AUTOGRAD_CHECKED = 32
#: How near central differences must come to the closed form, as a share of its distance
#: from autograd along the same direction, to side with it: ten times nearer (their own
#: error, some 1e-9 of a loss at input scale 8, is a tenth of a gap of 1e-7).
SIDING = 0.1


def _accept_linear_softplus(derivation: Derivation, inputs: dict[str, Tensor], c: Any
                            ) -> None:
    """Small mismatches in trials where the loss runs softplus past its threshold are not
    failures: autograd differentiates torch's linear piece there (a derivative of 1), the
    closed form the formula (sigma(beta z), off by at most exp(-20) at the default
    threshold: SOFTPLUS_GAP allows four times that)."""
    small = (c.small & (c.error <= SOFTPLUS_GAP * torch.nan_to_num(c.scale))).nonzero()[:, 0]
    if small.numel():
        within = linear_softplus_trials(derivation, {n: v[small] for n, v in inputs.items()})
        c.failed[small[within]] = False


def _breakdowns(derivation: Derivation, chunk: _Chunk, c: Any, step: Step, scales: _Scales,
                run: _Run) -> None:
    """At a probed input scale, failures where the closed form is NaN/Inf are its numerical
    breakdowns; then failures where the loss's forward rounds a sigmoid or tanh to its limit,
    or binary_cross_entropy clamps a probability near it, are autograd's
    (``saturated_trials``); then failures where autograd's value is no
    information (zero, or rounding noise) are the closed form's again; and failures by
    less than F64_MARGIN x eps64 x the trial's largest gradient, or the median one at input
    scale 1, are the rounding of what the step was computed from (a softmax saturated at
    large inputs leaves a step 1e-15 of the others, made of their cancellation; an RBF
    kernel's gradient underflows where its terms of ordinary size cancel); last, failures
    where central differences side with the closed form are autograd's (``_autograd_wrong``).
    Each is warned about (unless the step fails there anyway), not failed."""
    finite = torch.isfinite(c.derived).all(1) if c.derived.shape[1] else c.failed | True
    saturated = torch.zeros_like(c.failed)
    failing = (c.failed & finite).nonzero()[:, 0]
    if failing.numel():
        inputs = {n: v[failing] for n, v in chunk.exact.items()}
        saturated[failing[saturated_trials(derivation, inputs)]] = True
    broken = c.failed & ~saturated & (~c.informative | ~finite)
    largest = chunk.trial_scale if run.usual_scale is None \
        else chunk.trial_scale.maximum(run.usual_scale)
    rounded = c.failed & ~saturated & ~broken & (c.error <= F64_MARGIN * EPS64 * largest)
    c.failed = c.failed & ~broken & ~saturated & ~rounded
    off = _autograd_wrong(derivation, chunk, c, step.of)
    c.failed = c.failed & ~off
    if c.failed.any():  # wrong anyway: its breakdowns are no news
        return
    for kind, trials in ((say.breaks_down, broken), (say.autograd_saturates, saturated),
                         (say.rounding_of_others, rounded), (say.autograd_breaks_down, off)):
        if trials.any():
            numbers = (trials.nonzero()[:, 0] + chunk.offset).tolist()
            run.warnings[kind(step.name, scales.of(numbers), len(numbers))] = None


def _autograd_wrong(derivation: Derivation, chunk: _Chunk, c: Any, of: str) -> Tensor:
    """Per trial: a failing trial (at most AUTOGRAD_CHECKED of them) where float64 central
    differences along the gap between the two sides, u = derived - autograd, side with
    the closed form: ``|fd - <derived, h u>| <= SIDING x |<derived - autograd, h u>|``
    (two evaluations of the loss a trial, whatever its size). At a probed input scale
    autograd's own backward can underflow or overflow where the loss's value does not (a
    softmax written ``exp(z) / exp(z).sum()`` at large z: the gradient of a probability of
    1e-300 goes through 1e-300 / 1e288, which is 0)."""
    off = torch.zeros_like(c.failed)
    if of not in chunk.exact:
        return off
    for trial in c.failed.nonzero()[:, 0][:AUTOGRAD_CHECKED].tolist():
        inputs = {n: v[trial] for n, v in chunk.exact.items()}
        x, gap = inputs[of], c.derived[trial] - c.reference[trial]
        u = (gap / gap.abs().max()).reshape(x.shape)
        move = (step_sizes(x) * u).reshape(-1)
        with torch.no_grad():
            fd = directional_difference(
                lambda v, given=inputs: derivation.loss(**{**given, of: v}), [x], [u])
        mine, theirs = float(c.derived[trial] @ move), float(c.reference[trial] @ move)
        off[trial] = abs(float(fd) - mine) <= SIDING * abs(mine - theirs)
    return off


def _closed_form(derivation: Derivation, inputs: dict[str, Tensor], run: _Run
                 ) -> dict[str, Any]:
    """The derivation's gradient for every trial, on copies of the inputs, without autograd
    (see ``_closed_form_trials``)."""
    def one_trial(args: dict[str, Tensor]) -> dict[str, Any]:
        result = derivation.gradient(**args)
        if not isinstance(result, Mapping):
            raise DerivationError(f"the closed form must return a dict of step name -> "
                                  f"gradient, not {type(result).__name__}")
        return dict(result)

    copies = {n: v.clone() for n, v in inputs.items()}
    with torch.no_grad():
        derived, mode = _closed_form_trials(derivation, one_trial, copies, run.closed_form_mode)
        if mode == VECTORISED and not run.closed_form_checked \
                and next(iter(inputs.values())).shape[0] > 1:
            run.closed_form_checked = True  # on a chunk of several trials, as autograd's
            if not _closed_form_agrees(one_trial, inputs, derived):
                copies = {n: v.clone() for n, v in inputs.items()}
                derived, mode = _closed_form_trials(derivation, one_trial, copies, PER_TRIAL)
    run.modes.add(mode)
    run.closed_form_mode = PER_TRIAL if mode == PER_TRIAL else run.closed_form_mode
    for name, value in inputs.items():  # read back once, by _note_changed
        changed = (copies[name] != value).any() if copies[name].shape == value.shape \
            else torch.ones((), dtype=torch.bool, device=value.device)
        run.changed[name] = run.changed[name] | changed if name in run.changed else changed
    return derived


def _note_changed(run: _Run) -> None:
    """A warning for each input the closed form changed in place, in any chunk."""
    changed, run.changed = run.changed, {}
    flags = torch.stack(list(changed.values())).tolist() if changed else []
    for name, flag in zip(changed, flags, strict=True):
        if flag:
            run.warnings[f"the closed form changed its input {name!r} in place; it was given "
                         "its own copy, so autograd's reference and the verdict are "
                         "unaffected"] = None


def _closed_form_trials(derivation: Derivation, one_trial: Callable[[dict[str, Tensor]], Any],
                        copies: dict[str, Tensor], mode: str | None) -> tuple[Any, str]:
    """``map_trials(one_trial, copies, mode=mode)``, the same results and mode, with the
    closed form of numpy arrays (see ``verify.usercode.numpy_gradient``) called on every
    trial's views of one array per input and its results kept by ``verify.trials.Rows``
    when vmap cannot run it; under ``forced_mode`` the plain loop: one call of
    ``one_trial`` per trial, with one conversion of the inputs and results each."""
    if forced() is not None or mode == VECTORISED:
        return map_trials(one_trial, copies, mode=mode)
    if mode is None:
        try:
            return map_trials(one_trial, copies, mode=VECTORISED)
        except Exception:  # as map_trials: the loop is the fallback
            pass
    gradient = numpy_gradient(derivation.gradient)
    if gradient is None:
        return loop(one_trial, copies), PER_TRIAL
    done = []
    if gradient is UNDECIDED:  # its first call finds out whether it takes numpy arrays
        done.append(kept_result(one_trial({n: v[0] for n, v in copies.items()})))
        gradient = numpy_gradient(derivation.gradient)
    if not isinstance(gradient, NumpyGradient):
        return loop(one_trial, copies, done=done), PER_TRIAL
    first = next(iter(copies.values()))
    rows = Rows(first.shape[0], first.device)
    for row in done:
        rows.add(row)
    call_trials(gradient, chunk_arrays(copies), len(done), first.shape[0], first.device,
                rows.add)
    return rows.stacked(), PER_TRIAL


def _small_and_autograd_off(derivation: Derivation, run: _Run, seed: int,
                            device: torch.device, sizes: Mapping[str, int]) -> None:
    """Small mismatches in many trials, and nothing else, are a failure unless finite
    differences lay them at autograd's door: on NUMERIC_TRIALS of those trials the closed
    form is within NUMERIC_TOLERANCE of extrapolated finite differences
    (``precise_gradients``) and at least AUTOGRAD_OFF times nearer them than autograd's
    float64 gradient is (an operation whose float64 backward holds a float32 constant, as
    ``hardsigmoid``'s 1/6). Then they are a warning."""
    for step in derivation.steps:
        tally = run.tallies[step.name]
        if not tally.small_mismatch or tally.failed_trials or tally.first_small is None:
            continue
        start = tally.first_small
        drawn = sample_trials(derivation, start, start + NUMERIC_TRIALS, seed, dtype=run.dtype,
                              device=device, sizes=sizes)
        exact = {n: v.double() if v.is_floating_point() else v for n, v in drawn.items()}
        derived = _closed_form(derivation, exact, run)
        (reference,), _ = autograd_together(derivation, [exact], [step.of],
                                            mode=run.loss_mode, shapes=run.node_shapes)
        differences = precise_gradients(derivation, exact, [step.of])
        check = numeric_check(differences[step.of], _as_tensor(derived[step.name], step.name),
                              reference[step.of])
        if check.derived_agrees and check.derived_error * AUTOGRAD_OFF <= check.autograd_error:
            tally.small_counts, tally.small_autograd_off = False, True
            run.warnings[say.autograd_off(step.name, tally.small_worst, check.derived_error,
                                          check.autograd_error, check.trials)] = None


def _numeric(derivation: Derivation, inputs: dict[str, Tensor], derived: dict[str, Any],
             reference: dict[str, Tensor], wrt: list[str], checks: dict[str, NumericCheck]
             ) -> None:
    """Finite differences on the first trials, against both sides, for every step."""
    first = {n: v[:NUMERIC_TRIALS] for n, v in inputs.items()}
    differences = numeric_gradients(derivation, first, wrt)
    for step in derivation.steps:
        if step.name in derived:
            checks[step.name] = numeric_check(differences[step.of],
                                              _as_tensor(derived[step.name], step.name),
                                              reference[step.of])


def chunk_trials(derivation: Derivation, trials: int, sizes: Mapping[str, int]) -> int:
    """Trials checked at once: whole sampling blocks whose inputs, times a margin for the
    intermediates, fit in CHUNK_ELEMENTS; at least one block, at most ``trials``."""
    block = block_trials(derivation, sizes)
    fit = CHUNK_ELEMENTS // (_INTERMEDIATES_MARGIN * trial_elements(derivation, sizes))
    return min(trials, max(1, fit // block) * block)


def measured_chunk(derivation: Derivation, run: _Run, trials: int, seed: int,
                   device: torch.device, sizes: Mapping[str, int],
                   declared: Derivation | None = None) -> int:
    """Trials checked at once, from the memory one trial is measured to need within
    ``budget_bytes``: whole sampling blocks, never more than ``chunk_trials`` allows, or
    fewer trials than a block when one block does not fit. Runs of MEASURED_FROM trials or
    fewer are one chunk. ``declared``: the derivation as given, whose measurement is
    remembered for its next check (another dtype)."""
    bound = chunk_trials(derivation, trials, sizes)
    if trials <= MEASURED_FROM:
        return bound
    measured = _remembered(("trial bytes", seed, tuple(sizes.items())), declared,
                           lambda: trial_bytes(derivation, seed, sizes))
    fit = trials_per_chunk(measured, budget_bytes(device))
    block = block_trials(derivation, sizes)
    if fit < block:  # typical rounding is then taken over each chunk, as drawn
        run.group = fit
        return fit
    return min(bound, fit // block * block)


def trial_bytes(derivation: Derivation, seed: int, sizes: Mapping[str, int]) -> int:
    """The memory one trial needs: its inputs and every tensor one forward pass of its loss
    makes (counted as it runs), in float64, times TRIAL_COPIES for what autograd saves, its
    gradients, the closed form's intermediates and the second dtype of a check."""
    made = []

    class Count(torch.overrides.TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            out = func(*args, **(kwargs or {}))
            made.extend(t.numel() for t in (out if isinstance(out, tuple) else (out,))
                        if isinstance(t, Tensor))
            return out

    drawn = sample_trials(derivation, 0, 1, seed, dtype=torch.float64, device="cpu",
                          sizes=sizes)
    with torch.no_grad(), Count():
        derivation.loss(**{n: v[0] for n, v in drawn.items()})
    elements = sum(v.numel() for v in drawn.values()) + sum(made)
    return max(1, 8 * TRIAL_COPIES * elements)


#: What was worked out for a derivation as given, by what and the derivation: kept for its
#: next checks (other dtypes), the newest REMEMBERED of them.
_REMEMBERED: dict[tuple[Any, ...], tuple[Derivation, Any]] = {}
REMEMBERED = 64


def _remembered(key: tuple[Any, ...], derivation: Derivation | None,
                work: Callable[[], Any]) -> Any:
    """``work()``, remembered under ``key`` for the very same ``derivation`` object (not
    remembered without one)."""
    if derivation is None:
        return work()
    full = (id(derivation), *key)
    kept = _REMEMBERED.get(full)
    if kept is not None and kept[0] is derivation:
        return kept[1]
    value = work()
    _REMEMBERED[full] = (derivation, value)
    while len(_REMEMBERED) > REMEMBERED:
        del _REMEMBERED[next(iter(_REMEMBERED))]
    return value


def _variants(derivation: Derivation, sizes: Mapping[str, int], seed: int
              ) -> tuple[tuple[SizeGroup, ...], list[tuple[dict[str, int], str, Derivation,
                                                            str | None]]]:
    """The size groups of ``derivation`` at ``sizes`` and, for each assignment of other
    sizes to check (see ``verify.variation``), the sizes in words, the derivation there and
    why it cannot be checked there (None when it can): the same in every dtype, worked out
    once."""
    def work() -> tuple[tuple[SizeGroup, ...], list[Any]]:
        declared = dataclasses.replace(derivation, sizes={**derivation.sizes, **sizes})
        groups = size_groups(declared)
        variants = []
        for assignment in variant_sizes(groups, seed) if groups else []:
            at = describe_assignment(groups, assignment)
            other = at_sizes(declared, groups, assignment)
            refused = accepts(other, at=at)
            if refused is None and not all(g.named for g in groups) \
                    and not broadcasts_alike(declared, other):
                refused = ("the loss broadcasts its tensors differently there: the dims of "
                           "equal length are not one size")
            variants.append((assignment, at, other, refused))
        return groups, variants

    return _remembered(("variants", seed, tuple(sizes.items())), derivation, work)


def _chunks(derivation: Derivation, trials: int, seed: int, dtype: torch.dtype,
            device: torch.device, sizes: Mapping[str, int], start: int = 0,
            chunk: int | None = None) -> Iterator[tuple[int, dict[str, Tensor]]]:
    """The inputs of trials ``start`` to ``trials - 1``, ``chunk`` trials at a time (at
    most ``chunk_trials``)."""
    if trials <= start:
        return
    chunk = min(chunk or trials, chunk_trials(derivation, trials - start, sizes))
    for offset in range(start, trials, chunk):
        yield offset, sample_trials(derivation, offset, min(trials, offset + chunk), seed,
                                    dtype=dtype, device=device, sizes=sizes)


@contextlib.contextmanager
def _exact_math(device: torch.device) -> Iterator[dict[str, Any]]:
    """Pin TF32 off on CUDA while checking (it rounds float32 matmuls to 10 bits); nothing
    is read or set on other devices. The checked code may have set TF32 by torch's older
    flags (``allow_tf32``) or its newer ones (``fp32_precision``), and torch refuses to read
    one kind once the other is set: each is tried in turn."""
    restore = _tf32_off() if device.type == "cuda" else None
    try:
        yield {"tf32": None if restore is None else False,
               "float32_matmul_precision": _setting(torch.get_float32_matmul_precision),
               "f64_margin": F64_MARGIN}
    finally:
        if restore is not None:
            restore()


def _tf32_off() -> Callable[[], None]:
    """Turn TF32 off for CUDA matmuls and cuDNN; returns what puts it back as it was."""
    legacy = (torch.backends.cuda.matmul, "allow_tf32", False), \
        (torch.backends.cudnn, "allow_tf32", False)
    newer = (torch.backends.cuda.matmul, "fp32_precision", "ieee"), \
        (getattr(torch.backends.cudnn, "conv", None), "fp32_precision", "ieee")
    for flags in (legacy, newer):
        try:
            saved = [(owner, name, getattr(owner, name)) for owner, name, _ in flags]
            for owner, name, value in flags:
                setattr(owner, name, value)
        except (RuntimeError, AttributeError):
            continue

        def restore(saved: list[tuple[Any, str, Any]] = saved) -> None:
            for owner, name, value in saved:
                setattr(owner, name, value)
        return restore
    return lambda: None


def _setting(read: Callable[[], str]) -> str | None:
    try:
        return read()
    except RuntimeError:  # torch refuses to read a setting made by the other kind of flag
        return None


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


def _step_values(name: str, derived: dict[str, Any], low: dict[str, Any] | None,
                 reference: Tensor, tally: Tally) -> tuple[Tensor, Tensor]:
    """A step's closed form in float64 and in the checked dtype (the same where that is
    float64), as tensors in autograd's shape where they only leave out its leading axes of
    length 1 (see ``Tally.fit``)."""
    value = tally.fit(_as_tensor(derived[name], name), reference)
    mine = value if low is None else tally.fit(_as_tensor(low[name], name), reference)
    return value, mine


def _as_tensor(value: Any, step: str) -> Tensor:
    if isinstance(value, Tensor):
        return value
    try:
        return torch.as_tensor(value)
    except (TypeError, ValueError, RuntimeError):
        raise DerivationError(f"the closed form returned {type(value).__name__} for "
                              f"{step}, not a tensor or an array") from None


#: Trials of a run's first vectorised chunk whose autograd gradients are computed again
#: one trial at a time (the first few and the last), and how far apart, relative to the
#: trial's scale, the two may be.
CROSS_CHECKED = 4
CROSS_CHECK_RTOL = 1e-6
#: The losses (and shapes of their inputs) whose gradients under vmap agreed with the
#: loop's, so that each is compared once per process.
_AGREED: weakref.WeakKeyDictionary[Any, set[Any]] = weakref.WeakKeyDictionary()


def _vmap_agrees(derivation: Derivation, exact: dict[str, Tensor],
                 reference: dict[str, Tensor], wrt: list[str], run: _Run) -> bool:
    """Whether autograd's gradients under vmap are those of the plain loop on a few trials
    (torch has batching rules that differ from the operation they batch: the gradient of
    ``F.embedding(..., padding_idx=0)`` under vmap reaches the padding row in most
    trials). Where they are not, the loss runs one trial at a time."""
    shapes = tuple((n, tuple(v.shape[1:]), v.dtype) for n, v in exact.items())
    loss = getattr(derivation.loss, "fn", derivation.loss)  # inside its UserCode guard
    with contextlib.suppress(TypeError):  # a loss no weak reference can be made to
        if shapes in _AGREED.get(loss, ()):
            return True
    trials = next(iter(exact.values())).shape[0]
    at = torch.tensor(sorted({*range(min(trials, CROSS_CHECKED)), trials - 1}))
    some = {n: v[at.to(v.device)] for n, v in exact.items()}
    try:
        (alone,), _ = autograd_together(derivation, [some], wrt, mode=PER_TRIAL,
                                        shapes=run.node_shapes)
    except DerivationError:  # the loop cannot run what vmap ran: nothing to compare with
        return True
    scale = torch.stack([step_scale(alone[n]).nan_to_num(0.0) for n in wrt]).amax(0)
    for n in wrt:
        batched = reference[n][at.to(reference[n].device)]
        gap = (alone[n] - batched).abs().nan_to_num(0.0).reshape(len(at), -1)
        if gap.numel() and bool((gap.amax(1) > CROSS_CHECK_RTOL * scale).any()):
            return False
    with contextlib.suppress(TypeError):
        _AGREED.setdefault(loss, set()).add(shapes)
    return True


def _closed_form_agrees(one_trial: Callable[[dict[str, Tensor]], Any],
                        inputs: dict[str, Tensor], derived: Mapping[str, Any]) -> bool:
    """Whether the closed form's results under vmap are those of the plain loop on a few
    trials. Correct code can compute something else under vmap without an error: a write
    through an index that is a tensor (``dE[tok][d] += g``, ``tok`` from a tensor of ids)
    writes into a view one trial at a time and into a copy under vmap, so the batched
    result keeps the zeros it started with. Where they differ, the closed form runs one
    trial at a time. Each run compares afresh: the code a proof re-runs is edited in place
    (see ``verify.fixes``)."""
    trials = next(iter(inputs.values())).shape[0]
    at = sorted({*range(min(trials, CROSS_CHECKED)), trials - 1})
    some = {n: v[at].clone() for n, v in inputs.items()}
    try:
        alone = loop(one_trial, some)
    except Exception:  # the loop cannot run what vmap ran: nothing to compare with
        return True
    pairs = [(alone[n], derived[n][at]) for n in derived
             if isinstance(derived[n], Tensor) and isinstance(alone.get(n), Tensor)]
    if any(a.shape != b.shape for a, b in pairs):
        return False
    floats = [(a, b) for a, b in pairs if a.is_floating_point()]
    if floats:
        scale = torch.stack([step_scale(a).nan_to_num(0.0) for a, _ in floats]).amax(0)
        for a, b in floats:
            gap = (a - b).abs().nan_to_num(0.0).reshape(len(at), -1)
            if gap.numel() and bool((gap.amax(1) > CROSS_CHECK_RTOL * scale).any()):
                return False
    return all(a.is_floating_point() or torch.equal(a, b) for a, b in pairs)


def _float64_alone(derivation: Derivation, exact: dict[str, Tensor], wrt: list[str],
                   run: _Run, error: DerivationError) -> tuple[list[Any], str]:
    """autograd in float64 alone, where the loss runs in float64 but not in float32 (a
    float64 constant of its own): float64's rounding is then not estimated, and a warning
    says so. The error itself where the loss fails in float64 too."""
    try:
        (grads,), mode = autograd_together(derivation, [exact], wrt, mode=run.loss_mode,
                                           shapes=run.node_shapes)
    except DerivationError:
        raise error from None
    run.warnings[say.no_float32_loss(_one_line(error))] = None
    return [grads, None], mode


def _no_kernel(error: BaseException, dtype: torch.dtype) -> bool:
    """Did the loss or the closed form fail because torch or numpy has no kernel for an
    operation in ``dtype`` (``"addmm" not implemented for 'Half'``, ``linalg.inv: Low
    precision dtypes not supported. Got Half``, ``array type float16 is unsupported in
    linalg``, ``This function doesn't handle types other than float and double``)?"""
    names = {torch.float16: ("Half", "float16"), torch.bfloat16: ("BFloat16", "bfloat16")
             }.get(dtype, ())
    seen: set[int] = set()
    while error is not None and id(error) not in seen:  # a cause may lead back to itself
        seen.add(id(error))
        text = str(error)
        refused = any(word in text.lower() for word in _REFUSALS)
        if isinstance(error, (NotImplementedError, RuntimeError, TypeError)) and (
                (refused and any(name in text for name in names))
                or any(only in text for only in _FLOAT_AND_DOUBLE_ONLY)):
            return True
        error = error.__cause__  # type: ignore[assignment]
    return False


#: How torch and numpy word an operation they have no kernel for in a dtype, or a constant
#: the dtype cannot hold (``masked_fill(mask, -1e9)`` in float16).
_REFUSALS = ("not implemented for", "not supported", "unsupported", "supports",
             "doesn't handle", "cannot be converted to type")
#: How they word one that runs in float and double alone, naming no dtype.
_FLOAT_AND_DOUBLE_ONLY = ("types other than float and double", "of float, double, cfloat or "
                          "cdouble types")


def _mode(modes: set[str]) -> str:
    return PER_TRIAL if PER_TRIAL in modes else VECTORISED


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if isinstance(error, DerivationError) else f"{type(error).__name__}: {text}"


def _short(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")
