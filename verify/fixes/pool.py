"""The values the code holds where the located line runs, offered in place of an operand,
and what each of them is: a forward quantity, a gradient, another layer's.
"""

from __future__ import annotations

import ast
import re
import types
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import torch
from torch import Tensor

from verify.fixes.site import _MAX_POOL, Site, _close, _names_of, _numbers, _parsed, _tensor, _text
from verify.locate import _is_user_object, _Known, _Knowns


def _is_index(value: Any) -> bool:
    """An integer: Python's, numpy's, or a tensor of none (``tok`` of ``for tok in ids``)."""
    if isinstance(value, Tensor):
        return value.ndim == 0 and not value.is_floating_point() and not value.is_complex() \
            and value.dtype != torch.bool
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _binary(value: Any) -> bool:
    t = _tensor(value)
    return t is not None and t.numel() > 1 and bool(((t == 0) | (t == 1)).all())


def _gate(value: Any) -> bool:
    """A mask the code holds, perhaps scaled: zeros and one other value (dropout's
    ``(u < p) / p``, max pooling's argmax indicator)."""
    t = _tensor(value)
    if t is None or t.numel() < 2:
        return False
    kept = t[t != 0]
    return 0 < kept.numel() < t.numel() and bool((kept == kept[0]).all())


class Pool:
    """The values the code holds before the line: its variables, the attributes of its
    objects, and list elements at the line's indices (and one layer either side)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.items: list[tuple[str, Any]] = []
        local = {n: v for n, v in site.scope.items() if n not in site.globals}
        indices = {_text(n.slice) for n in ast.walk(site.stmt) if isinstance(n, ast.Subscript)
                   and not isinstance(n.slice, (ast.Constant, ast.Slice, ast.Tuple))}
        indices |= {loop.target.id for loop in ast.walk(site.function)
                    if isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)
                    and loop.lineno < site.stmt.lineno <= (loop.end_lineno or 0)}
        indices |= {_shifted(i, k) for i in list(indices) for k in (1, -1)}
        for name, value in local.items():
            self._add(name, value)
            self._add_elements(name, value, indices)
            if _user_object(value):
                for attr, inner in vars(value).items():
                    self._add(f"{name}.{attr}", inner)
                    self._add_elements(f"{name}.{attr}", inner, indices)
        self.items = self.items[:_MAX_POOL]

    def _add_elements(self, text: str, value: Any, indices: set[str]) -> None:
        """The elements of a list of arrays, or a dict keyed by step, at the line's indices
        (``self.weights[l]`` for ``self.weights[l - 1]``, ``hs[t]`` for ``hs[t - 1]``), or a
        dict's entries under the keys of other layers."""
        if isinstance(value, (list, tuple, dict)) and value and all(
                _tensor(v) is not None for v in (value.values() if isinstance(value, dict)
                                                 else value)) and (
                not isinstance(value, dict) or all(isinstance(k, int) for k in value)):
            for index in sorted(indices):
                self._add(f"{text}[{index}]", None)
        if isinstance(value, dict):
            for key in _other_keys(self.site, text, value):
                self._add(f"{text}[{key}]", None)

    def _add(self, text: str, value: Any) -> None:
        if value is None:
            value = self.site.evaluate(_parsed(text))
        array = isinstance(value, (Tensor, np.ndarray, np.generic, float)) \
            and not isinstance(value, bool) and np.size(value) != 0
        if (array or _numbers(value)) and _tensor(value) is not None:
            self.items.append((text, value))

    def slopes(self) -> list[str]:
        """Names of small constants (a leaky slope), then the usual slopes."""
        found = [n for n, v in self.site.constants.items() if 0 < abs(v) < 1]
        return [*found, "0.01", "0.1", "0.2"]


def _shifted(index: str, k: int) -> str:
    """The index ``index + k``, written simply: ``l - 1`` shifted by 1 is ``l``."""
    found = re.fullmatch(r"(.+) ([+-]) (\d+)", index)
    if found is None:
        return f"{index} + {k}" if k > 0 else f"{index} - {-k}"
    base, sign, number = found.groups()
    offset = (int(number) if sign == "+" else -int(number)) + k
    return base if offset == 0 else f"{base} + {offset}" if offset > 0 else \
        f"{base} - {-offset}"


