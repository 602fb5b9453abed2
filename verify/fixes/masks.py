"""Edits of masks and indices (mask): a comparison flipped or against another bound, a
stored mask the wrong way round, a masked value written at another index.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import itertools
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import torch
from torch import Tensor

from verify.fixes.pool import (
    Pool,
    _assigned_reads,
    _below,
    _binary,
    _distinct,
    _gate,
    _identify,
    _is_index,
    _other_layer,
    _same_container,
    _shifted,
)
from verify.fixes.site import (
    _MAX_INDEX_CHOICES,
    Edit,
    Site,
    _callee,
    _close,
    _edit,
    _names_of,
    _nodes,
    _operands,
    _parsed,
    _rhs,
    _tensor,
    _text,
)
from verify.locate import _Knowns

_FLIPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def mask_edits(site: Site, pool: Pool, known: _Knowns) -> Iterator[Edit]:
    compares = [n for n in _nodes(site) if isinstance(n, ast.Compare) and len(n.ops) == 1
                and type(n.ops[0]) in _FLIPS]
    for node in compares:
        left, right, op = _text(node.left), _text(node.comparators[0]), _FLIPS[type(node.ops[0])]
        for other in _FLIPS.values():
            if other != op:
                yield _edit(site, "mask", node, f"{left} {other} {right}",
                            f"{op} -> {other}")
        bound = site.evaluate(node.comparators[0])
        yield from _bound_edits(site, node, bound)
        yield from _signed_edits(site, node)
        ends = {1.0, -1.0, 0.0} | ({-float(bound)} if isinstance(bound, (int, float)) else set())
        upper = op in (">", ">=")
        for end in sorted(ends):
            if isinstance(bound, (int, float)) and (end <= bound if upper else end >= bound):
                continue
            extra = f"{left} {'<' if upper else '>'} {end!r}"
            yield _edit(site, "mask", node, f"({left} {op} {right}) & ({extra})",
                        f"also {extra}")
        yield from _compared_edits(site, pool, known, node.left)
        yield from _label_gated_edits(site, pool, node)
        complement = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}[op]
        for slope in pool.slopes():  # a leaky slope forgotten where the mask gives 0
            yield _edit(site, "mask", node, f"({left} {op} {right}) + {slope} * ({left} "
                        f"{complement} {right})", f"slope {slope} where {left} {complement} "
                        f"{right}")
    yield from _stored_mask_edits(site)
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    yield from _complement_edits(site, rhs)
    yield from _zeroed_edits(site, pool, rhs)
    yield from _stored_gate_edits(site, pool, rhs)
    for slope in pool.slopes():  # the mask's own 0 replaced first, then the whole mask
        for call in [n for n in ast.walk(rhs) if isinstance(n, ast.Call)
                     and _callee(n) == "where" and len(n.args) == 3]:
            for i, j in ((1, 2), (2, 1)):
                arg = call.args[i]
                zeros = _tensor(site.evaluate(arg))
                if zeros is not None and not bool(zeros.any()):
                    one = isinstance(call.args[j], ast.Constant) and call.args[j].value == 1
                    new = slope if one else f"{slope} * {_text(call.args[j])}"
                    yield _edit(site, "mask", arg, new, f"{new} where the mask gives 0")
        value = site.evaluate(rhs)
        if isinstance(value, (Tensor, np.ndarray)) and _binary(value):
            if value.dtype in (torch.bool, np.bool_):
                new = f"({_text(rhs)}) + {slope} * ~({_text(rhs)})"
            else:
                new = f"({_text(rhs)}) + {slope} * (1 - ({_text(rhs)}))"
            yield _edit(site, "mask", rhs, new, f"slope {slope} where the mask is 0")


def _signed_edits(site: Site, node: ast.Compare) -> Iterator[Edit]:
    """A margin compared without the label's sign (``s < 1`` where ``y s < 1``, y = +-1):
    the compared value times each variable of the line's scope that holds only -1 and 1,
    and that the comparison does not read already."""
    read, text = _names_of(node), _text(node.left)
    if not isinstance(node.left, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        text = f"({text})"
    for name, value in site.scope.items():
        if name not in read and name not in site.globals and _signs(value):
            yield _edit(site, "mask", node.left, f"{name} * {text}",
                        f"{_text(node.left)} -> {name} * {text}")


def _signs(value: Any) -> bool:
    """Does the value hold -1 and 1 only (a label's sign), both where it is an array?"""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value in (-1, 1)
    found = _tensor(value) if isinstance(value, (Tensor, np.ndarray)) else None
    return found is not None and found.numel() > 1 and bool((found.abs() == 1).all()) \
        and bool((found > 0).any()) and bool((found < 0).any())


def _bound_edits(site: Site, node: ast.Compare, bound: Any) -> Iterator[Edit]:
    """A comparison with a number against the wrong one (a hinge active while ``y s < 0``
    where its margin is 1): 0, 1, -1 or a number the loss writes."""
    if not isinstance(bound, (int, float)) or isinstance(bound, bool) \
            or not isinstance(node.comparators[0], (ast.Constant, ast.UnaryOp)):
        return
    written = {float(n.value) for n in ast.walk(site.loss_tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)} \
        if site.loss_tree is not None else set()
    for number in sorted(({0.0, 1.0, -1.0} | written) - {float(bound)}, key=abs):
        text = repr(int(number)) if number.is_integer() else repr(number)
        yield _edit(site, "mask", node.comparators[0], text,
                    f"{_text(node.comparators[0])} -> {text}")


def _label_gated_edits(site: Site, pool: Pool, compare: ast.Compare) -> Iterator[Edit]:
    """A comparison's mask that the 0/1 labels should also pick from (a contrastive loss's
    margin pushes dissimilar pairs only: ``(hinge > 0) * (1 - y)``, not ``hinge > 0``)."""
    for text in _held_like(site, pool, compare, _binary):
        for picked in (text, f"(1 - {text})"):
            yield _edit(site, "mask", compare, f"({_text(compare)}) * {picked}",
                        f"{_text(compare)} also times {picked}")


def _stored_gate_edits(site: Site, pool: Pool, rhs: ast.expr) -> Iterator[Edit]:
    """A mask the code keeps (dropout's ``keep / (1 - p)``: zeros and one scale) that the
    backward never applies: the value times it. Judged in a whole run, as the masks the
    derivative edits offer are."""
    for text in _held_like(site, pool, rhs, _gate):
        edit = _edit(site, "mask", rhs, f"({_text(rhs)}) * {text}", f"times {text}")
        yield dataclasses.replace(edit, whole=True)


def _held_like(site: Site, pool: Pool, node: ast.expr, kind: Callable[[Any], bool]
               ) -> Iterator[str]:
    """The values the code holds of ``node``'s shape and of the ``kind`` asked for (0/1
    labels, a gate) that ``node`` does not read already."""
    value = _tensor(site.evaluate(node))
    if value is None:
        return
    read = _names_of(node)
    for text, held in pool.items:
        other = _tensor(held)
        if other is not None and other.shape == value.shape and kind(other) \
                and text not in read and text.split(".")[-1] not in read:
            yield text


def _stored_mask_edits(site: Site) -> Iterator[Edit]:
    """A boolean mask that picks the elements a line writes, turned the wrong way round
    (``dx[~mask] = 0`` where ``dx[mask] = 0`` zeroes what the forward zeroed)."""
    targets = site.stmt.targets if isinstance(site.stmt, ast.Assign) else \
        [site.stmt.target] if isinstance(site.stmt, ast.AugAssign) else []
    for target in targets:
        if not isinstance(target, ast.Subscript):
            continue
        index = target.slice
        if isinstance(index, ast.UnaryOp) and isinstance(index.op, (ast.Invert, ast.Not)):
            yield _edit(site, "mask", index, _text(index.operand),
                        f"{_text(index)} -> {_text(index.operand)}")
            continue
        value = site.evaluate(index)
        if isinstance(value, (Tensor, np.ndarray)) and value.dtype in (torch.bool, np.bool_):
            yield _edit(site, "mask", index, f"~({_text(index)})",
                        f"{_text(index)} -> ~{_text(index)}")


def _complement_edits(site: Site, rhs: ast.expr) -> Iterator[Edit]:
    """A mask the code holds, used where its complement belongs (``pos`` for ``~pos``: a
    PReLU slope's gradient gathered where the input is positive)."""
    for node, value in _distinct(_operands(site, rhs)):
        if not (isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and _binary(value)):
            continue
        boolean = getattr(value, "dtype", None) in (torch.bool, np.bool_)
        other = f"~{_text(node)}" if boolean else f"(1 - {_text(node)})"
        yield _edit(site, "mask", node, other, f"{_text(node)} -> {other}", everywhere=True)


def placement_edits(site: Site) -> Iterator[Edit]:
    """A value written at the wrong place: an index of the element or window it writes
    replaced by another integer the code holds (``dx[:, :, i:i + k] += ...`` for ``dx[:, :,
    r:r + k]``, with ``r = i * stride``), one index and then two at once. Through a mask
    (max pooling's) the gradient reached the wrong elements: a mask; two indices exchanged
    wrote the transpose; otherwise the wrong operand was indexed."""
    stmt = site.stmt
    target = _written_subscript(stmt)
    if target is None:
        return
    names = list(dict.fromkeys(n.id for part in _written_slices(target)
                               for n in ast.walk(part) if isinstance(n, ast.Name)
                               and _is_index(site.scope.get(n.id))))[:3]
    others = [n for n, v in site.scope.items() if _is_index(v) and n not in site.globals]
    rhs = _rhs(stmt)
    routed = rhs is not None and any(_gate(site.evaluate(n)) for n in ast.walk(rhs)
                                     if isinstance(n, (ast.Name, ast.Attribute)))
    cause = "mask" if routed else "wrong-operand"
    choices = [[(name, other) for other in others if other != name][:_MAX_INDEX_CHOICES]
               for name in names]
    swaps = [[c] for options in choices for c in options]
    swaps += [list(pair) for a, b in itertools.combinations(choices, 2)
              for pair in itertools.product(a, b)]
    for swap in swaps:
        edited = copy.deepcopy(stmt)
        written = _written_subscript(edited)
        assert written is not None
        for node in (n for part in _written_slices(written) for n in ast.walk(part)):
            for old_name, new_name in swap:
                if isinstance(node, ast.Name) and node.id == old_name:
                    node.id = new_name
                    break
        change = ", ".join(f"{a} -> {b}" for a, b in swap)
        # two indices exchanged (``dw[j, i]`` for ``dw[i, j]``): the transpose written
        exchanged = len(swap) == 2 and swap[0] == swap[1][::-1] and not routed
        yield Edit("transpose" if exchanged else cause, f"{change} in the index written",
                   edited)


def index_swap_edits(site: Site) -> Iterator[Edit]:
    """Two indices the line holds, each where the other belongs: the row and column of a
    max-pooling window's argmax (``a, b = divmod(k, 2)`` for ``b, a``, or ``dx[..., b[n],
    a[n]]`` for ``dx[..., a[n], b[n]]``). The gradient reached the wrong elements: through
    a routing array, a mask; between two counters, the wrong operand was indexed."""
    stmt = site.stmt
    held: dict[str, Any] = {}
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and node.id not in site.globals \
                and _index_like(site.scope.get(node.id)):
            held.setdefault(node.id, site.scope[node.id])
    pairs = [(a, b) for a, b in itertools.combinations(list(held)[:6], 2)
             if _same_kind(held[a], held[b])]
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
            and isinstance(stmt.targets[0], ast.Tuple):
        values = site.evaluate(stmt.value)
        names = [t.id if isinstance(t, ast.Name) else None for t in stmt.targets[0].elts]
        if isinstance(values, tuple) and len(values) == len(names) and None not in names:
            pairs += [(names[i], names[j]) for i, j in itertools.combinations(
                range(len(names)), 2) if _index_like(values[i]) and _same_kind(values[i],
                                                                              values[j])]
    made_together = {frozenset(_names_of(n.targets[0])) for n in ast.walk(site.function)
                     if isinstance(n, ast.Assign) and n is not stmt and n.lineno < stmt.lineno
                     and isinstance(n.targets[0], ast.Tuple)}
    reads = _assigned_reads(site)
    for a, b in dict.fromkeys(pairs):
        if any({a, b} <= names for names in made_together):
            continue  # swapped where the two were made, the line that made them is wrong
        edited = copy.deepcopy(stmt)
        for node in ast.walk(edited):
            if isinstance(node, ast.Name) and node.id in (a, b):
                node.id = b if node.id == a else a
        routed = any(isinstance(held.get(n), (Tensor, np.ndarray)) for n in (a, b)) \
            or any(_picked(site, name, reads) for name in (a, b))
        yield Edit("mask" if routed else "wrong-operand", f"{a} <-> {b}", edited)


_PICKS = frozenset({"argmax", "argmin", "unravel_index", "divmod"})


def _picked(site: Site, name: str, reads: dict[str, set[str]]) -> bool:
    """Was ``name`` computed from the position an argmax picked (a max-pool's routing)?"""
    names = {name} | _below(reads, name)
    return any(isinstance(n, ast.Assign) and _names_of(*n.targets) & names
               and any(isinstance(c, ast.Call) and _callee(c) in _PICKS
                       for c in ast.walk(n.value))
               for n in ast.walk(site.function))


def _index_like(value: Any) -> bool:
    """An integer, or an array of integers (the positions an argmax picked)."""
    if isinstance(value, (Tensor, np.ndarray)):
        return value.ndim > 0 and math.prod(value.shape) > 1 and (
            value.dtype in (torch.int64, torch.int32) if isinstance(value, Tensor)
            else np.issubdtype(value.dtype, np.integer))
    return _is_index(value)


def _same_kind(a: Any, b: Any) -> bool:
    if isinstance(a, (Tensor, np.ndarray)) or isinstance(b, (Tensor, np.ndarray)):
        return type(a) is type(b) and tuple(a.shape) == tuple(b.shape)
    return _is_index(a) and _is_index(b)


def row_index_edits(site: Site) -> Iterator[Edit]:
    """Each row's own element picked by a whole column instead: ``s[:, y]`` for ``s[range(
    len(y)), y]``, every row's 1 of the one-hot written in every labelled column."""
    for node in ast.walk(site.stmt):
        if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple)):
            continue
        parts = node.slice.elts
        for i, part in enumerate(parts):
            if not (isinstance(part, ast.Slice) and part.lower is None and part.upper is None
                    and part.step is None):
                continue
            for other in parts[i + 1:]:
                labels = site.evaluate(other)
                if _index_like(labels) and getattr(labels, "ndim", 0) == 1:
                    yield _edit(site, "mask", part, f"range(len({_text(other)}))",
                                f": -> range(len({_text(other)})), each row its own "
                                f"{_text(other)}")
                    break


