"""verify-grads: check textbook and hand-derived gradients against torch.autograd.

Commands (``verify-grads help COMMAND`` shows each one's options; options may come before
or after the command word): ``run`` (the default: ``verify-grads [NAME|FAMILY|GLOB ...]``),
``list``, ``explain``, ``check``, ``self-check`` and ``help``. A command is one entry of
``COMMANDS``: its help line, a function that adds its arguments, and a function that runs it.

Exit codes: 0 every check verified, 1 a derivation failed, errored or was inconclusive,
2 bad usage, 3 an error inside verify-grads itself, 130 interrupted (Ctrl-C). Errors are one
line on stderr; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

__all__ = ["COMMANDS", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@dataclass(frozen=True)
class Command:
    """A subcommand: its one-line help, what it takes, and what it does."""

    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, arguments: Callable[[argparse.ArgumentParser], None]
            ) -> Callable[[Callable[[argparse.Namespace], int]], Callable[..., int]]:
    """Register the decorated function as the subcommand ``name``."""
    def register(run: Callable[[argparse.Namespace], int]) -> Callable[..., int]:
        COMMANDS[name] = Command(help, arguments, run)
        return run
    return register


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        from verify import messages as say
        raise _Usage(say.cli_usage(message, self.prog))


class _Usage(Exception):
    """Bad usage: reported as one line, exit 2."""


class _Version(argparse.Action):
    """``--version``: this program's version and those of what it runs on."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the versions and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> NoReturn:
        from verify.jsonreport import header
        found = header()
        versions = ", ".join(f"{k} {v}" for k, v in found["versions"].items())
        print(f"verify-grads {found['tool']['version']} ({versions})")
        parser.exit()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``verify-grads`` command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = _parser()
        name, rest = _command_first(argv, parser)
        if name is None:
            parser.parse_args(rest)  # --help or --version: prints, then exits
        args = _subparser(parser, name).parse_intermixed_args(rest)
        args.command = name
        return COMMANDS[name].run(args)
    except SystemExit as done:  # --help, --version
        return done.code if isinstance(done.code, int) else EXIT_OK
    except KeyboardInterrupt as stop:  # the one place errors become exit codes
        finished = getattr(getattr(stop, "report", None), "results", None)
        from verify import messages as say
        _say(say.cli_interrupted(None if finished is None else len(finished)))
        return EXIT_INTERRUPTED
    except Exception:
        return _failed("--debug" in argv)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="verify-grads",
        description="Verify hand-derived gradients against torch.autograd on random inputs. "
                    "With no command, 'run' checks the built-in derivations named (every one "
                    "when none is): verify-grads [NAME|FAMILY|GLOB ...] [options].",
        epilog="'verify-grads help COMMAND' shows a command's options. Exit codes: 0 every "
               "check verified, 1 a derivation failed, 2 bad usage, 3 a bug in verify-grads.")
    parser.add_argument("--version", action=_Version)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true",
                        help="show tracebacks instead of one-line errors")
    common.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                     parser_class=_Parser)
    for name, entry in COMMANDS.items():
        entry.arguments(commands.add_parser(name, help=entry.help, description=entry.help,
                                            parents=[common]))
    return parser


def _command_first(argv: list[str], parser: argparse.ArgumentParser
                   ) -> tuple[str | None, list[str]]:
    """The command ``argv`` names (``run`` when it names none) and the rest of it, options
    and arguments in any order; no command for a top-level --help or --version."""
    takes_value = {option for sub in _subparsers(parser) for action in sub._actions
                   if action.nargs != 0 for option in action.option_strings}
    skip = False
    for index, word in enumerate(argv):
        if word == "--":
            break
        if skip:
            skip = False
        elif word.startswith("-") and word != "-":
            skip = word in takes_value
        elif word in COMMANDS:
            return word, [*argv[:index], *argv[index + 1:]]
        else:
            return "run", argv
    return (None if {"-h", "--help", "--version"} & set(argv) else "run"), argv


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return [sub for action in actions for sub in action.choices.values()]


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    return next(sub for sub in _subparsers(parser) if sub.prog == f"{parser.prog} {name}")


