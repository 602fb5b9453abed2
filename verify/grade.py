"""Grading a class: every submission checked in a process of its own, one gradebook.

A submission is an exercise file (``verify-grads exercise NAME`` filled in), or, against a
reference file, a file that defines the reference's gradient function under the same name
(the reference's loss, inputs and tolerance are used). Each runs in a fresh process forked
from the checking server (``verify.harness``): its output goes nowhere, and a crash,
``sys.exit``, an endless loop (stopped after ``timeout`` seconds) or a flood of prints costs
that submission only.

A submission whose gradient uses autograd is marked ``autograd`` at every step, whatever its
values: found in its source (``verify.honesty.autograd_in_source``) or seen at run time
(``verify.honesty.watch_autograd``).

The gradebook has one row per submission and step: submission, step, verdict, cause, first
wrong line; it is written as CSV and as JSON (with each submission's score).
"""

from __future__ import annotations

import contextlib
import copy
import csv
import dataclasses
import os
import pathlib
import signal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from derivations.core import Derivation
from verify.errors import DerivationError, UsageError
from verify.report import VERIFIED
from verify.usercode import written_for_numpy

__all__ = ["AUTOGRAD", "CRASHED", "ERROR", "TIMEOUT", "GradeRow", "Gradebook", "grade",
           "submissions_in"]

AUTOGRAD = "autograd"
TIMEOUT = "timeout"
CRASHED = "crashed"
ERROR = "error"
#: Seconds one submission may take, by default.
DEFAULT_TIMEOUT = 60.0
COLUMNS = ("submission", "step", "verdict", "cause", "first_wrong_line")


@dataclass(frozen=True)
class GradeRow:
    """One step of one submission."""

    submission: str
    step: str
    verdict: str
    cause: str = ""
    first_wrong_line: str = ""


