"""Runs checks so that nothing the checked code does can break the run, and saves what it found.

Each file given to ``verify-grads check`` is imported and checked in a process of its own
(forked from a server that has torch loaded): its own module namespace and its own sibling
modules, and anything it prints goes to stderr. Each finished report comes back as soon as
it is made. Code that calls ``sys.exit``, ends the process (``os._exit``, a crash) or runs
past the time limit costs the check it was in, not the run: a fresh process checks the rest.
Ctrl-C stops the run and keeps what finished (``Interrupted``). Reports are written as strict
JSON, atomically.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from derivations.core import Derivation
from verify.engine import Progress, resolve_dtype, verify
from verify.errors import DerivationError, UsageError
from verify.guard import ProcessState
from verify.report import DerivationReport, Origin, Report

if TYPE_CHECKING:
    from verify.render import Page

__all__ = ["DEFAULT_TIMEOUT", "Interrupted", "RemoteError", "check_files", "check_json_path",
           "check_timeout", "json_text", "run_here", "start_server", "write_file",
           "write_json"]

#: Seconds one derivation may take in one dtype (and a file to import) before it is stopped.
DEFAULT_TIMEOUT = 300.0
#: Checking processes still running: killed at exit, should a second Ctrl-C cut the cleanup
#: short (multiprocessing would otherwise wait for them at exit).
_RUNNING: set[Any] = set()
#: The option that makes a checking process explain (its value: the Page to lay out for).
_EXPLAIN = "explain_page"
#: Loaded once by the server that checking processes are forked from. The server has its own
#: sys.path, so only installed libraries are loaded there: verify-grads itself is imported in
#: each checking process, from the caller's sys.path.
_PRELOAD = ["torch", "torch.func", "numpy"]
_NONFINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run; ``report`` holds the checks that finished, marked incomplete."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report


class RemoteError(Exception):
    """A checking process that broke the protocol (a bug in verify-grads): ``kind`` names
    what went wrong."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# -- in this process ----------------------------------------------------------------------


def check_timeout(timeout: object) -> None:
    """A time limit is a positive, finite number of seconds."""
    if not (isinstance(timeout, (int, float)) and not isinstance(timeout, bool)
            and math.isfinite(timeout) and timeout > 0):
        raise UsageError(f"timeout must be a positive, finite number of seconds, not "
                         f"{timeout!r}")


def run_here(derivations: Iterable[Derivation], dtypes: Sequence[str], *,
             progress: Progress | None = None, **options: Any) -> Report:
    """``verify`` every derivation in every dtype in this process, as one Report; anything
    printed meanwhile goes to stderr, and Ctrl-C raises ``Interrupted`` with what finished.
    """
    dtypes = [resolve_dtype(d) for d in dtypes]  # every one valid before any runs
    results: list[DerivationReport] = []
    try:
        with contextlib.redirect_stdout(sys.stderr):
            for derivation in derivations:
                for dtype in dtypes:
                    results.append(verify(derivation, dtype=dtype, progress=progress, **options))
    except KeyboardInterrupt:
        raise Interrupted(Report(tuple(results), incomplete=True)) from None
    return Report(tuple(results))


# -- one process per file -----------------------------------------------------------------


