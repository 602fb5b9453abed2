"""Edits of operands: an operand replaced by another value the code holds, of another
layer (wrong-layer) or of the same one (wrong-operand), by its square root or square, or
by its product with a gate the code holds.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import itertools
import re
import types
from collections.abc import Iterator

import numpy as np
import torch
from torch import Tensor

from verify.fixes.derivatives import (
    _activation_pair,
    _derivative_written,
    _feeds_derivative,
    _in_derivative,
    computed_activation,
)
from verify.fixes.pool import (
    Pool,
    _assigned_reads,
    _assigned_values,
    _below,
    _distinct,
    _gradient_name,
    _identify,
    _is_index,
    _module_for,
    _other_layer,
    _same_container,
    _user_object,
)
from verify.fixes.site import (
    _ACTIVATIONS,
    _MAX_INDEX_CHOICES,
    _MAX_POOL,
    Edit,
    Site,
    _callee,
    _close,
    _edit,
    _nodes,
    _operands,
    _parsed,
    _rhs,
    _tensor,
    _text,
    _value,
)
from verify.locate import _PRODUCTS, _Known, _Knowns

_MAX_IN_ONE_PLACE = 12   # values offered for an operand written twice, in one place of it


def operand_edits(site: Site, pool: Pool, known: _Knowns) -> Iterator[Edit]:
    rhs = _value(site.stmt)
    if rhs is None:
        return
    every = list(_operands(site, rhs))
    sized = _read_for_size(rhs)
    in_one_place, wider = [], []
    for node, value in _distinct(iter(every)):
        mine = _tensor(value)
        places = [n for n, _ in every if _text(n) == _text(node)]
        # an array read only for its size (``len(z)`` for ``len(Z)``): a size, not a value
        size_only = all(id(place) in sized for place in places)
        gradient = _gradient_name(_text(node), site.scope)
        held = sorted(pool.items, key=lambda item: (not _same_container(node, item[0]),
                                                    _gradient_name(item[0], site.scope)
                                                    != gradient))
        alike = [(text, site.evaluate(_parsed(text))) for text in [
            *_indexed_alike(site, node), *_counted_slices(site, mine)]]
        tried = 0
        for text, other in held + alike:
            theirs = _tensor(other)
            if theirs is not None and text != _text(node) and _widens(mine, theirs):
                wider.append((node, text, size_only))
            # two numbers alike in the run kept (``y`` and ``z`` where z > 0) may differ in
            # the runs that fail
            if theirs is None or theirs.shape != mine.shape or text == _text(node) \
                    or (_close(theirs, mine) and mine.ndim > 0):
                continue
            cause = "wrong-divisor" if size_only else \
                _operand_cause(site, node, text, mine, theirs, known)
            yield _edit(site, cause, node, text, f"{_text(node)} -> {text}", everywhere=True)
            tried += 1
            if 2 <= len(places) <= 3 and tried <= _MAX_IN_ONE_PLACE:
                in_one_place += [(place, text, mine, theirs) for place in places]
    # an operand written two or three times may be wrong in one place only: tried last,
    # with the values tried first for it
    for place, text, mine, theirs in in_one_place:
        yield _edit(site, _operand_cause(site, place, text, mine, theirs, known), place, text,
                    f"{_text(place)} -> {text} in one place")
    # a value shared by every row where each row's own belongs (a mixture's prior ``pi``
    # where the posterior ``r[n, k]`` weighs each point)
    for node, text, size_only in wider[:_MAX_POOL]:
        yield _edit(site, "wrong-divisor" if size_only else "wrong-operand", node, text,
                    f"{_text(node)} -> {text}", everywhere=True)


def einsum_operand_edits(site: Site, pool: Pool, known: _Knowns) -> Iterator[Edit]:
    """An einsum operand replaced by a value the code holds of fewer axes, its subscript
    cut to the axes that value has (``einsum("ned,nef->edf", Y, dY)`` ->
    ``einsum("nd,nef->edf", x, dY)``): letters whose sizes the value's shape lists in order."""
    value = _value(site.stmt)
    for call in [] if value is None else ast.walk(value):
        if not (isinstance(call, ast.Call) and _callee(call) == "einsum" and call.args
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str) and "->" in call.args[0].value
                and "." not in call.args[0].value):
            continue
        spec, operands = call.args[0].value.replace(" ", ""), call.args[1:]
        inputs, output = spec.split("->")
        letters = inputs.split(",")
        shapes = [np.shape(site.evaluate(a)) for a in operands]
        if len(letters) != len(operands) or any(
                len(w) != len(shape) for w, shape in zip(letters, shapes, strict=True)):
            continue
        size = {c: n for w, shape in zip(letters, shapes, strict=True)
                for c, n in zip(w, shape, strict=True)}
        for i, (mine, operand) in enumerate(zip(letters, operands, strict=True)):
            for text, other in pool.items[:_MAX_POOL]:
                theirs = _tensor(other)
                if theirs is None or not 0 < theirs.ndim < len(mine):
                    continue
                for kept in itertools.combinations(mine, theirs.ndim):
                    cut = "".join(kept)
                    subscripts = [*letters[:i], cut, *letters[i + 1:]]
                    if [size[c] for c in cut] != list(theirs.shape) or \
                            not set(output) <= set("".join(subscripts)):
                        continue
                    edited = copy.deepcopy(call)
                    edited.args[0] = ast.Constant(",".join(subscripts) + "->" + output)
                    edited.args[1 + i] = _parsed(text)
                    yield _edit(site, _operand_cause(site, operand, text, _tensor(
                        site.evaluate(operand)), theirs, known), call, edited,
                        f"{_text(operand)} ({mine}) -> {text} ({cut})")


