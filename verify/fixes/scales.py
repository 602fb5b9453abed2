"""Edits of constants, terms and signs: a constant scaled (square-factor,
wrong-coefficient), a term added (missing-term), the value negated (sign), two returned
values swapped (return-order).
"""

from __future__ import annotations

import ast
import contextlib
import copy
import dataclasses
import itertools
import math
import types
from collections.abc import Iterator
from fractions import Fraction

import numpy as np
import torch
from torch import Tensor

from verify.fixes.axes import (
    _averages_a_squared_error,
    _axis_sizes,
    _divisor_cause,
    _is_size,
    _size_names,
    given_arrays,
)
from verify.fixes.derivatives import _summands
from verify.fixes.pool import Pool, _distinct, _gradient_name, _module_for
from verify.fixes.site import (
    _REDUCTIONS,
    _SIZE_CALLS,
    Edit,
    Site,
    _as_array,
    _callee,
    _close,
    _edit,
    _element,
    _names_of,
    _nodes,
    _operands,
    _parsed,
    _rhs,
    _tensor,
    _text,
    _value,
    _written_names,
)

_RATIOS = (0.5, 2.0, -1.0, 1 / 3, 3.0, 0.25, 4.0, -0.5, -2.0)


def term_mean_edits(site: Site) -> Iterator[Edit]:
    """One term of a sum divided by a size the others need not be: the data term of a
    regularised mean (``-(y - p).dot(X) + reg.grad(w)``, where the loss averages the
    squared error and not the penalty) without its 1/N."""
    rhs = _rhs(site.stmt)
    terms = [] if rhs is None else _summands(rhs)
    if len(terms) < 2:
        return
    sizes = {**_size_names(site), **_axis_sizes(site)}
    for term in terms:
        for size in sizes:
            yield _edit(site, "batch-mean", term, f"({_text(term)}) / {size}",
                        f"{_text(term)} / {size}")


def sum_divisor_edits(site: Site) -> Iterator[Edit]:
    """A sum of the values where their count divides (``2 / sum(x)`` for ``2 / len(x)``):
    the wrong divisor."""
    for node in _nodes(site):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) \
                and isinstance(node.right, ast.Call) and _callee(node.right) == "sum" \
                and len(node.right.args) == 1 and not node.right.keywords:
            counted = node.right.args[0]
            yield _edit(site, "wrong-divisor", node.right, f"len({_text(counted)})",
                        f"{_text(node.right)} -> len({_text(counted)})")


def convention_edits(site: Site, pool: Pool, mse: bool = False) -> Iterator[Edit]:
    """The value divided or multiplied by a size (a batch mean missing or extra), or by
    2 / the number of elements or its inverse (mse_loss's convention against 1/2 sum of
    squares). With ``mse`` (the loss calls mse_loss), a value divided by one axis's size
    that needs the other's too is divided by its count where the loss takes every
    element's: that convention's."""
    rhs = _rhs(site.stmt)
    value = None if rhs is None else _as_array(site.evaluate(rhs))
    if not isinstance(value, (Tensor, np.ndarray, np.number)) \
            or (np.ndim(value) == 0 and not _fills_elements(site.stmt)):
        return
    read = [(_text(node), v) for node, v in _distinct(_operands(site, rhs))]
    rhs = _element(rhs)
    axes, totals = {}, {}
    own = {text for text, _ in read}
    for text, array in read + pool.items:  # the line's own arrays first
        if isinstance(array, (Tensor, np.ndarray)) and array.ndim > 0:
            for k in range(array.ndim):
                if text in own or array.shape[k] > 2:  # an axis of 2 elsewhere: a factor 2
                    axes.setdefault(f"{text}.shape[{k}]", array.shape[k])
            total = f"{text}.numel()" if isinstance(array, Tensor) else f"{text}.size"
            totals.setdefault(total, int(np.prod(array.shape)))
    divisors = [site.evaluate(node.right) for node in ast.walk(rhs)
                if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
                and _is_size(site, node.right)]
    shape = np.shape(value)
    count = math.prod(shape)
    # a mean of squares over every element, whose other axes the value itself has: the
    # count of one of its later axes is the convention's (outputs besides examples)
    later = set(shape[1:]) - {shape[0]} if len(shape) >= 2 and _averages_a_squared_error(site) \
        else set()
    for size, n in {**_size_names(site), **_attribute_sizes(site, rhs), **axes}.items():
        if n >= 2:  # a value already divided by a size was divided by the wrong one
            every = (mse and any(isinstance(d, (int, float, np.number)) and d * n == count
                                 for d in divisors)) or (n in later and not divisors) or any(
                _divisor_cause(site, d, d * n) == "mse-convention" for d in divisors
                if isinstance(d, int))  # ``/ N`` where the mean of squares takes N K
            cause = "mse-convention" if every else "wrong-divisor" if divisors \
                or _no_batch_size(site, n) else "batch-mean"
            yield _edit(site, cause, rhs, f"({_text(rhs)}) / {size}", f"/ {size}")
            yield _edit(site, "batch-mean", rhs, f"({_text(rhs)}) * {size}", f"* {size}")
    for total, n in {**totals, **axes}.items():
        if n >= 2:
            yield _edit(site, "mse-convention", rhs, f"2 * ({_text(rhs)}) / {total}",
                        f"* 2 / {total}")
            yield _edit(site, "mse-convention", rhs, f"({_text(rhs)}) * {total} / 2",
                        f"* {total} / 2")