def start_server() -> None:
    """Start the server that checking processes are forked from (torch loaded once), so that
    it starts while this process does other work. Does nothing where processes cannot be
    forked; spawned ones are used there."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.set_forkserver_preload(_PRELOAD)
        from multiprocessing import forkserver
        forkserver.ensure_running()


def check_files(targets: Sequence[str], dtypes: Sequence[str], options: Mapping[str, Any], *,
                timeout: float | None = DEFAULT_TIMEOUT, progress: Progress | None = None,
                tracebacks: Callable[[str], None] | None = None,
                explained: tuple[Page, Callable[[str], None]] | None = None) -> Report:
    """Check every derivation of every target in every dtype, each target in its own process.

    Args:
        targets: ``FILE.py`` or ``package.module``, either with ``:NAME``.
        dtypes: dtype names.
        options: keyword arguments of ``verify`` (trials, seed, device, rtol, atol, ...).
        timeout: seconds one derivation may take in one dtype, and one target to import;
            None for no limit.
        progress: called with the trials finished within the current check.
        tracebacks: given the traceback of each error of the checked code (for ``--debug``).
        explained: instead of checking, explain each derivation (``verify.explain``; in
            float64, with ``options``' trials and seed), laid out for the page given and
            handed, as text, to the function given as each one finishes.

    Returns:
        The Report, in target, derivation and dtype order. A target that cannot be imported
        is one error under its own name; a check that exits, ends its process or runs out of
        time is an error, and the other checks still run. So is a check stopped by an error
        inside verify-grads itself, which ``Report.internal`` lists too.

    Raises:
        UsageError: a missing file, a name it lacks, a file with no derivations, a bad option.
        Interrupted: Ctrl-C; its report holds the checks that finished.
        RemoteError: a checking process that sent what none sends (a bug in verify-grads).
    """
    results: list[DerivationReport] = []
    if explained is not None:
        options = {**options, _EXPLAIN: explained[0]}
    shown = None if explained is None else explained[1]
    files = [_File(t, dtypes, options, timeout, progress, tracebacks, shown) for t in targets]
    try:
        for file in files:  # every target is imported before any is checked
            file.discover()
        for file in files:
            file.check(results.append)
    except KeyboardInterrupt:
        for file in files:
            file.drain(results.append)
        raise Interrupted(Report(tuple(results), incomplete=True,
                                 internal=_internal(files))) from None
    finally:
        for file in files:
            file.stop()
    return Report(tuple(results), internal=_internal(files))


def _internal(files: Sequence[_File]) -> tuple[tuple[str, str], ...]:
    """The errors inside verify-grads the files' processes met, each once."""
    return tuple(dict.fromkeys(error for file in files for error in file.internal))


class _File:
    """One target: its checking process, and the checks (name, dtype) it has left."""

    def __init__(self, target: str, dtypes: Sequence[str], options: Mapping[str, Any],
                 timeout: float | None, progress: Progress | None,
                 tracebacks: Callable[[str], None] | None,
                 shown: Callable[[str], None] | None = None) -> None:
        self.target, self.dtypes, self.options = target, list(dtypes), dict(options)
        self.timeout, self.progress, self.tracebacks = timeout, progress, tracebacks
        self.shown = shown  # given an explanation's text as it comes
        self.process: Any = None
        self.conn: Connection | None = None
        self.names: list[str] = []
        self.failed: str | None = None  # why the target could not be imported
        #: Errors inside verify-grads met here, (type name, message): each made one check
        #: (or the import) an error, and a fresh process went on with the rest.
        self.internal: list[tuple[str, str]] = []
        #: A report read and not yet handed over: its check runs again in a fresh process.
        self.held: DerivationReport | None = None

    def discover(self) -> None:
        """Start the process and learn the target's derivations (it then waits to check)."""
        self.failed = self._start()

    def check(self, finished: Callable[[DerivationReport], None]) -> None:
        """Check every derivation in every dtype, handing each report to ``finished``."""
        if self.failed is not None:
            finished(self._could_not_run(self.target, ",".join(self.dtypes), self.failed))
            return
        pending = [(n, d) for n in self.names for d in self.dtypes]
        again: set[tuple[str, str]] = set()  # checks already run in a fresh process
        while pending:
            if self.failed is not None:
                for name, dtype in pending:
                    finished(self._could_not_run(name, dtype, self.failed))
                return
            self._send(pending)
            before: set[str] = set()  # the derivations this process has checked
            while pending:
                name, dtype = pending[0]
                got: list[DerivationReport] = []
                known = len(self.internal)
                self._one(name, dtype, got.append)
                self.held = got[0]
                if self._suspect(self.held, before - {name}) and (name, dtype) not in again:
                    del self.internal[known:]  # kept only if the fresh process meets it too
                    again.add((name, dtype))  # what an earlier check's code left behind
                    self.stop()               # (a thread, a patched function) may be
                    self.failed = self._start()  # to blame: its check runs again alone
                    if self.failed is not None:  # no fresh process: the first word stands
                        finished(self.held)
                        self.held = None
                        pending.pop(0)
                    break
                self.held = None
                finished(got[0])
                before.add(name)
                pending.pop(0)
                if self.process is None:  # lost: a fresh process checks the rest
                    self.failed = self._start()
                    break

    @staticmethod
    def _suspect(report: DerivationReport, others: set[str]) -> bool:
        """A failure or an error, in a process where other derivations' code ran first."""
        return bool(others) and report.verdict in ("failed", "error") \
            and "timed out" not in (report.error or "")

    def _one(self, name: str, dtype: str, finished: Callable[[DerivationReport], None]) -> None:
        """Wait for the report of one check and hand it to ``finished`` (an error in its
        place when the process is lost; it is then stopped). A report read is always
        handed over: Ctrl-C waits until it has been."""
        deadline = self._deadline()
        while True:
            ready = self._wait(deadline)
            with _interrupt_held():
                message = self._take(ready)
                kind = message[0]
                if kind == "progress":
                    if self.progress is not None:
                        self.progress(message[1])
                    continue
                if kind == "report":
                    if len(message) > 2 and self.shown is not None:
                        self.shown(message[2])
                    finished(self._labelled(message[1], name))
                    return
                if kind == "error":
                    self._traceback(message[2])
                    finished(self._could_not_run(name, dtype, message[1]))
                    return
                if kind in ("ended", "timeout"):
                    what = f"while checking {name} ({dtype})"
                    finished(self._could_not_run(name, dtype, self._lost(message, what)))
                    self.stop()
                    return
                if kind == "internal":
                    finished(self._could_not_run(name, dtype, self._ours(message)))
                    return
                self._unexpected(message)

    def _start(self) -> str | None:
        """A fresh process for the target; None once it has listed the derivations, else
        why the target cannot be imported."""
        context = _context()
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_child, args=(child, self.target, self.options),
                                       name=f"verify-grads check {self.target}")
        self.process.start()
        _RUNNING.add(self.process)
        child.close()
        message = self._receive(self._deadline())  # the process starts
        if message[0] == "ready":
            message = self._receive(self._deadline())  # the target is imported
        if message[0] == "found":
            self.names = self.names or message[1]
            return None
        if message[0] == "failed":
            self._traceback(message[2])
            return message[1]
        if message[0] in ("ended", "timeout"):
            self.stop()
            return f"cannot import {self.target}: {self._lost(message, 'while importing it')}"
        if message[0] == "internal":
            return self._ours(message)
        self._unexpected(message)
        return None

    def _deadline(self) -> float | None:
        return None if self.timeout is None else time.monotonic() + self.timeout

    def _send(self, checks: list[tuple[str, str]]) -> None:
        assert self.conn is not None
        with contextlib.suppress(OSError):  # a process that already ended is found out next
            self.conn.send(checks)

    def _receive(self, deadline: float | None) -> tuple[Any, ...]:
        """The next message from the process; ("ended", exit code) when it ended without
        one, ("timeout",) when the deadline passed (the process is then stopped)."""
        return self._take(self._wait(deadline))

    def _wait(self, deadline: float | None) -> bool:
        """Wait until a message comes or the process ends (True), or the deadline passes."""
        assert self.conn is not None
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        return bool(wait([self.conn, self.process.sentinel], timeout=left))

    def _take(self, ready: bool) -> tuple[Any, ...]:
        """The message ``_wait`` waited for, or why none will come."""
        assert self.conn is not None
        if ready or self.conn.poll():
            with contextlib.suppress(EOFError, OSError):
                return self.conn.recv()
        if not ready:
            self.stop()
            return ("timeout",)
        self.process.join()
        return ("ended", self.process.exitcode)

    def _lost(self, message: tuple[Any, ...], what: str) -> str:
        if message[0] == "timeout":
            return f"timed out after {self.timeout:g} s (--timeout)"
        return f"the process ended ({_exit_status(message[1])}) {what}"

    def _ours(self, message: tuple[Any, ...]) -> str:
        """An error inside verify-grads, reported by the process (which then ends): kept
        for the run's end, its traceback shown under --debug; the reason of the check it
        stopped, which a fresh process does not repeat for the others."""
        from verify import messages as say
        kind, text, trace = message[1:4]
        self.internal.append((kind, text))
        self._traceback(trace)
        self.stop()
        return say.internal_error_in_check(kind, text)

    def _unexpected(self, message: tuple[Any, ...]) -> None:
        """A usage error, or a message no process sends: the run stops here."""
        if message[0] == "usage":
            raise UsageError(message[1])
        raise RemoteError("ProtocolError", f"unexpected message {message[0]!r}")

    def _labelled(self, report: DerivationReport, name: str) -> DerivationReport:
        rtol, atol = self.options.get("rtol"), self.options.get("atol")
        return dataclasses.replace(report, origin=Origin(
            Origin.FILE, f"{_split(self.target)}:{name}", rtol=rtol, atol=atol))

    def _could_not_run(self, name: str, dtype: str, error: str) -> DerivationReport:
        report = DerivationReport.could_not_run(
            name, error, dtype=dtype, device=str(self.options.get("device", "cpu")),
            trials=self.options.get("trials", 1000), seed=self.options.get("seed", 0),
            source=_split(self.target))
        if name == self.target:  # the target itself could not be imported
            return dataclasses.replace(report, origin=Origin(Origin.FILE, name))
        return self._labelled(report, name)

    def _traceback(self, text: str) -> None:
        if self.tracebacks is not None and text:
            self.tracebacks(text)

    def drain(self, finished: Callable[[DerivationReport], None]) -> None:
        """Hand over the reports already sent when the run was stopped, and one read and
        held for a second run that did not finish."""
        if self.held is not None:
            finished(self.held)
            self.held = None
        with contextlib.suppress(Exception):  # a message cut off by Ctrl-C ends it
            while self.conn is not None and self.conn.poll():
                message = self.conn.recv()
                if message[0] == "report":
                    finished(self._labelled(message[1], message[1].name))

    def stop(self) -> None:
        """End the process (if it still runs) and close the pipe."""
        if self.process is not None:
            _kill(self.process)
            self.process = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@contextlib.contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold Ctrl-C back until the block ends, so that a report being read is not lost
    half-way; the KeyboardInterrupt comes at its end. Only the main thread gets signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if held:
        raise KeyboardInterrupt


