"""The teaching commands, given their parsed options: ``exercise``, ``grade``, ``--html``.

Each takes the options as parsed (an ``argparse.Namespace``) and ``output``, which prints a
rich renderable; each returns the exit code (0 everything verified, 1 otherwise).
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable, Mapping
from typing import Any

from rich.table import Table
from rich.text import Text

from verify.errors import UsageError

__all__ = ["exercise_command", "grade_command", "html_report"]

Output = Callable[[Any], None]


def exercise_command(args: Any, output: Output) -> int:
    """``exercise NAME``: write the skeleton (``--output``, ``--force``); with ``--check
    FILE``: grade it step by step, with ``--hint 1..3`` and ``--solution`` when asked."""
    from verify.exercise import builtin, hints, skeleton, solution
    builtin(args.name)
    if args.check is None:
        if args.hint or args.solution:
            raise UsageError("--hint and --solution go with --check FILE (the filled file)")
        path = pathlib.Path(args.output or f"{args.name}_exercise.py")
        if path.exists() and not args.force:
            raise UsageError(f"{path} exists; --force overwrites it, --output writes elsewhere")
        path.write_text(skeleton(args.name), encoding="utf-8")
        output(Text(f"wrote {path}: fill in each step, then 'verify-grads exercise "
                    f"{args.name} --check {path}'"))
        return 0
    from verify.harness import start_server
    from verify.render import report_view
    from verify.userfile import check_targets
    start_server()
    report = check_targets([f"{args.check}:{args.name}"], dtypes=["float64"],
                           trials=args.trials, seed=args.seed, timeout=args.timeout)
    output(report_view(report))
    result = report.results[0]
    for hint in hints(result, args.name, args.hint) if args.hint else []:
        output(Text(str(hint), style="yellow"))
    if args.solution:
        output(Text(f"Solution ({args.name}, the built-in's closed form):", style="bold"))
        output(Text(solution(args.name)))
    return 0 if report.ok else 1


def grade_command(args: Any, output: Output) -> int:
    """``grade SUBMISSIONS...``: every submission checked apart; the gradebook written as
    ``--out``.csv and .json, and a table of each submission's score."""
    from verify.grade import grade, submissions_in
    directory = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(directory):
        raise UsageError(f"cannot write the gradebook to {args.out!r}: there is no directory "
                         f"{directory}")
    book = grade(submissions_in(args.submissions), exercise=args.exercise,
                 reference=args.reference, trials=args.trials, seed=args.seed,
                 timeout=args.timeout)
    csv_path, json_path = book.write(args.out)
    table = Table(title="gradebook (causes and first wrong lines in the files)",
                  title_justify="left", box=None, pad_edge=False)
    for column in ("submission", "score", "verdict", "first wrong step"):
        table.add_column(column, no_wrap=True)
    summary = book.to_dict()["submissions"]
    for entry in summary:
        wrong = next((s for s in entry["steps"] if s["verdict"] != "verified"), None)
        table.add_row(entry["submission"], entry["score"], entry["verdict"],
                      wrong["step"] if wrong else "-")
    output(table)
    output(Text(f"wrote {csv_path} and {json_path}"))
    return 0 if all(e["verdict"] == "verified" for e in summary) else 1


def html_report(report: Any, path: str, derivations: Mapping[str, Any] | None = None) -> None:
    """Write the run's self-contained HTML page to ``path`` (see ``verify.html``)."""
    from verify.html import html_page, write_html
    write_html(html_page(report, derivations), path)