def lookup_index_edits(site: Site) -> Iterator[Edit]:
    """A counter where the element it looks up belongs: ``dE[n] += dh[n]`` for ``dE[ids[n]]
    += dh[n]``, an embedding's row written at the example's place rather than its token's.
    Offered for an array of integer positions the function holds, one per count of the
    counter, each a place along the indexed axis."""
    tables = [(name, value) for name, value in site.scope.items()
              if isinstance(value, (Tensor, np.ndarray)) and value.ndim == 1
              and _index_like(value)]
    for node in ast.walk(site.stmt):
        if not isinstance(node, ast.Subscript):
            continue
        array = site.evaluate(node.value)
        if not isinstance(array, (Tensor, np.ndarray)):
            continue
        for axis, part in enumerate(_positions(node)[:array.ndim]):
            counter = site.evaluate(part) if isinstance(part, ast.Name) else None
            if not _is_index(counter):
                continue
            for name, table in tables:
                if int(counter) < len(table) and int(table.min()) >= 0 \
                        and int(table.max()) < array.shape[axis]:
                    yield _edit(site, "wrong-operand", part, f"{name}[{part.id}]",
                                f"{part.id} -> {name}[{part.id}] in {_text(node)}")


def offset_edits(site: Site) -> Iterator[Edit]:
    """One position of an element or a slice read with its offset lost or added: ``x[n,
    i]`` where the loop over a window's taps reads ``x[n, i + k]``, ``x[:, :out]`` where it
    reads ``x[:, k:k + out]``. What the line should read is written elsewhere in the
    function, apart from the line's in that position only, and there by an offset of a
    counter the line holds."""
    written = _written_subscript(site.stmt)
    patterns = {tuple(_text(p) for p in _positions(n)) for n in ast.walk(site.function)
                if isinstance(n, ast.Subscript)}
    for node in ast.walk(_rhs(site.stmt) or site.stmt):
        if not isinstance(node, ast.Subscript) or node is written \
                or not isinstance(site.evaluate(node.value), (Tensor, np.ndarray)):
            continue  # a list of layers indexed one layer off is the layer edits' to read
        positions = _positions(node)
        parts = [_text(p) for p in positions]
        for pattern in sorted(p for p in patterns if len(p) == len(parts) > 0):
            apart = [i for i in range(len(parts)) if parts[i] != pattern[i]]
            if len(apart) != 1:
                continue
            ours, theirs = parts[apart[0]], pattern[apart[0]]
            if _offset_from(site, positions[apart[0]], theirs):
                yield _edit(site, "wrong-operand", positions[apart[0]],
                            _parsed(f"x[{theirs}]").slice, f"{ours} -> {theirs} in {_text(node)}")


