"""User code is called through here: whatever it raises becomes that derivation's error.

Anything a loss or a closed form raises, including ``sys.exit``, is turned into a one-line
``DerivationError`` that says what was raised and where in the user's file. An exception
that escapes anywhere else is the verifier's own bug, and is never blamed on the user.
"""

from __future__ import annotations

import functools
import inspect
import os
import traceback
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np
import torch

from verify.draws import name_of, shown_path
from verify.errors import DerivationError
from verify.trials import TORCH_DTYPES

__all__ = ["UNDECIDED", "NumpyGradient", "UserCode", "call_trials", "holds_numpy",
           "holds_tensors", "numpy_gradient", "raised_at", "shown", "source_file", "user_error",
           "written_for_numpy"]


class UserCode:
    """``fn``, with whatever it raises turned into a DerivationError."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.__name__ = name_of(fn)

    def __call__(self, /, *args: Any, **kwargs: Any) -> Any:  # an argument named self too
        try:
            return self.fn(*args, **kwargs)
        except DerivationError:
            raise  # said already, by a derivation the function runs
        except (Exception, SystemExit) as error:
            raise user_error(self.fn, error) from error


def user_error(fn: Callable[..., Any], error: BaseException) -> DerivationError:
    """The error of your code in one line, with where it was raised."""
    if isinstance(error, DerivationError):
        return error
    where = raised_at(error, source_file(fn))
    if isinstance(error, SystemExit):
        return DerivationError(f"{name_of(fn)} called sys.exit({shown(error.code, repr)}) at "
                               f"{where}")
    text = " ".join(shown(error, str).split())
    return DerivationError(f"{name_of(fn)} raised {type(error).__name__} at {where}"
                           + (f": {text}" if text else ""))


def shown(value: object, how: Callable[[object], str]) -> str:
    """``how(value)`` (``str`` or ``repr``), or what ``value`` is where that raises."""
    try:
        return how(value)
    except Exception:  # the user's __str__ or __repr__ raised: say what it was
        return f"<{type(value).__name__}>"


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


TORCH_KEYWORDS = frozenset({"dim", "keepdim", "unbiased", "correction"})


def written_for_numpy(fn: Callable[..., Any]) -> bool:
    """Is ``fn`` numpy code that torch would also run, with another meaning? Its module
    holds numpy; it, or the functions and classes of its module that it reaches, write
    numpy's ``axis=`` or ``keepdims=`` or call numpy, and none names torch or writes one
    of torch's keywords (``dim=``, ``keepdim=``, ``unbiased=``, ``correction=``):
    ``x.var(axis=0)`` runs on tensors too, where ``var`` is the unbiased variance and
    numpy's the biased one."""
    fn = inspect.unwrap(fn)
    while isinstance(fn, functools.partial) or inspect.ismethod(fn):  # the function inside
        fn = fn.func if isinstance(fn, functools.partial) else fn.__func__
    scope = getattr(fn, "__globals__", None)
    if not isinstance(scope, dict) or not any(
            getattr(v, "__name__", None) == "numpy" for v in scope.values()
            if inspect.ismodule(v)):
        return False
    seen: set[int] = set()
    todo: list[Any] = [fn]
    numpy_words = False
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        codes = [item.__code__] if inspect.isfunction(item) else [
            f.__code__ for f in vars(item).values() if inspect.isfunction(f)] \
            if inspect.isclass(item) else []
        for code in _nested(codes):
            for name in code.co_names:
                value = scope.get(name)
                if inspect.ismodule(value) and value.__name__.split(".")[0] == "torch":
                    return False
                numpy_words |= inspect.ismodule(value) and value.__name__ == "numpy"
                if (inspect.isfunction(value) or inspect.isclass(value)) \
                        and getattr(value, "__module__", None) == fn.__module__:
                    todo.append(value)
            keywords = {k for c in code.co_consts if isinstance(c, tuple) for k in c}
            if keywords & TORCH_KEYWORDS:
                return False
            numpy_words |= bool(keywords & {"axis", "keepdims"})
    return numpy_words


def _nested(codes: list[Any]) -> list[Any]:
    """The code objects and every code object defined inside them."""
    found = []
    while codes:
        code = codes.pop()
        found.append(code)
        codes += [c for c in code.co_consts if inspect.iscode(c)]
    return found


