"""User code is called through here: whatever it raises becomes that derivation's error.

Anything a loss or a closed form raises, including ``sys.exit``, is turned into a one-line
``DerivationError`` that says what was raised and where in the user's file. An exception
that escapes anywhere else is the verifier's own bug, and is never blamed on the user.
"""

from __future__ import annotations

import inspect
import os
import traceback
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from verify.draws import name_of, shown_path
from verify.errors import DerivationError

__all__ = ["UserCode", "holds_numpy", "raised_at", "source_file", "user_error"]


class UserCode:
    """``fn``, with whatever it raises turned into a DerivationError."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.__name__ = name_of(fn)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self.fn(*args, **kwargs)
        except (Exception, SystemExit) as error:
            raise user_error(self.fn, error) from error


def user_error(fn: Callable[..., Any], error: BaseException) -> DerivationError:
    """The error of your code in one line, with where it was raised."""
    if isinstance(error, DerivationError):
        return error
    where = raised_at(error, source_file(fn))
    if isinstance(error, SystemExit):
        return DerivationError(f"{name_of(fn)} called sys.exit({error.code!r}) at {where}")
    text = " ".join(str(error).split())
    return DerivationError(f"{name_of(fn)} raised {type(error).__name__} at {where}: {text}")


def raised_at(error: BaseException, filename: str | None) -> str:
    """``"file.py:12"``: the last line of ``filename`` that the error passed through."""
    frames: list[traceback.FrameSummary] = traceback.extract_tb(error.__traceback__)
    if filename is not None:
        mine = [f for f in frames if os.path.abspath(f.filename) == os.path.abspath(filename)]
        frames = mine or frames
    if not frames:
        return filename or "?"
    return f"{shown_path(frames[-1].filename)}:{frames[-1].lineno}"


def source_file(fn: Callable[..., Any]) -> str | None:
    """The file ``fn`` is defined in, or None (a builtin, a C function)."""
    try:
        return inspect.getsourcefile(fn)
    except TypeError:
        return None


def holds_numpy(result: Any) -> bool:
    """Whether a gradient's result (an array, or a tuple, list or dict of them) holds numpy."""
    if isinstance(result, Mapping):
        return any(holds_numpy(v) for v in result.values())
    if isinstance(result, (tuple, list)):
        return any(holds_numpy(v) for v in result)
    return isinstance(result, (np.ndarray, np.generic))