def _kill(process: Any) -> None:
    """End the checking process and whatever the checked code started from it (its
    process group: a forked copy, a subprocess), which may hold the caller's stdout open."""
    if process.is_alive():
        process.kill()
    process.join()
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):  # none left, or the group was never made
            os.killpg(process.pid, signal.SIGKILL)
    _RUNNING.discard(process)


@atexit.register
def _kill_running() -> None:
    for process in list(_RUNNING):
        _kill(process)


def _context() -> Any:
    """Forked from a server with torch loaded where that exists; spawned elsewhere."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        start_server()
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _split(target: str) -> str:
    from verify.userfile import split_target
    return split_target(target)[0]


def _exit_status(code: int | None) -> str:
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


# -- inside the checking process ----------------------------------------------------------


def _child(conn: Connection, target: str, options: dict[str, Any]) -> None:
    """The checking process: import ``target``, say which derivations it has, then check
    those asked for, sending each report back; nothing it does may reach the caller's
    stdout, and Ctrl-C is the caller's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "setpgid"):
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)  # a process group of its own, ended whole by ``_kill``
    with contextlib.suppress(OSError):
        os.dup2(2, 1)  # what the checked code prints goes to stderr
    _exit_with_parent()
    state = ProcessState()
    try:
        conn.send(("ready",))
        found = _discover(conn, target)
        if found is not None:
            imported = state.restore()  # what the file's import changed is put back
            checks = conn.recv()
            _check_each(conn, found, checks, options, state, imported)
    except EOFError:
        pass  # the caller has gone
    except BaseException as error:  # a bug of verify-grads: tell the caller, never hang
        with contextlib.suppress(Exception):
            conn.send(("internal", type(error).__name__, " ".join(str(error).split()),
                       traceback.format_exc()))
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(0)  # skip exit handlers and threads the checked code left behind