# -- the commands -------------------------------------------------------------------------


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="derivations to check: a name, a family (perceptron, mlp, "
                             "layers) or a glob such as 'mlp_*' (default: all)")
    _check_options(parser)


def _check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (default: cpu)")
    parser.add_argument("--dtype", default="float64,float32",
                        help="float64, float32, float16, bfloat16, a comma list, or 'all' "
                             "(default: float64,float32)")
    parser.add_argument("--trials", type=int, default=1000,
                        help="random input draws per derivation and dtype (default: 1000)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the input generator (default: 0)")
    parser.add_argument("--sizes", metavar="N=4,D=3", type=_sizes,
                        help="change size names of the derivation (see 'explain NAME')")
    parser.add_argument("--numeric", action="store_true",
                        help="also judge both sides against float64 finite differences")
    parser.add_argument("--json", metavar="PATH",
                        help="also write the report as JSON ('-': stdout, JSON alone)")
    parser.add_argument("--html", metavar="PATH",
                        help="also write the report as one self-contained HTML page")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="print only the failures and the summary line")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="a row for every step, not only the parameters")


@command("run", "check built-in derivations (the default command)", _run_arguments)
def _run(args: argparse.Namespace) -> int:
    from verify.engine import resolve_device
    from verify.harness import run_here
    from verify.selection import select

    selected = select(args.names)
    resolve_device(args.device)
    dtypes = _dtypes(args)
    _json_path(args)
    started = time.time()
    with _progress(len(selected) * len(dtypes), args) as progress:
        report = _saving(args, started, lambda: run_here(
            selected, dtypes, trials=args.trials, seed=args.seed, device=args.device,
            progress=progress, sizes=args.sizes, numeric=args.numeric))
    return _show(report, args, started)


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.add_argument("--ascii", action="store_true", help="formulas in ASCII, not Unicode")


@command("list", "list the built-in derivations by family", _list_arguments)
def _list(args: argparse.Namespace) -> int:
    from derivations import REGISTRY
    if args.json:
        from verify.jsonreport import derivations_document
        _print_json(derivations_document(REGISTRY.values()), "-")
        return EXIT_OK
    from verify.render import derivations_table
    _output(derivations_table(list(REGISTRY.values())), ascii_only=args.ascii)
    return EXIT_OK


def _explain_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="NAME|FILE.py[:NAME]",
                        help="a built-in derivation (a family or a glob: each of them), or "
                             "the derivations a file or module defines")
    parser.add_argument("--trials", type=int, default=200,
                        help="trials of the verification (default: 200)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the worked example and the trials (default: 0)")
    parser.add_argument("--ascii", action="store_true", help="formulas in ASCII, not Unicode")
    parser.add_argument("--html", metavar="PATH",
                        help="also write the explanation as one self-contained HTML page")
    parser.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                        help="for a file: stop explaining a derivation that takes longer (or "
                             "a file that takes longer to import) and report it (default: 300)")


@command("explain", "explain a derivation: its steps, a worked example and each step's "
         "verdict", _explain_arguments)
def _explain(args: argparse.Namespace) -> int:
    if _is_file(args.target):
        return _explain_file(args)
    from verify.explain import explain
    ok, reports, explained = True, [], {}
    for _, derivation, _ in _explained(args.target):
        explanation = explain(derivation, trials=args.trials, seed=args.seed)
        _output(explanation, ascii_only=args.ascii)
        ok = ok and explanation.ok
        reports.append(explanation.report)
        explained[explanation.report.name] = derivation
    if args.html:
        from verify.report import Report
        from verify.teaching import html_report
        html_report(Report(tuple(reports)), args.html, explained)
    return EXIT_OK if ok else EXIT_FAILED