def _other_keys(site: Site, name: str, held: dict) -> Iterator[str]:
    """Keys of a dict the line reads, other than the ones it reads: the dict's other string
    keys, and a key written as an f-string (``f"z{l}"``) with its text changed to another
    key's (``f"a{l}"``) or its number one layer either side."""
    keys = [k for k in held if isinstance(k, str)]
    for node in ast.walk(site.stmt):
        if not (isinstance(node, ast.Subscript) and _text(node.value) == name):
            continue
        if isinstance(node.slice, ast.Constant):
            yield from (repr(k) for k in keys if k != node.slice.value)
            continue
        if not isinstance(node.slice, ast.JoinedStr):
            continue
        parts = node.slice.values
        fields = [p for p in parts if isinstance(p, ast.FormattedValue)]
        if len(fields) != 1:
            continue
        number = site.evaluate(fields[0].value)
        inner = _text(fields[0].value)
        i = parts.index(fields[0])
        before = "".join(p.value for p in parts[:i] if isinstance(p, ast.Constant))
        after = "".join(p.value for p in parts[i + 1:] if isinstance(p, ast.Constant))
        for key in keys:
            mid = str(number)
            if mid in key and key != f"{before}{mid}{after}":
                head, _, tail = key.partition(mid)
                yield f'f"{head}{{{inner}}}{tail}"'
        yield f'f"{before}{{{inner} + 1}}{after}"'
        yield f'f"{before}{{{inner} - 1}}{after}"'


def _user_object(value: Any) -> bool:
    """An instance of a class of the user's files (see ``verify.locate``)."""
    return not isinstance(value, types.ModuleType) and _is_user_object(value)


def _module_for(site: Site, value: Any) -> str | None:
    """The name the code gives numpy (for arrays) or torch (for tensors), if it has one."""
    wanted = "torch" if isinstance(value, Tensor) else "numpy" \
        if isinstance(value, (np.ndarray, np.generic)) else None
    return next((n for n, v in site.globals.items() if isinstance(v, types.ModuleType)
                 and v.__name__ == wanted), None)


def _distinct(operands: Iterator[tuple[ast.expr, Any]]) -> list[tuple[ast.expr, Any]]:
    """One of each operand written alike."""
    return list({_text(node): (node, value) for node, value in reversed(list(operands))}
                .values())[::-1]


def _gradient_name(text: str, scope: Mapping[str, Any]) -> bool:
    """Does the name say it holds a derivative: ``dy`` (beside a ``y``), ``dc_next``
    (beside a ``c``), ``dE_dO``, ``delta``, ``grad_w``, ``dapple_price``?"""
    name = text.split(".")[-1].split("[")[0]
    if name.startswith(("delta", "Delta", "grad")) or re.match(r"d\w+_d\w", name):
        return True
    if not name.startswith("d") or len(name) < 2:
        return False
    rest = name[1:].lstrip("_")
    names = set(scope) | {a for v in scope.values() if _user_object(v) for a in vars(v)}
    words = {w for n in names for w in n.split("_")}
    return rest in names or rest in words or rest.split("_")[0] in names \
        or rest in ("out", "L", "E", "J", "loss")


def _same_container(node: ast.expr, text: str) -> bool:
    """Is ``text`` another element of the list ``node`` reads (``a[l]`` for ``a[l + 1]``)?"""
    other = _parsed(text)
    return isinstance(node, ast.Subscript) and isinstance(other, ast.Subscript) \
        and _text(node.value) == _text(other.value)


def _assigned_values(site: Site, name: str) -> list[ast.expr]:
    """The expressions the function assigns to ``name`` before the line."""
    return [n.value for n in ast.walk(site.function) if isinstance(n, ast.Assign)
            and n.lineno <= site.stmt.lineno and name in _names_of(*n.targets)]


def _assigned_reads(site: Site) -> dict[str, set[str]]:
    """For each name the function assigns before the line, the names its values read."""
    reads: dict[str, set[str]] = {}
    for n in ast.walk(site.function):
        if isinstance(n, ast.Assign) and n.lineno <= site.stmt.lineno:
            for target in n.targets:
                for name in _names_of(target):
                    reads.setdefault(name, set()).update(_names_of(n.value))
    return reads


def _below(reads: dict[str, set[str]], name: str) -> set[str]:
    """The names ``name`` was computed from, directly or not."""
    found, queue = set(), [name]
    while queue:
        for read in reads.get(queue.pop(), ()):
            if read not in found:
                found.add(read)
                queue.append(read)
    return found


def _other_layer(mine: list[_Known], theirs: list[_Known]) -> bool:
    """Are the two values the same forward quantity of two layers (``z3`` for ``z2``)?"""
    return any(a.kind == b.kind == "forward" and a.op == b.op and a.depth != b.depth
               for a in mine for b in theirs)


def _identify(value: Tensor, known: _Knowns) -> list[_Known]:
    """The known quantities ``value`` is; asked again of the same values edit after edit,
    so kept by the value's storage, shape and sum."""
    kept = known.__dict__.setdefault("identified", {})
    key = (value.data_ptr(), tuple(value.shape), tuple(value.stride()), float(value.sum()))
    if key not in kept:
        kept[key] = [k for k in known.by_numel.get(value.numel(), ())
                     if _close(k.value.reshape(value.shape), value)]
    return kept[key]
