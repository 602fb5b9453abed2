"""How often ``verify.locate`` finds the first wrong line of a wrong gradient.

    python benchmarks/locate.py            # every file of tests/mistakes, a few seconds
    python benchmarks/locate.py m_mlp_0    # only the files whose name contains m_mlp_0

Each tests/mistakes/*.py file holds one realistic mistake, with its first wrong line marked
``# <- wrong``. Inputs are drawn as the verifier draws them (float64, seed 0 unless --seed
says otherwise): the first of the first 20 trials on which the gradient differs from
autograd. One line per file gives the
marked line, the located line and whether they agree; the summary gives the share located,
overall and per cause, and the median and slowest time of one call (after one call to warm
up: the first use of a torch function mode in a process imports more of torch).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import pathlib
import sys
import time
from types import ModuleType

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from verify.locate import locate
from verify.sample import sample_trials
from verify.trials import map_trials

FOLDER = pathlib.Path(__file__).resolve().parent.parent / "tests" / "mistakes"
MARK = "# <- wrong"
TRIALS = 20


def load(path: pathlib.Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"mistakes_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def marked(path: pathlib.Path) -> int:
    """The number of the first line that carries the mark."""
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if MARK in line)


def failing_trial(case, seed: int = 0) -> dict[str, torch.Tensor]:
    """The inputs of the first of the first TRIALS trials on which the gradient is wrong,
    judged as the verifier runs it (vectorised, else one trial at a time)."""
    drawn = sample_trials(case, 0, TRIALS, seed=seed, dtype=torch.float64, device="cpu")
    derived, _ = map_trials(lambda inputs: case.gradient(**inputs), drawn)
    leaves = {n: v.clone().requires_grad_(v.is_floating_point()) for n, v in drawn.items()}
    params = [leaves[s.of] for s in case.steps]
    autograd = torch.autograd.grad(map_trials(lambda x: case.loss(**x), leaves)[0].sum(),
                                   params)
    for trial in range(TRIALS):
        for step, reference in zip(case.steps, autograd, strict=True):
            mine, true = derived[step.name][trial].double(), reference[trial]
            if mine.numel() != true.numel() or not torch.allclose(
                    mine.reshape(true.shape), true, rtol=1e-7, atol=1e-10):
                return {n: v[trial] for n, v in drawn.items()}
    return {n: v[0] for n, v in drawn.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="?", default="", help="files whose name contains this")
    parser.add_argument("--seed", type=int, default=0, help="seed of the drawn inputs")
    args = parser.parse_args(argv)
    paths = [p for p in sorted(FOLDER.glob("*.py"))
             if not p.name.startswith("_") and args.only in p.stem]
    by_cause: dict[str, list[bool]] = collections.defaultdict(list)
    times: list[tuple[float, str]] = []
    print(f"{'file':<18} {'cause':<32} {'marked':>6} {'located':>7}  match  "
          f"{'relation':<14} confidence")
    if paths:
        warm_up = load(paths[0])
        locate(warm_up.case, failing_trial(warm_up.case, args.seed))
    for path in paths:
        module = load(path)
        inputs = failing_trial(module.case, args.seed)
        start = time.perf_counter()
        location = locate(module.case, inputs)
        took = time.perf_counter() - start
        times.append((took, path.stem))
        expected = marked(path)
        found = (location is not None and location.line == expected
                 and pathlib.Path(location.file).resolve() == path.resolve())
        by_cause[module.CAUSE].append(found)
        shown = "-" if location is None else str(location.line)
        other = "" if location is None or pathlib.Path(location.file).resolve() == \
            path.resolve() else f" ({location.file})"
        relation = "" if location is None else location.relation
        confidence = "" if location is None else location.confidence.value
        print(f"{path.stem:<18} {module.CAUSE:<32} {expected:>6} {shown:>7}  "
              f"{'yes' if found else 'no':<5}  {relation[:14]:<14} {confidence}{other}")
    print()
    for cause, results in sorted(by_cause.items()):
        print(f"  {cause:<32} {sum(results):>3} of {len(results):<3}")
    right = sum(sum(r) for r in by_cause.values())
    total = sum(len(r) for r in by_cause.values())
    times.sort()
    if times:
        print(f"time per call: median {times[len(times) // 2][0]:.3f} s, slowest "
              f"{times[-1][0]:.3f} s ({times[-1][1]})")
    print(f"first wrong line right: {right} of {total} ({100 * right / max(total, 1):.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