def _explain_file(args: argparse.Namespace) -> int:
    """Explain a file's (or module's) derivations in a process of their own, as ``check``
    checks them: an exit, a hang or a crash of one is its error, and the others go on."""
    from verify import messages as say
    from verify.harness import check_files, check_timeout, start_server
    check_timeout(args.timeout)
    start_server()
    report = check_files([args.target], ["float64"], {"trials": args.trials, "seed": args.seed},
                         timeout=args.timeout, tracebacks=_say if args.debug else None,
                         explained=(_page(args.ascii), _write))
    for result in report.results:
        if result.error is not None:
            _say(say.cli_error(result.error if result.error.startswith("cannot ") else
                               say.cli_cannot_explain(result.name, result.error)))
    if args.html:
        from verify.teaching import html_report
        html_report(report, args.html, _file_derivations([args.target]))
    return _earned(report)


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Verify the derivations a Python file (or module) defines: its "
                          "module-level Derivation objects, e.g. made with verify.derivation("
                          "loss, grad, wrt=..., shapes=...). Each file is checked in a process "
                          "of its own.")
    parser.add_argument("targets", nargs="+", metavar="FILE.py|module[:NAME]",
                        help="a file or importable module; ':NAME' checks one derivation")
    _check_options(parser)
    parser.add_argument("--rtol", type=float, help="your relative tolerance (needs --atol)")
    parser.add_argument("--atol", type=float, help="your absolute tolerance (needs --rtol): a "
                        "trial passes when max|derived - autograd| <= atol + rtol max|autograd|")
    parser.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                        help="stop a derivation that takes longer in one dtype (or a file "
                             "that takes longer to import) and report it (default: 300)")


@command("check", "check the derivations a Python file defines", _check_arguments)
def _check(args: argparse.Namespace) -> int:
    from verify.harness import start_server
    start_server()  # torch loads there while it loads here
    from verify.userfile import check_targets
    _json_path(args)
    started = time.time()
    report = _saving(args, started, lambda: check_targets(
        args.targets, dtypes=_dtypes(args), trials=args.trials, seed=args.seed,
        device=args.device, rtol=args.rtol, atol=args.atol, sizes=args.sizes,
        numeric=args.numeric, timeout=args.timeout,
        tracebacks=_say if args.debug else None))
    return _show(report, args, started)


def _self_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=int, default=3, help="seeds per mutant (default: 3)")
    parser.add_argument("--trials", type=int, default=100,
                        help="trials per mutant check (default: 100)")
    parser.add_argument("--correct-trials", type=int, default=1000,
                        help="trials per check of a correct derivation (default: 1000)")


@command("self-check", "measure the verifier: every catalogued wrong derivation caught, "
         "no correct one rejected", _self_check_arguments)
def _self_check(args: argparse.Namespace) -> int:
    if min(args.seeds, args.trials, args.correct_trials) < 1:
        raise _Usage("--seeds, --trials and --correct-trials must be positive")
    from verify.render import self_check_view
    from verify.selfcheck import self_check
    result = self_check(seeds=range(args.seeds), mutant_trials=args.trials,
                        correct_trials=args.correct_trials)
    _output(self_check_view(result))
    return EXIT_OK if result.ok else EXIT_FAILED


def _exercise_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the built-in derivation to practise")
    parser.add_argument("--output", metavar="FILE.py",
                        help="where to write the exercise (default: NAME_exercise.py)")
    parser.add_argument("--force", action="store_true", help="overwrite the file")
    parser.add_argument("--check", metavar="FILE.py", help="grade the filled-in file")
    parser.add_argument("--hint", type=int, default=0, choices=(1, 2, 3),
                        help="with --check: 1 the shape, 2 what is wrong, 3 the formula")
    parser.add_argument("--solution", action="store_true", help="with --check: the solution")
    parser.add_argument("--trials", type=int, default=200, help="(default: 200)")
    parser.add_argument("--seed", type=int, default=0, help="(default: 0)")
    parser.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                        help="(default: 60)")


@command("exercise", "write an exercise file for a built-in derivation, or grade it with "
         "hints", _exercise_arguments)
def _exercise(args: argparse.Namespace) -> int:
    from verify.teaching import exercise_command
    return exercise_command(args, _output)


def _grade_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                        help="submitted .py files, or directories of them")
    against = parser.add_mutually_exclusive_group(required=True)
    against.add_argument("--exercise", metavar="NAME", help="the exercise they fill in")
    against.add_argument("--reference", metavar="FILE.py",
                         help="a file whose gradient function they write")
    parser.add_argument("--out", default="gradebook", metavar="STEM",
                        help="writes STEM.csv and STEM.json (default: gradebook)")
    parser.add_argument("--trials", type=int, default=200, help="(default: 200)")
    parser.add_argument("--seed", type=int, default=0, help="(default: 0)")
    parser.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                        help="seconds one submission may take (default: 60)")


