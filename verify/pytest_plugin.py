"""verify-grads in pytest: the derivations of a test module are tests of their own.

A test module that says ``pytestmark = pytest.mark.grads`` has every module-level
Derivation (made by ``verify.derivation`` or ``verify.function_derivation``, written out, or
imported; names starting with ``_`` are skipped) collected as one test per dtype, with the
id ``test_file.py::NAME[float64]``. Modules without the mark are left as they are.

Options: ``--grads-trials N`` (default 1000), ``--grads-seed S`` or ``random`` (default 0;
the seed used is printed in the header), ``--grads-dtype float64,float32`` or ``all``.

A failure's first line, the one pytest's short summary shows, is the diagnosis; the lines
under it are the whole explanation. A failing case (seed, trial, sizes) is kept in pytest's
cache and tried first the next time: while it fails, the test fails at once on it; once it
passes, it is forgotten and the whole check runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import re
import secrets
import shlex
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from derivations.core import Derivation
from verify import messages as say
from verify.engine import DTYPES, resolve_dtype, verify
from verify.errors import DerivationError, GradientMismatch, UsageError
from verify.guard import ProcessState, exits_raise
from verify.report import ERROR, FAILED, DerivationReport
from verify.testing import DTYPES as DEFAULT_DTYPES
from verify.testing import failure_message, raise_user_error

__all__ = ["MARKER", "DerivationItem"]

MARKER = "grads"
#: Where a test's failing case is kept in pytest's cache (one key per test).
CACHE_KEY = "verify-grads/failing"
#: The name of the test property that tells what became of a kept failing case.
REPLAY = "verify-grads replay"
_SEED = "verify_grads_seed"  # how pytest-xdist's workers are given the controller's seed


@dataclass(frozen=True)
class Settings:
    """The run's options, as given on the command line."""

    trials: int
    seed: int
    dtypes: tuple[str, ...]
    random_seed: bool


_SETTINGS = pytest.StashKey[Settings]()


# -- options ------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("verify-grads", "verify-grads: derivations as tests")
    group.addoption("--grads-trials", type=_trials, default=1000, metavar="N",
                    help="random input draws per derivation and dtype (default: 1000)")
    group.addoption("--grads-seed", type=_seed, default=0, metavar="S",
                    help="seed of the input draws, or 'random' (printed in the header)")
    group.addoption("--grads-dtype", type=_dtypes, default=DEFAULT_DTYPES, metavar="D,D",
                    help="dtypes to check each derivation in, comma-separated, or 'all' "
                         f"(default: {','.join(DEFAULT_DTYPES)})")


def _trials(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of trials")
    return int(text)


def _seed(text: str) -> int | str:
    if text == "random":
        return text
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is neither a seed (0, 1, 2 ...) nor "
                                         "'random'")
    return int(text)


def _dtypes(text: str) -> tuple[str, ...]:
    if text == "all":
        return tuple(DTYPES)
    names = tuple(d.strip() for d in text.split(","))
    try:
        return tuple(str(resolve_dtype(d)).removeprefix("torch.") for d in names)
    except UsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: collect this module's derivations as "
                                       "tests (verify-grads)")
    seed = config.getoption("grads_seed")
    from_controller = getattr(config, "workerinput", {}).get(_SEED)
    if from_controller is not None:
        seed = from_controller
    elif seed == "random":
        seed = secrets.randbelow(1_000_000)
    config.stash[_SETTINGS] = Settings(
        trials=config.getoption("grads_trials"), seed=seed,
        dtypes=tuple(config.getoption("grads_dtype")),
        random_seed=config.getoption("grads_seed") == "random")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: every worker checks with the controller's seed (a random one too)."""
    node.workerinput[_SEED] = node.config.stash[_SETTINGS].seed


def pytest_report_header(config: pytest.Config) -> str:
    settings = config.stash[_SETTINGS]
    seed = f"--grads-seed {settings.seed}" + (" (random)" if settings.random_seed else "")
    return (f"verify-grads: {seed}, --grads-trials {settings.trials}, "
            f"--grads-dtype {','.join(settings.dtypes)}")


# -- collection ---------------------------------------------------------------------------


def pytest_pycollect_makeitem(collector: pytest.Collector, name: str,
                              obj: object) -> list[DerivationItem] | None:
    """One test per dtype for each module-level Derivation of a module marked ``grads``."""
    if not isinstance(obj, Derivation) or name.startswith("_"):
        return None
    if not isinstance(collector, pytest.Module) or collector.get_closest_marker(MARKER) is None:
        return None
    derivation = dataclasses.replace(obj, name=name)
    return [DerivationItem.from_parent(collector, name=f"{name}[{dtype}]",
                                       derivation=derivation, dtype=dtype)
            for dtype in collector.config.stash[_SETTINGS].dtypes]