def argument_swap_edits(site: Site) -> Iterator[Edit]:
    """Two arguments of a call to the user's own function handed over in each other's
    places (``relu_backward(dy, x)`` for ``relu_backward(x, dy)``): values of one shape,
    each the other's operand."""
    value = _value(site.stmt)
    for call in [] if value is None else ast.walk(value):
        if not isinstance(call, ast.Call) or not isinstance(
                site.scope.get(_text(call.func)), types.FunctionType) \
                or any(isinstance(a, ast.Starred) for a in call.args):
            continue
        shapes = [np.shape(v) if isinstance(v := site.evaluate(a), (Tensor, np.ndarray,
                                                                      int, float)) else None
                  for a in call.args[:4]]
        for i, j in itertools.combinations(range(len(shapes)), 2):
            if shapes[i] is None or shapes[i] != shapes[j] \
                    or _text(call.args[i]) == _text(call.args[j]):
                continue
            swapped = copy.deepcopy(call)
            swapped.args[i], swapped.args[j] = swapped.args[j], swapped.args[i]
            yield _edit(site, "wrong-operand", call, swapped,
                        f"{_text(call.args[i])} and {_text(call.args[j])} swapped")


def backpropagated_edits(site: Site, pool: Pool) -> Iterator[Edit]:
    """An operand where the gradient carried back through a layer belongs: the output's
    error where the hidden delta needs ``W2.T @ delta`` (a weight the function was given,
    times a gradient the code holds, with the line's shape)."""
    rhs, value = _value(site.stmt), _tensor(site.value)
    if rhs is None or value is None:
        return
    given = {a.arg for a in site.function.args.args}
    weights = [t for t, v in pool.items if t in given and getattr(v, "ndim", 0) == 2]
    gradients = [t for t, v in pool.items if _gradient_name(t, site.scope)
                 and getattr(v, "ndim", 0) in (1, 2)]
    carried = []
    for weight in weights:
        for gradient in gradients:
            for form in (f"{weight}.T @ {gradient}", f"{gradient} @ {weight}.T"):
                got = _tensor(site.evaluate(_parsed(form)))
                if got is not None and got.shape == value.shape:
                    carried.append(form)
    nodes = [n for n, _ in _distinct(_operands(site, rhs))] + [  # an error ``(o - t)`` too
        n for n in ast.walk(rhs) if isinstance(n, ast.BinOp)
        and isinstance(n.op, (ast.Add, ast.Sub)) and n is not rhs]
    for node in nodes:
        for form in carried[:_MAX_INDEX_CHOICES]:
            if _text(node) not in form:
                yield _edit(site, "wrong-operand", node, f"({form})",
                            f"{_text(node)} -> {form}", everywhere=True)


