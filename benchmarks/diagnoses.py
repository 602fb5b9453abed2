"""How often the verifier names the right cause of a typical mistake, and its first wrong line.

    python benchmarks/diagnoses.py [--trials 200] [--dtypes float64,float32] [--files PATTERN]
                                   [--folder tests/heldout]

Every file of ``tests/mistakes/`` holds one realistic mistake in a student's or an
engineer's gradient, with its true cause (``CAUSE``) and its first wrong line (marked
``# <- wrong``). Each is checked in each dtype; the figures are:

- verdicts right: the check failed;
- cause right: the diagnosis names the file's cause (``Diagnosis.cause``);
- first wrong line right: the report's first wrong line is the marked line.

Prints one line per file, then the figures per cause and in all.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from verify import verify

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "mistakes"
MARK = "# <- wrong"


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"mistake_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def marked_line(path: Path) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if MARK in line)


def located_line(report) -> int | None:
    """The line number of the report's first wrong line, if it has one."""
    found = re.match(r"[^\n]*?:(\d+): ", report.first_wrong_line or "")
    return None if found is None else int(found.group(1))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--dtypes", default="float64,float32")
    parser.add_argument("--files", default="[a-z]_*.py", help="a glob in the folder")
    parser.add_argument("--folder", type=Path, default=FOLDER,
                        help="a folder of mistakes in the same form (default tests/mistakes)")
    args = parser.parse_args(argv)
    paths = sorted(p for p in args.folder.glob(args.files)
                   if p.name != "__init__.py" and MARK in p.read_text())
    start = time.perf_counter()
    figures: dict[tuple[str, str], list[tuple[bool, bool, bool | None]]] = defaultdict(list)
    for path in paths:
        module = load(path)
        for dtype in args.dtypes.split(","):
            report = verify(module.case, trials=args.trials, dtype=dtype, shrink=False)
            step = report.first_wrong_step
            cause = step.diagnosis.cause if step is not None and step.diagnosis else None
            line = located_line(report) if report.verdict == "failed" else None
            expected = marked_line(path)
            row = (report.verdict == "failed", cause == module.CAUSE,
                   None if line is None else line == expected)
            figures[(module.CAUSE, dtype)].append(row)
            print(f"{path.stem:<16}{dtype:<9}{report.verdict:<9}{module.CAUSE:<32}"
                  f"{cause or '-':<32}line {expected} -> {line or '-'}")
    print()
    print(f"{'cause':<32}{'dtype':<9}{'files':>6}{'verdict':>9}{'cause':>7}{'line':>7}")
    for (cause, dtype), rows in sorted(figures.items()):
        print(f"{cause:<32}{dtype:<9}{len(rows):>6}" + "".join(
            f"{sum(bool(r[i]) for r in rows):>{w}}" for i, w in ((0, 9), (1, 7), (2, 7))))
    for dtype in args.dtypes.split(","):
        rows = [r for (_, d), rs in figures.items() if d == dtype for r in rs]
        n = len(rows)
        print(f"\n{dtype}: verdicts right {sum(r[0] for r in rows)} of {n} "
              f"({sum(r[0] for r in rows) / n:.0%}); cause right {sum(r[1] for r in rows)} "
              f"of {n} ({sum(r[1] for r in rows) / n:.0%}); first wrong line right "
              f"{sum(bool(r[2]) for r in rows)} of {n} ({sum(bool(r[2]) for r in rows) / n:.0%})")
    print(f"\ntook {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