def _attribute_sizes(site: Site, rhs: ast.expr) -> dict[str, int]:
    """Sizes the line reads from an object (``self.n``, an int of 2 or more kept by
    ``forward``)."""
    found = {}
    for node in ast.walk(rhs):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            value = site.evaluate(node)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 2:
                found[_text(node)] = value
    return found


def _no_batch_size(site: Site, n: int) -> bool:
    """Is ``n`` the length of no first axis of the arrays the function was given (or its
    object holds), where it was given some? A size missing from a mean over another axis
    (a row's ``x.mean(1)``, a pooling window) is the wrong divisor, not a batch mean's."""
    leading = {int(v.shape[0]) for v in given_arrays(site) if v.ndim >= 1}
    return bool(leading) and n not in leading


def _fills_elements(stmt: ast.stmt) -> bool:
    """Does the statement write one value into elements of an array (``dx[i, :] = g[i]``)?
    Its value is a number, and what it fills is an array's."""
    return isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
        and isinstance(stmt.targets[0], ast.Subscript)


def _not_arithmetic(rhs: ast.expr) -> set[int]:
    """The ids of the nodes of ``rhs`` that are no part of the value's arithmetic: indices,
    axes, shapes, keyword arguments and exponents."""
    skip: set[int] = set()
    for node in ast.walk(rhs):
        if isinstance(node, ast.Subscript):
            skip |= {id(n) for n in ast.walk(node.slice)}
        elif isinstance(node, ast.Call):
            skip |= {id(n) for k in node.keywords for n in ast.walk(k.value)}
            if _callee(node) in _REDUCTIONS | _SIZE_CALLS | {"reshape", "view", "transpose"}:
                skip |= {id(n) for a in node.args for n in ast.walk(a)}
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            skip |= {id(n) for n in ast.walk(node.right)}
    return skip


def _coefficient_nodes(site: Site) -> Iterator[ast.expr]:
    """Numbers written in the value (not indices, axes, sizes or exponents) and names of
    scalar constants."""
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    skip = _not_arithmetic(rhs)
    scalars = {n for n, v in site.globals.items() if isinstance(v, float)}
    for node in ast.walk(rhs):
        if id(node) in skip:
            continue
        number = isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool) and node.value != 0
        if number or (isinstance(node, ast.Name) and node.id in scalars):
            yield node