def receiver_edits(site: Site) -> Iterator[Edit]:
    """A method called on the wrong object: another of its class the code holds by name
    (``sig2.backward(dH)`` where ``sig1``'s belongs), or the wrong one of a list of them (a
    value of the wrong layer): ``act.derivative(z)`` where ``act = acts[l]`` and layer
    ``l + 1``'s belongs. Each other object of the list, at a loop counter the code holds or
    one off it, the counters of the loops around the line first."""
    counters = {n: v for n, v in site.scope.items() if _is_index(v) and n not in site.globals}
    looping = {n.id for loop in ast.walk(site.function) if isinstance(loop, ast.For)
               and any(s is site.stmt for s in ast.walk(loop))
               for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    counters = dict(sorted(counters.items(), key=lambda item: item[0] not in looping))
    for call in ast.walk(site.stmt):
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
            continue
        receiver = call.func.value
        held = site.evaluate(receiver)
        if held is None or not _user_object(held):
            continue
        kind = type(held)  # the variables before the line are copies: known by class
        if isinstance(receiver, ast.Name):  # another object of its class the code holds
            for name, other in site.scope.items():
                if name != receiver.id and name not in site.globals and type(other) is kind:
                    cause = "wrong-layer" if _numbered_alike(name, receiver.id) \
                        else "wrong-operand"
                    yield _edit(site, cause, receiver, name, f"{receiver.id} -> {name}")
        for name, objects in site.scope.items():
            if not isinstance(objects, (list, tuple)) \
                    or not any(type(o) is kind for o in objects):
                continue
            for counter, at in counters.items():
                for offset, text in ((0, counter), (1, f"{counter} + 1"),
                                     (-1, f"{counter} - 1")):
                    k = at + offset
                    if 0 <= k < len(objects) and type(objects[k]) is not kind:
                        yield _edit(site, "wrong-layer", receiver, f"{name}[{text}]",
                                    f"{_text(receiver)} -> {name}[{text}]")


def penalty_value_edits(site: Site) -> Iterator[Edit]:
    """A penalty's value where its gradient belongs: ``lam * np.square(w).sum()`` for ``lam
    * w`` (the derivative of ``lam / 2 ||w||^2``), ``np.abs(w).sum()`` for ``sign(w)``."""
    for call in _nodes(site):
        if not isinstance(call, ast.Call) or _callee(call) != "sum":
            continue
        summed = call.func.value if isinstance(call.func, ast.Attribute) and not call.args \
            else call.args[0] if len(call.args) == 1 else None
        weight = _penalised(summed) if summed is not None else None
        if weight is None:
            continue
        text = _text(weight)
        absolute = isinstance(summed, ast.Call) and _callee(summed) == "abs"
        forms = [f"{text}", f"2 * {text}"] if not absolute else \
            [f"{_module_for(site, site.evaluate(weight)) or 'np'}.sign({text})"]
        for form in forms:
            yield _edit(site, "wrong-operand", call, form, f"{_text(call)} -> {form}")


def _penalised(node: ast.expr) -> ast.expr | None:
    """``w`` of ``np.square(w)``, ``w ** 2``, ``w * w`` or ``np.abs(w)``, else None."""
    if isinstance(node, ast.Call) and _callee(node) in ("square", "abs") \
            and len(node.args) == 1:
        return node.args[0]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) \
            and isinstance(node.right, ast.Constant) and node.right.value == 2:
        return node.left
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) \
            and _text(node.left) == _text(node.right):
        return node.left
    return None


