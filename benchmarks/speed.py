"""How fast verify-grads is, as ratios measured in one run on this machine.

    python benchmarks/speed.py            # about a minute on 2 CPU cores

Every figure is the best (smallest) of several wall-clock timings, so that other work on
the machine inflates it as little as possible. Each ratio is printed with its goal and
PASS or MISS; the exit status is 1 when any goal is missed.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
from batched_mlp import batched_mlp
from rich.console import Console
from rich.table import Table

from derivations import REGISTRY
from derivations.core import Derivation
from derivations.mlp import TWO_LAYER
from verify import verify
from verify.oracle import autograd_gradients
from verify.sample import sample_trials
from verify.trials import PER_TRIAL, VECTORISED, forced_mode, map_trials

ROOT = Path(__file__).resolve().parent.parent
MLP_10_8_3 = dataclasses.replace(TWO_LAYER, sizes={"I": 10, "J": 8, "K": 3})
console = Console() if sys.stdout.isatty() else Console(width=140)
results: list[bool] = []


def best(fn: Callable[[], object], repeat: int = 5, warm_up: bool = True) -> float:
    """The smallest wall time of ``repeat`` calls of ``fn``, after one warm-up call."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def race(first: Callable[[], object], second: Callable[[], object], repeat: int
         ) -> tuple[float, float]:
    """The best times of two functions timed in turn, so that load on the machine falls on
    both alike."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, kept in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def once(fn: Callable[[], object]) -> float:
    """The wall time of one call of ``fn``, for runs too long to repeat."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def figure(value: float) -> str:
    """Three significant digits, without exponents: 0.295, 149, 8,520."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def verdict(what: str, ratio: float, goal: str, met: bool, detail: str = "") -> None:
    """One result line: what was measured, the ratio, its goal, PASS or MISS."""
    results.append(met)
    mark = "[green]PASS[/]" if met else "[bold red]MISS[/]"
    console.print(f"{what:<50}{figure(ratio):>8}x  goal {goal:<9} {mark}  {detail}".rstrip(),
                  highlight=False)


def machine() -> str:
    """CPU model, cores, torch version and threads, Python version, device."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(line.split(":", 1)[1].strip() for line in info
                         if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{model}, {os.cpu_count()} cores, torch {torch.__version__} "
            f"({torch.get_num_threads()} threads), Python {platform.python_version()}, device cpu")


def vectorised_vs_loop() -> None:
    """verify() on the MLP 10-8-3 at 10,000 trials, vectorised vs forced into the loop."""
    trials = 10_000
    report = verify(MLP_10_8_3, trials=trials)
    assert report.ok and report.mode == VECTORISED, report.mode
    fast = best(lambda: verify(MLP_10_8_3, trials=trials), repeat=10)
    with forced_mode(PER_TRIAL):
        looped = verify(MLP_10_8_3, trials=100)
        slow = best(lambda: verify(MLP_10_8_3, trials=trials), repeat=2, warm_up=False)
    assert looped.ok and looped.mode == PER_TRIAL, looped.mode
    console.print(f"  per-trial loop: the same verify(), each trial's closed form and loss run "
                  f"alone ({trials / slow:,.0f} vs {trials / fast:,.0f} trials/s)",
                  highlight=False)
    verdict(f"vectorised vs per-trial loop, MLP 10-8-3, {trials:,} trials, float64",
            slow / fast, ">= 50x", slow / fast >= 50)


def versus_gradcheck() -> None:
    """One random point of the batched MLP 784-128-10, batch 64, float64: verify() checks all
    8 steps; gradcheck checks the 4 parameters' gradients by central differences."""
    mlp = batched_mlp(784, 128, 10, 64)
    assert verify(mlp, trials=1).ok
    ours = best(lambda: verify(mlp, trials=1))
    point = {n: v[0] for n, v in sample_trials(mlp, 0, 1, seed=0, dtype=torch.float64,
                                                   device="cpu").items()}
    params = ["W_ij", "b_j", "W_jk", "b_k"]
    total = sum(point[p].numel() for p in params)
    some = ["b_j", "W_jk", "b_k"]
    perturbed = sum(point[p].numel() for p in some)

    def check(names: list[str], fast_mode: bool) -> bool:
        leaves = [point[n].clone().requires_grad_() for n in names]

        def loss(*values: torch.Tensor) -> torch.Tensor:
            return mlp.loss(**{**point, **dict(zip(names, values, strict=True))})
        return torch.autograd.gradcheck(loss, leaves, fast_mode=fast_mode)

    assert check(some, fast_mode=False)
    part = best(lambda: check(some, fast_mode=False), repeat=2, warm_up=False)
    biases = best(lambda: check(["b_j", "b_k"], fast_mode=False), repeat=3)
    few = point["b_j"].numel() + point["b_k"].numel()
    full = part * total / perturbed
    fast = best(lambda: check(params, fast_mode=True), repeat=3)
    console.print(
        f"  gradcheck (default mode) perturbs one parameter at a time: timed on {perturbed:,} of "
        f"the {total:,} parameters\n  ({', '.join(some)}; W_ij held fixed), scaled by "
        f"{total / perturbed:.1f} to all of them: {full:.0f} s. Per parameter it costs "
        f"{part / perturbed * 1e3:.2f} ms\n  with {perturbed:,} perturbed and "
        f"{biases / few * 1e3:.2f} ms with {few} (b_j, b_k): "
        f"{_linearity(part / perturbed, biases / few)}",
        highlight=False)
    verdict("verify() vs gradcheck, MLP 784-128-10, batch 64, float64, 1 point",
            full / ours, ">= 1,000x", full / ours >= 1000)
    console.print(f"  for comparison, gradcheck fast_mode (one random projection, all {total:,} "
                  f"parameters): {figure(fast / ours)}x the time of verify()",
                  highlight=False)