def _offset_from(site: Site, ours: ast.expr, theirs: str) -> bool:
    """Is ``theirs`` (an index's text) ``ours`` with a counter's offset added or taken
    away: ``i + k`` for ``i`` (or the reverse), ``k:k + out`` for ``:out``?"""
    other = _parsed(f"x[{theirs}]").slice
    if isinstance(ours, ast.Slice) or isinstance(other, ast.Slice):
        counters = {n.id for n in ast.walk(other) if isinstance(n, ast.Name)} - {
            n.id for n in ast.walk(ours) if isinstance(n, ast.Name)}
        return isinstance(ours, ast.Slice) and isinstance(other, ast.Slice) and bool(
            counters) and all(isinstance(site.scope.get(c), int) for c in counters)
    mine = _text(ours)
    return _offset_of(mine, theirs) or _offset_of(theirs, mine)


def step_index_edits(site: Site) -> Iterator[Edit]:
    """A step of an unrolled loop read one step off: ``hiddens[1]`` where ``hiddens[0]``
    belongs (the state before the step). A stack of states indexed along its first axis
    is a value of the wrong layer; another position, the wrong operand."""
    written = _written_subscript(site.stmt)
    for node in ast.walk(_rhs(site.stmt) or site.stmt):
        if not isinstance(node, ast.Subscript) or node is written:
            continue
        held = site.evaluate(node.value)
        if not isinstance(held, (Tensor, np.ndarray, list)):
            continue
        positions = _positions(node)
        shape = tuple(held.shape) if not isinstance(held, list) else (len(held),)
        for axis, part in enumerate(positions[:len(shape)]):
            if not (isinstance(part, ast.Constant) and type(part.value) is int):
                continue
            cause = "wrong-layer" if (axis == 0 and len(shape) > 1) or isinstance(held, list) \
                else "wrong-operand"
            for step in (part.value - 1, part.value + 1):
                if 0 <= step < shape[axis]:
                    yield _edit(site, cause, part, repr(step),
                                f"{_text(node)}: {part.value} -> {step}")


