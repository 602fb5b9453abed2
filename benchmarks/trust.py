"""How far verify-grads can be trusted on the built-ins: false alarms, and the smallest error
it catches, measured in one run on this machine.

    python benchmarks/trust.py             # a few minutes on 2 CPU cores
    python benchmarks/trust.py --quick     # a smoke run: 3 seeds, 6 built-ins

False alarms: every built-in derivation (each correct) is verified with every seed in every
dtype (float64, float32, float16, bfloat16); any verdict but "verified" is a false alarm.

Smallest error caught: a relative error eps is put into the gradient of each built-in's
first parameter, in three ways, and eps is taken down the ladder 1e-1, 1e-2, ..., 1e-15
with seed 0. A built-in catches the error down to the last eps before the first that
passes (every larger eps failed too); one that lets even 1e-1 pass is "not caught". Per
dtype and kind of error, the median and the worst (largest) of these over the built-ins:

- scaled: every element times (1 + eps);
- one element: one element off by eps x max |g| of its trial;
- added term: eps x the parameter itself added (a forgotten weight decay, lambda W).

Progress goes to stderr; the exit status is 1 when there is a false alarm.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
from torch import Tensor

from derivations import REGISTRY
from derivations.core import Derivation, Step
from verify import verify

DTYPES = ("float64", "float32", "float16", "bfloat16")
LADDER = tuple(10.0 ** -k for k in range(1, 16))
QUICK = ("perceptron_single", "mlp_two_layer", "mlp_deep_relu", "sigmoid_layer",
         "affine_layer", "softmax_with_loss_labels")

Injection = Callable[[Tensor, Tensor, float], Tensor]


def scaled(g: Tensor, param: Tensor, eps: float) -> Tensor:
    """Every element times (1 + eps)."""
    return g * (1 + eps)


def one_element(g: Tensor, param: Tensor, eps: float) -> Tensor:
    """The first element off by eps x max |g| (per trial: g is one trial's gradient)."""
    first = torch.zeros(g.numel(), dtype=g.dtype, device=g.device)
    first[0] = 1
    return g + eps * g.abs().max() * first.reshape(g.shape)


def added_term(g: Tensor, param: Tensor, eps: float) -> Tensor:
    """eps x the parameter added, as a weight decay lambda W left in (or out)."""
    return g + eps * param


INJECTIONS: dict[str, Injection] = {"scaled": scaled, "one element": one_element,
                                    "added term": added_term}


def first_param_step(d: Derivation) -> Step:
    """The first step that is the gradient of an input: the first parameter's."""
    return next(s for s in d.steps if d.is_param_step(s))


def injected(d: Derivation, inject: Injection, eps: float) -> Derivation:
    """``d`` with ``inject`` applied to its first parameter's gradient."""
    step = first_param_step(d)

    def gradient(**inputs: Tensor) -> dict[str, Tensor]:
        steps = dict(d.gradient(**inputs))
        steps[step.name] = inject(steps[step.name], inputs[step.of], eps)
        return steps

    return dataclasses.replace(d, gradient=gradient)


def corpus_derivations() -> list[Derivation]:
    """Every module-level Derivation of tests/corpus/, named ``module:name``."""
    from verify.userfile import find_derivations
    folder = Path(__file__).resolve().parent.parent / "tests" / "corpus"
    return [dataclasses.replace(d, name=f"{path.stem}:{name}")
            for path in sorted(folder.glob("*.py")) if path.name != "__init__.py"
            for name, d in find_derivations(str(path))]


def false_alarms(derivations: Sequence[Derivation], seeds: int, trials: int
                 ) -> tuple[int, list[str]]:
    """Checks run, and one line per check of a correct derivation that was not verified."""
    alarms, checks = [], 0
    for i, d in enumerate(derivations, 1):
        progress(f"false alarms: {i}/{len(derivations)} {d.name}")
        for dtype in DTYPES:
            for seed in range(seeds):
                report = verify(d, trials=trials, seed=seed, dtype=dtype, shrink=False)
                checks += 1
                if report.verdict != "verified":
                    why = (report.explain_failure() or report.error or "").splitlines()
                    alarms.append(f"{d.name} {dtype} seed {seed}: {report.verdict}"
                                  + (f": {why[0]}" if why else ""))
    return checks, alarms


def smallest_caught(d: Derivation, inject: Injection, dtype: str, trials: int) -> float:
    """The last eps of the ladder caught before the first that passes; inf if 1e-1 passes."""
    caught = float("inf")
    for eps in LADDER:
        report = verify(injected(d, inject, eps), trials=trials, seed=0, dtype=dtype,
                        shrink=False)
        if report.verdict != "failed":
            break
        caught = eps
    return caught


def sensitivity(derivations: Sequence[Derivation], trials: int
                ) -> dict[tuple[str, str], list[float]]:
    """(kind, dtype) -> the smallest eps caught, one per derivation."""
    found: dict[tuple[str, str], list[float]] = {}
    for i, d in enumerate(derivations, 1):
        progress(f"smallest error caught: {i}/{len(derivations)} {d.name}")
        for kind, inject in INJECTIONS.items():
            for dtype in DTYPES:
                found.setdefault((kind, dtype), []).append(
                    smallest_caught(d, inject, dtype, trials))
    return found


def eps_text(eps: float) -> str:
    return "not caught" if eps == float("inf") else f"{eps:.0e}"


def median(values: list[float]) -> float:
    """The median, taken as the larger middle value for an even count (an eps of the ladder)."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def machine() -> str:
    """CPU model, cores, torch version and threads, Python version."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(line.split(":", 1)[1].strip() for line in info
                         if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{model}, {os.cpu_count()} cores, torch {torch.__version__} "
            f"({torch.get_num_threads()} threads), Python {platform.python_version()}, "
            "device cpu")


def progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=None,
                        help="seeds per built-in and dtype for false alarms (default 20; 3 "
                             "with --quick)")
    parser.add_argument("--trials", type=int, default=200, help="trials per check (200)")
    parser.add_argument("--corpus", action="store_true",
                        help="also count false alarms over the correct real-style code of "
                             "tests/corpus/ (same seeds and dtypes)")
    parser.add_argument("--quick", action="store_true",
                        help=f"a smoke run: 3 seeds, {len(QUICK)} built-ins")
    args = parser.parse_args(argv)
    seeds = args.seeds or (3 if args.quick else 20)
    derivations = [REGISTRY[n] for n in QUICK] if args.quick else list(REGISTRY.values())
    start = time.perf_counter()

    print(f"verify-grads trust on {machine()}")
    print(f"{len(derivations)} built-ins, dtypes {', '.join(DTYPES)}, {args.trials} trials "
          "per check")
    checks, alarms = false_alarms(derivations, seeds, args.trials)
    print(f"\nfalse alarms ({len(derivations)} built-ins x {seeds} seeds x {len(DTYPES)} "
          f"dtypes): {len(alarms)} of {checks:,} checks of correct derivations")
    for line in alarms:
        print(f"  {line}")
    if args.corpus:
        corpus = corpus_derivations()
        checks, found_alarms = false_alarms(corpus, seeds, args.trials)
        alarms += found_alarms
        print(f"\nfalse alarms ({len(corpus)} corpus derivations x {seeds} seeds x "
              f"{len(DTYPES)} dtypes): {len(found_alarms)} of {checks:,} checks")
        for line in found_alarms:
            print(f"  {line}")

    found = sensitivity(derivations, args.trials)
    print(f"\nsmallest relative error caught (seed 0; eps from 1e-1 down to 1e-15, in the "
          f"first parameter's gradient; over {len(derivations)} built-ins)")
    print(f"  {'error':<13}{'dtype':<10}{'median':>12}{'worst':>12}   worst at")
    for (kind, dtype), values in found.items():
        worst = max(values)
        names = [d.name for d, v in zip(derivations, values, strict=True) if v == worst]
        at = "every built-in" if len(names) == len(derivations) else ", ".join(names)
        print(f"  {kind:<13}{dtype:<10}{eps_text(median(values)):>12}{eps_text(worst):>12}"
              f"   {at if len(at) <= 70 else at[:67] + '...'}")
    print(f"\nbenchmark took {time.perf_counter() - start:.0f} s")
    return 1 if alarms else 0


if __name__ == "__main__":
    sys.exit(main())