def retarget_edits(site: Site) -> Iterator[Edit]:
    """A line whose name no later line reads, written with another name that later lines
    do read in its place (``dy = g * dy`` where ``dyivar = g * dyivar`` belongs): each
    name the function holds, of the same shape, put for the one the line writes."""
    stmt, value = site.stmt, _tensor(site.value)
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 \
            or not isinstance(stmt.targets[0], ast.Name) or value is None:
        return
    name = stmt.targets[0].id
    after = [n.id for n in ast.walk(site.function) if isinstance(n, ast.Name)
             and isinstance(n.ctx, ast.Load) and n.lineno > stmt.lineno]
    if name in after:
        return
    for other, held in site.scope.items():
        mine = _tensor(held) if other not in site.globals else None
        if other != name and other in after and mine is not None \
                and mine.shape == value.shape:
            renamed = copy.deepcopy(stmt)
            for node in ast.walk(renamed):
                if isinstance(node, ast.Name) and node.id == name:
                    node.id = other
            yield Edit("wrong-operand", f"{name} -> {other}", renamed)


def _read_for_size(rhs: ast.expr) -> set[int]:
    """The nodes of ``rhs`` read for their size alone: ``len(x)``, ``x.shape``,
    ``x.size``, ``x.numel()``."""
    found = set()
    for node in ast.walk(rhs):
        if isinstance(node, ast.Call) and _callee(node) == "len":
            found |= {id(arg) for arg in node.args}
        elif isinstance(node, ast.Attribute) and node.attr in ("shape", "size", "numel"):
            found.add(id(node.value))
    return found


def _widens(mine: Tensor, theirs: Tensor) -> bool:
    """Does ``mine`` broadcast to the larger shape of ``theirs`` (a row of it, one
    number per column)?"""
    if mine.dim() == 0 or theirs.numel() <= mine.numel():
        return False
    try:
        return torch.broadcast_shapes(mine.shape, theirs.shape) == theirs.shape
    except RuntimeError:
        return False


def gated_operand_edits(site: Site, pool: Pool) -> Iterator[Edit]:
    """An operand where its gated product belongs: ``h -> r * h`` with ``r`` a gate the code
    holds (values between 0 and 1, a sigmoid's), as a GRU's candidate state reads ``r * h``."""
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    gates = [(text, t) for text, t in ((text, _tensor(v)) for text, v in pool.items)
             if t is not None and t.numel() > 1 and bool(((t > 0) & (t < 1)).all())]
    for node, value in _distinct(_operands(site, rhs)):
        mine = _tensor(value)
        for text, gate in gates:
            if mine is not None and gate.shape == mine.shape and text != _text(node) \
                    and not _close(gate, mine):
                yield _edit(site, "wrong-operand", node, f"{text} * {_text(node)}",
                            f"{_text(node)} -> {text} * {_text(node)}", everywhere=True)