def coefficient_edits(site: Site, pool: Pool, loss_names: frozenset[str]
                       ) -> Iterator[Edit]:
    """A number or a constant of the line scaled, or a number replaced by a scalar the code
    holds (``0.01`` where the layer's ``self.alpha`` belongs); or the whole value, by 2 or
    1/2 (the 2 of a square) or another simple ratio. A constant the loss also names, off
    by 2, lost or kept the 2 of the square it weighs there (``LAM * W`` for the gradient
    of ``LAM * (W ** 2).sum()``)."""
    nodes = list(_coefficient_nodes(site))
    named = any(isinstance(n, ast.Name) for n in nodes)
    written = _written_names(site.stmt)  # the old value of what the line assigns is no scale
    scalars = [(text, float(_tensor(v).reshape(-1)[0])) for text, v in pool.items
               if _tensor(v).numel() == 1 and text not in written]
    scalars += list(site.constants.items())
    for node in nodes:
        for ratio in _RATIOS:
            if isinstance(node, ast.Constant):
                new = node.value * ratio
                text = repr(int(new)) if float(new).is_integer() else repr(new)
                change = f"{node.value!r} -> {text}"
                # the 2 itself dropped or written, or a 1 where the loss's square gives a 2
                # (``(1 / n) * X.T @ e`` for the mean of squares' ``2 / n``)
                square = ((abs(node.value), ratio) in ((2, 0.5), (0.5, 2.0)) or (
                    abs(node.value) == 1 and ratio == 2.0 and site.squared)) and (
                    not named or any(isinstance(n, ast.Name) and n.id in loss_names
                                     for n in nodes))
            else:
                text = f"{_ratio(ratio)} * {node.id}"
                change = f"{node.id} -> {text}"
                # raised to a power (``TEMP ** 2``), its scale is no factor 2 of the value
                powered = any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow)
                              and any(m is node for m in ast.walk(n.left))
                              for n in ast.walk(site.stmt))
                square = ratio in (0.5, 2.0) and node.id in loss_names and not powered
            cause = "sign" if ratio == -1 else "square-factor" if square \
                else "wrong-coefficient"
            # the 2 of the square a constant of the loss weighs (``L2 * (w ** 2).sum()``)
            named_square = square and isinstance(node, ast.Name)
            yield dataclasses.replace(_edit(site, cause, node, text, change),
                                      constant=named_square)
    # a number the function writes elsewhere (a slope), or the loss does (the forward's
    # ``leaky_relu(z, 0.2)``)
    written = sorted({n.value for tree in (site.function, site.loss_tree) if tree is not None
                      for n in ast.walk(tree) if isinstance(n, ast.Constant)
                      and isinstance(n.value, float) and n.value not in (0.0, 1.0)})
    for node in nodes:
        if isinstance(node, ast.Constant):
            # a number written more than once (``clip(r, -1.0, 1.0)``) is wrong in each
            repeated = sum(isinstance(n, ast.Constant) and n.value == node.value
                           for n in nodes) > 1
            for text, value in scalars:
                if value != node.value and value != 0:
                    yield _edit(site, "wrong-coefficient", node, text,
                                f"{node.value!r} -> {text}")
                    if repeated:
                        yield _edit(site, "wrong-coefficient", node, text,
                                    f"{node.value!r} -> {text} throughout", everywhere=True)
            for number in written:
                if number != node.value:
                    yield _edit(site, "wrong-coefficient", node, repr(number),
                                f"{node.value!r} -> {number!r}")
                    if repeated:
                        yield _edit(site, "wrong-coefficient", node, repr(number),
                                    f"{node.value!r} -> {number!r} throughout",
                                    everywhere=True)
    yield from _inverted_scale_edits(site, nodes)
    yield from _scaling_root_edits(site)
    rhs = _rhs(site.stmt)
    if rhs is not None:
        rhs = _element(rhs)
        # where the loss squares, a constant that happens to be 2 (a margin) comes after
        # the square's 2
        twos = [(t, v) for t, v in scalars if site.squared and abs(v) in (2.0, 0.5)
                and t not in _names_of(rhs)]  # a constant the line writes is no chance 2
        yield from _scale_edits(site, rhs, [item for item in scalars if item not in twos])
        yield from _scale_edits(site, rhs, _constant_scales(site), constant=True)
        # the 1 of a ``1 - o`` is no coefficient the 2 could belong to
        scales = [n for n in nodes if not (isinstance(n, ast.Constant) and n.value == 1)]
        for ratio in _RATIOS:
            if ratio != -1:
                cause = "square-factor" if ratio in (0.5, 2.0) and not scales \
                    else "wrong-coefficient"
                yield _edit(site, cause, rhs, f"{_ratio(ratio)} * ({_text(rhs)})",
                            f"times {_ratio(ratio)}")
        yield from _scale_edits(site, rhs, twos)
        yield from _term_coefficient_edits(site, rhs, nodes, scalars)


def complement_edits(site: Site) -> Iterator[Edit]:
    """A probability taken for its complement: a number between 0 and 1 the line reads by
    name (``dout * mask / self.p`` where dropout's kept units were scaled by ``1 / (1 -
    p)``, ``beta`` for ``1 - beta``), replaced by 1 minus it."""
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    skip = _not_arithmetic(rhs)
    for node in ast.walk(rhs):
        if id(node) in skip or not isinstance(node, (ast.Name, ast.Attribute)):
            continue
        value = _tensor(site.evaluate(node))
        if value is not None and value.numel() == 1 and 0 < float(value.reshape(())) < 1:
            yield _edit(site, "wrong-coefficient", node, f"(1 - {_text(node)})",
                        f"{_text(node)} -> 1 - {_text(node)}")


def _scale_edits(site: Site, rhs: ast.expr, scalars: list[tuple[str, float]],
                 constant: bool = False) -> Iterator[Edit]:
    """A scale the code holds, left out or put in: the value divided or multiplied by it
    (``constant``: every scale is the code's constant, which no size equals by chance)."""
    for text, value in scalars:
        if value not in (0.0, 1.0, -1.0):
            held = constant or text in site.constants  # ``TAU``
            for op in ("/", "*"):
                edit = _edit(site, "wrong-coefficient", rhs, f"({_text(rhs)}) {op} {text}",
                             f"{op} {text}")
                yield dataclasses.replace(edit, constant=held)


