"""Edits of sizes and axes: a sum or mean over another axis (reduction-axis), and a
division by another size or by none (batch-mean, mse-convention, wrong-divisor).
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
from torch import Tensor

from verify.fixes.pool import Pool, _binary, _user_object
from verify.fixes.site import (
    _REDUCTIONS,
    _SIZE_CALLS,
    Edit,
    Site,
    _callee,
    _edit,
    _nodes,
    _parsed,
    _rhs,
    _shared_prefix,
    _text,
)

_AXIS_KEYWORDS = ("axis", "dim")


def _reduced(site: Site, call: ast.Call) -> Any:
    """The array a reduction call reduces: ``x`` of ``x.sum(0)`` or ``np.sum(x, 0)``."""
    func = call.func
    if isinstance(func, ast.Attribute):
        base = site.evaluate(func.value)
        if isinstance(base, (Tensor, np.ndarray)):
            return base
    return site.evaluate(call.args[0]) if call.args else None


def axis_edits(site: Site) -> Iterator[Edit]:
    """A reduction over another axis (``axis=0 -> 1``), over one more (``axis=0 -> (0,
    2)``: a bias added at every position), or, for a whole-array reduction, over one axis
    only, kept for broadcasting (``np.sum(g * x) -> np.sum(g * x, axis=-1, keepdims=True)``:
    a statistic of each row)."""
    for call in [n for n in _nodes(site) if isinstance(n, ast.Call)]:
        if _callee(call) not in _REDUCTIONS:
            continue
        array = _reduced(site, call)
        if not isinstance(array, (Tensor, np.ndarray)) or array.ndim < 2:
            continue
        method = isinstance(call.func, ast.Attribute) and isinstance(
            site.evaluate(call.func.value), (Tensor, np.ndarray))
        axes = [k.value for k in call.keywords if k.arg in _AXIS_KEYWORDS]
        position = 0 if method else 1
        if not axes and len(call.args) > position:
            axes = [call.args[position]]
        if not axes and not call.keywords and len(call.args) == position:
            yield from _one_axis_edits(site, call, array)
        if axes:
            yield from _kept_axis_edits(site, call, array)
        for axis in axes:
            value = site.evaluate(axis)
            if isinstance(value, tuple):
                yield from _axes_edits(site, axis, value, array.ndim)
            if not isinstance(value, int) or isinstance(value, bool):
                continue
            value %= array.ndim
            for other in range(array.ndim):
                if other != value:
                    yield _edit(site, "reduction-axis", axis, repr(other),
                                f"axis {value} -> {other}")
            wider = "mask" if _binary(site.value) else "reduction-axis"  # a max-pool mask's
            for other in range(array.ndim):
                if other != value:
                    both = tuple(sorted((value, other)))
                    yield _edit(site, wider, axis, repr(both), f"axis {value} -> {both}")


def row_column_edits(site: Site) -> Iterator[Edit]:
    """A loop over the rows of a list of lists where its columns belong, or the reverse
    (``[sum(r) for r in dZ] -> [sum(r) for r in zip(*dZ)]``: a bias's sum over the
    examples, written by pure-Python code)."""
    for node in _nodes(site):
        if not isinstance(node, ast.comprehension):
            continue
        if isinstance(node.iter, ast.Call) and _callee(node.iter) == "zip" \
                and len(node.iter.args) == 1 and isinstance(node.iter.args[0], ast.Starred):
            rows = node.iter.args[0].value
            yield _edit(site, "reduction-axis", node.iter, copy.deepcopy(rows),
                        f"columns of {_text(rows)} -> its rows")
            continue
        table = site.evaluate(node.iter)
        if isinstance(table, list) and len(table) > 1 and all(
                isinstance(r, list) and len(r) == len(table[0]) for r in table):
            yield _edit(site, "reduction-axis", node.iter, f"zip(*{_text(node.iter)})",
                        f"rows of {_text(node.iter)} -> its columns")


def _axes_edits(site: Site, node: ast.expr, axes: tuple, ndim: int) -> Iterator[Edit]:
    """A reduction over several axes with one of them wrong (``dim=(0, 1) -> (0, 2)``: a
    conv bias summed over the channels instead of the positions), one too many, or one
    too few."""
    if not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
        return
    have = [a % ndim for a in axes]
    options = [[*have[:i], other, *have[i + 1:]] for i in range(len(have))
               for other in range(ndim) if other not in have]
    options += [have[:i] + have[i + 1:] for i in range(len(have))]
    options += [[*have, other] for other in range(ndim) if other not in have]
    for option in filter(None, options):
        new = tuple(sorted(option))
        text = repr(new[0]) if len(new) == 1 else repr(new)
        yield _edit(site, "reduction-axis", node, text, f"axes {tuple(have)} -> {text}")


def _one_axis_edits(site: Site, call: ast.Call, array: Tensor | np.ndarray
                    ) -> Iterator[Edit]:
    """A whole-array reduction edited to reduce one axis, the last first, keeping it (a
    statistic of each row), then dropping it (a bias's sum over the batch)."""
    keyword = "dim" if isinstance(array, Tensor) else "axis"
    keep = "keepdim" if isinstance(array, Tensor) else "keepdims"
    for kept in (True, False):
        for axis in range(-1, -array.ndim - 1, -1):
            edited = copy.deepcopy(call)
            edited.keywords = [ast.keyword(keyword, ast.Constant(axis)),
                               ast.keyword(keep, ast.Constant(True))] if kept \
                else [ast.keyword(keyword, ast.Constant(axis % array.ndim))]
            yield _edit(site, "reduction-axis", call, edited,
                        f"{_text(call)} -> {_text(edited)}")


def _kept_axis_edits(site: Site, call: ast.Call, array: Tensor | np.ndarray
                     ) -> Iterator[Edit]:
    """A reduction over an axis that drops it, edited to keep it (``x.mean(axis=1) ->
    x.mean(axis=1, keepdims=True)``): a statistic of each row, to broadcast along it."""
    keep = "keepdim" if isinstance(array, Tensor) else "keepdims"
    if any(k.arg in ("keepdim", "keepdims") for k in call.keywords):
        return
    edited = copy.deepcopy(call)
    edited.keywords = [*edited.keywords, ast.keyword(keep, ast.Constant(True))]
    yield _edit(site, "reduction-axis", call, edited, f"{_text(call)} -> {_text(edited)}")


def whole_reduction_edits(site: Site, pool: Pool) -> Iterator[Edit]:
    """A reduction of a whole array where a value the code holds, reduced over some axes
    only, belongs (``win == win.max()`` for ``win == out``, the maximum of each window)."""
    for call in [n for n in _nodes(site) if isinstance(n, ast.Call)]:
        if _callee(call) not in _REDUCTIONS or call.keywords or len(call.args) > (
                0 if isinstance(call.func, ast.Attribute) else 1):
            continue
        array = _reduced(site, call)
        if not isinstance(array, (Tensor, np.ndarray)) or array.ndim < 2:
            continue
        for text, value in pool.items:
            shape = tuple(np.shape(value))
            if len(shape) == array.ndim and 1 in shape and shape != (1,) * array.ndim \
                    and all(n in (1, m) for n, m in zip(shape, array.shape, strict=True)):
                cause = "mask" if _binary(site.value) else "reduction-axis"
                yield _edit(site, cause, call, text, f"{_text(call)} -> {text}")


def missing_sum_edits(site: Site) -> Iterator[Edit]:
    """A value with more elements than what it should be, summed over the axes that make
    it that shape: one axis, kept or dropped, or the leading axes it has more of (a bias's
    gradient is the error summed over the batch: ``db = dout`` for ``db =
    dout.sum(axis=0)``)."""
    rhs = _rhs(site.stmt)
    value = None if rhs is None else site.evaluate(rhs)
    if rhs is None or site.target is None or not isinstance(value, (Tensor, np.ndarray)) \
            or math.prod(value.shape) <= site.target.numel():
        return
    shape, want = tuple(value.shape), tuple(site.target.shape)
    summed = _text(rhs) if isinstance(rhs, (ast.Name, ast.Attribute, ast.Subscript,
                                            ast.Call)) else f"({_text(rhs)})"
    options = [(f"axis={k}, keepdims=True", (*shape[:k], 1, *shape[k + 1:]))
               for k in range(len(shape))]
    options += [(f"axis={k}", shape[:k] + shape[k + 1:]) for k in range(len(shape))]
    extra = len(shape) - len(want)
    if extra > 1:
        options.append((f"axis={tuple(range(extra))}", shape[extra:]))
    for arguments, reduced in options:
        if reduced == want:
            text = f"{summed}.sum({arguments})"
            yield _edit(site, "reduction-axis", rhs, text, f"{_text(rhs)} -> {text}")


def _size_names(site: Site) -> dict[str, int]:
    """The code's variables that hold a size (an int of 2 or more, not a constant)."""
    return {n: v for n, v in site.scope.items() if isinstance(v, int)
            and not isinstance(v, bool) and v >= 2 and n not in site.globals}


def _axis_sizes(site: Site) -> dict[str, int]:
    """The lengths of the axes of the arrays the function was given (``X.shape[0]``), one
    name for each length of 2 or more."""
    found: dict[str, int] = {}
    for name in site.function.args.args:
        value = site.scope.get(name.arg)
        for axis, n in enumerate(getattr(value, "shape", ()) if isinstance(
                value, (Tensor, np.ndarray)) else ()):
            if n >= 2 and n not in found.values():
                found[f"{name.arg}.shape[{axis}]"] = int(n)
    return found


def _is_size(site: Site, node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in _size_names(site)
    return any(node is size for size, _, _ in _size_nodes(site))


def _size_nodes(site: Site) -> Iterator[tuple[ast.expr, Any, int | None]]:
    """Sizes written in the line: ``x.shape[k]``, ``x.size(k)``, ``len(x)``, with the
    array and the axis they were taken from (None for all of it)."""
    for node in _nodes(site):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "shape" and isinstance(axis := _axis_of(node.slice), int):
            array = site.evaluate(node.value.value)
            yield node, array, axis % array.ndim if hasattr(array, "ndim") else axis
        elif isinstance(node, ast.Call) and _callee(node) in _SIZE_CALLS:
            if isinstance(node.func, ast.Name) and node.args:      # len(x)
                yield node, site.evaluate(node.args[0]), 0
            elif isinstance(node.func, ast.Attribute):              # x.size(k), x.numel()
                axis = node.args[0].value if node.args and isinstance(
                    node.args[0], ast.Constant) else None
                yield node, site.evaluate(node.func.value), axis
        elif isinstance(node, ast.Attribute) and node.attr == "size" \
                and isinstance(site.evaluate(node.value), np.ndarray):
            yield node, site.evaluate(node.value), None


def _axis_of(node: ast.expr) -> int | None:
    """The axis an index names: ``1``, ``-1``."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        axis = _axis_of(node.operand)
        return None if axis is None else -axis
    value = node.value if isinstance(node, ast.Constant) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def correction_edits(site: Site) -> Iterator[Edit]:
    """A variance or deviation with the other divisor: N - 1 (Bessel's correction) where N
    belongs, or the reverse. torch's ``var`` and ``std`` divide by N - 1 unless told
    ``correction=0`` (``unbiased=False``); numpy's divide by N unless told ``ddof=1``."""
    sizes = _size_names(site)
    for call in [n for n in _nodes(site) if isinstance(n, ast.Call)]:
        if _callee(call) not in ("var", "std"):
            continue
        array = _reduced(site, call)
        if not isinstance(array, (Tensor, np.ndarray)):
            continue
        word, default = ("ddof", 0) if isinstance(array, np.ndarray) else ("correction", 1)
        given = {k.arg: k for k in call.keywords}
        if "unbiased" in given and isinstance(given["unbiased"].value, ast.Constant):
            now = bool(given["unbiased"].value.value)
            word, current = "unbiased", now
            other: object = not now
        else:
            kept = given.get(word)
            current = kept.value.value if kept is not None and isinstance(
                kept.value, ast.Constant) else default if kept is None else None
            if current not in (0, 1):
                continue
            other = 1 - current
        edited = copy.deepcopy(call)
        edited.keywords = [k for k in edited.keywords if k.arg != word] + [
            ast.keyword(word, ast.Constant(other))]
        yield _edit(site, "wrong-divisor", call, edited,
                    f"{word}={current} -> {word}={other}")
    for node in _nodes(site):  # the correction written out: ``/ (N - 1)`` for ``/ N``
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) \
                and isinstance(node.right, ast.BinOp) and isinstance(node.right.op, ast.Sub) \
                and isinstance(node.right.right, ast.Constant) and node.right.right.value == 1 \
                and (_is_size(site, node.right.left) or (isinstance(node.right.left, ast.Name)
                                                         and node.right.left.id in sizes)):
            count = node.right.left
            yield _edit(site, "wrong-divisor", node.right, copy.deepcopy(count),
                        f"{_text(node.right)} -> {_text(count)}")
    if not site.loss_names & {"var", "std"}:
        return
    for node in _nodes(site):  # ``/ N`` (``/ (N * s)``) where the loss's var or std takes N - 1
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            for count in _size_factors(site, node.right):
                yield _edit(site, "wrong-divisor", count, f"({_text(count)} - 1)",
                            f"{_text(count)} -> {_text(count)} - 1")


def _size_factors(site: Site, node: ast.expr) -> list[ast.expr]:
    """The sizes a divisor is, or multiplies: ``n`` of ``n``, ``n * s`` or ``(n * s) * t``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _size_factors(site, node.left) + _size_factors(site, node.right)
    return [node] if _is_size(site, node) else []


def size_edits(site: Site, mse: bool) -> Iterator[Edit]:
    """A size named in the line replaced by its square or the product of it and another
    (``k`` or ``kh`` where ``k * k`` or ``kh * kw`` inputs are averaged), or by another
    size; a size written as ``x.shape[k]`` taken from another axis; a division or product
    by a size dropped (with ``mse``, where the loss calls mse_loss, the count of a whole
    array is its convention's)."""
    sizes, windows = _size_names(site), _constant_sizes(site)
    divisors = {id(n.right) for n in _nodes(site)
                if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)}
    written = [n.id for n in _nodes(site) if isinstance(n, ast.Name)]
    indices = {id(i) for n in _nodes(site) if isinstance(n, ast.Subscript)
               for i in (n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice])}
    for node in _nodes(site):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Mult)) \
                and isinstance(node.right, ast.Name) and node.right.id in windows:
            k = node.right.id  # a window's constant scaling the value: k x k inputs
            for other in [k, *(n for n in windows if n != k)]:
                edit = _edit(site, "wrong-divisor", node.right, f"({k} * {other})",
                             f"{k} -> {k} * {other}")
                yield dataclasses.replace(edit, constant=True)
        if isinstance(node, ast.Name) and node.id in sizes:
            for other in sorted(sizes, key=lambda n, name=node.id: -_shared_prefix(n, name)):
                if other != node.id:
                    cause = _divisor_cause(site, sizes[node.id], sizes[node.id] * sizes[other])
                    yield _edit(site, cause, node, f"({node.id} * {other})",
                                f"{node.id} -> {node.id} * {other}", everywhere=True)
            yield _edit(site, "wrong-divisor", node, f"({node.id} * {node.id})",
                        f"{node.id} -> {node.id} * {node.id}", everywhere=True)
            for other, n in sizes.items():
                if n != sizes[node.id]:  # an index for another: another element, not size
                    yield _edit(site, "wrong-operand" if id(node) in indices
                                else "wrong-divisor", node, other, f"{node.id} -> {other}",
                                everywhere=True)
                    if id(node) in divisors and written.count(node.id) > 1:  # a shape too
                        yield _edit(site, "wrong-divisor", node, other,
                                    f"{node.id} -> {other} in the divisor")
            if id(node) in divisors:  # a size the code holds no name for: ``X.shape[0]``
                for other, n in _axis_sizes(site).items():
                    if n not in sizes.values():
                        yield _edit(site, "wrong-divisor", node, other,
                                    f"{node.id} -> {other}", everywhere=True)
    counts = {id(n) for n, array, axis in _size_nodes(site)
              if axis is None and getattr(array, "ndim", 0) > 1}
    in_divisors = {id(part) for n in _nodes(site) if isinstance(n, ast.BinOp)
                   and isinstance(n.op, ast.Div) for part in ast.walk(n.right)}
    for node in _nodes(site):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Mult)) and (
                _is_size(site, node.right)):
            twice = _divided_before(site, node.left, _text(node.right)) \
                if isinstance(node.op, ast.Div) else None
            cause = "mse-convention" if mse and id(node.right) in counts else "batch-mean"
            if id(node) in in_divisors and isinstance(node.op, ast.Mult) and _divisor_cause(
                    site, site.evaluate(node), site.evaluate(node.left)) == "mse-convention":
                cause = "mse-convention"  # ``/ (N * K)`` where the mean of squares takes N
            change = f"{_text(node)} -> {_text(node.left)}"
            yield _edit(site, cause, node, copy.deepcopy(node.left), change if not twice
                        else f"{change}: {twice} is already divided by {_text(node.right)}")
    for node, array, axis in _size_nodes(site):
        if not isinstance(array, (Tensor, np.ndarray)):
            continue
        base = _text(node.args[0] if isinstance(node, ast.Call) and isinstance(
            node.func, ast.Name) else node.func.value if isinstance(node, ast.Call)
            else node.value.value if isinstance(node, ast.Subscript) else node.value)
        others = [f"{base}.shape[{k}]" for k in range(array.ndim) if k != axis]
        if axis is not None and array.ndim > 1:
            others.append(f"{base}.numel()" if isinstance(array, Tensor) else f"{base}.size")
        constants = [n for n, v in _constant_sizes(site).items() if v != site.evaluate(node)]
        for other in constants + others:  # a constant the function reads is likelier
            cause = _divisor_cause(site, site.evaluate(node), site.evaluate(_parsed(other)))
            yield _edit(site, cause, node, other, f"{_text(node)} -> {other}")