def _linearity(per_many: float, per_few: float) -> str:
    """Whether scaling by the number of parameters is borne out by the two measurements."""
    if abs(per_many / per_few - 1) <= 0.25:
        return "the cost is linear in their number"
    return "these differ, so the scaled figure is only an estimate"


def closed_form_vs_autograd(trials: int = 10_000) -> None:
    """Each built-in's closed form vs autograd of the same steps on the same inputs, both as
    the verifier runs them: every step at once, vectorised over stacked trials."""
    console.print("  closed form (every step) / autograd of the same steps (parameters directly, "
                  "inner nodes through probes),\n  same inputs, vectorised as the verifier runs "
                  f"them; the ratio is the worse of 1 and {trials:,} trials;\n  'parameters "
                  "only': the same against autograd of the parameters alone", highlight=False)
    for d in REGISTRY.values():
        stacked = sample_trials(d, 0, trials, seed=0, dtype=torch.float64, device="cpu")
        one = {n: v[:1] for n, v in stacked.items()}
        small, large = _cost(d, one), _cost(d, stacked)
        params_only = _cost(d, stacked, wrt=d.params)
        worst = max(small, large)
        verdict(f"closed form / autograd, {d.name}", worst, "<= 1.0", worst <= 1.0,
                f"(1 trial {small:.2f}, {trials:,} trials {large:.2f}; parameters only "
                f"{params_only:.2f})")


def _cost(d: Derivation, inputs: dict[str, torch.Tensor], wrt: Sequence[str] | None = None
          ) -> float:
    """Time of the closed form over time of autograd forward + backward for ``wrt`` (default:
    what every step differentiates). Both sides copy the inputs that are not differentiated,
    as the verifier does."""
    wrt = list(dict.fromkeys(s.of for s in d.steps) if wrt is None else wrt)

    def closed() -> object:
        copies = {n: v if n in wrt else v.clone() for n, v in inputs.items()}
        with torch.no_grad():
            return map_trials(lambda args: d.gradient(**args), copies)

    closed_time, autograd_time = race(closed, lambda: autograd_gradients(d, inputs, wrt),
                                      repeat=40)
    return closed_time / autograd_time


def command_vs_import_torch() -> None:
    """The default ``verify-grads`` run vs ``python -c "import torch"``, as subprocesses.

    Both run from bytecode, as an installed package does: a warm-up run of each writes it
    under a temporary ``PYTHONPYCACHEPREFIX``, even where ``PYTHONDONTWRITEBYTECODE`` is
    set (without it every module of verify-grads would be compiled from source on every
    run, and torch's, installed with their bytecode, would not)."""
    env = {key: value for key, value in os.environ.items()
           if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))

    def run(*args: str) -> None:
        subprocess.run([sys.executable, *args], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        command, torch_import = race(lambda: run("-m", "cli"),
                                     lambda: run("-c", "import torch"), repeat=3)
    console.print(f"  verify-grads: all {len(REGISTRY)} built-ins x float64, float32 x 1,000 "
                  f"trials = {2 * len(REGISTRY)} checks", highlight=False)
    verdict("verify-grads (default run) vs python -c 'import torch'", command / torch_import,
            "<= 1.1x", command / torch_import <= 1.1)


def growth() -> None:
    """Time per trial as trials grow, and per input element as the width grows."""
    table = Table(title="how cost grows (float64, vectorised)", title_justify="left")
    for column in ("derivation", "trials", "elements / trial", "time", "µs / trial",
                   "ns / element"):
        table.add_column(column, justify="right" if column != "derivation" else "left")
    rows = [(MLP_10_8_3, "MLP 10-8-3", 10 ** e) for e in range(2, 7)]
    for width in (10, 30, 100, 300, 1000):
        mlp = dataclasses.replace(TWO_LAYER, sizes={"I": width, "J": width, "K": 3})
        rows.append((mlp, f"MLP {width}-{width}-3", None))
    for d, label, trials in rows:
        elements = sum(v.numel() for v in sample_trials(d, 0, 1, 0, dtype=torch.float64,
                                                          device="cpu").values())
        trials = trials or max(10, 10 ** 7 // elements)
        run = lambda d=d, trials=trials: verify(d, trials=trials)  # noqa: E731
        seconds = once(run) if trials * elements >= 10 ** 7 else best(run, repeat=3)
        table.add_row(label, f"{trials:,}", f"{elements:,}", f"{seconds:.3f} s",
                      figure(seconds / trials * 1e6), figure(seconds / trials / elements * 1e9))
    console.print(table)
    console.print("  rows by width draw about 10^7 input elements each", highlight=False)


def main() -> int:
    """Run every measurement; 0 when every goal is met."""
    start = time.perf_counter()
    console.print(f"verify-grads speed on {machine()}", highlight=False)
    vectorised_vs_loop()
    versus_gradcheck()
    closed_form_vs_autograd()
    command_vs_import_torch()
    growth()
    console.print(f"{sum(results)} of {len(results)} goals met "
                  f"(benchmark took {time.perf_counter() - start:.0f} s)", highlight=False)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
