"""The reason to write a Function: its forward and backward against autograd of the
reference, the same inputs, the same run, as ratios of time and of peak memory.

Time is the best of ``REPEATS`` rounds, the two timed in turn within each round (so that
a machine busy with other work slows both alike). Peak memory is what the tensors made
while one forward+backward runs hold at most: measured by the CUDA allocator on CUDA, by
``verify.memory.peak_bytes`` elsewhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch
from torch import Tensor

from verify.contract_report import MEASURED, ItemReport
from verify.contract_subject import NotApplicable, Subject, contract_item
from verify.custom import FunctionSpec
from verify.memory import peak_bytes

__all__ = ["Cost", "cost", "measure"]

REPEATS = 5
#: Seconds one round of calls lasts at least (calls are repeated to fill it).
ROUND_SECONDS = 0.005


@dataclass(frozen=True)
class Cost:
    """Seconds and peak bytes of one forward+backward: the Function's and the reference's."""

    function_seconds: float
    reference_seconds: float
    function_bytes: int
    reference_bytes: int
    device: str

    @property
    def time_ratio(self) -> float:
        return self.function_seconds / max(self.reference_seconds, 1e-12)

    @property
    def memory_ratio(self) -> float:
        return self.function_bytes / max(self.reference_bytes, 1)

    def describe(self, against: str) -> str:
        return (f"{self.time_ratio:.2f}x the time, {self.memory_ratio:.2f}x the peak memory "
                f"of {against} ({self.function_seconds * 1e3:.3g} vs "
                f"{self.reference_seconds * 1e3:.3g} ms, {self.function_bytes:,} vs "
                f"{self.reference_bytes:,} bytes, {self.device})")


def measure(spec: FunctionSpec, tensors: Mapping[str, Tensor]) -> Cost:
    """Time and peak memory of forward+backward: the Function against autograd of its
    reference, on the same inputs and upstream gradients."""
    douts = [tensors[d] for d in spec.douts]

    def leaves() -> dict[str, Tensor]:
        return {n: tensors[n].detach().clone().requires_grad_(n in spec.wrt)
                for n in spec.tensors}

    def function() -> None:
        given = leaves()
        with torch.enable_grad():
            spec.backward(spec.apply(given), [given[n] for n in spec.wrt], douts)

    def reference() -> None:
        given = leaves()
        with torch.enable_grad():
            outputs = spec.reference_outputs(given)
            torch.autograd.grad(list(outputs), [given[n] for n in spec.wrt], douts,
                                allow_unused=True)

    device = douts[0].device
    seconds = _best_seconds([function, reference], device)
    return Cost(seconds[0], seconds[1], _peak(function, device), _peak(reference, device),
                str(device))


@contract_item("speed", "time and memory")
def cost(subject: Subject) -> ItemReport:
    """Forward+backward of the Function against autograd of the reference, as ratios."""
    if subject.spec.reference is None:
        raise NotApplicable("needs a reference forward to compare with")
    found = measure(subject.spec, subject.cases[0])
    return ItemReport("speed", "time and memory", MEASURED, found.describe(subject.against))


def _best_seconds(work: list[Callable[[], None]], device: torch.device) -> list[float]:
    for fn in work:  # warm up: first calls load kernels and fill caches
        fn()
    calls = max(1, min(1000, int(ROUND_SECONDS / max(_once(work[0], device), 1e-7))))
    best = [float("inf")] * len(work)
    for _ in range(REPEATS):
        for k, fn in enumerate(work):
            best[k] = min(best[k], _once(fn, device, calls) / calls)
    return best


def _once(fn: Callable[[], None], device: torch.device, calls: int = 1) -> float:
    _synchronize(device)
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    _synchronize(device)
    return time.perf_counter() - start


def _peak(fn: Callable[[], None], device: torch.device) -> int:
    if device.type != "cuda":
        return peak_bytes(fn)
    torch.cuda.synchronize(device)
    torch.cuda.reset_peak_memory_stats(device)
    before = torch.cuda.memory_allocated(device)
    fn()
    torch.cuda.synchronize(device)
    return torch.cuda.max_memory_allocated(device) - before


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)