def _indexed_alike(site: Site, node: ast.expr) -> Iterator[str]:
    """The same index into another array of the same shape (``w[f]`` for ``dw[f]``), or
    into the row of a table at a loop counter (``rows[i][j]`` for ``x[j]``, where ``x`` is
    what an earlier loop over ``rows`` left behind)."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
        return
    held = _tensor(site.scope.get(node.value.id))
    if held is None:
        return
    for name, value in site.scope.items():
        other = _tensor(value) if isinstance(value, (Tensor, np.ndarray)) else None
        if name != node.value.id and other is not None and other.shape == held.shape:
            yield _text(ast.Subscript(ast.Name(name, ast.Load()), node.slice, ast.Load()))
    index = _text(node.slice)
    for row in _counted_slices(site, held, tables=True):
        if not row.startswith(f"{node.value.id}["):
            yield f"{row}[{index}]"


def _counted_slices(site: Site, value: Tensor | None, tables: bool = False) -> list[str]:
    """Another array taken at a loop counter the code holds, where it has the value's shape
    (``w[f]`` for a convolution's ``window``, in the loop over filters ``f``); with
    ``tables``, a list of rows of numbers too (pure-Python code's)."""
    if value is None or value.dim() == 0:
        return []
    counters = [n for n, v in site.scope.items() if _is_index(v) and n not in site.globals]
    found = []
    for name, held in site.scope.items():
        array = held if isinstance(held, (Tensor, np.ndarray)) else \
            _tensor(held) if tables and isinstance(held, list) and held \
            and isinstance(held[0], list) else None
        if name in site.globals or array is None \
                or array.ndim != value.dim() + 1 or tuple(array.shape[1:]) != tuple(value.shape):
            continue
        found += [f"{name}[{k}]" for k in counters if 0 <= site.scope[k] < array.shape[0]]
    return found[:_MAX_INDEX_CHOICES]


def power_edits(site: Site) -> Iterator[Edit]:
    """A constant raised one power too high or too low (``TEMP ** 2 * d`` where the chain
    rule through ``s / TEMP`` leaves ``TEMP * d``): a wrong coefficient."""
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    for node in ast.walk(rhs):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow)
                and isinstance(node.right, ast.Constant) and type(node.right.value) is int
                and isinstance(site.evaluate(node.left), (int, float))):
            continue
        base, power = _text(node.left), node.right.value
        for other in (power - 1, power + 1):
            if other < 1:
                continue
            text = base if other == 1 else f"{base} ** {other}"
            edit = _edit(site, "wrong-coefficient", node, text, f"{_text(node)} -> {text}")
            # a constant of the code: no size that happens to equal it
            yield dataclasses.replace(edit, constant=base in site.constants)


def root_edits(site: Site) -> Iterator[Edit]:
    """An operand or a sum taken where its square root belongs, or the other way (the
    variance for the standard deviation); an operand where its sign belongs (an L1
    penalty's ``sign(w)`` written as an L2 penalty's ``w``)."""
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    operands = [n for n, _ in _distinct(_operands(site, rhs))]
    for node in operands:
        value = site.evaluate(node)
        module, held = _module_for(site, value), _tensor(value)
        if module is not None and held is not None and held.numel() > 1:
            yield _edit(site, "wrong-operand", node, f"{module}.sign({_text(node)})",
                        f"{_text(node)} -> sign({_text(node)})", everywhere=True)
    nodes = operands + [
        n for n in ast.walk(rhs) if isinstance(n, ast.BinOp)
        and isinstance(n.op, (ast.Add, ast.Sub)) and n is not rhs]
    for node in nodes:
        value = site.evaluate(node)
        module = _module_for(site, value)
        if module is None:
            continue
        yield _edit(site, "wrong-operand", node, f"{module}.sqrt({_text(node)})",
                    f"{_text(node)} -> sqrt({_text(node)})", everywhere=True)
        yield _edit(site, "wrong-operand", node, f"({_text(node)}) ** 2",
                    f"{_text(node)} -> ({_text(node)}) ** 2", everywhere=True)


def _numbered_alike(a: str, b: str) -> bool:
    """Do two names differ in their numbers only (``W1`` and ``W2``, ``k1[j]`` and
    ``k2[j]``)?"""
    return a != b and re.sub(r"\d+", "", a) == re.sub(r"\d+", "", b)


def _same_index(node: ast.expr, text: str) -> bool:
    """Is ``text`` another array at the index ``node`` reads (``hs[t]`` for ``x[t]``)?"""
    other = _parsed(text)
    return isinstance(node, ast.Subscript) and isinstance(other, ast.Subscript) \
        and _text(node.value) != _text(other.value) and _text(node.slice) == _text(other.slice)


