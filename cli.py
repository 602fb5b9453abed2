"""verify-grads: check textbook and hand-derived gradients against torch.autograd.

Exit codes: 0 every check verified, 1 a derivation failed, errored or was inconclusive,
2 bad usage, 3 an error inside verify-grads itself, 130 interrupted (Ctrl-C). Errors are one
line on stderr; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(f"{message} (see verify-grads --help)")


class _Usage(Exception):
    """Bad usage: reported as one line, exit 2."""


def _run_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="verify-grads",
        description="Verify hand-derived gradients against torch.autograd on random inputs. "
                    "With no names, checks every built-in derivation.",
        epilog="commands: 'verify-grads list' lists the built-in derivations; "
               "'verify-grads explain NAME' explains one, step by step; "
               "'verify-grads check FILE.py' checks the derivations a file defines.")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="derivations to check (default: all)")
    _add_options(parser)
    return parser


def _add_options(parser: argparse.ArgumentParser) -> None:
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
                        help="also write the report as JSON ('-': stdout)")
    parser.add_argument("--debug", action="store_true",
                        help="show tracebacks instead of one-line errors")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``verify-grads`` command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in _commands():
            return _commands()[argv[0]](argv[1:])
        return _run(_run_parser().parse_args(argv))
    except KeyboardInterrupt as stop:  # the one place errors become exit codes
        finished = getattr(getattr(stop, "report", None), "results", None)
        _say("verify-grads: interrupted" + ("" if finished is None
                                           else f"; {len(finished)} checks finished"))
        return EXIT_INTERRUPTED
    except Exception:
        return _failed("--debug" in argv)


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
    _say(f"verify-grads: internal error: {kind}: {' '.join(str(error).split())} (this is a "
         "bug in verify-grads, not in your code; --debug shows the traceback)")
    return EXIT_INTERNAL


def _commands() -> dict[str, Callable[[list[str]], int]]:
    """The subcommands, by the word that starts them."""
    return {"list": _list, "explain": _explain, "check": _check, "self-check": _self_check}


def _list(argv: list[str]) -> int:
    _Parser(prog="verify-grads list", description="List the built-in derivations.").parse_args(argv)
    from derivations import REGISTRY
    from verify.render import derivations_table
    _output(derivations_table(list(REGISTRY.values())))
    return EXIT_OK


def _explain(argv: list[str]) -> int:
    parser = _Parser(prog="verify-grads explain", description="Explain a derivation: its steps, "
                     "a worked example and each step's verdict.")
    parser.add_argument("name", metavar="NAME", help="a built-in derivation")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    from derivations import REGISTRY
    from verify.explain import explain
    [name] = _known([parser.parse_args(argv).name], REGISTRY)
    explanation = explain(REGISTRY[name])
    _output(explanation)
    return EXIT_OK if explanation.ok else EXIT_FAILED


def _run(args: argparse.Namespace) -> int:
    from derivations import REGISTRY
    from verify.engine import resolve_device
    from verify.harness import run_here

    selected = [REGISTRY[name] for name in _known(args.names, REGISTRY)] or list(REGISTRY.values())
    resolve_device(args.device)
    dtypes = _dtypes(args)
    _json_path(args)
    with _progress(len(selected) * len(dtypes), args) as progress:
        report = _saving(args, lambda: run_here(
            selected, dtypes, trials=args.trials, seed=args.seed, device=args.device,
            progress=progress, sizes=args.sizes, numeric=args.numeric))
    return _show(report, args)


def _check(argv: list[str]) -> int:
    parser = _Parser(prog="verify-grads check",
                     description="Verify the derivations a Python file (or module) defines: "
                                 "its module-level Derivation objects, e.g. made with "
                                 "verify.derivation(loss, grad, wrt=..., shapes=...). Each "
                                 "file is checked in a process of its own.")
    parser.add_argument("targets", nargs="+", metavar="FILE.py|module[:NAME]",
                        help="a file or importable module; ':NAME' checks one derivation")
    _add_options(parser)
    parser.add_argument("--rtol", type=float, help="your relative tolerance (needs --atol)")
    parser.add_argument("--atol", type=float, help="your absolute tolerance (needs --rtol): a "
                        "trial passes when max|derived - autograd| <= atol + rtol max|autograd|")
    parser.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                        help="stop a derivation that takes longer in one dtype (or a file "
                             "that takes longer to import) and report it (default: 300)")
    args = parser.parse_args(argv)
    from verify.harness import start_server
    start_server()  # torch loads there while it loads here
    from verify.userfile import check_targets
    _json_path(args)
    report = _saving(args, lambda: check_targets(
        args.targets, dtypes=_dtypes(args), trials=args.trials, seed=args.seed,
        device=args.device, rtol=args.rtol, atol=args.atol, sizes=args.sizes,
        numeric=args.numeric, timeout=args.timeout,
        tracebacks=_say if args.debug else None))
    return _show(report, args)


def _self_check(argv: list[str]) -> int:
    parser = _Parser(prog="verify-grads self-check",
                     description="Apply the catalogue of wrong derivations to every built-in: "
                                 "each must be caught and correctly diagnosed, and every "
                                 "correct derivation must pass.")
    parser.add_argument("--seeds", type=int, default=3, help="seeds per mutant (default: 3)")
    parser.add_argument("--trials", type=int, default=100,
                        help="trials per mutant check (default: 100)")
    parser.add_argument("--correct-trials", type=int, default=1000,
                        help="trials per check of a correct derivation (default: 1000)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    args = parser.parse_args(argv)
    if min(args.seeds, args.trials, args.correct_trials) < 1:
        raise _Usage("--seeds, --trials and --correct-trials must be positive")
    from verify.render import self_check_view
    from verify.selfcheck import self_check
    result = self_check(seeds=range(args.seeds), mutant_trials=args.trials,
                        correct_trials=args.correct_trials)
    _output(self_check_view(result))
    return EXIT_OK if result.ok else EXIT_FAILED


def _sizes(text: str) -> dict[str, int]:
    """``N=4,D=3`` as {"N": 4, "D": 3}."""
    try:
        pairs = [item.split("=") for item in text.split(",")]
        return {name.strip(): int(value) for name, value in pairs}
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE,..., e.g. N=4,D=3, not {text!r}"
                                         ) from None


def _dtypes(args: argparse.Namespace) -> list[str]:
    from verify.engine import DTYPES
    return list(DTYPES) if args.dtype == "all" else [d.strip() for d in args.dtype.split(",")]


def _saving(args: argparse.Namespace, run: Callable[[], Any]) -> Any:
    """``run()``; when Ctrl-C stops it, the JSON (if asked for) keeps what finished."""
    from verify.harness import Interrupted
    try:
        return run()
    except Interrupted as stop:
        if args.json:
            _print_json(stop.report.to_dict(), args.json)
        raise


def _show(report, args: argparse.Namespace) -> int:
    """The report as a table (and JSON when asked); the exit code it earns."""
    from verify.render import report_view
    if args.json:
        _print_json(report.to_dict(), args.json)
    if args.json != "-":
        _output(report_view(report))
    return EXIT_OK if report.ok else EXIT_FAILED


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


def _known(names: list[str], registry: dict) -> list[str]:
    for name in names:
        if name not in registry:
            close = difflib.get_close_matches(name, registry, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise _Usage(f"unknown derivation {name!r}; {hint}'verify-grads list' shows all "
                         f"{len(registry)}")
    return list(dict.fromkeys(names))


def _console():
    """Results go to stdout; when it is not a terminal, lines are not cut at 80 columns
    (the widest table, every column with a low-dtype row, fits in 160)."""
    from rich.console import Console
    console = Console() if sys.stdout.isatty() else Console(width=160)
    console.on_broken_pipe = _stdout_closed  # instead of rich's exit 1
    return console


def _output(renderable: Any) -> None:
    """Print to stdout; a reader that has gone (``| head``) ends the output quietly."""
    try:
        _console().print(renderable)
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_closed()


def _stdout_closed() -> None:
    """Send what is left for stdout nowhere, so that nothing complains at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _fail(message: str, code: int, debug: bool) -> int:
    if debug:
        raise
    _say(f"verify-grads: error: {message}")
    return code


def _say(line: str) -> None:
    """One line (or a traceback) on stderr, in red on a terminal."""
    from rich.console import Console
    Console(stderr=True, highlight=False).print(line.rstrip("\n"), style="red", markup=False,
                                                soft_wrap=True)


if __name__ == "__main__":
    sys.exit(main())
