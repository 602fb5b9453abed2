"""``verify-grads check FILE.py``: find the derivations a file defines and verify each.

A file's derivations are its module-level Derivation objects, made by ``verify.derivation``,
``verify.function_derivation`` or written out as ``derivations.core.Derivation``; names that
start with ``_`` are left alone. Each is reported under its variable name. A target is a
file (``FILE.py``), an importable module (``package.module``), either followed by
``:NAME`` to check one derivation only. ``check_targets`` checks each target in a process
of its own (see ``verify.harness``); ``find_derivations`` loads one here.
"""

from __future__ import annotations

import importlib
import os
import pathlib
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from derivations.core import Derivation
from verify.draws import shown_path
from verify.engine import Progress, resolve_device, resolve_dtype, resolve_tolerance
from verify.errors import DerivationError, UsageError
from verify.harness import DEFAULT_TIMEOUT, check_files, check_timeout
from verify.report import Report
from verify.usercode import raised_at, shown

__all__ = ["check_targets", "find_derivations", "import_failed", "source_file", "split_target"]


def check_targets(targets: Iterable[str], *, dtypes: Iterable[str] = ("float64", "float32"),
                  trials: int = 1000, seed: int = 0, device: str = "cpu",
                  rtol: float | None = None, atol: float | None = None,
                  progress: Progress | None = None, numeric: bool = False,
                  sizes: Mapping[str, int] | None = None,
                  timeout: float | None = DEFAULT_TIMEOUT,
                  tracebacks: Callable[[str], None] | None = None) -> Report:
    """Verify every derivation of every target, in every dtype, as one Report.

    Each target is imported and checked in a process of its own, so that files never share
    modules and nothing a file does (print, ``sys.exit``, ``os._exit``, loop forever) can
    stop the others. Call it under ``if __name__ == "__main__":`` in a script.

    Args:
        targets: ``FILE.py``, ``package.module``, either with ``:NAME``.
        dtypes: the dtypes to check in.
        trials, seed, device, rtol, atol, progress, numeric, sizes: as for
            ``verify.verify``.
        timeout: seconds one derivation may take in one dtype, and a target to import,
            before it is stopped and reported as an error; None for no limit.
        tracebacks: given the traceback of each error raised by the checked code.

    Returns:
        The Report; a derivation whose code raises, exits or hangs is an error in it, and a
        target that cannot be imported is one error under its own name; the others still run.

    Raises:
        UsageError: a bad option, a missing file, a name it lacks, a file with no derivations.
        verify.harness.Interrupted: Ctrl-C; its ``report`` holds the checks that finished.
    """
    dtypes = [_short(resolve_dtype(d)) for d in dtypes]
    resolve_device(device)
    resolve_tolerance(rtol, atol)
    if timeout is not None:
        check_timeout(timeout)
    options = dict(trials=trials, seed=seed, device=device, rtol=rtol, atol=atol,
                   numeric=numeric, sizes=sizes)
    return check_files(list(targets), dtypes, options, timeout=timeout, progress=progress,
                       tracebacks=tracebacks)


def find_derivations(target: str, *, keep_path: bool = False) -> list[tuple[str, Derivation]]:
    """The (variable name, Derivation) pairs that ``target`` defines, in file order.

    The file is run in this process as a fresh module, with its directory on ``sys.path``
    while it runs (``keep_path``: afterwards too, for imports inside its functions).
    ``check_targets`` runs this in a process of its own for each target.
    """
    where, attribute = split_target(target)
    module = _load(where, keep_path)
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


def split_target(target: str) -> tuple[str, str | None]:
    """``file.py:name`` -> (``file.py``, ``name``); no ``:name`` -> (target, None)."""
    where, colon, name = target.rpartition(":")
    if colon and name.isidentifier() and where:
        return where, name
    return target, None


def source_file(target: str) -> str | None:
    """The file that ``target`` (already loaded by ``find_derivations``) runs from."""
    where, _ = split_target(target)
    if _is_file(where):
        return str(pathlib.Path(where).resolve())
    module = sys.modules.get(where)
    return getattr(module, "__file__", None)


def _is_file(where: str) -> bool:
    return (where.endswith(".py") or pathlib.Path(where).exists() or "/" in where
            or "\\" in where)


def _load(where: str, keep_path: bool) -> types.ModuleType:
    if _is_file(where):
        return _load_file(pathlib.Path(where), keep_path)
    here = os.getcwd()
    added = here not in sys.path
    if added:  # as ``python -m`` finds a module: from here first
        sys.path.insert(0, here)
    try:
        return importlib.import_module(where)
    except ModuleNotFoundError as error:
        if error.name is not None and where.startswith(error.name):
            raise UsageError(f"no file or module named {where!r}") from None
        raise _import_failed(where, error, None) from error
    except (Exception, SystemExit) as error:
        raise _import_failed(where, error, None) from error
    finally:
        if added and not keep_path:
            sys.path.remove(here)


def _load_file(path: pathlib.Path, keep_path: bool) -> types.ModuleType:
    """Run the file as a fresh module (never from a stale bytecode cache)."""
    if not path.is_file():
        raise UsageError(f"no such file: {path}" if not path.exists() else f"not a file: {path}")
    name = f"_verify_check_{path.stem}"
    module = types.ModuleType(name)
    module.__file__ = str(path.resolve())
    sys.modules[name] = module
    package, root = _package_of(path.resolve())
    added = [str(path.resolve().parent)]
    if package:  # a file of a package: its relative imports resolve in it
        module.__package__ = package
        added.append(str(root))
    sys.path[:0] = added
    try:
        code = compile(path.read_text(encoding="utf-8"), module.__file__, "exec")
        exec(code, module.__dict__)
    except SyntaxError as error:
        raise DerivationError(f"cannot import {path}: line {error.lineno}: SyntaxError: "
                              f"{error.msg}") from error
    except (Exception, SystemExit) as error:
        raise _import_failed(str(path), error, module.__file__) from error
    finally:
        if not keep_path:
            for folder in added:
                sys.path.remove(folder)
    return module


def _package_of(path: pathlib.Path) -> tuple[str, pathlib.Path]:
    """The dotted package a file sits in (its folders up to the last with an
    ``__init__.py``) and the folder that package is imported from; ("", its folder) for a
    file of no package."""
    parts: list[str] = []
    folder = path.parent
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts), folder


def import_failed(target: str, error: BaseException) -> str:
    """What importing ``target`` raised (a KeyboardInterrupt of its own, say), in one line."""
    where, _ = split_target(target)
    filename = str(pathlib.Path(where).resolve()) if _is_file(where) else None
    return str(_import_failed(where, error, filename))


def _import_failed(where: str, error: BaseException, filename: str | None) -> Exception:
    """Misuse of the verifier stays a UsageError; anything else the file raised is its own."""
    text = " ".join(shown(error, str).split())
    location = raised_at(error, filename)
    if filename is not None and location.startswith(shown_path(filename) + ":"):
        location = "line " + location.rpartition(":")[2]
    kind: Any = UsageError if isinstance(error, UsageError) else DerivationError
    if isinstance(error, SystemExit):
        code = "" if error.code is None else shown(error.code, repr)
        return kind(f"cannot import {where}: {location}: called sys.exit({code})")
    return kind(f"cannot import {where}: {location}: {type(error).__name__}"
                + (f": {text}" if text else ""))


def _short(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")
