"""How many trials fit in memory at once, and how much memory a piece of work holds at most.

    chunk = trials_per_chunk(per_trial, budget_bytes(device), block=trials_per_block)

``per_trial`` is the engine's count of a trial's tensors (``verify.engine.trial_bytes``).
``peak_bytes(fn)`` measures the most bytes ``fn`` holds at once, for tests and benchmarks:
it watches every tensor torch creates while ``fn`` runs (a ``TorchDispatchMode``); a new
storage adds its bytes when it is made and gives them back when it is freed. This counts
intermediates, tensors saved for backward and gradients, on any device, at the cost of one
Python call per torch operation (too much for every run); inputs made before are not counted.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten

__all__ = ["CPU_BUDGET", "budget_bytes", "peak_bytes", "trials_per_chunk"]

#: Bytes a chunk of trials may hold at once on the CPU.
CPU_BUDGET = 1 << 30
#: Share of the free memory of a CUDA device a chunk may hold.
CUDA_SHARE = 0.5


def peak_bytes(fn: Callable[[], Any]) -> int:
    """The most bytes held at once by tensors that ``fn()`` creates while it runs."""
    with _PeakTracker() as tracker:
        fn()
    return tracker.peak


def trials_per_chunk(bytes_per_trial: int, budget_bytes: int = CPU_BUDGET, block: int = 1
                     ) -> int:
    """Trials whose memory fits ``budget_bytes``, in whole blocks of ``block`` trials (at
    least one block, even when one block alone is over the budget)."""
    if bytes_per_trial < 1 or budget_bytes < 1 or block < 1:
        raise ValueError("bytes_per_trial, budget_bytes and block must be positive, not "
                         f"{bytes_per_trial}, {budget_bytes} and {block}")
    return max(1, budget_bytes // bytes_per_trial // block) * block


def budget_bytes(device: str | torch.device = "cpu") -> int:
    """The default budget of a chunk: CPU_BUDGET on the CPU, CUDA_SHARE of what is free on
    a CUDA device."""
    device = torch.device(device)
    if device.type == "cuda":
        free, _ = torch.cuda.mem_get_info(device)
        return max(1, int(free * CUDA_SHARE))
    return CPU_BUDGET


class _PeakTracker(TorchDispatchMode):
    """Counts the bytes of storages created under it, until each is freed."""

    @classmethod
    def _should_skip_dynamo(cls) -> bool:
        """Nothing here is compiled: torch need not load its compiler (seconds) to skip it."""
        return False

    def __init__(self) -> None:
        super().__init__()
        self.held = 0
        self.peak = 0
        self._live: set[int] = set()

    def __torch_dispatch__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None
                           ) -> Any:
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        given = {id(s) for s in _storages((args, kwargs))}
        for storage in _storages(out):
            if id(storage) not in given and id(storage) not in self._live:
                self._hold(storage)
        return out

    def _hold(self, storage: torch.UntypedStorage) -> None:
        size = storage.nbytes()
        key = id(storage)
        self._live.add(key)
        self.held += size
        self.peak = max(self.peak, self.held)
        weakref.finalize(storage, self._free, key, size)

    def _free(self, key: int, size: int) -> None:
        self._live.discard(key)
        self.held -= size


def _storages(tree: Any) -> list[torch.UntypedStorage]:
    leaves, _ = tree_flatten(tree)
    return [t.untyped_storage() for t in leaves
            if isinstance(t, Tensor) and t.layout == torch.strided and t.device.type != "meta"]