@command("grade", "grade a class: each submission checked apart, a gradebook written",
         _grade_arguments)
def _grade(args: argparse.Namespace) -> int:
    from verify.teaching import grade_command
    return grade_command(args, _output)


def _help_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topic", nargs="?", metavar="COMMAND", help="the command to explain")


@command("help", "show the help of verify-grads or of one command", _help_arguments)
def _help(args: argparse.Namespace) -> int:
    parser = _parser()
    if args.topic is None:
        parser.print_help()
    elif args.topic in COMMANDS:
        _subparser(parser, args.topic).print_help()
    else:
        from verify import messages as say
        raise _Usage(say.cli_no_command(args.topic, list(COMMANDS)))
    return EXIT_OK


# -- what the commands share --------------------------------------------------------------


def _is_file(target: str) -> bool:
    """A file or module (``f.py``, ``pkg.mod``, ``f.py:NAME``), not a built-in name."""
    return any(c in target for c in ".:/\\")


def _explained(target: str) -> list[tuple[str, Any, str | None]]:
    """(name, derivation, its file) for a built-in name, family or glob, or for each
    derivation a file or module defines (loaded here; what it prints goes to stderr)."""
    if not _is_file(target):
        from verify.selection import select
        return [(d.name, d, None) for d in select([target])]
    from verify.userfile import find_derivations, source_file
    with contextlib.redirect_stdout(sys.stderr):
        found = find_derivations(target, keep_path=True)
    return [(name, derivation, source_file(target)) for name, derivation in found]


def _sizes(text: str) -> dict[str, int]:
    """``N=4,D=3`` as {"N": 4, "D": 3}."""
    try:
        pairs = [item.split("=") for item in text.split(",")]
        return {name.strip(): int(value) for name, value in pairs}
    except ValueError:
        from verify import messages as say
        raise argparse.ArgumentTypeError(say.cli_bad_sizes(text)) from None


def _dtypes(args: argparse.Namespace) -> list[str]:
    from verify.engine import DTYPES
    return list(DTYPES) if args.dtype == "all" else [d.strip() for d in args.dtype.split(",")]


def _saving(args: argparse.Namespace, started: float, run: Callable[[], Any]) -> Any:
    """``run()``; when Ctrl-C stops it, the JSON (if asked for) keeps what finished."""
    from verify.harness import Interrupted
    try:
        return run()
    except Interrupted as stop:
        if args.json:
            _print_json(_document(stop.report, args, started), args.json)
        raise


def _show(report: Any, args: argparse.Namespace, started: float) -> int:
    """The report as a table (and JSON when asked, annotations in GitHub Actions); the exit
    code it earns."""
    from verify.render import report_view
    if args.json:
        _print_json(_document(report, args, started), args.json)
    if args.json != "-":
        _output(report_view(report, quiet=args.quiet, every_step=args.verbose))
    if args.html:
        from verify.teaching import html_report
        html_report(report, args.html, _html_derivations(args))
    _github_actions(report, to_stderr=args.json == "-")
    return _earned(report)


def _earned(report: Any) -> int:
    """0 when every check verified, 1 when one failed or errored; 3, after a line on stderr
    for each, when an error inside verify-grads stopped some (the others' results stand)."""
    if report.internal:
        from verify import messages as say
        for kind, text in report.internal:
            _say(say.cli_internal_error(kind, text))
        return EXIT_INTERNAL
    return EXIT_OK if report.ok else EXIT_FAILED


def _html_derivations(args: argparse.Namespace) -> dict[str, Any]:
    """The derivations the HTML page draws heat maps and graphs of: the built-ins of a run;
    for ``check``, the files' own, loaded here once every result is in (what they print goes
    to stderr; a file that cannot be loaded again just gets no drawings)."""
    if args.command != "check":
        from derivations import REGISTRY
        return dict(REGISTRY)
    return _file_derivations(args.targets)


