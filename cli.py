"""verify-grads: check textbook and hand-derived gradients against torch.autograd.

Exit codes: 0 every check verified, 1 a derivation failed, errored or was inconclusive,
2 bad usage. Errors are one line on stderr; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import sys
from typing import NoReturn

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = ("list",)


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
        epilog="commands: 'verify-grads list' lists the built-in derivations.")
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
    parser.add_argument("--json", metavar="PATH",
                        help="also write the report as JSON ('-': stdout)")
    parser.add_argument("--debug", action="store_true",
                        help="show tracebacks instead of one-line errors")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``verify-grads`` command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        if argv and argv[0] == "list":
            return _list(argv[1:])
        return _run(_run_parser().parse_args(argv))
    except _Usage as error:
        return _fail(str(error), EXIT_USAGE, debug)
    except Exception as error:  # the one place errors become exit codes
        from verify.errors import UsageError
        if isinstance(error, UsageError):
            return _fail(str(error), EXIT_USAGE, debug)
        return _fail(f"{type(error).__name__}: {error}", EXIT_FAILED, debug)


def _list(argv: list[str]) -> int:
    _Parser(prog="verify-grads list", description="List the built-in derivations.").parse_args(argv)
    from derivations import REGISTRY
    from verify.render import derivations_table
    _console().print(derivations_table(list(REGISTRY.values())))
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from derivations import REGISTRY
    from verify import verify_all
    from verify.engine import DTYPES, resolve_device
    from verify.render import report_view

    selected = [REGISTRY[name] for name in _known(args.names, REGISTRY)] or list(REGISTRY.values())
    dtypes = list(DTYPES) if args.dtype == "all" else [d.strip() for d in args.dtype.split(",")]
    resolve_device(args.device)
    with _progress(len(selected) * len(dtypes), args) as progress:
        report = verify_all(selected, dtypes=dtypes, trials=args.trials, seed=args.seed,
                            device=args.device, progress=progress)
    if args.json:
        _write_json(report.to_dict(), args.json)
    if args.json != "-":
        _console().print(report_view(report))
    return EXIT_OK if report.ok else EXIT_FAILED


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


def _write_json(data: dict, path: str) -> None:
    text = json.dumps(data, indent=2, default=str)
    if path == "-":
        print(text)
        return
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError as error:
        raise _Usage(f"cannot write the JSON report to {path!r}: {error.strerror}") from None


def _console():
    """Results go to stdout; when it is not a terminal, lines are not cut at 80 columns."""
    from rich.console import Console
    return Console() if sys.stdout.isatty() else Console(width=120)


def _fail(message: str, code: int, debug: bool) -> int:
    if debug:
        raise
    from rich.console import Console
    Console(stderr=True, highlight=False).print(f"verify-grads: error: {message}", style="red",
                                                markup=False, soft_wrap=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