@dataclass(frozen=True)
class Gradebook:
    """Every row, submissions in the order given, steps in reading order."""

    rows: tuple[GradeRow, ...]

    def submissions(self) -> dict[str, list[GradeRow]]:
        grouped: dict[str, list[GradeRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.submission, []).append(row)
        return grouped

    def score(self, submission: str) -> str:
        """``"4/6"``: the steps verified, of all."""
        rows = self.submissions()[submission]
        return f"{sum(r.verdict == VERIFIED for r in rows)}/{len(rows)}"

    def to_dict(self) -> dict[str, Any]:
        return {"submissions": [
            {"submission": name, "score": self.score(name),
             "verdict": _overall(rows), "steps": [dataclasses.asdict(r) for r in rows]}
            for name, rows in self.submissions().items()]}

    def write(self, stem: str) -> tuple[str, str]:
        """Write ``STEM.csv`` and ``STEM.json``; returns both paths."""
        from verify.harness import write_json
        csv_path, json_path = f"{stem}.csv", f"{stem}.json"
        try:
            with open(csv_path, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                writer.writerows(dataclasses.astuple(r) for r in self.rows)
        except OSError as error:
            raise UsageError(f"cannot write the gradebook {csv_path!r}: "
                             f"{error.strerror or error}") from None
        write_json(self.to_dict(), json_path)
        return csv_path, json_path


def _overall(rows: Sequence[GradeRow]) -> str:
    verdicts = {r.verdict for r in rows}
    for verdict in (AUTOGRAD, TIMEOUT, CRASHED, ERROR, "failed", "inconclusive"):
        if verdict in verdicts:
            return verdict
    return VERIFIED


def submissions_in(paths: Iterable[str]) -> list[str]:
    """The ``.py`` files given, a directory standing for the ``.py`` files in it, sorted."""
    found: list[str] = []
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            found += sorted(str(p) for p in path.glob("*.py"))
        elif path.is_file():
            found.append(str(path))
        else:
            raise UsageError(f"no such submission: {path}")
    if not found:
        raise UsageError("no submissions: give .py files or directories that hold them")
    return list(dict.fromkeys(found))


def grade(submissions: Sequence[str], *, exercise: str | None = None,
          reference: str | None = None, trials: int = 200, seed: int = 0,
          timeout: float = DEFAULT_TIMEOUT) -> Gradebook:
    """Grade every submission against ``exercise`` (a built-in's name) or ``reference``.

    Args:
        submissions: ``.py`` files.
        exercise: the exercise the submissions fill in.
        reference: a file whose derivation (made by ``verify.derivation``) the submissions
            give the gradient of, under the same function name.
        trials, seed: of each check (float64, on the CPU).
        timeout: seconds one submission may take.

    Returns:
        The Gradebook.

    Raises:
        UsageError: neither or both of exercise and reference, a bad timeout.
    """
    if (exercise is None) == (reference is None):
        raise UsageError("grade needs --exercise NAME or --reference FILE.py (one of them)")
    from verify.harness import check_timeout
    check_timeout(timeout)
    if exercise is not None:
        from verify.exercise import builtin
        builtin(exercise)
    elif not pathlib.Path(reference).is_file():
        raise UsageError(f"no such reference file: {reference}")
    from verify.harness import start_server
    start_server()
    rows: list[GradeRow] = []
    for path in submissions:
        rows += _graded(path, exercise, reference, dict(trials=trials, seed=seed), timeout)
    return Gradebook(tuple(rows))


def _graded(path: str, exercise: str | None, reference: str | None,
            options: dict[str, Any], timeout: float) -> list[GradeRow]:
    from verify.honesty import autograd_in_source
    name = os.path.basename(path)
    static = autograd_in_source(pathlib.Path(path).read_text(encoding="utf-8", errors="replace"))
    message = _run_apart(path, exercise, reference, options, timeout)
    if message[0] != "report":
        verdict = {"timeout": TIMEOUT, "ended": CRASHED}.get(message[0], ERROR)
        return [GradeRow(name, "-", AUTOGRAD if static else verdict,
                         _autograd_cause(static, []) if static else message[1])]
    report, used, lines = message[1:]
    if report.error is not None:
        return [GradeRow(name, "-", AUTOGRAD if static or used else ERROR,
                         _autograd_cause(static, used) if static or used else report.error)]
    rows = []
    for step in report.steps:
        line = (report.first_wrong_line or lines.get(step.step, "")
                if step is report.first_wrong_step else "")
        if static or used:
            rows.append(GradeRow(name, step.step, AUTOGRAD, _autograd_cause(static, used)))
        else:
            cause = step.diagnosis.message if step.diagnosis is not None else ""
            rows.append(GradeRow(name, step.step, step.verdict, cause, line))
    return rows


def _autograd_cause(static: list[str], used: list[str]) -> str:
    parts = ([f"in the source: {', '.join(static)}"] if static else []) + \
        ([f"at run time: {', '.join(used)}"] if used else [])
    return f"the gradient uses autograd ({'; '.join(parts)}); derive it by hand"


def _run_apart(path: str, exercise: str | None, reference: str | None,
               options: dict[str, Any], timeout: float) -> tuple[Any, ...]:
    """The child's message: ("report", report, autograd used, step lines), ("error", why); or
    ("timeout", why), ("ended", why) when it ran too long or ended without a word."""
    from verify.harness import _context, _exit_status, _kill
    context = _context()
    conn, child = context.Pipe()
    process = context.Process(target=_child, args=(child, path, exercise, reference, options),
                              name=f"verify-grads grade {path}")
    process.start()
    child.close()
    try:
        ready = wait([conn, process.sentinel], timeout=timeout)
        if conn in ready or conn.poll():
            with contextlib.suppress(EOFError, OSError):
                return conn.recv()
        if not ready:
            return ("timeout", f"stopped after {timeout:g} s: it runs too long (a loop that "
                               "never ends?)")
        process.join()
        return ("ended", f"the process ended ({_exit_status(process.exitcode)}) before it "
                         "reported: the submission ended it (os._exit, a crash)")
    finally:
        _kill(process)
        conn.close()


def _child(conn: Connection, path: str, exercise: str | None, reference: str | None,
           options: dict[str, Any]) -> None:
    """Check one submission, its output sent nowhere, autograd watched; report back."""
    from verify.harness import _exit_with_parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (1, 2):
        with contextlib.suppress(OSError):
            os.dup2(devnull, stream)
    _exit_with_parent()
    try:
        from verify.engine import verify
        from verify.honesty import watch_autograd
        used = watch_autograd(path)
        derivation = _submitted(path, exercise, reference)
        report = verify(derivation, dtype="float64", shrink=False, **options)
        conn.send(("report", report, sorted(used), _step_lines(derivation)))
    except (DerivationError, UsageError) as error:
        conn.send(("error", str(error)))
    except BaseException as error:  # sys.exit outside a check, or a bug: say which
        with contextlib.suppress(Exception):
            conn.send(("error", f"{type(error).__name__}: {' '.join(str(error).split())}"))
    finally:
        os._exit(0)


def _step_lines(derivation: Derivation) -> dict[str, str]:
    """For an exercise file, where each step's function starts: ``f.py:40: def delta_j``."""
    from verify.draws import source_of
    functions = getattr(derivation.gradient, "functions", ())
    return {step.name: f"{source_of(function)}: def {function.__name__}"
            for step, function in zip(derivation.steps, functions, strict=False)}


def _submitted(path: str, exercise: str | None, reference: str | None) -> Derivation:
    """The derivation a submission makes: its exercise, or the reference with its gradient."""
    from verify.userfile import _load, find_derivations
    if exercise is not None:
        found = dict(find_derivations(path, keep_path=True))
        mine = found.get(exercise) or next((d for d in found.values() if d.name == exercise),
                                           None)
        if mine is None:
            raise DerivationError(f"{os.path.basename(path)} defines no exercise {exercise!r}")
        return mine
    assert reference is not None
    [(_, model)] = find_derivations(reference, keep_path=True)[:1]
    closed = model.gradient
    wanted = getattr(getattr(closed, "grad", None), "__name__", None)
    if wanted is None:
        raise UsageError(f"{reference}: its derivation must be made by verify.derivation")
    module = _load(pathlib.Path(path), True)
    if not callable(getattr(module, wanted, None)):
        raise DerivationError(f"{os.path.basename(path)} defines no function {wanted!r}")
    mine = copy.copy(closed)
    mine.grad, mine.numpy = getattr(module, wanted), None
    mine.numpy_first = written_for_numpy(mine.grad)
    return dataclasses.replace(model, gradient=mine)