def _file_derivations(targets: list[str]) -> dict[str, Any]:
    """The derivations of files already checked, loaded here for the HTML page's drawings
    (what they print goes to stderr; a file that cannot be loaded again gets none)."""
    found: dict[str, Any] = {}
    for target in targets:
        with contextlib.suppress(Exception), contextlib.redirect_stdout(sys.stderr):
            found.update((name, derivation) for name, derivation, _ in _explained(target))
    return found


def _document(report: Any, args: argparse.Namespace, started: float) -> dict[str, Any]:
    from verify.jsonreport import report_document
    settings = {"command": args.command, "targets": getattr(args, "names", None) or
                getattr(args, "targets", []), "dtypes": _dtypes(args), "device": args.device,
                "trials": args.trials, "seed": args.seed, "sizes": args.sizes,
                "numeric": args.numeric, "rtol": getattr(args, "rtol", None),
                "atol": getattr(args, "atol", None), "timeout": getattr(args, "timeout", None)}
    return report_document(report, settings, started=started, seconds=time.time() - started)


def _github_actions(report: Any, *, to_stderr: bool) -> None:
    """Under GitHub Actions: an error annotation per failed check, and the step summary."""
    from verify.annotations import annotation, in_github_actions, step_summary
    if not in_github_actions():
        return
    stream = sys.stderr if to_stderr else sys.stdout
    for result in report.results:
        if not result.ok:
            print(annotation(result), file=stream, flush=True)
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        try:
            with open(path, "a", encoding="utf-8") as summary:
                summary.write(step_summary(report))
        except OSError as error:
            from verify import messages as say
            _say(say.cli_no_step_summary(path, str(error.strerror or error)))


def _json_path(args: argparse.Namespace) -> None:
    """Before the run: the JSON report can be written where asked."""
    if args.json:
        from verify.harness import check_json_path
        check_json_path(args.json)


def _print_json(data: dict, path: str) -> None:
    from verify.harness import write_json
    try:
        write_json(data, path)
    except BrokenPipeError:
        _stdout_closed()


def _progress(checks: int, args: argparse.Namespace) -> contextlib.AbstractContextManager:
    """A progress bar on stderr for a terminal; none with --json or in piped output."""
    if args.json or not (sys.stdout.isatty() and sys.stderr.isatty()):
        return contextlib.nullcontext()
    from rich.console import Console

    from verify.progress import TrialsProgress
    return TrialsProgress(checks, args.trials, Console(stderr=True))


def _output(renderable: Any, *, ascii_only: bool = False) -> None:
    """Print to stdout at the terminal's width (or COLUMNS, or 80), in its colours, with no
    trailing spaces; a reader that has gone (``| head``) ends the output quietly."""
    from verify.render import page_text
    _write(page_text(renderable, _page(ascii_only)))


def _page(ascii_only: bool) -> Any:
    from rich.console import Console

    from verify.render import Page
    encoding = "ascii" if ascii_only else getattr(sys.stdout, "encoding", None) or "utf-8"
    return Page.of(Console(file=sys.stdout), encoding)


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()


def _stdout_closed() -> None:
    """Send what is left for stdout nowhere, so that nothing complains at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _failed(debug: bool) -> int:
    """The exit code of the exception being handled, after its one line on stderr."""
    from verify.errors import DerivationError, UsageError
    error = sys.exc_info()[1]
    if isinstance(error, (_Usage, UsageError)):
        return _fail(str(error), EXIT_USAGE, debug)
    if isinstance(error, DerivationError):
        return _fail(str(error), EXIT_FAILED, debug)
    if debug:
        raise
    kind = getattr(error, "kind", type(error).__name__)  # a checking process's, or ours
    from verify import messages as say
    _say(say.cli_internal_error(kind, " ".join(str(error).split())))
    return EXIT_INTERNAL


def _fail(message: str, code: int, debug: bool) -> int:
    if debug:
        raise
    from verify import messages as say
    _say(say.cli_error(message))
    return code


def _say(line: str) -> None:
    """One line (or a traceback) on stderr, in red on a terminal."""
    from rich.console import Console
    Console(stderr=True, highlight=False).print(line.rstrip("\n"), style="red", markup=False,
                                                soft_wrap=True)


if __name__ == "__main__":
    sys.exit(main())