def _inverted_scale_edits(site: Site, nodes: list[ast.expr]) -> Iterator[Edit]:
    """A constant multiplied where it divides, or the other way (``ds * TEMP`` where the
    chain rule through ``s = z / TEMP`` gives ``ds / TEMP``, ``* (1 - P)`` where dropout's
    ``/ (1 - P)`` belongs)."""
    coefficients = {id(n) for n in nodes}
    for node in ast.walk(site.stmt):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)) \
                and (id(node.right) in coefficients or _constant_expression(site, node.right)):
            flipped = ast.BinOp(node.left, ast.Div() if isinstance(node.op, ast.Mult)
                                else ast.Mult(), node.right)
            scale = _text(node.right)
            scale = f"({scale})" if isinstance(node.right, ast.BinOp) else scale
            yield _edit(site, "wrong-coefficient", node, flipped,
                        f"{'* -> /' if isinstance(node.op, ast.Mult) else '/ -> *'} {scale}")


def _constant_scales(site: Site) -> list[tuple[str, float]]:
    """Arithmetic of the module's constants that the function or the loss writes, with its
    value (``(1 - P_DROP)``, 0.75, where dropout keeps 1 - p of the units): a scale the
    line may have left out as a whole."""
    found: dict[str, float] = {}
    for tree in (site.function, site.loss_tree):
        for node in ast.walk(tree) if tree is not None else ():
            if not isinstance(node, ast.expr) or not _constant_expression(site, node) or \
                    not any(isinstance(n, ast.Name) for n in ast.walk(node)):
                continue
            try:
                value = eval(compile(ast.Expression(node), "<scale>", "eval"),
                             {"__builtins__": {}}, dict(site.constants))
            except (ArithmeticError, TypeError, ValueError):
                continue
            found.setdefault(f"({_text(node)})", float(value))
    return [(text, value) for text, value in found.items() if math.isfinite(value)]


def _constant_expression(site: Site, node: ast.expr) -> bool:
    """Arithmetic of numbers and the module's constants alone (``1 - P_DROP``)."""
    def constant(n: ast.AST) -> bool:
        if isinstance(n, ast.Constant):
            return isinstance(n.value, (int, float)) and not isinstance(n.value, bool)
        if isinstance(n, ast.Name):
            return n.id in site.constants
        return isinstance(n, (ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop, ast.Load))

    return isinstance(node, ast.BinOp) and all(constant(n) for n in ast.walk(node))


def _term_coefficient_edits(site: Site, rhs: ast.expr, nodes: list[ast.expr],
                            scalars: list[tuple[str, float]]) -> Iterator[Edit]:
    """One term of a sum, or one branch of a ``where``, scaled (``dms * x / D`` where ``2 *
    dms * x / D`` belongs, ``sign(r)`` where ``DELTA * sign(r)`` belongs): first by a
    constant the line uses (the exponent ``GAMMA`` of ``(1 - p) ** GAMMA``, whose power
    rule left it out), then the 2 of a square where the term lost or kept it and no
    constant of the code is in the line, else a coefficient."""
    skip = _not_arithmetic(rhs)
    parts = []
    for node in ast.walk(rhs):
        if id(node) in skip:
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            parts += [node.left, node.right]
        elif isinstance(node, ast.Call) and _callee(node) == "where" and len(node.args) == 3:
            parts += node.args[1:]
    in_line = _names_of(rhs)
    for term in parts:
        for text, value in scalars:  # a constant the line uses (an exponent) left out
            if text in in_line and value not in (0.0, 1.0, -1.0):
                yield _edit(site, "wrong-coefficient", term, f"{text} * ({_text(term)})",
                            f"{_text(term)} times {text}")
        # a constant of the code in this term (``2 * LAM * Q``), not in another one
        named = any(isinstance(n, ast.Name) and any(n is c for c in nodes)
                    for n in ast.walk(term))
        for ratio in _RATIOS:
            if ratio == -1:
                continue  # a term's sign is the sign edits' work
            cause = "square-factor" if ratio in (0.5, 2.0) and not named \
                else "wrong-coefficient"
            yield _edit(site, cause, term, f"{_ratio(ratio)} * ({_text(term)})",
                        f"{_text(term)} times {_ratio(ratio)}")
        for text, value in scalars:
            if value not in (0.0, 1.0, -1.0):
                yield _edit(site, "wrong-coefficient", term, f"{text} * ({_text(term)})",
                            f"{_text(term)} times {text}")
                yield _edit(site, "wrong-coefficient", term, f"({_text(term)}) / {text}",
                            f"{_text(term)} over {text}")


def _scaling_root_edits(site: Site) -> Iterator[Edit]:
    """A size that scales the value, where its square root belongs or the other way
    (``dS / d`` for attention's ``dS / sqrt(d)``)."""
    for node in _nodes(site):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Mult)) \
                and _is_size(site, node.right):
            size = _text(node.right)
            yield _edit(site, "wrong-coefficient", node.right, f"({size}) ** 0.5",
                        f"{size} -> sqrt({size})")
            yield _edit(site, "wrong-coefficient", node.right, f"({size}) ** 2",
                        f"{size} -> {size} ** 2")


