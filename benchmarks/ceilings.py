"""How close verify() comes to the work a check cannot do without, measured in one run.

    python benchmarks/ceilings.py         # about two minutes on 2 CPU cores

For the MLP 10-8-3 in float64 and float32, three throughputs on the same trials:

- ``verify()``: the whole check (float64 decision, precision, probes, other sizes);
- irreducible: the vmapped autograd of the loss and the vmapped closed form, in the
  checked dtype, on inputs already drawn, a chunk of the engine's size at a time;
- bare: inputs drawn on the device with ``torch.randn``, then the vmapped autograd, the
  vmapped closed form and one ``allclose``: no diagnosis, no second dtype, no probes.

Then a wide layer (verify() against autograd's own forward and backward of the same batch)
and the default ``verify-grads`` run against ``python -c "import torch"``. Every figure is
the best of several timings (see ``benchmarks/speed.py``, whose helpers print the lines);
ratios are measured in this run, each with its goal and PASS or MISS. CUDA rows run where
``torch.cuda.is_available()``; elsewhere a line says they need a GPU.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable

import torch
from speed import best, command_vs_import_torch, console, machine, results, verdict

from derivations.core import Derivation
from derivations.mlp import TWO_LAYER
from verify import verify
from verify.engine import chunk_trials
from verify.oracle import autograd_gradients
from verify.sample import sample_trials
from verify.trials import map_trials

MLP_10_8_3 = dataclasses.replace(TWO_LAYER, sizes={"I": 10, "J": 8, "K": 3})
#: Trials per throughput figure of the MLP 10-8-3, by device type.
TRIALS = {"cpu": 20_000, "cuda": 1_000_000}
#: The CUDA goal of verify() on the MLP 10-8-3 in float64.
CUDA_TRIALS_PER_S = 10_000_000


def _wrt(d: Derivation) -> list[str]:
    return list(dict.fromkeys(s.of for s in d.steps))


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def irreducible(d: Derivation, trials: int, dtype: torch.dtype, device: str
                ) -> Callable[[], object]:
    """The vmapped autograd of the loss and the vmapped closed form on inputs drawn
    beforehand, a chunk of the engine's size at a time."""
    chunk = chunk_trials(d, trials, d.sizes)
    drawn = [sample_trials(d, start, min(trials, start + chunk), 0, dtype=dtype,
                           device=device) for start in range(0, trials, chunk)]
    wrt = _wrt(d)

    def work() -> None:
        for inputs in drawn:
            autograd_gradients(d, inputs, wrt)
            with torch.no_grad():
                map_trials(lambda args: d.gradient(**args), inputs)
        _sync(device)
    return work


def bare(d: Derivation, trials: int, dtype: torch.dtype, device: str) -> Callable[[], object]:
    """Inputs drawn on the device, the vmapped autograd, the vmapped closed form and one
    allclose per chunk of the engine's size: the check with nothing around it."""
    chunk = chunk_trials(d, trials, d.sizes)
    shapes = {i.name: i.resolved_shape(d.sizes) for i in d.inputs}
    wrt = _wrt(d)
    steps = [(s.name, s.of) for s in d.steps]

    def work() -> list[bool]:
        agree = []
        for start in range(0, trials, chunk):
            n = min(chunk, trials - start)
            inputs = {k: torch.randn((n, *shape), dtype=dtype, device=device)
                      for k, shape in shapes.items()}
            reference, _ = autograd_gradients(d, inputs, wrt)
            with torch.no_grad():
                derived, _ = map_trials(lambda args: d.gradient(**args), inputs)
            agree += [torch.allclose(derived[name], reference[of]) for name, of in steps]
        _sync(device)
        return agree
    return work


def mlp_rows(device: str) -> None:
    """verify(), irreducible and bare throughputs of the MLP 10-8-3 on ``device``."""
    trials = TRIALS[device]
    for dtype in (torch.float64, torch.float32):
        name = str(dtype).removeprefix("torch.")
        report = verify(MLP_10_8_3, trials=trials, dtype=dtype, device=device)
        assert report.ok, report.verdict
        whole = best(lambda dtype=dtype: verify(MLP_10_8_3, trials=trials, dtype=dtype,
                                                device=device), repeat=3)
        least = best(irreducible(MLP_10_8_3, trials, dtype, device), repeat=5)
        nothing = best(bare(MLP_10_8_3, trials, dtype, device), repeat=5)
        console.print(f"  MLP 10-8-3, {name}, {device}, {trials:,} trials: verify() "
                      f"{trials / whole:,.0f} trials/s, irreducible {trials / least:,.0f}, "
                      f"bare {trials / nothing:,.0f}", highlight=False)
        verdict(f"verify() / irreducible, MLP 10-8-3, {name}, {device}", least / whole,
                ">= 0.9", least / whole >= 0.9, "(throughput ratio)")
        verdict(f"verify() / bare, MLP 10-8-3, {name}, {device}", nothing / whole,
                ">= 0.3", nothing / whole >= 0.3, "(throughput ratio)")
        if device == "cuda" and dtype == torch.float64:
            rate = trials / whole
            verdict("verify() trials/s / 10^7, MLP 10-8-3, float64, cuda",
                    rate / CUDA_TRIALS_PER_S, ">= 1", rate >= CUDA_TRIALS_PER_S)


def wide_layer(width: int, trials: int, device: str) -> None:
    """The full verify() of the MLP width-width-10 against autograd's own forward and
    backward of the same batch (vmapped, every input differentiated)."""
    d = dataclasses.replace(TWO_LAYER, sizes={"I": width, "J": width, "K": 10})
    whole = best(lambda: verify(d, trials=trials, device=device), repeat=2, warm_up=False)
    inputs = sample_trials(d, 0, trials, 0, dtype=torch.float64, device=device)

    def own() -> None:
        autograd_gradients(d, inputs, [i.name for i in d.inputs])
        _sync(device)
    autograd = best(own, repeat=3)
    console.print(f"  MLP {width}-{width}-10, {trials} trials, float64, {device}: verify() "
                  f"{whole:.2f} s, autograd forward + backward {autograd:.3f} s",
                  highlight=False)
    verdict(f"verify() / autograd, MLP {width}-{width}-10, {trials} trials, {device}",
            whole / autograd, "<= 5", whole / autograd <= 5)


def main() -> int:
    """Run every measurement; 0 when every goal is met."""
    start = time.perf_counter()
    console.print(f"verify-grads ceilings on {machine()}", highlight=False)
    cuda = torch.cuda.is_available()
    mlp_rows("cpu")
    if cuda:
        mlp_rows("cuda")
    wide_layer(1024, 200, "cpu")
    if cuda:
        wide_layer(4096, 50, "cuda")
    else:
        console.print("  CUDA rows (MLP 10-8-3 on cuda, >= 10,000,000 trials/s in float64; "
                      "MLP 4096-4096-10, 50 trials) need a GPU: torch.cuda.is_available() "
                      "is False here", highlight=False)
    command_vs_import_torch()
    console.print(f"{sum(results)} of {len(results)} goals met "
                  f"(benchmark took {time.perf_counter() - start:.0f} s)", highlight=False)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