def _divided_before(site: Site, value: ast.expr, size: str) -> str | None:
    """The name ``value`` reads that an earlier line of the function divided by ``size``
    (``dY = (Y - T) / N`` before ``dW = H.T @ dY / N``), or computed from such a name;
    None if none. Then the size divides twice: the loss averages once, and the edit says
    which value already holds its 1/N."""
    divided: set[str] = set()
    for stmt in ast.walk(site.function):
        if not isinstance(stmt, (ast.Assign, ast.AugAssign)) or \
                stmt.lineno >= site.stmt.lineno:
            continue
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        names = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        reads = {n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name)}
        if reads & divided or any(
                isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)
                and _text(n.right) == size for n in ast.walk(stmt.value)):
            divided |= names
    return next((n.id for n in ast.walk(value) if isinstance(n, ast.Name) and n.id in divided),
                None)


def _averages_a_squared_error(site: Site) -> bool:
    """Does the loss average a square it takes itself: ``mse_loss``, or ``** 2`` (or
    ``square``) with a mean or a division, not only through a variance or a norm?"""
    if "mse_loss" in site.loss_names:
        return True
    tree = site.loss_tree
    if tree is None:
        return False
    squares = "square" in site.loss_names or any(
        isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) and isinstance(
            n.right, ast.Constant) and n.right.value == 2 for n in ast.walk(tree))
    return squares and ("mean" in site.loss_names or any(
        isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div) for n in ast.walk(tree)))