def _discover(conn: Connection, target: str) -> dict[str, tuple[Derivation, str | None]] | None:
    from verify.userfile import find_derivations, import_failed, source_file
    try:
        found = find_derivations(target, keep_path=True)
    except UsageError as error:
        conn.send(("usage", str(error)))
        return None
    except DerivationError as error:
        conn.send(("failed", str(error), _formatted(error.__cause__ or error)))
        return None
    except (KeyboardInterrupt, GeneratorExit) as error:  # raised by the file: Ctrl-C is
        conn.send(("failed", import_failed(target, error), _formatted(error)))  # ignored here
        return None
    conn.send(("found", [name for name, _ in found]))
    return {name: (d, source_file(target)) for name, d in found}


def _check_each(conn: Connection, found: Mapping[str, tuple[Derivation, str | None]],
                checks: list[tuple[str, str]], options: dict[str, Any], state: ProcessState,
                imported: list[str]) -> None:
    """Check each of ``checks``, the process put back as ``state`` holds it after each;
    ``imported``: the functions the file's import had replaced (put back already)."""
    from verify import messages as say
    for name, dtype in checks:
        if name not in found:  # imported again after a crash, the file changed
            conn.send(("error", f"{name} is gone: the file no longer defines it", ""))
            continue
        derivation, file = found[name]
        if _EXPLAIN in options:
            _explain_one(conn, dataclasses.replace(derivation, name=name), file, options)
            state.restore()
            continue
        try:
            report = verify(dataclasses.replace(derivation, name=name), dtype=dtype,
                            progress=lambda done: conn.send(("progress", done)), **options)
        except UsageError as error:
            conn.send(("usage", str(error)))
            return
        except BaseException as error:
            if isinstance(error, Exception):  # the checked code's are caught by verify
                raise
            state.restore()
            conn.send(("error", _escaped(error, file), _formatted(error)))  # sys.exit ...
            continue
        replaced = state.restore()
        if replaced:  # the reference ran on them too: nothing this check found stands
            report = dataclasses.replace(report, error=say.replaced_while_checked(replaced))
        elif imported:
            report = dataclasses.replace(report, warnings=(
                *report.warnings, say.replaced_when_imported(imported)))
        conn.send(("report", report))