def holds_numpy(result: Any) -> bool:
    """Whether a gradient's result (an array, or a tuple, list or dict of them) holds numpy."""
    return _holds(result, (np.ndarray, np.generic))


def holds_tensors(result: Any) -> bool:
    """Whether a gradient's result (a tensor, or a tuple, list or dict of them) holds one."""
    return _holds(result, torch.Tensor)


def _holds(result: Any, kinds: type | tuple[type, ...]) -> bool:
    if isinstance(result, Mapping):
        return any(_holds(v, kinds) for v in result.values())
    if isinstance(result, (tuple, list)):
        return any(_holds(v, kinds) for v in result)
    return isinstance(result, kinds)


class NumpyGradient(NamedTuple):
    """A gradient function of numpy arrays, as ``verify.api`` calls it: ``fn(**arrays)``,
    then ``convert(result, device)`` (numpy to tensors), then ``by_step(result, device)``
    (``{step name: value}``, or a DerivationError for a result of the wrong form)."""

    fn: Callable[..., Any]
    convert: Callable[[Any, torch.device], Any]
    by_step: Callable[[Any, torch.device], dict[str, Any]]


#: ``numpy_gradient``'s answer for a gradient that has yet to find out whether it takes
#: numpy arrays (it does on its first call that succeeds).
UNDECIDED = "undecided"


def numpy_gradient(gradient: Callable[..., Any]) -> NumpyGradient | str | None:
    """For a closed form made by ``verify.api.derivation`` (called as UserCode or not) that
    takes numpy arrays: its parts; UNDECIDED while it has yet to find out; None otherwise
    (a closed form tells through its ``numpy_parts`` method)."""
    closed = gradient.fn if isinstance(gradient, UserCode) else gradient
    parts = getattr(closed, "numpy_parts", None)
    return parts() if callable(parts) else None


def call_trials(gradient: NumpyGradient, arrays: Mapping[str, np.ndarray], start: int,
                stop: int, device: torch.device, keep: Callable[[dict[str, Any]], None]
                ) -> None:
    """``keep(by_step(convert(fn(**trial t's arrays))))`` for t from ``start`` to
    ``stop - 1``, trial t's arrays being ``array[t, ...]``, numpy's floating-point warnings
    silenced, as ``verify.api`` calls the gradient one trial at a time. A result of numpy
    values of TORCH_DTYPES (alone, or in a tuple, list or dict) is handed on unconverted:
    those values convert as they are. Whatever ``fn`` or the conversion raises is that
    gradient's DerivationError."""
    fn, convert, by_step = gradient
    pairs = list(arrays.items())
    form: tuple[type, int] | None = None  # a tuple, list or single value by_step has named
    steps: list[str] = []
    with np.errstate(all="ignore"):
        for t in range(start, stop):
            try:
                result = fn(**{n: a[t, ...] for n, a in pairs})
                numbers = _numbers(result)
                if not numbers:
                    result = convert(result, device)
            except DerivationError:
                raise
            except (Exception, SystemExit) as error:
                raise user_error(fn, error) from error
            kind = type(result)
            if numbers and kind is not dict:
                # numbers are never None nor tensors: by_step names them as it named a
                # result of the same form before
                size = len(result) if kind in (tuple, list) else 1
                if (kind, size) == form and len(steps) == size:  # not one vector's numbers
                    values = result if kind in (tuple, list) else (result,)
                    keep(dict(zip(steps, values, strict=True)))
                    continue
                row = by_step(result, device)
                form, steps = (kind, size), list(row)
                keep(row)
                continue
            keep(by_step(result, device))


def _numbers(result: Any) -> bool:
    """Whether ``result`` is numpy values (or floats) of TORCH_DTYPES, alone or in a tuple,
    list or dict: values whose conversion to tensors cannot fail."""
    if type(result) in (tuple, list):
        return all(_number(v) for v in result)
    if type(result) is dict:
        return all(_number(v) for v in result.values())
    return _number(result)


def _number(value: Any) -> bool:
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype.char in TORCH_DTYPES and value.dtype.isnative
    return isinstance(value, float)