def _divisor_cause(site: Site, old: Any, new: Any) -> str:
    """mse-convention where the loss averages a square and one size is the count of every
    element of an array the function was given (or its object holds), the other the
    length of one of its axes (a mean over every element of a squared difference, taken
    for one over its rows, or the reverse); else wrong-divisor."""
    if not _averages_a_squared_error(site) or not all(isinstance(n, int) and n >= 2
                                                      for n in (old, new)):
        return "wrong-divisor"
    whole, axis = max(old, new), min(old, new)
    for value in given_arrays(site):
        if value.ndim >= 2 and math.prod(value.shape) == whole and axis in value.shape:
            return "mse-convention"
    return "wrong-divisor"


def given_arrays(site: Site) -> list[Tensor | np.ndarray]:
    """The arrays the function was given, then those its objects hold (``self.y``)."""
    given = [site.scope.get(name.arg) for name in site.function.args.args]
    held = [v for o in given if _user_object(o) for v in getattr(o, "__dict__", {}).values()]
    return [v for v in given + held if isinstance(v, (Tensor, np.ndarray))]


def _constant_sizes(site: Site) -> dict[str, int]:
    """Module constants the function reads that hold a size (``K = 3``, a window)."""
    return {n: v for n, v in site.globals.items() if isinstance(v, int)
            and not isinstance(v, bool) and v >= 2 and n in site.code.co_names}