def _positions(node: ast.Subscript) -> list[ast.expr]:
    """The positions of an index, slices among them (``:, k:k + out``)."""
    return list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]


def gate_complement_edits(site: Site) -> Iterator[Edit]:
    """A gate's share taken for its complement's (``dout * (1 - z)`` where the state kept
    with weight ``z`` gets ``dout * z``), or the other way: the wrong operand."""
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    for node in ast.walk(rhs):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) \
                and isinstance(node.left, ast.Constant) and node.left.value == 1 \
                and _sigmoid_gate(site.evaluate(node.right)):
            yield _edit(site, "wrong-operand", node, _text(node.right),
                        f"{_text(node)} -> {_text(node.right)}")
        elif isinstance(node, ast.Name) and _sigmoid_gate(site.evaluate(node)):
            yield _edit(site, "wrong-operand", node, f"(1 - {node.id})",
                        f"{node.id} -> 1 - {node.id}")


def _sigmoid_gate(value: Any) -> bool:
    """Values between 0 and 1, some strictly (a saturated sigmoid reaches 0 or 1), not all
    one number: a sigmoid gate's."""
    t = _tensor(value)
    return t is not None and t.numel() > 1 and bool(((t >= 0) & (t <= 1)).all()) \
        and bool(((t > 0) & (t < 1)).any()) and not bool((t == t.reshape(-1)[0]).all())


