"""What checked code may change in the process that checks it, and putting it back.

A checking process imports one file and runs its code again and again. That code can change
the process under the checks that follow, its own and its neighbours': lower the recursion
limit, put ``None`` in ``sys.modules`` for numpy, take verify-grads' own modules out of it,
arm a timer whose handler raises a second later, or replace a function of torch or numpy
(``torch.Tensor.__sub__ = ...``), which the reference itself computes with. ``ProcessState``
remembers the process as it was before the file was imported, and puts it back after the
import and after each check, naming the functions it had to put back.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
import threading
import types
from collections.abc import Iterator
from typing import Any

import numpy as np
import torch

__all__ = ["ProcessState", "exits_raise"]

#: The roots of the modules verify-grads runs on: kept in ``sys.modules`` as they were.
_OWN_MODULES = ("numpy", "torch", "verify", "derivations", "rich")
#: Whose functions the reference and the checks compute with: a replaced one is put back.
_WATCHED: tuple[Any, ...] = (torch.Tensor, torch, torch.nn.functional, torch.linalg, np,
                             np.linalg, math)
#: Timers a handler of the checked code may be armed on.
_TIMERS = tuple(getattr(signal, n) for n in ("ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF")
                if hasattr(signal, n))
_TIMER_SIGNALS = tuple(getattr(signal, n) for n in ("SIGALRM", "SIGVTALRM", "SIGPROF")
                       if hasattr(signal, n))


class ProcessState:
    """The process as it was when made: its recursion limit, the modules verify-grads runs
    on, the timer signals' handlers, and the functions of torch, numpy and math."""

    def __init__(self) -> None:
        self.limit = sys.getrecursionlimit()
        self.modules = {n: m for n, m in sys.modules.items()
                        if n.split(".")[0] in _OWN_MODULES}
        self.handlers = {s: signal.getsignal(s) for s in _TIMER_SIGNALS}
        self.functions = [(owner, dict(vars(owner))) for owner in _WATCHED]

    def restore(self) -> list[str]:
        """Put the process back as it was; the functions that had been replaced, by name
        (``torch.Tensor.__sub__``). Names added since are left: torch adds some itself."""
        if threading.current_thread() is threading.main_thread():  # signals live there
            for timer in _TIMERS:
                signal.setitimer(timer, 0)
            for number, handler in self.handlers.items():
                if handler is not None:
                    signal.signal(number, handler)
        sys.setrecursionlimit(max(self.limit, sys.getrecursionlimit()))
        for name, module in self.modules.items():
            if sys.modules.get(name) is not module:
                sys.modules[name] = module
        replaced = []
        for owner, saved in self.functions:
            now = dict(vars(owner))
            for key, value in saved.items():
                if key not in now or (now[key] is not value and not _torch_own(value, now[key])):
                    replaced.append(f"{_name(owner)}.{key}")
                    setattr(owner, key, value)
            if isinstance(owner, type):  # one set on the class over what it inherits
                for key in now.keys() - saved.keys():
                    if any(key in vars(base) for base in owner.__mro__[1:]):
                        replaced.append(f"{_name(owner)}.{key}")
                        delattr(owner, key)
        return replaced


def _torch_own(was: Any, now: Any) -> bool:
    """``now`` is what torch's own API put in place of ``was``, and keeps there: a wrapper
    made in torch (``use_deterministic_algorithms`` wraps ``manual_seed``), or the storage
    class of another default dtype (``set_default_dtype`` points ``torch.Storage`` at
    ``DoubleStorage``)."""
    if getattr(now, "__wrapped__", None) is was:
        return str(getattr(now, "__module__", "")).split(".")[0] == "torch"
    return all(isinstance(x, type) and x.__module__ == "torch" and x.__name__.endswith("Storage")
               for x in (was, now))


def _name(owner: Any) -> str:
    return owner.__name__ if isinstance(owner, types.ModuleType) \
        else f"{owner.__module__}.{owner.__qualname__}".replace("torch._tensor.", "torch.")


@contextlib.contextmanager
def exits_raise() -> Iterator[None]:
    """``os._exit(n)`` raises ``SystemExit(n)`` meanwhile: checked code that ends the
    process where the checks run in the caller's own (pytest's) is that code's error."""
    real = os._exit

    def exit_raising(code: int) -> None:
        raise SystemExit(code)

    os._exit = exit_raising  # type: ignore[assignment]
    try:
        yield
    finally:
        os._exit = real