def _one_layer(mine: list[_Known], theirs: list[_Known]) -> bool:
    """Are the two values inputs that feed products of one layer (``x1`` and ``x2`` of one
    neuron)?"""
    return any(a.kind == b.kind == "input" and a.layer == b.layer
               for a in mine for b in theirs)


def _siblings(mine: list[_Known], theirs: list[_Known]) -> bool:
    """Are the two values outputs of one activation at one depth of the loss (two gates of
    a cell), rather than of two layers one above the other?"""
    return any(a.kind == b.kind == "forward" and a.op == b.op and a.depth == b.depth
               and a.layer == b.layer for a in mine for b in theirs)


def _apart(site: Site, a: str, b: str) -> bool:
    """Did the function compute ``a`` and ``b`` each without the other (``p = sigmoid(z)``
    beside ``pt = exp(log_pt)``), or one from the other mixed with other values and with no
    layer's product between (``pt = p * t + (1 - p) * (1 - t)``)? Values one above the
    other by a layer, or by a chain of one-input nodes (``s = 1 + e``, ``y = 1 / s``), are
    layers."""
    reads = _assigned_reads(site)
    if a not in reads or b not in reads:
        return False
    path = _path_between(reads, a, b)
    if path is None:
        return True
    lower, between = path
    inside = _below(reads, lower) | {lower} | between
    mixed = {r for n in between for r in reads.get(n, ()) if r not in inside
             and not callable(site.scope.get(r))
             and not isinstance(site.scope.get(r.split(".")[0]), types.ModuleType)}
    return bool(mixed) and not _layer_between(site, between)


def _path_between(reads: dict[str, set[str]], a: str, b: str
                  ) -> tuple[str, set[str]] | None:
    """Of two names one computed from the other (``reads``: see ``_assigned_reads``): the
    lower one, and the names assigned on the way up from it (the upper one included); None
    when neither is below the other."""
    for upper, lower in ((a, b), (b, a)):
        if upper in reads and lower in _below(reads, upper):
            return lower, {n for n in {upper} | _below(reads, upper)
                           if n in reads and n != lower and lower in _below(reads, n)}
    return None


def _through_a_layer(site: Site, a: str, b: str) -> bool:
    """Is one of the two computed from the other through a layer's product (``h =
    tanh(h_prev @ Wh + ...)``)?"""
    path = _path_between(_assigned_reads(site), a, b)
    return path is not None and _layer_between(site, path[1])


def _layer_between(site: Site, between: set[str]) -> bool:
    """Does a layer's product make any of the names ``between`` two values?"""
    return any(_layer_product(v) for n in between for v in _assigned_values(site, n))


def _product_operand(stmt: ast.stmt, node: ast.expr) -> bool:
    """Is ``node`` (or its transpose) an operand of a matrix product in the statement?"""
    for n in ast.walk(stmt):
        operands = [n.left, n.right] if isinstance(n, ast.BinOp) \
            and isinstance(n.op, ast.MatMult) else n.args \
            if isinstance(n, ast.Call) and _callee(n) in _LAYER_PRODUCTS else []
        for operand in operands:
            while isinstance(operand, ast.Attribute) and operand.attr == "T":
                operand = operand.value
            if operand is node:
                return True
    return False


_LAYER_PRODUCTS = frozenset({"dot", "matmul", "mm", "bmm", "einsum", "linear", "tensordot",
                             "conv1d", "conv2d", "inner", "forward"})


def _layer_product(value: ast.expr) -> bool:
    """Does an expression multiply by a layer's weights (``x @ W``, ``np.dot(x, W)``,
    ``sum(w[j] * h[j] for j in ...)``) or run a layer (``fc2.forward(h)``)?"""
    return any((isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult))
               or (isinstance(n, ast.Call) and _callee(n) in _LAYER_PRODUCTS)
               or (isinstance(n, ast.Call) and _callee(n) == "sum" and any(
                   isinstance(m, ast.BinOp) and isinstance(m.op, ast.Mult)
                   for m in ast.walk(n)))
               for n in ast.walk(value))