_ROUTES = frozenset({"max", "min", "argmax", "argmin"})


def range_edits(site: Site) -> Iterator[Edit]:
    """The positions a max picks from, one too few or one too many: ``max(range(K - 1),
    key=...)`` for ``range(K)``, the window's last element never chosen. The gradient is
    routed to the wrong elements: a mask."""
    for call in ast.walk(site.stmt):
        if not (isinstance(call, ast.Call) and _callee(call) in _ROUTES):
            continue
        for node in ast.walk(call):
            if isinstance(node, ast.Call) and _callee(node) == "range" and node.args:
                stop = node.args[-1]
                for shifted in (_shifted(_text(stop), 1), _shifted(_text(stop), -1)):
                    yield _edit(site, "mask", stop, shifted,
                                f"{_text(stop)} -> {shifted} in the positions compared")


def _offset_of(short: str, long: str) -> bool:
    """Is ``long`` the counter ``short`` with an offset (``i + k``, ``t + taps - 1 - j``,
    ``i * S + k``)?"""
    terms: list[ast.expr] = []
    node = _parsed(long)
    while isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        terms.append(node.right)
        node = node.left
    terms.append(node)
    scaled = [t.left if isinstance(t, ast.BinOp) and isinstance(t.op, ast.Mult) else t
              for t in terms]
    return short.isidentifier() and len(terms) > 1 and short in map(_text, scaled)