def _ratio(c: float) -> str:
    fraction = Fraction(c).limit_denominator(64)
    return str(fraction) if fraction.denominator == 1 else \
        f"({fraction.numerator} / {fraction.denominator})"


def term_edits(site: Site, pool: Pool) -> Iterator[Edit]:
    """The value plus a multiple of a value the code holds, of such a value summed over an
    axis, or of a product of two of these, where that is what the line lacks."""
    rhs = _rhs(site.stmt)
    if rhs is None or site.value is None or site.target is None \
            or site.value.shape != site.target.shape or isinstance(site.stmt, ast.AugAssign):
        return
    lacking = site.target - site.value
    factor = _multiple(lacking, site.value)
    if float(lacking.abs().max()) == 0 or (factor is not None and (
            lacking.numel() > 1 or _simple_fraction(factor) is not None)):
        return  # nothing lacks, or a factor does: a coefficient, not a term
    for text, term in _terms(pool, lacking.shape):
        shaped = _broadcast(term, lacking.shape)
        if shaped is None:
            continue
        c = _multiple(lacking, shaped)
        if c is None:
            continue
        yield from _added_terms(site, rhs, text, c, exact=lacking.numel() == 1)
    for text, c in _affine_terms(pool, lacking):
        yield from _added_terms(site, rhs, text, c, exact=True)


def unread_term_edits(site: Site) -> Iterator[Edit]:
    """A term the code computed and then never read, left out of the line: ``mean_d =
    sum(dxhat) / n`` before ``(d - h * mean_dh) / std`` that needs ``d - mean_d - ...``.
    Added or taken away in each sum of the line (of a list comprehension, its element)."""
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    stored = {n.id for n in ast.walk(site.function) if isinstance(n, ast.Name)
              and isinstance(n.ctx, ast.Store)}
    read = {n.id for n in ast.walk(site.function) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}
    unread = [name for name in sorted(stored - read)
              if _tensor(site.scope.get(name)) is not None]
    element = _element(rhs)
    sums = [element] + [n for n in ast.walk(element) if n is not element
                        and isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Add, ast.Sub))]
    for name, node, sign in itertools.product(unread, sums, ("-", "+")):
        yield _edit(site, "missing-term", node, f"({_text(node)} {sign} {name})",
                    f"{sign} {name} in ({_text(node)})")


def inner_term_edits(site: Site, pool: Pool) -> Iterator[Edit]:
    """A term missing inside a sum the line goes on to scale: ``inv_std * (dxh - dxh.mean(0)
    - xh * (dxh * xh).mean(0))``, batch norm's path through the variance. Where the line is
    linear in the sum, what the sum should have been follows from the line's target, and
    what it lacks is a value the code holds times a sum of a product of two."""
    rhs = _rhs(site.stmt)
    value, target = _tensor(site.value), site.target
    if rhs is None or value is None or target is None or value.numel() != target.numel():
        return
    target = target.reshape(value.shape)
    for inner in [n for n in ast.walk(rhs) if n is not rhs and isinstance(n, ast.BinOp)
                  and isinstance(n.op, (ast.Add, ast.Sub))]:
        runs = [_broadcast(_tensor(site.evaluate(_rhs(_edit(site, "", inner, k, "").stmt))),
                           target.shape) for k in ("0", "1", "2")]
        have = _tensor(site.evaluate(inner))
        if any(r is None for r in runs) or have is None:
            continue
        scale = runs[1] - runs[0]
        if not _close(runs[2], runs[0] + 2 * scale) or not bool((scale != 0).all()):
            continue  # the line is not a scale of the sum plus something else
        spread = _broadcast(have, target.shape)
        if spread is None:
            continue
        lacking = (target - runs[0]) / scale - spread
        if float(lacking.abs().max()) == 0:
            continue
        for text, term in _reduced_products(pool, lacking.shape):
            c = _multiple(lacking, term)
            for coefficient in [] if c is None else _coefficient_texts(c, site, exact=True):
                sign, coefficient = ("-", coefficient[1:]) if coefficient.startswith("-") \
                    else ("+", coefficient)
                yield _edit(site, "missing-term", inner,
                            f"({_text(inner)} {sign} {coefficient}{text})",
                            f"{sign} {coefficient}{text} in ({_text(inner)})")


def _broadcast(value: Tensor | None, shape: torch.Size) -> Tensor | None:
    """``value`` spread to ``shape``, or None where it does not broadcast to it."""
    try:
        return None if value is None else torch.broadcast_to(value, shape)
    except RuntimeError:
        return None