class DerivationItem(pytest.Item):
    """One derivation checked in one dtype against torch.autograd."""

    def __init__(self, *, derivation: Derivation, dtype: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.derivation, self.dtype = derivation, dtype

    def runtest(self) -> None:
        __tracebackhide__ = True
        settings = self.config.stash[_SETTINGS]
        kept = self._kept()
        if kept is not None:
            replayed = self._replay(kept)
            if replayed is not None:
                self.user_properties.append((REPLAY, "failed again"))
                raise GradientMismatch(self._message(replayed, replayed=kept))
            self.user_properties.append((REPLAY, "passes now"))
            self._cache_set(None)

        def checked(derivation: Derivation, explain: bool = True) -> DerivationReport:
            return verify(derivation, trials=settings.trials, seed=settings.seed,
                          dtype=self.dtype, shrink=explain, explain=explain)

        state = ProcessState()  # what the checked code changes is put back for the next
        try:                    # test, and ``os._exit`` in it is its error, not pytest's end
            with exits_raise():
                report = checked(self.derivation)
                replaced = state.restore()
                if replaced:
                    raise DerivationError(f"{self.derivation.name}: "
                                          f"{say.replaced_while_checked(replaced)}")
                self._keep(report)
                if report.verdict == ERROR:
                    raise_user_error(report, self.derivation,
                                     lambda spy: checked(spy, explain=False))
        finally:
            state.restore()
        if not report.ok:
            raise GradientMismatch(self._message(report, replayed=None))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> Any:
        """A failed derivation is its message, and an error the user's traceback under its
        one line; never the verifier's own frames. Anything else as pytest shows it."""
        error = excinfo.value
        if not isinstance(error, (GradientMismatch, DerivationError)):
            return super().repr_failure(excinfo, style)
        text = str(error)
        if error.__cause__ is not None:
            text += "\n" + "".join(traceback.format_exception(error.__cause__)).rstrip()
        return Failure(text, str(self.path), self._line())

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, self._line(), self.name

    # -- the failing case kept in the cache --------------------------------------------

    def _replay(self, case: dict[str, Any]) -> DerivationReport | None:
        """The report of the kept failing case checked again, when it still fails; None
        when it passes now, or no longer applies (the derivation's sizes changed)."""
        try:
            report = verify(self.derivation, trials=case["trial"] + 1, seed=case["seed"],
                            dtype=self.dtype, sizes=case["sizes"] or None,
                            vary_sizes=False, probe_scales=False)
        except UsageError:
            return None
        return report if report.verdict == FAILED else None

    def _keep(self, report: DerivationReport) -> None:
        """Keep the report's smallest failing case in the cache (one per test, so that
        pytest-xdist's workers never write the same entry)."""
        if report.verdict != FAILED:
            return
        case, step = report.counterexample, report.first_wrong_step
        if case is not None:
            trial, sizes = case.trial, case.sizes
        elif step is not None and step.first_failing:
            trial, sizes = step.first_failing[0], report.sizes
        else:
            return
        self._cache_set({"test": self.nodeid, "seed": report.seed, "trial": trial,
                         "sizes": dict(sizes)})

    def _kept(self) -> dict[str, Any] | None:
        cache = getattr(self.config, "cache", None)  # None with ``-p no:cacheprovider``
        case = None if cache is None else cache.get(self._cache_key(), None)
        return case if isinstance(case, dict) and case.get("test") == self.nodeid else None

    def _cache_set(self, value: dict[str, Any] | None) -> None:
        cache = getattr(self.config, "cache", None)
        if cache is not None:
            cache.set(self._cache_key(), value)

    def _cache_key(self) -> str:
        return f"{CACHE_KEY}/{hashlib.sha256(self.nodeid.encode()).hexdigest()[:16]}"

    # -- what a failure says ------------------------------------------------------------

    def _message(self, report: DerivationReport, *, replayed: dict[str, Any] | None) -> str:
        """The diagnosis, the explanation, and the pytest command that repeats the check."""
        first, _, rest = failure_message(report).partition("\n")
        command = f"pytest {shlex.quote(self.nodeid)}"
        if replayed is not None:
            sizes = "".join(f", {k} = {v}" for k, v in replayed["sizes"].items())
            first += ("\nReplayed first: the failing case that an earlier run kept in pytest's "
                      f"cache (seed {replayed['seed']}, trial {replayed['trial']}{sizes}) "
                      "fails again")
        else:
            command += f" --grads-seed {report.seed} --grads-trials {report.trials}"
        return "\n".join([first, rest, f"Re-run in pytest: {command}"])

    def _line(self) -> int | None:
        """The 0-based line that assigns the derivation in its module, if it does."""
        return _assignment_line(str(self.path), self.derivation.name)


def _assignment_line(path: str, name: str) -> int | None:
    assigns = re.compile(rf"{re.escape(name)}\s*(:[^=]*)?=[^=]")
    try:
        with open(path, encoding="utf-8") as source:
            return next((i for i, line in enumerate(source) if assigns.match(line)), None)
    except OSError:
        return None


@dataclass(frozen=True)
class Crash:
    """Where a failure happened and its one-line message, as pytest's summaries read it."""

    path: str
    lineno: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{(self.lineno or 0) + 1}: {self.message}"


class Failure:
    """A failed derivation as pytest shows it: the message, line by line; ``reprcrash``
    gives its first line, the diagnosis or the error, to the short summary and to JUnit
    XML."""

    def __init__(self, text: str, path: str, lineno: int | None) -> None:
        self.text = text
        self.reprcrash = Crash(path, lineno, text.partition("\n")[0])

    def toterminal(self, tw: Any) -> None:
        for number, line in enumerate(self.text.splitlines()):
            tw.line(line, red=number == 0, bold=number == 0)

    def __str__(self) -> str:
        return self.text


# -- the summary --------------------------------------------------------------------------


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """What became of the failing cases kept by earlier runs, when there were any."""
    outcomes = [value for report in _reports(terminalreporter)
                for key, value in getattr(report, "user_properties", ()) if key == REPLAY]
    if outcomes:
        again = outcomes.count("failed again")
        cases = "case" if len(outcomes) == 1 else "cases"
        terminalreporter.write_line(
            f"verify-grads: replayed {len(outcomes)} failing {cases} kept in pytest's cache: "
            f"{again} failed again, {len(outcomes) - again} pass now")


def _reports(terminalreporter: Any) -> Iterator[Any]:
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, ()):
            if getattr(report, "when", None) == "call":
                yield report
