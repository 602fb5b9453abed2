"""Map a one-trial function over stacked trials: vectorised with vmap, else one trial at a time.

Every tensor handed in has the trials along axis 0. Functions written for one example
(``.item()``, numpy, Python branches on values) cannot run under ``vmap``; they get the
per-trial loop instead, with the same results. The vmap attempt runs on clones of the inputs,
so a function that writes into its inputs before failing under vmap leaves nothing behind
for the loop to see.

Code that takes numpy arrays is looped over the chunk's arrays: ``chunk_arrays`` turns each
input into one array for every trial at once (trial t's array is the view ``[t, ...]``), and
``Rows`` copies the trials' results into one array per name, the values that one conversion
per trial and one ``torch.stack`` would give.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any

import numpy as np
import torch
from torch import Tensor

__all__ = [
    "PER_TRIAL",
    "VECTORISED",
    "Rows",
    "array_tensor",
    "chunk_arrays",
    "forced",
    "forced_mode",
    "kept_result",
    "loop",
    "map_trials",
]

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


def forced() -> str | None:
    """The mode ``forced_mode`` imposes here, or None outside it."""
    return _FORCED.get()


#: torch's note that an operation runs under vmap by its slower fallback: it speaks of
#: torch, not of the code checked, so it is not shown.
_FALLBACK_NOTE = "There is a performance drop because we have not yet implemented the batching"


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
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_FALLBACK_NOTE)
        result = torch.func.vmap(fn, randomness="different")(*clones)
    with torch.no_grad():
        for given, clone in zip(args, clones, strict=True):
            for k, v in clone.items():
                if v._version and not given[k].requires_grad:
                    given[k].copy_(v)
    return result


def _loop(fn: Callable[..., Any], args: tuple[Mapping[str, Tensor], ...]) -> Any:
    return loop(fn, *args)


def loop(fn: Callable[..., Any], *args: Mapping[str, Tensor], done: Sequence[Any] = ()) -> Any:
    """``fn`` called on one trial at a time, results stacked; the results of the first
    ``len(done)`` trials are ``done``, already had."""
    trials = next(iter(args[0].values())).shape[0]
    results = [*done, *(_one_trial(fn, args, t) for t in range(len(done), trials))]
    return _stack(results)


def _one_trial(fn: Callable[..., Any], args: tuple[Mapping[str, Tensor], ...], t: int) -> Any:
    """``fn`` on trial ``t``: given a view of each tensor autograd differentiates and a copy
    of the rest, copied back afterwards (numpy code writes into it unseen by torch). Views
    of one tensor share its count of in-place writes, so a loss that writes into its labels
    (``t[t == C] = -100``) through a view would make every earlier trial's saved labels
    look changed to autograd."""
    given = [{k: v[t] if v.requires_grad else v[t].clone() for k, v in a.items()}
             for a in args]
    result = kept_result(fn(*given))
    with torch.no_grad():
        for stacked, one in zip(args, given, strict=True):
            for k, v in one.items():
                if not stacked[k].requires_grad:
                    stacked[k][t].copy_(v)
    return result


def kept_result(result: Any) -> Any:
    """One trial's result as it is now: its tensors copied, so that code that fills one
    buffer again on every call leaves each trial its own values."""
    if isinstance(result, Tensor):
        return result.clone()
    if isinstance(result, Mapping):
        return {k: kept_result(v) for k, v in result.items()}
    if isinstance(result, (tuple, list)):
        items = [kept_result(v) for v in result]
        return type(result)(*items) if hasattr(result, "_fields") else type(result)(items)
    return result


def chunk_arrays(inputs: Mapping[str, Tensor]) -> dict[str, np.ndarray]:
    """Each input as one numpy array holding every trial, as ``tensor.numpy()`` would give
    trial by trial: on the CPU the tensor's own memory (trial t's array ``[t, ...]`` is the
    view ``tensor[t].numpy()`` would be), bfloat16, which numpy lacks, as float32."""
    return {n: (v.float() if v.dtype == torch.bfloat16 else v).detach().cpu().numpy()
            for n, v in inputs.items()}


#: Numpy dtypes (bool, integers, floats, complex; native byte order) that torch holds as
#: they are: a value of one of them converts to a tensor of the same values.
TORCH_DTYPES = frozenset("?bhilqBefdFD")


class Rows:
    """Trial by trial dicts of values, stacked per name as ``torch.stack`` of
    ``torch.tensor(np.asarray(value))`` per trial (tensors as they are) would stack them.

    Every value is copied as it comes, as its conversion to a tensor would copy it, so a
    buffer that the code fills again in the next trial keeps each trial's values (a tensor
    off the CPU is cloned there, and read when the trials are stacked). Where every trial's
    value of a name has one shape and one of TORCH_DTYPES, the values go into one numpy
    array for all trials, made a tensor once.
    """

    def __init__(self, trials: int, device: torch.device) -> None:
        self.trials, self.device, self.count = trials, device, 0
        self.names: list[str] = []
        self.keys: set[str] = set()
        self.arrays: dict[str, np.ndarray] = {}
        self.pending: dict[str, dict[int, Tensor]] = {}
        self.tensors: dict[str, list[Any]] = {}
        self.rows: list[dict[str, Any]] | None = None

    def add(self, row: Mapping[str, Any]) -> None:
        """The next trial's values."""
        t, self.count = self.count, self.count + 1
        if t == 0:
            self.names, self.keys = list(row), set(row)
        if self.rows is None and row.keys() != self.keys:  # names that change: rows as is
            self.rows = [{k: self._value(k, i) for k in self.names} for i in range(t)]
        if self.rows is not None:
            self.rows.append({k: _tensor(v, self.device) for k, v in row.items()})
            return
        for k, value in row.items():
            kept = self.arrays.get(k)
            if (type(value) is np.ndarray and kept is not None and value.dtype == kept.dtype
                    and value.shape == kept.shape[1:]):
                kept[t] = value  # the common case, as below
                continue
            array, dtype, shape = _layout(value)
            if t == 0 and dtype is not None:
                kept = self.arrays[k] = np.empty((self.trials, *shape), dtype)
                self.pending[k] = {}
            if kept is not None and dtype == kept.dtype and shape == kept.shape[1:]:
                if array is None and value.device.type == "cpu":  # read now: a buffer
                    kept[t] = value.detach().numpy()               # may be filled again
                elif array is None:
                    self.pending[k][t] = value.detach().clone()
                else:
                    kept[t] = array
                continue
            if kept is not None:  # not the shape or dtype of the trials before
                self.tensors[k] = [self._value(k, i) for i in range(t)]
                del self.arrays[k]
            self.tensors.setdefault(k, []).append(_tensor(value, self.device))

    def stacked(self) -> dict[str, Tensor]:
        """Every name's values, trials along axis 0."""
        if self.rows is not None:
            return _stack(self.rows)
        for k, kept in self.arrays.items():
            for t, tensor in self.pending[k].items():
                kept[t] = tensor.detach().cpu().numpy()
        return {k: self._from(self.arrays[k][:self.count]) if k in self.arrays
                else _stack(self.tensors[k]) for k in self.names}

    def _value(self, name: str, t: int) -> Any:
        """Trial ``t``'s value of ``name`` as the tensor it would have been converted to."""
        if name not in self.arrays:
            return self.tensors[name][t]
        tensor = self.pending[name].get(t)
        return self._from(self.arrays[name][t, ...].copy()) if tensor is None else tensor

    def _from(self, array: np.ndarray) -> Tensor:
        tensor = torch.from_numpy(array)
        return tensor if self.device.type == "cpu" else tensor.to(self.device)