def _reduced_products(pool: Pool, shape: torch.Size) -> Iterator[tuple[str, Tensor]]:
    """``a * (b * c).sum(axis, keepdims=True)`` (or its mean) of values of ``shape`` the
    code holds: a term of a normalisation's gradient."""
    held = [(text, t, isinstance(v, Tensor)) for text, v in pool.items
            if (t := _tensor(v)) is not None and t.shape == shape][:8]
    for (b, vb, is_torch), (c, vc, _) in itertools.combinations_with_replacement(held, 2):
        keep = "keepdim" if is_torch else "keepdims"
        for axis in range(len(shape)):
            for how in ("mean", "sum"):  # a mean needs no size written beside it
                reduced = getattr(vb * vc, how)(axis, keepdim=True)
                for a, va, _ in held:
                    yield f"{a} * ({b} * {c}).{how}({axis}, {keep}=True)", va * reduced


def arriving_terms(site: Site, pool: Pool) -> Iterator[Edit]:
    """The gradient arriving by another path added (``dc = dh * o * (1 - tc ** 2) +
    dc_next``), a gradient the code holds with the line's shape (zero, perhaps, in the first
    step of a loop). Few, and tried early, in a whole run: the term held is wrong too where
    the steps after it lacked it."""
    rhs, value = _rhs(site.stmt), _tensor(site.value)
    if rhs is None or value is None or not isinstance(site.stmt, ast.Assign):
        return
    for text, held in pool.items:
        term = _tensor(held)
        if term is not None and term.shape == value.shape and _gradient_name(text, site.scope) \
                and text not in _names_of(rhs) | _names_of(*site.stmt.targets):
            edit = _edit(site, "missing-term", rhs, f"{_text(rhs)} + {text}", f"+ {text}")
            yield dataclasses.replace(edit, whole=True)


def _added_terms(site: Site, rhs: ast.expr, term: str, c: float, exact: bool
                 ) -> Iterator[Edit]:
    """The value plus ``c`` times ``term``, with ``c`` written each way the code would."""
    for coefficient in _coefficient_texts(c, site, exact=exact):
        sign, coefficient = ("-", coefficient[1:]) if coefficient.startswith("-") \
            else ("+", coefficient)
        yield _edit(site, "missing-term", rhs, f"{_text(rhs)} {sign} {coefficient}{term}",
                    f"{sign} {coefficient}{term}")


def _affine_terms(pool: Pool, lacking: Tensor) -> Iterator[tuple[str, float]]:
    """``(1 + v)`` or ``(1 - v)`` for a value ``v`` the code holds, with c, where ``lacking``
    = c (1 +- v): the product rule's other term (``0.5 * (1 + th)`` of a GELU)."""
    if lacking.numel() < 3:
        return
    for text, value in pool.items:
        v = _tensor(value)
        if v is None or v.numel() < 3:
            continue
        try:
            v = torch.broadcast_to(v, lacking.shape)
        except RuntimeError:
            continue
        for sign in ("+", "-"):
            shaped = 1 + v if sign == "+" else 1 - v
            c = _multiple(lacking, shaped)
            if c is not None:
                yield f"(1 {sign} {text})", c


def _terms(pool: Pool, shape: torch.Size) -> Iterator[tuple[str, Tensor]]:
    """Values the code holds, summed over an axis, and products of two of them, that fit
    ``shape``; the simplest first."""
    singles = [(text, _tensor(v)) for text, v in pool.items]
    torch_code = {text: isinstance(v, Tensor) for text, v in pool.items}
    reduced = []
    for text, value in singles:
        keep = "keepdim" if torch_code[text] else "keepdims"
        for axis in range(value.dim()):
            for how in ("sum", "mean"):
                reduced.append((f"{text}.{how}({axis})", getattr(value, how)(axis)))
                reduced.append((f"{text}.{how}({axis}, {keep}=True)",
                                getattr(value, how)(axis, keepdim=True)))
    signs = [(f"{module}.sign({text})", torch.sign(_tensor(v))) for text, v in pool.items
             if _tensor(v).numel() > 1 and (module := _module_for(pool.site, v)) is not None
             ]  # the derivative of an absolute value (an L1 penalty)
    firsts = singles + signs + reduced
    yield from _fitting(firsts, shape)
    products = []
    for i, (a, va) in enumerate(firsts):
        for b, vb in firsts[i:]:
            with contextlib.suppress(RuntimeError):
                products.append((f"{a} * {b}", va * vb))
    for a, va in singles:
        for b, vb in singles:
            if va.dim() == 2 and vb.dim() == 2:
                for left, right, text in ((va, vb, f"{a} @ {b}"), (va.T, vb, f"{a}.T @ {b}"),
                                          (va, vb.T, f"{a} @ {b}.T")):
                    if left.shape[1] == right.shape[0]:
                        products.append((text, left @ right))
    yield from _fitting(products, shape)


def _fitting(terms: list[tuple[str, Tensor]], shape: torch.Size
             ) -> Iterator[tuple[str, Tensor]]:
    """The terms that broadcast to ``shape`` as they are."""
    for text, term in terms:
        try:
            if torch.broadcast_shapes(term.shape, shape) == shape:
                yield text, term
        except RuntimeError:
            continue


