"""``verify-grads check FILE.py``: find the derivations a file defines and verify each.

A file's derivations are its module-level Derivation objects, made by ``verify.derivation``,
``verify.function_derivation`` or written out as ``derivations.core.Derivation``; names that
start with ``_`` are left alone. Each is reported under its variable name. A target is a
file (``FILE.py``), an importable module (``package.module``), either followed by
``:NAME`` to check one derivation only.
"""

from __future__ import annotations

import dataclasses
import importlib
import pathlib
import sys
import types
from collections.abc import Iterable, Mapping
from typing import Any

from derivations.core import Derivation
from verify.api import raised_at
from verify.draws import shown_path
from verify.engine import Progress, resolve_device, resolve_dtype, resolve_tolerance, verify
from verify.errors import DerivationError, UsageError
from verify.report import Report

__all__ = ["check_targets", "find_derivations"]


def check_targets(targets: Iterable[str], *, dtypes: Iterable[str] = ("float64", "float32"),
                  trials: int = 1000, seed: int = 0, device: str = "cpu",
                  rtol: float | None = None, atol: float | None = None,
                  progress: Progress | None = None, numeric: bool = False,
                  sizes: Mapping[str, int] | None = None) -> Report:
    """Verify every derivation of every target, in every dtype, as one Report.

    Args:
        targets: ``FILE.py``, ``package.module``, either with ``:NAME``.
        dtypes: the dtypes to check in.
        trials, seed, device, rtol, atol, progress, numeric, sizes: as for
            ``verify.verify``.

    Returns:
        The Report; a derivation whose code raises is an error in it, the others still run.

    Raises:
        UsageError: a bad option, a missing file, a name it lacks, a file with no derivations.
        DerivationError: a file that fails to import (the message says where).
    """
    dtypes = [resolve_dtype(d) for d in dtypes]
    resolve_device(device)
    resolve_tolerance(rtol, atol)
    found = [(target, name, d) for target in targets for name, d in find_derivations(target)]
    tolerance = "" if rtol is None else f" --rtol {rtol:g} --atol {atol:g}"
    results = []
    for target, name, d in found:
        source = _split(target)[0]
        for dtype in dtypes:
            report = verify(dataclasses.replace(d, name=name), dtype=dtype, trials=trials,
                            seed=seed, device=device, rtol=rtol, atol=atol, progress=progress,
                            numeric=numeric, sizes=sizes)
            results.append(dataclasses.replace(report, rerun_with=(
                f"verify-grads check {source}:{name}"), rerun_options=tolerance))
    return Report(tuple(results))


def find_derivations(target: str) -> list[tuple[str, Derivation]]:
    """The (variable name, Derivation) pairs that ``target`` defines, in file order."""
    where, attribute = _split(target)
    module = _load(where)
    if attribute is not None:
        if not hasattr(module, attribute):
            raise UsageError(f"{where} has no {attribute!r}")
        value = getattr(module, attribute)
        if not isinstance(value, Derivation):
            raise UsageError(f"{target} is a {type(value).__name__}, not a Derivation: make "
                             "one with verify.derivation(loss, grad, wrt=..., shapes=...)")
        return [(attribute, value)]
    found: dict[int, tuple[str, Derivation]] = {}
    for name, value in vars(module).items():
        if isinstance(value, Derivation) and not name.startswith("_"):
            found.setdefault(id(value), (name, value))
    if not found:
        raise UsageError(f"{where} defines no derivations: assign verify.derivation(loss, grad, "
                         "wrt=..., shapes=...) to a module-level name")
    return list(found.values())


def _split(target: str) -> tuple[str, str | None]:
    """``file.py:name`` -> (``file.py``, ``name``); no ``:name`` -> (target, None)."""
    where, colon, name = target.rpartition(":")
    if colon and name.isidentifier() and where:
        return where, name
    return target, None


def _load(where: str) -> types.ModuleType:
    path = pathlib.Path(where)
    if where.endswith(".py") or path.exists() or "/" in where or "\\" in where:
        return _load_file(path)
    try:
        return importlib.import_module(where)
    except ModuleNotFoundError as error:
        if error.name is not None and where.startswith(error.name):
            raise UsageError(f"no file or module named {where!r}") from None
        raise _import_failed(where, error, None) from error
    except Exception as error:
        raise _import_failed(where, error, None) from error


def _load_file(path: pathlib.Path) -> types.ModuleType:
    """Run the file as a fresh module (never from a stale bytecode cache)."""
    if not path.is_file():
        raise UsageError(f"no such file: {path}" if not path.exists() else f"not a file: {path}")
    name = f"_verify_check_{path.stem}"
    module = types.ModuleType(name)
    module.__file__ = str(path.resolve())
    sys.modules[name] = module
    sys.path.insert(0, str(path.resolve().parent))
    try:
        code = compile(path.read_text(encoding="utf-8"), module.__file__, "exec")
        exec(code, module.__dict__)
    except SyntaxError as error:
        raise DerivationError(f"cannot import {path}: line {error.lineno}: SyntaxError: "
                              f"{error.msg}") from error
    except (Exception, SystemExit) as error:
        raise _import_failed(str(path), error, module.__file__) from error
    finally:
        sys.path.remove(str(path.resolve().parent))
    return module


def _import_failed(where: str, error: BaseException, filename: str | None) -> Exception:
    """Misuse of the verifier stays a UsageError; anything else the file raised is its own."""
    text = " ".join(str(error).split())
    location = raised_at(error, filename)
    if filename is not None and location.startswith(shown_path(filename) + ":"):
        location = "line " + location.rpartition(":")[2]
    kind: Any = UsageError if isinstance(error, UsageError) else DerivationError
    return kind(f"cannot import {where}: {location}: {type(error).__name__}: {text}")