def _layout(value: Any) -> tuple[np.ndarray | None, np.dtype | None, tuple[int, ...]]:
    """For a value that becomes a tensor of one of TORCH_DTYPES: the array it converts from
    (None for a tensor), that dtype in numpy, and its shape; ``(None, None, ())`` otherwise."""
    if isinstance(value, (np.ndarray, np.generic, float)):
        array = np.asarray(value)
        if array.dtype.char in TORCH_DTYPES and array.dtype.isnative:
            return array, array.dtype, array.shape
    elif isinstance(value, Tensor) and value.dtype in _NUMPY_OF and not value.requires_grad \
            and value.layout == torch.strided and not value.is_conj() and not value.is_neg():
        return None, _NUMPY_OF[value.dtype], tuple(value.shape)
    return None, None, ()


_NUMPY_OF = {torch.bool: np.dtype(np.bool_), torch.uint8: np.dtype(np.uint8),
             torch.int8: np.dtype(np.int8), torch.int16: np.dtype(np.int16),
             torch.int32: np.dtype(np.int32), torch.int64: np.dtype(np.int64),
             torch.float16: np.dtype(np.float16), torch.float32: np.dtype(np.float32),
             torch.float64: np.dtype(np.float64), torch.complex64: np.dtype(np.complex64),
             torch.complex128: np.dtype(np.complex128)}


def _tensor(value: Any, device: torch.device) -> Any:
    """``value`` as the per-trial conversion gives it: numpy (or a float) as a tensor, a
    tensor copied (the code may fill it again in the next trial)."""
    if isinstance(value, (np.ndarray, np.generic, float)):
        return array_tensor(np.asarray(value), device)
    return value.clone() if isinstance(value, Tensor) else value


def array_tensor(array: np.ndarray, device: torch.device) -> Tensor:
    """A copy of ``array`` as a tensor; a view with negative strides (``w[::-1]``), which
    torch cannot hold, is copied in order first."""
    if any(stride < 0 for stride in array.strides):
        array = array.copy()
    return torch.tensor(array, device=device)


def _stack(results: list[Any]) -> Any:
    first = results[0]
    if isinstance(first, Mapping):
        return {k: _stack([r[k] for r in results]) for k in first}
    if isinstance(first, (tuple, list)):
        return type(first)(_stack([r[i] for r in results]) for i in range(len(first)))
    return torch.stack([torch.as_tensor(r) for r in results])
