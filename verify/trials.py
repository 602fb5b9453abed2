"""Map a one-trial function over stacked trials: vectorised with vmap, else one trial at a time.

Every tensor handed in has the trials along axis 0. Functions written for one example
(``.item()``, numpy, Python branches on values) cannot run under ``vmap``; they get the
per-trial loop instead, with the same results. The vmap attempt runs on clones of the inputs,
so a function that writes into its inputs before failing under vmap leaves nothing behind
for the loop to see.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

import torch
from torch import Tensor

__all__ = ["PER_TRIAL", "VECTORISED", "forced_mode", "map_trials"]

VECTORISED = "vectorised"
PER_TRIAL = "per-trial loop"
_FORCED: ContextVar[str | None] = ContextVar("forced_mode", default=None)


@contextlib.contextmanager
def forced_mode(mode: str) -> Iterator[None]:
    """Inside the block every ``map_trials`` without a mode of its own runs in ``mode``.

    ``forced_mode(PER_TRIAL)`` shows what vectorising saves, or rules vmap out when a
    result looks suspicious.

    Raises:
        ValueError: ``mode`` is neither VECTORISED nor PER_TRIAL.
    """
    if mode not in (VECTORISED, PER_TRIAL):
        raise ValueError(f"mode must be {VECTORISED!r} or {PER_TRIAL!r}, not {mode!r}")
    token = _FORCED.set(mode)
    try:
        yield
    finally:
        _FORCED.reset(token)


def map_trials(fn: Callable[..., Any], *args: Mapping[str, Tensor], mode: str | None = None
               ) -> tuple[Any, str]:
    """``fn`` applied to every trial of ``args`` (dicts of stacked tensors), results stacked.

    Returns the stacked result and the mode that produced it. With ``mode=None`` vmap is
    tried first and the loop is the fallback, unless ``forced_mode`` says otherwise.
    """
    mode = mode or _FORCED.get()
    if mode in (None, VECTORISED):
        try:
            return _vectorised(fn, args), VECTORISED
        except Exception:
            if mode == VECTORISED:
                raise
    return _loop(fn, args), PER_TRIAL


def _vectorised(fn: Callable[..., Any], args: tuple[Mapping[str, Tensor], ...]) -> Any:
    """``fn`` under vmap, on clones of the inputs: a failed attempt leaves the inputs as they
    were for the per-trial loop. After a successful one, what ``fn`` wrote into an input is
    copied back, so that the caller sees the same writes whichever way the trials ran."""
    clones = tuple({k: v.clone() for k, v in a.items()} for a in args)
    result = torch.func.vmap(fn, randomness="different")(*clones)
    with torch.no_grad():
        for given, clone in zip(args, clones, strict=True):
            for k, v in clone.items():
                if v._version and not given[k].requires_grad:
                    given[k].copy_(v)
    return result


def _loop(fn: Callable[..., Any], args: tuple[Mapping[str, Tensor], ...]) -> Any:
    trials = next(iter(args[0].values())).shape[0]
    results = [fn(*({k: v[t] for k, v in a.items()} for a in args)) for t in range(trials)]
    return _stack(results)


def _stack(results: list[Any]) -> Any:
    first = results[0]
    if isinstance(first, Mapping):
        return {k: _stack([r[k] for r in results]) for k in first}
    if isinstance(first, (tuple, list)):
        return type(first)(_stack([r[i] for r in results]) for i in range(len(first)))
    return torch.stack([torch.as_tensor(r) for r in results])