def _written_subscript(stmt: ast.stmt) -> ast.Subscript | None:
    """The element or slice an assignment writes (``dx[:, i:i + k]``), if it writes one."""
    targets = stmt.targets if isinstance(stmt, ast.Assign) else \
        [stmt.target] if isinstance(stmt, ast.AugAssign) else []
    return next((t for t in targets if isinstance(t, ast.Subscript)), None)


def _written_slices(target: ast.Subscript) -> list[ast.expr]:
    """The positions a written element is found by, each subscript's of a chain (``pos``
    and ``d`` of ``dE[pos][d]``)."""
    slices = []
    node: ast.expr = target
    while isinstance(node, ast.Subscript):
        slices.append(node.slice)
        node = node.value
    return slices[::-1]


def _zeroed_edits(site: Site, pool: Pool, rhs: ast.expr) -> Iterator[Edit]:
    """Elements set to 0 through a mask (``dx[x < 0] = 0``) where a leaky slope keeps a
    share of them: ``dx[x < 0] = SLOPE * dx[x < 0]``."""
    stmt = site.stmt
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Subscript)
            and isinstance(rhs, ast.Constant) and rhs.value == 0):
        return
    target = _text(stmt.targets[0])
    for slope in pool.slopes():
        yield _edit(site, "mask", rhs, f"{slope} * {target}",
                    f"{slope} * {target} where the mask gives 0")


def _compared_edits(site: Site, pool: Pool, known: _Knowns,
                    compared: ast.expr) -> Iterator[Edit]:
    """The mask compares the wrong value: the gate of a ReLU read from the upstream
    gradient, or from the layer's output where its input belongs; read from the same
    quantity of another layer (``z2 > 0`` for ``z1 > 0``), the layer is what is wrong."""
    mine = _tensor(site.evaluate(compared))
    if mine is None or mine.numel() < 2:
        return
    # the same list at another layer's index before another list's values (``zs[k - 1]``
    # for ``zs[k]`` rather than ``acts[k]``, which is zero where zs[k - 1] is negative)
    for text, other in sorted(pool.items, key=lambda item: not _same_container(compared,
                                                                                 item[0])):
        theirs = _tensor(other)
        if theirs.shape == mine.shape and text != _text(compared) and not _close(theirs, mine):
            layer = _same_container(compared, text) or _other_layer(
                _identify(mine, known), _identify(theirs, known))
            yield _edit(site, "wrong-layer" if layer else "mask", compared, text,
                        f"{_text(compared)} -> {text} in the mask")