_STEP_WORDS = ("prev", "next", "old", "new", "last")


def _step_words(a: str, b: str) -> bool:
    """Are the two names one state at two steps (``c_prev`` and ``c``, ``h`` and
    ``h_next``)?"""
    def base(name: str) -> str:
        return "_".join(p for p in name.split("_") if p not in _STEP_WORDS)
    return a != b and base(a) == base(b) and base(a) != ""


def _compared(stmt: ast.stmt, node: ast.expr) -> bool:
    """Is ``node`` read by a comparison of the statement (a mask's or a branch's test)?"""
    return any(isinstance(c, ast.Compare) and any(n is node for n in ast.walk(c))
               for c in ast.walk(stmt))


def _operand_cause(site: Site, node: ast.expr, text: str, mine: Tensor, theirs: Tensor,
                   known: _Knowns) -> str:
    """What replacing ``node`` by ``text`` says: the activation derivative written with its
    input, a value of another layer, or another operand."""
    if _times_a_derivative(mine, theirs, known):
        return "activation-derivative-missing"  # ``grad_h`` for ``grad_h * (1 - h ** 2)``
    mine_known, theirs_known = _identify(mine, known), _identify(theirs, known)
    both_outputs = _activation_output(site, _text(node), mine_known) is not None \
        and _activation_output(site, text, theirs_known) is not None
    if not both_outputs and _activation_pair(mine, theirs) and (
            _in_derivative(site.stmt, node) or _feeds_derivative(site, node)
            or _derivative_written(site.stmt)):
        return "activation-derivative-of-input"
    if _compared(site.stmt, node):
        return "mask"  # the branch chosen by the wrong value (``b > T`` for ``x > T``)
    if _numbered_alike(_text(node), text) and not _one_layer(mine_known, theirs_known):
        return "wrong-layer"   # ``k1[j]`` for ``k2[j]``: the names say the layer
    if _same_index(node, text):
        return "wrong-operand"  # ``x[t]`` for ``hs[t]``: another array, at the same step
    if both_outputs and (_siblings(mine_known, theirs_known)
                         or _apart(site, _text(node), text)):
        return "wrong-operand"  # two gates of one cell (``r`` for ``z``), side by side
    if _step_words(_text(node), text) and not _through_a_layer(site, _text(node), text) \
            and not _product_operand(site.stmt, node):
        return "wrong-operand"  # ``c_prev`` for ``c``: the cell's other state; as a
        # layer's input (``h.T @ dz`` for ``h_prev.T @ dz``), another step's layer
    if _same_container(node, text) or both_outputs or _other_layer(mine_known, theirs_known):
        return "wrong-layer"
    if _sibling_gradients(known, mine_known, theirs_known):
        return "wrong-operand"  # ``dK`` for ``dV``: two projections of one input
    if (_gradient(mine_known) and _gradient(theirs_known)) or (
            _gradient_name(_text(node), site.scope) and _gradient_name(text, site.scope)):
        return "wrong-layer"
    if _factor_of(mine_known, theirs) or _factor_of(theirs_known, mine):
        return "wrong-operand"  # ``h`` for the gated ``r * h``: one operand for its product
    feeding = ([k for k in mine_known if k.feeds & _PRODUCTS],
               [k for k in theirs_known if k.feeds & _PRODUCTS])
    if feeding[0] and feeding[1] and not {k.layer for k in feeding[0]} & {
            k.layer for k in feeding[1]}:
        return "wrong-layer"  # inputs of products of different layers; of one, an operand
    if not feeding[0] and _product_operand(site.stmt, node) \
            and _output_for_input(mine_known, feeding[1]):
        return "wrong-layer"  # the decoder's output ``Xhat`` where the encoder's ``X`` belongs
    return "wrong-operand"