def _explain_one(conn: Connection, derivation: Derivation, file: str | None,
                 options: dict[str, Any]) -> None:
    """Explain ``derivation`` and send its report with the explanation's text; whatever the
    derivation's code raises or exits with is that derivation's error."""
    from verify import messages as say
    from verify.explain import explain
    from verify.render import page_text
    try:
        explanation = explain(derivation, trials=options.get("trials", 200),
                              seed=options.get("seed", 0))
    except UsageError as error:
        conn.send(("usage", str(error)))
        return
    except BaseException as error:  # the checked code's: explain runs it unguarded
        why = str(error) if isinstance(error, DerivationError) else _escaped(error, file)
        conn.send(("error", say.cli_cannot_explain(derivation.name, why), _formatted(error)))
        return
    conn.send(("report", explanation.report, page_text(explanation, options[_EXPLAIN])))


def _escaped(error: BaseException, file: str | None) -> str:
    """``grad called sys.exit(0) at f.py:12``, or ``grad raised GeneratorExit at f.py:12``:
    the function of ``file`` the error last passed through."""
    from verify.usercode import raised_at, shown
    frames = traceback.extract_tb(error.__traceback__)
    mine = [f for f in frames if file and os.path.abspath(f.filename) == os.path.abspath(file)]
    who = (mine or frames)[-1].name if frames else "your code"
    where = raised_at(error, file)
    if isinstance(error, SystemExit):
        code = "" if error.code is None else shown(error.code, repr)
        return f"{who} called sys.exit({code}) at {where}"
    text = " ".join(shown(error, str).split())
    return f"{who} raised {type(error).__name__} at {where}" + (f": {text}" if text else "")


def _formatted(error: BaseException) -> str:
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def _exit_with_parent() -> None:
    """End this process when the one that started it has gone (killed, say), even while
    the checked code loops forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="verify-grads parent watch", daemon=True).start()


# -- JSON ---------------------------------------------------------------------------------


def json_text(data: Any) -> str:
    """``data`` as strict JSON: NaN and infinities as the strings "NaN", "Infinity" and
    "-Infinity", tuples as lists, anything else JSON lacks as its ``str``."""
    return json.dumps(_strict(data), indent=2, allow_nan=False)


def _strict(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strict(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else _NONFINITE[value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    return str(value)


def check_json_path(path: str) -> None:
    """Raise a UsageError unless a JSON report can be written to ``path`` ("-": stdout)."""
    if path == "-":
        return
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"cannot write the JSON report to {path!r}: it is a directory")
    if not os.path.isdir(directory):
        raise UsageError(f"cannot write the JSON report to {path!r}: there is no directory "
                         f"{directory}")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write the JSON report to {path!r}: the directory "
                         f"{directory} is not writable")


def write_json(data: Any, path: str) -> None:
    """Write ``data`` as strict JSON to ``path`` ("-": stdout): to ``PATH.tmp`` beside it
    first, then renamed over ``path``, so that a reader never sees half a report."""
    text = json_text(data) + "\n"
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_file(path, text, "the JSON report")


def write_file(path: str, text: str, what: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: beside it first, then renamed over
    it. A failure is a usage error naming ``what`` was being written and where."""
    temporary = f"{path}.tmp"
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as error:
        raise UsageError(f"cannot write {what} to {path!r}: "
                         f"{error.strerror or error}") from None
    finally:
        with contextlib.suppress(OSError):
            os.remove(temporary)
