"""Whether a hand-derived gradient is really by hand: autograd found in it, two ways.

- ``autograd_in_source``: statically, from the file's syntax tree: ``.backward``,
  ``.requires_grad``/``.requires_grad_``, ``requires_grad=``, ``torch.autograd``,
  ``torch.func``, ``functorch``, and imports of them. The function named ``loss`` (and the
  assignment ``loss = ...``) is left out: the loss is autograd's to differentiate.
- ``watch_autograd``: at run time, in a checking process of its own: the autograd entry
  points are replaced by ones that note their use when called from the file's own code
  outside its loss (and still do their work). It must be installed before the file is
  imported, so that ``from torch.func import grad`` picks up the watched one.
"""

from __future__ import annotations

import ast
import functools
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["autograd_in_source", "watch_autograd"]

_ATTRIBUTES = {"backward", "requires_grad", "requires_grad_", "autograd"}
_MODULES = ("torch.autograd", "torch.func", "functorch")

#: What the closed form of the file being checked used, by entry point.
_USED: dict[str, None] = {}


def autograd_in_source(source: str) -> list[str]:
    """``["line 12: torch.func.grad", ...]``: every use of autograd outside the loss."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    skipped = {id(n) for top in tree.body if _is_loss(top) for n in ast.walk(top)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        what = _autograd_use(node)
        if what is not None:
            found.append(f"line {node.lineno}: {what}")
    return list(dict.fromkeys(found))


def _is_loss(node: ast.stmt) -> bool:
    if isinstance(node, ast.FunctionDef):
        return node.name == "loss"
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "loss" for t in node.targets)


def _autograd_use(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute):
        if node.attr in _ATTRIBUTES:
            return f".{node.attr}"
        if node.attr == "func" and isinstance(node.value, ast.Name) and node.value.id == "torch":
            return "torch.func"
    if isinstance(node, ast.keyword) and node.arg == "requires_grad":
        return "requires_grad="
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        module = node.module or ""
        names = [module] + [f"{module}.{a.name}" for a in node.names]
    else:
        return None
    used = [n for n in names if n.startswith(_MODULES)]
    return f"import {used[0]}" if used else None


def _entry_points() -> list[tuple[Any, str, str]]:
    import torch
    import torch.autograd.functional
    import torch.func
    points = [(torch.autograd, "grad", "torch.autograd.grad"),
              (torch.autograd, "backward", "torch.autograd.backward"),
              (torch.Tensor, "backward", "Tensor.backward"),
              (torch.Tensor, "requires_grad_", "Tensor.requires_grad_")]
    points += [(torch.func, n, f"torch.func.{n}") for n in
               ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian")]
    points += [(torch.autograd.functional, n, f"torch.autograd.functional.{n}")
               for n in ("jacobian", "hessian", "vjp", "jvp", "vhp", "hvp")]
    return points


def watch_autograd(path: str) -> dict[str, None]:
    """Replace every autograd entry point, in this process, by one that notes its use when
    called from the file ``path`` outside its ``loss``; returns where uses are noted."""
    path = os.path.abspath(path)
    for owner, attribute, name in _entry_points():
        original = getattr(owner, attribute)
        setattr(owner, attribute, _noting(original, name, path))
    return _USED


def _noting(original: Callable[..., Any], name: str, path: str) -> Callable[..., Any]:
    @functools.wraps(original)
    def noted(*args: Any, **kwargs: Any) -> Any:
        if _called_from(path):
            _USED[name] = None
        return original(*args, **kwargs)
    return noted


def _called_from(path: str) -> bool:
    """True when a function of ``path`` other than its loss is on the stack (and no loss)."""
    frame, found = sys._getframe(2), False
    while frame is not None:
        if os.path.abspath(frame.f_code.co_filename) == path:
            if frame.f_code.co_name == "loss":
                return False
            found = True
        frame = frame.f_back
    return found