def _multiple(a: Tensor, b: Tensor) -> float | None:
    """c with a = c b, when there is one."""
    norm = float((b * b).sum())
    if norm == 0 or not math.isfinite(norm):
        return None
    c = float((a * b).sum()) / norm
    if not math.isfinite(c) or c == 0 or not _close(a, c * b):
        return None
    return c


def _coefficient_texts(c: float, site: Site, exact: bool = False) -> list[str]:
    """Ways to write the coefficient ``c`` as the code would, each followed by `` * ``:
    with a constant of the code (``LAM``), a size it holds (``N``), both, or a simple
    fraction, in that order; the number itself last (not with ``exact``)."""
    if abs(c - 1) < 1e-9:
        return [""]
    if abs(c + 1) < 1e-9:
        return ["-"]
    sign, c = ("-", -c) if c < 0 else ("", c)
    written = _written_names(site.stmt)  # the old value of what the line assigns is no name
    held = {n: v for n, v in site.scope.items()
            if n not in site.globals and n not in written} | site.constants
    constants = sorted(((n, v) for n, v in held.items() if isinstance(v, float)
                        and v > 0), key=lambda item: (abs(item[1] - c) > 1e-12 * c,
                                                      item[0] in site.globals))
    sizes = list(_size_names(site).items())
    found = []
    for name, value in constants:  # the coefficient itself first, the code's own first
        for size, n in [(None, 1), *sizes]:
            for power, text in ((1, f"{name} / {size}"), (-1, f"{name} * {size}")):
                if size is None and power == -1:
                    continue
                rest = _simple_fraction(c / value * (n if power == 1 else 1 / n))
                if rest is not None:
                    body = name if size is None else f"({text})"
                    found.append(body if rest == 1 else f"{_ratio(float(rest))} * {body}")
    for size, n in sizes:
        for rest, text in ((c * n, f"/ {size}"), (c / n, f"* {size}")):
            fraction = _simple_fraction(rest)
            if fraction is not None:
                found.append(f"({fraction.numerator} {text}" + (
                    f" / {fraction.denominator})" if fraction.denominator != 1 else ")"))
    fraction = _simple_fraction(c)
    if fraction is not None:
        found.append(_ratio(float(fraction)))
    elif not exact:
        found.append(repr(c))
    return [f"{sign}{text} * " for text in dict.fromkeys(found)]


def _simple_fraction(c: float) -> Fraction | None:
    fraction = Fraction(c).limit_denominator(16)
    if abs(float(fraction) - c) <= 1e-9 * abs(c) and abs(fraction.numerator) <= 16:
        return fraction
    return None


def return_edits(site: Site) -> Iterator[Edit]:
    """Two returned values swapped."""
    value = site.stmt.value if isinstance(site.stmt, ast.Return) else None
    if not isinstance(value, ast.Tuple):
        return
    for i in range(len(value.elts)):
        for j in range(i + 1, len(value.elts)):
            swapped = copy.deepcopy(value)
            swapped.elts[i], swapped.elts[j] = swapped.elts[j], swapped.elts[i]
            factors = _other_factors(value.elts[i], value.elts[j])
            if factors is None:
                yield _edit(site, "return-order", value, swapped,
                            f"{_text(value.elts[i])} and {_text(value.elts[j])} swapped")
            else:  # a product node's inputs each times itself: the other input belongs
                yield _edit(site, "wrong-operand", value, swapped,
                            f"{factors[0]} and {factors[1]} swapped in the products")


def _other_factors(a: ast.expr, b: ast.expr) -> tuple[str, str] | None:
    """For two products that share one factor and differ in the other (``dout * self.a,
    dout * self.b``), those two factors; else None."""
    if not (isinstance(a, ast.BinOp) and isinstance(b, ast.BinOp)
            and isinstance(a.op, ast.Mult) and isinstance(b.op, ast.Mult)):
        return None
    if ast.dump(a.left) == ast.dump(b.left) and ast.dump(a.right) != ast.dump(b.right):
        return _text(a.right), _text(b.right)
    if ast.dump(a.right) == ast.dump(b.right) and ast.dump(a.left) != ast.dump(b.left):
        return _text(a.left), _text(b.left)
    return None