def _times_a_derivative(mine: Tensor, theirs: Tensor, known: _Knowns) -> bool:
    """Is ``theirs`` ``mine`` times the derivative of one of the loss's activations (not
    a mask of zeros and ones, which is the mask edits' to name)?"""
    given = mine != 0
    if not bool(given.any()) or mine.shape != theirs.shape:
        return False
    ratio = theirs[given] / mine[given]
    return any(k.kind == "local" and k.value.shape == mine.shape
               and not bool(((k.value == 0) | (k.value == 1)).all())
               and _close(k.value[given], ratio) for k in known.items)


def _sibling_gradients(known: _Knowns, mine: list[_Known], theirs: list[_Known]) -> bool:
    """Are the two values gradients with respect to two products of one depth that share
    an operand (``K = X Wk`` and ``V = X Wv``): side by side, not one layer above another?"""
    def products(gradient: _Known) -> list[_Known]:
        return [k for k in known.items if k.kind == "forward" and k.operands
                and gradient.of_value is not None and k.value.shape == gradient.of_value.shape
                and _close(k.value, gradient.of_value)]

    return any(a.op == b.op and a.depth == b.depth and a is not b and any(
        f.shape == g.shape and _close(f, g) for f in a.operands for g in b.operands)
        for x in mine if x.kind == "gradient" for y in theirs if y.kind == "gradient"
        for a in products(x) for b in products(y))


def _output_for_input(mine: list[_Known], inputs: list[_Known]) -> bool:
    """Is the value the output of another layer (a forward quantity with products below it)
    than the one whose input it stands for? A layer's own output for its input is an
    operand (``out.T @ dout`` for ``x.T @ dout``), and so is a value beside the input at
    its depth (``h`` for the dropped-out ``hd``)."""
    return any(k.kind == "forward" and k.depth >= 1 and k.depth not in (i.depth, i.layer)
               for k in mine for i in inputs)


def _factor_of(known: list[_Known], value: Tensor) -> bool:
    """Is ``value`` an operand of the elementwise product the known value is (``h`` of ``r *
    h``)?"""
    return any(f.shape == value.shape and _close(f, value) for k in known for f in k.factors)


def _activation_output(site: Site, text: str, known: list[_Known]) -> str | None:
    """The activation whose output the value is, if it is a layer's activation: a forward
    quantity of the loss computed by one, or a variable the code assigned from one (``e =
    torch.exp(a)``); two such values are two layers' outputs."""
    found = next((k.op for k in known if k.op in _ACTIVATIONS), None)
    if found is not None:
        return found
    base = text.split("[")[0]  # ``hs[j]``: an element of the list ``hs``
    assigned = [n for n in ast.walk(site.function) if isinstance(n, ast.Assign)
                and n.lineno < site.stmt.lineno and any(_text(t) in (text, base)
                                                        for t in n.targets)]
    last = max(assigned, key=lambda n: n.lineno, default=None)
    value = None if last is None else last.value
    if isinstance(value, (ast.ListComp, ast.GeneratorExp)) and base != text:
        value = value.elt  # ``hs = [sig(z) for z in zs]``
    return _activation_called(site, value) if isinstance(value, ast.Call) else None


def _activation_called(site: Site, call: ast.Call) -> str | None:
    """The activation a call computes: torch's or numpy's by name, or the user's function
    found to compute one (``sig(z)``, see ``computed_activation``)."""
    name = _callee(call)
    if name in _ACTIVATIONS:
        return name
    helper = site.globals.get(name)
    if isinstance(helper, types.FunctionType) and computed_activation(helper.__code__):
        return name
    return None


def _gradient(known: list[_Known]) -> bool:
    """A gradient, and not also a forward quantity (single numbers match both by chance)."""
    kinds = {k.kind for k in known}
    return "gradient" in kinds and not kinds & {"input", "forward"}