def accumulate_edits(site: Site) -> Iterator[Edit]:
    """``dW[idx] += dout`` (or ``dW[idx] = dout``, into zeros) with an index that repeats
    keeps one of the repeated rows' terms: every term is added by ``np.add.at(dW, idx,
    dout)`` (``dW.index_put_(..., accumulate=True)`` in torch)."""
    stmt = site.stmt
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add):
        target = stmt.target
    elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
    else:
        return
    if not isinstance(target, ast.Subscript):
        return
    array, index = target.value, target.slice
    value = site.evaluate(array)
    indices = index.elts if isinstance(index, ast.Tuple) else [index]
    if any(isinstance(i, ast.Slice) for i in indices):
        return  # a slice never repeats an element
    if isinstance(value, np.ndarray):
        module = _module_for(site, value)
        if module is None:
            return
        text = f"{module}.add.at({_text(array)}, {_text(index)}, {_text(stmt.value)})"
    elif isinstance(value, Tensor):
        text = (f"{_text(array)}.index_put_(({', '.join(_text(i) for i in indices)},), "
                f"{_text(stmt.value)}, accumulate=True)")
    else:
        return
    fixed = ast.copy_location(ast.Expr(_parsed(text)), stmt)
    yield Edit("missing-term", f"{_text(stmt)} -> {text}", ast.fix_missing_locations(fixed))


def sign_edits(site: Site) -> Iterator[Edit]:
    stmt = site.stmt
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, (ast.Add, ast.Sub)):
        flipped = copy.deepcopy(stmt)
        flipped.op = ast.Sub() if isinstance(stmt.op, ast.Add) else ast.Add()
        yield Edit("sign", "+= -> -=" if isinstance(stmt.op, ast.Add) else "-= -> +=",
                    flipped)
        yield from _argument_signs(site, stmt.value, _not_arithmetic(stmt.value))
        return
    rhs = _value(stmt)
    if rhs is None:
        return
    skip = _not_arithmetic(rhs)  # x.shape[-1], dim=-1: no sign of the value
    for node in ast.walk(rhs):  # a minus written where none belongs: the one to drop
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) \
                and id(node) not in skip:
            yield _edit(site, "sign", node, copy.deepcopy(node.operand),
                        f"-{_text(node.operand)} -> {_text(node.operand)}")
    # the whole value negated is judged by a whole run: what the line should compute may
    # have been read past a later line that mixes it with other values
    whole = _element(rhs)
    for part in whole.elts if isinstance(whole, ast.Tuple) else [whole]:  # one of several
        # values returned together (``return dout, dout`` of a subtraction)
        yield dataclasses.replace(_edit(site, "sign", part, f"-({_text(part)})", "negated"),
                                  whole=True)
    for node in ast.walk(rhs):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            flipped = copy.deepcopy(node)
            flipped.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            term = _text(node.right)
            change = f"+ {term} -> - {term}" if isinstance(node.op, ast.Add) \
                else f"- {term} -> + {term}"
            yield _edit(site, "sign", node, flipped, change)
            if not (isinstance(node.left, ast.BinOp)
                    and isinstance(node.left.op, (ast.Add, ast.Sub))):
                first = _text(node.left)  # the first term of the sum: negated in place
                yield _edit(site, "sign", node.left, f"-({first})",
                            f"{first} -> -{first}")
    yield from _argument_signs(site, rhs, skip)


#: Functions whose argument's sign is not their value's (negating the argument of a sum or
#: a reshape is negating the value, tried already).
_UNEVEN = frozenset({"exp", "expm1", "sigmoid", "expit", "softplus", "log_sigmoid",
                     "logsigmoid", "log1p", "erf", "erfc", "softmax", "log_softmax", "relu"})


def _argument_signs(site: Site, rhs: ast.expr, skip: set[int]) -> Iterator[Edit]:
    """A minus lost inside the one argument of an uneven function or of the user's own:
    ``sigma(y s)`` for ``sigma(-y s)``."""
    for node in ast.walk(rhs):
        if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords \
                and id(node) not in skip and not isinstance(node.args[0], ast.Constant) \
                and not (isinstance(node.args[0], ast.UnaryOp)
                         and isinstance(node.args[0].op, ast.USub)) \
                and (_callee(node) in _UNEVEN or (isinstance(node.func, ast.Name) and isinstance(
                    site.scope.get(node.func.id), types.FunctionType))):
            argument = _text(node.args[0])
            yield _edit(site, "sign", node.args[0], f"-({argument})",
                        f"{_text(node)} -> {_text(node.func)}(-({argument}))")


def overwrite_edits(site: Site) -> Iterator[Edit]:
    """A gradient written over where it should be scaled: ``g[i] = local`` where the
    incoming ``g[i]`` times the local derivative belongs (``g[i] *= local``)."""
    stmt = site.stmt
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], (ast.Subscript, ast.Attribute))):
        return
    target = stmt.targets[0]
    held = site.evaluate(_parsed(_text(target)))  # read, as it was before the line
    if not isinstance(held, (Tensor, np.ndarray, np.generic, float)) \
            or np.shape(held) != np.shape(site.evaluate(stmt.value)):
        return
    scaled = ast.AugAssign(target=copy.deepcopy(target), op=ast.Mult(),
                           value=copy.deepcopy(stmt.value))
    yield Edit("wrong-coefficient", f"{_text(target)} = ... -> {_text(target)} *= ...",
               ast.fix_missing_locations(ast.copy_location(scaled, stmt)))
