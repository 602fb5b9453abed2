"""Edits of activation derivatives: the derivative left out (activation-derivative-missing)
or written with the activation's input where its output belongs
(activation-derivative-of-input).
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import functools
import gc
import itertools
import math
import types
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import torch
from torch import Tensor

from verify.fixes.pool import Pool, _distinct, _gate, _module_for
from verify.fixes.site import (
    _ACTIVATIONS,
    Edit,
    Site,
    _callee,
    _close,
    _edit,
    _numbers,
    _operands,
    _parsed,
    _rhs,
    _source_tree,
    _tensor,
    _text,
)
from verify.locate import _Knowns

#: Activations whose input and output a derivative may be written with, one for the other.
_ACTIVATION_FUNCTIONS = (torch.sigmoid, torch.tanh, torch.exp, torch.nn.functional.softplus,
                         torch.relu, torch.nn.functional.gelu, torch.nn.functional.silu,
                         torch.nn.functional.elu, torch.nn.functional.selu,
                         torch.nn.functional.leaky_relu, torch.nn.functional.mish)


def _activation_pair(mine: Tensor, theirs: Tensor) -> bool:
    """Is one value an activation of the other: ``y = f(z)`` for a usual ``f``, or a
    piecewise one that is the identity where ``z > 0`` (ELU, leaky ReLU)?"""
    if mine.shape != theirs.shape:
        return False
    for a, b in ((mine, theirs), (theirs, mine)):
        if any(_close(b, f(a)) for f in _ACTIVATION_FUNCTIONS):
            return True
        positive = a > 0
        if bool(positive.any()) and bool((~positive).any()) \
                and _close(b[positive], a[positive]) and not _close(b, a):
            return True
    return False


def _in_derivative(stmt: ast.stmt, node: ast.expr) -> bool:
    """Does the operand stand where an activation derivative is written: in the pattern of
    one (``z (1 - z)``, ``1 - z**2``) or in the argument of an activation (``sigmoid(z)``,
    ``exp(minimum(z, 0))``)?"""
    text = _text(node)
    called = any(isinstance(n, ast.Call) and _callee(n) in _ACTIVATIONS
                 and any(_text(inner) == text for a in n.args for inner in ast.walk(a)
                         if isinstance(inner, ast.expr))
                 for n in ast.walk(stmt))
    return called or _derivative_pattern(stmt, node)


def _feeds_derivative(site: Site, node: ast.expr) -> bool:
    """Is the operand where an activation derivative is taken, one step away: the argument
    of a derivative helper (``sigmoid_prime(a)``, one whose return is ``a * (1 - a)``), or
    assigned to a name that a later line writes in a derivative's pattern (``z =
    zs[-l]`` before ``sp = z * (1 - z)``)?"""
    text = _text(node)
    for call in ast.walk(site.stmt):
        if not isinstance(call, ast.Call):
            continue
        helper = site.scope.get(_callee(call))
        if any(_text(a) == text for a in call.args) and (_derivative_helper(helper) or (
                isinstance(helper, types.FunctionType)
                and _right_helper_kind(helper.__code__) == "derivative")):
            return True
    stmt = site.stmt
    if not (isinstance(stmt, ast.Assign) and stmt.value is node and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)):
        return False
    name = ast.Name(stmt.targets[0].id)
    return any(_derivative_pattern(later, name) for later in ast.walk(site.function)
               if isinstance(later, ast.stmt) and not isinstance(later, (
                   ast.FunctionDef, ast.For, ast.While, ast.If, ast.With))
               and later.lineno > stmt.lineno)


def _derivative_helper(function: Any) -> bool:
    """Is ``function`` the user's helper that returns an activation's derivative written
    with its argument (``return a * (1 - a)``)?"""
    tree = _source_tree(function) if isinstance(function, types.FunctionType) else None
    if tree is None:
        return False
    body = tree.body[0]
    if not isinstance(body, ast.FunctionDef) or not body.args.args:
        return False
    argument = ast.Name(body.args.args[0].arg)
    return any(isinstance(n, ast.Return) and n.value is not None
               and _derivative_pattern(n, argument) for n in ast.walk(body))


def _derivative_pattern(stmt: ast.stmt, node: ast.expr) -> bool:
    """Does the operand appear as an activation derivative does: twice (``z (1 - z)``) or
    squared (``1 - z**2``)?"""
    text = _text(node)
    seen = [n for n in ast.walk(stmt) if isinstance(n, ast.expr) and _text(n) == text]
    squared = any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow)
                  and _text(n.left) == text for n in ast.walk(stmt))
    return len(seen) >= 2 or squared


def _like_derivative(node: ast.expr) -> bool:
    """Is the expression written as an activation's derivative is: a value twice (``z (1 -
    z)``), a square, a ``1 - ...``, or an activation called? (``1.0 * df`` is not.)"""
    texts = [_text(n) for n in ast.walk(node) if isinstance(n, (ast.Name, ast.Attribute))]
    return len(texts) != len(set(texts)) or any(
        (isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow))
        or (isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub)
            and isinstance(n.left, ast.Constant))
        or (isinstance(n, ast.Call) and _callee(n) in _ACTIVATIONS) for n in ast.walk(node))


def _derivative_written(stmt: ast.stmt) -> bool:
    """Does the line write an activation's derivative, ``s (1 - s)`` or ``1 - t ** 2``
    (swish's ``s + x s (1 - s)``)?"""
    texts = [_text(n) for n in ast.walk(stmt) if isinstance(n, ast.expr)]
    for n in ast.walk(stmt):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) \
                and isinstance(n.left, ast.Constant) and n.left.value == 1:
            right = n.right
            if isinstance(right, ast.BinOp) and (
                    isinstance(right.op, ast.Pow) or (isinstance(right.op, ast.Mult) and _text(
                        right.left) == _text(right.right))):
                return True
            if isinstance(right, (ast.Name, ast.Attribute)) and texts.count(_text(right)) >= 2:
                return True
    return False


def _derivatives(site: Site, pool: Pool, known: _Knowns
                 ) -> tuple[list[tuple[str, Tensor]], list[tuple[str, Tensor]]]:
    """Activation derivatives written with the code's values (``y * (1 - y)``, ``(1 - h **
    2)``, ``(z > 0)``, ``sigmoid(z)``): those equal to the derivative of one of the loss's
    operations, and the others."""
    local = [k.value for k in known.items if k.kind == "local"]
    found: list[tuple[str, Tensor]] = []
    forms = [form for text, _ in pool.items
             for form in (f"{text} * (1 - {text})", f"(1 - {text} ** 2)", f"({text} > 0)")]
    helpers = _activation_helpers(site)
    for text, value in pool.items:
        module = _module_for(site, value) or _math_for(site, value)
        if module is not None:
            sigmoid = f"{module}.sigmoid({text})" if isinstance(value, Tensor) \
                else f"(1 / (1 + {module}.exp(-{text})))"
            forms += [f"1 / (1 + {module}.exp(-{text}))", f"(1 - {module}.tanh({text}) ** 2)",
                      f"{sigmoid} * (1 - {sigmoid})"]
    others: list[tuple[str, Tensor]] = []
    computed = [(form, _tensor(site.evaluate(_parsed(form)))) for form in forms]
    for form, got in _helper_derivatives(helpers, pool) + computed:  # the user's words first
        if got is not None:
            known_one = any(_derivative_of(v, got) for v in local)
            (found if known_one else others).append((form, got))
    for form in _piecewise_derivatives(site, pool):
        got = _tensor(site.evaluate(_parsed(form)))
        if got is not None and any(_derivative_of(v, got) for v in local):
            found.append((form, got))
    return found + _combined_derivatives(site, pool, local), others


def _math_for(site: Site, value: Any) -> str | None:
    """The name the code gives ``math``, for a Python number (code written with floats)."""
    if not isinstance(value, float):
        return None
    return next((n for n, v in site.globals.items() if v is math), None)


def _activation_helpers(site: Site) -> list[tuple[str, str]]:
    """The user's functions that compute a sigmoid or a tanh, whatever their names (see
    ``computed_activation``), each with that word: softplus's derivative is the sigmoid
    itself."""
    found = []
    for name, value in site.globals.items():
        if isinstance(value, types.FunctionType) \
                and not _names_derivative(name.lower().lstrip("_")):
            word = computed_activation(value.__code__)
            if word in ("sigmoid", "tanh"):
                found.append((name, word))
    return found


def _helper_derivatives(helpers: list[tuple[str, str]], pool: Pool
                        ) -> list[tuple[str, Tensor | None]]:
    """Derivatives written with the user's sigmoid or tanh helpers (``logistic(z)``,
    ``sig(h) * (1 - sig(h))``, ``1 - tanh_(a) ** 2``) at the numbers the code holds, each
    with its value, computed here by torch: a helper found right needs no call."""
    forms: list[tuple[str, Tensor | None]] = []
    for name, word in helpers:
        for text, value in pool.items:
            held = _tensor(value) if isinstance(value, float) else None
            if held is None:  # a helper proven on numbers; arrays it may not take
                continue
            at = _ACTIVATION_AT[word][0](held)
            forms += [(f"{name}({text})", at), (f"{name}({text}) * (1 - {name}({text}))",
                                                at * (1 - at))] if word != "tanh" \
                else [(f"(1 - {name}({text}) ** 2)", 1 - at ** 2)]
    return forms


def _derivative_of(local: Tensor, got: Tensor) -> bool:
    """Is ``got`` the loss's local derivative ``local``: all of it, or, for a number a loop
    over examples computes, one of its elements (a 0 or a 1 of a mask is no such sign)?"""
    if local.shape == got.shape:
        return _close(local, got)
    if got.numel() != 1 or float(got.reshape(())) in (0.0, 1.0):
        return False
    number = got.reshape(())  # ``_close`` of each element, all at once
    bound = 1e-9 * torch.maximum(local.abs(), number.abs()).clamp_min(1e-300)
    return bool(((local - number).abs() <= bound).any())


def _combined_derivatives(site: Site, pool: Pool, local: list[Tensor]
                          ) -> list[tuple[str, Tensor]]:
    """A derivative the code holds in pieces: ``a + b * c`` of values it holds that is the
    derivative of one of the loss's operations (GELU's ``cdf + z * pdf``)."""
    value = _tensor(site.value)
    if value is None:
        return []
    numel = value.numel()
    held = [(text, t) for text, value in pool.items
            if (t := _tensor(value)) is not None and t.numel() == numel][:8]
    wanted = [v.reshape(-1) for v in local if v.numel() == numel]
    if not wanted:
        return []
    stacked = torch.stack(wanted)
    sizes = stacked.abs().amax(dim=1)
    found = []
    for (a, va), (b, vb), (c, vc) in itertools.product(held, repeat=3):
        if b > c or a in (b, c) or va.shape != vb.shape or vb.shape != vc.shape:
            continue
        got = va + vb * vc
        flat = got.reshape(1, -1)
        gaps = (stacked - flat).abs().amax(dim=1)
        if bool((gaps <= 1e-9 * torch.clamp(sizes, min=float(flat.abs().max()))).any()):
            found.append((f"({a} + {b} * {c})", got))
    return found


def _piecewise_derivatives(site: Site, pool: Pool) -> Iterator[str]:
    """The derivatives of ELU (``where(z > 0, 1, alpha exp(z))``), leaky ReLU (``where(z >
    0, 1, slope)``) and swish (``s (1 + z (1 - s))``, ``s = sigmoid(z)``) written with the
    code's values and constants; offered only where one is a derivative the loss takes."""
    scales = [n for n, v in site.constants.items() if 0 < v <= 10] + ["1.0"]
    for text, value in pool.items:
        module = _module_for(site, value)
        if module is None:
            continue
        for scale in scales:
            yield f"{module}.where({text} > 0, 1.0, {scale} * {module}.exp({text}))"
        for slope in pool.slopes():
            yield f"{module}.where({text} > 0, 1.0, {slope})"
        sigmoid = f"(1 / (1 + {module}.exp(-{text})))"
        yield f"{sigmoid} * (1 + {text} * (1 - {sigmoid}))"
    yield from _clip_masks(site, pool)


def _clip_masks(site: Site, pool: Pool) -> Iterator[str]:
    """The derivative of a clip to [lo, hi] (``F.hardtanh``, ``clamp``, ``np.clip``,
    ``relu6``) written with the code's values: ``((z > lo) & (z < hi))``."""
    for text, value in pool.items:
        if isinstance(value, (Tensor, np.ndarray)) and value.ndim:
            for lo, hi in _clip_bounds(site):
                yield f"(({text} > {lo!r}) & ({text} < {hi!r}))"


def _clip_bounds(site: Site) -> list[tuple[float, float]]:
    """hardtanh's (-1, 1) and relu6's (0, 6), and the constant bounds of the loss's clamps."""
    bounds = [(-1.0, 1.0), (0.0, 6.0)]
    for call in ast.walk(site.loss_tree) if site.loss_tree is not None else ():
        if isinstance(call, ast.Call) and _callee(call) in _CLIPS:
            given = [*call.args[1:3], *(k.value for k in call.keywords)]
            numbers = [n for n in (_number(a) for a in given) if n is not None]
            if len(numbers) == 2 and numbers[0] < numbers[1]:
                bounds.append((numbers[0], numbers[1]))
    return list(dict.fromkeys(bounds))


_CLIPS = frozenset({"clamp", "clip", "hardtanh", "clamp_", "clip_"})


def _number(node: ast.expr) -> float | None:
    """A literal number, signed or not."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return float(node.value)
    return None


def derivative_edits(site: Site, pool: Pool, known: _Knowns) -> Iterator[Edit]:
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    derivatives, others = _derivatives(site, pool, known)
    clips = set(_clip_masks(site, pool))
    for node in ast.walk(rhs):
        # a derivative's pattern, or the activation itself where its derivative belongs
        if not (isinstance(node, ast.BinOp) and _like_derivative(node)) and not (
                isinstance(node, ast.Call) and _callee(node) in _ACTIVATIONS):
            continue
        value = _tensor(site.evaluate(node))
        for form, derivative in derivatives:
            if value is not None and value.shape == derivative.shape \
                    and not _close(value, derivative):
                yield _edit(site, "mask" if form in clips else
                            "activation-derivative-of-input", node, f"({form})",
                            f"{_text(node)} -> {form}")
    masks = {f"({text} > 0)" for text, value in pool.items if _gate(value)} | clips
    # a mask the code holds (dropout's) before the ReLU derivatives it zeroes along with
    # (judged in a whole run: what the line should compute may have been read as the
    # gradient past the ReLU that the mask's zeros fall in with)
    for form, _ in sorted(derivatives + others, key=lambda d: d[0] not in masks):
        edit = _edit(site, "mask" if form in masks else "activation-derivative-missing", rhs,
                     f"({_text(rhs)}) * ({form})", f"times {form}")
        yield dataclasses.replace(edit, whole=form in masks)
    for form, listed, edited in _element_derivatives(site, pool, rhs):
        got = _tensor(site.evaluate(_parsed(listed)))
        if got is not None and any(_derivative_of(k.value, got) for k in known.items
                                   if k.kind == "local"):
            yield _edit(site, "activation-derivative-missing", rhs, edited, f"times {form}")
    summands = _summands(rhs)
    for term in summands if len(summands) > 1 else []:  # one path's chain rule left out
        for form, _ in derivatives:
            yield _edit(site, "activation-derivative-missing", term,
                        f"({_text(term)}) * ({form})", f"{_text(term)} times {form}")
    shape = getattr(site.value, "shape", None)
    for helper in _derivative_helpers(site):
        for text, value in pool.items:
            if _tensor(value).shape == shape:
                yield _edit(site, "activation-derivative-missing", rhs,
                            f"({_text(rhs)}) * {helper}({text})", f"times {helper}({text})")


def softmax_jacobian_edits(site: Site) -> Iterator[Edit]:
    """A softmax's backward written with its Jacobian's diagonal alone (``dY * (Y - Y **
    2)``, the sigmoid's ``y (1 - y)``) where every class couples: ``Y * (dY - (dY *
    Y).sum(axis, keepdims=True))``, the off-diagonal terms missing. ``Y``: a value the
    line reads in a derivative's pattern, whose rows along an axis are probabilities
    summing to 1."""
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    operands = [(n, v) for n, v in _distinct(_operands(site, rhs))
                if isinstance(v, (Tensor, np.ndarray)) and v.ndim >= 1]
    for node, value in operands:
        axis = _probability_axis(_tensor(value))
        if axis is None or not _derivative_pattern(site.stmt, node):
            continue  # (a line that writes no derivative of it may be wrong otherwise)
        keep = "dim={}, keepdim=True" if isinstance(value, Tensor) else "axis={}, keepdims=True"
        for other, held in operands:
            if other is node or getattr(held, "shape", None) != value.shape:
                continue
            y, g = _text(node), _text(other)
            yield _edit(site, "missing-term", rhs,
                        f"{y} * ({g} - ({g} * {y}).sum({keep.format(axis)}))",
                        f"the softmax's Jacobian in full: {y} * ({g} - sum({g} * {y}))")


def log_softmax_jacobian_edits(site: Site) -> Iterator[Edit]:
    """A log-softmax's backward written as its probabilities plus or minus the gradient
    arriving (``exp(y) + dy``, ``p - dy``), right only where each row of ``dy`` sums to -1
    or 1 (a negative log-likelihood's one-hot): ``dy - p * dy.sum(axis, keepdims=True)``,
    the probabilities' coefficient the row's sum."""
    rhs = _rhs(site.stmt)
    if not isinstance(rhs, ast.BinOp) or not isinstance(rhs.op, (ast.Add, ast.Sub)):
        return
    terms = [(rhs.left, site.evaluate(rhs.left)), (rhs.right, site.evaluate(rhs.right))]
    for (p_node, p), (g_node, g) in (terms, terms[::-1]):
        axis = _probability_axis(_tensor(p))
        if axis is None or getattr(g, "shape", None) != getattr(p, "shape", ()) \
                or _probability_axis(_tensor(g)) is not None:
            continue
        keep = "dim={}, keepdim=True" if isinstance(g, Tensor) else "axis={}, keepdims=True"
        p_text, g_text = _text(p_node), _text(g_node)
        if not isinstance(g_node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
            g_text = f"({g_text})"
        yield _edit(site, "wrong-coefficient", rhs,
                    f"{g_text} - {p_text} * {g_text}.sum({keep.format(axis)})",
                    f"the log-softmax's Jacobian in full: {g_text} - {p_text} * "
                    f"sum({g_text})")


def _probability_axis(value: Tensor | None) -> int | None:
    """The axis along which every row of ``value`` holds probabilities that sum to 1 (a
    softmax's output), if one does."""
    if value is None or value.dim() < 1 or not bool(((value > 0) & (value < 1)).all()):
        return None
    for axis in range(value.dim() - 1, -1, -1):
        if value.shape[axis] > 1 and _close(value.sum(axis), torch.ones_like(value.sum(axis))):
            return axis
    return None


def grouping_edits(site: Site) -> Iterator[Edit]:
    """Parentheses left out: ``grad * ones - y * y`` where ``grad * (ones - y * y)``
    belongs, or ``a - b * c`` for ``(a - b) * c``. Regrouped into an activation's
    derivative, the derivative was written wrong; else an operand was."""
    rhs = _rhs(site.stmt)
    for node in [] if rhs is None else ast.walk(rhs):
        if not isinstance(node, ast.BinOp) or not isinstance(node.op, (ast.Add, ast.Sub)):
            continue
        left, right = node.left, node.right
        if isinstance(left, ast.BinOp) and isinstance(left.op, (ast.Mult, ast.Div)):
            inner = ast.BinOp(left.right, node.op, right)  # a * b - c -> a * (b - c)
            yield _grouped(site, node, ast.BinOp(left.left, left.op, inner), inner)
        if isinstance(right, ast.BinOp) and isinstance(right.op, (ast.Mult, ast.Div)):
            inner = ast.BinOp(left, node.op, right.left)  # a - b * c -> (a - b) * c
            yield _grouped(site, node, ast.BinOp(inner, right.op, right.right), inner)


def _grouped(site: Site, node: ast.BinOp, regrouped: ast.BinOp, inner: ast.BinOp) -> Edit:
    cause = "activation-derivative-of-input" if _like_derivative(inner) or \
        _derivative_written(ast.Expr(inner)) else "wrong-operand"
    return _edit(site, cause, node, copy.deepcopy(regrouped),
                 f"parentheses around {_text(inner)}")


def _element_derivatives(site: Site, pool: Pool, rhs: ast.expr
                         ) -> list[tuple[str, str, str]]:
    """For a list built one element at a time (``[o[k] - t[k] for k in range(K)]``), the
    derivatives written with the element of a list the code holds of the same length
    (``o[k] * (1 - o[k])``): each with the list of them (``[o[k] * (1 - o[k]) for k in
    range(K)]``) and the list it multiplies (``[(o[k] - t[k]) * (o[k] * (1 - o[k])) for k
    in range(K)]``)."""
    if not (isinstance(rhs, ast.ListComp) and len(rhs.generators) == 1
            and isinstance(rhs.generators[0].target, ast.Name) and not rhs.generators[0].ifs):
        return []
    built = site.evaluate(rhs)
    if not isinstance(built, list):
        return []
    k = rhs.generators[0].target.id
    loop = f"for {k} in {_text(rhs.generators[0].iter)}"
    found = []
    for text, value in pool.items:
        if isinstance(value, list) and len(value) == len(built) and _numbers(value) \
                and all(not isinstance(v, list) for v in value):
            element = f"{text}[{k}]"
            for form in (f"{element} * (1 - {element})", f"(1 - {element} ** 2)"):
                found.append((form, f"[{form} {loop}]",
                              f"[({_text(rhs.elt)}) * ({form}) {loop}]"))
    return found


def _summands(node: ast.expr) -> list[ast.expr]:
    """The terms of a sum (``a + b * c - d``: ``a``, ``b * c``, ``d``)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        return _summands(node.left) + _summands(node.right)
    return [node]


_DERIVATIVE_WORDS = ("prime", "grad", "deriv", "backward", "slope", "diff")
_ACTIVATION_WORDS = ("sigmoid", "sigm", "logistic", "tanh", "relu", "elu", "softplus",
                     "gelu", "silu", "swish", "act")


def _derivative_helpers(site: Site) -> list[str]:
    """The user's functions of one argument named as an activation's derivative
    (``elu_grad``, ``sigmoid_prime``, ``tanh_slope``, ``dsigmoid``)."""
    found = []
    for name, value in site.globals.items():
        lower = name.lower().lstrip("_")
        activation = next((a for a in _ACTIVATION_WORDS if a in lower), None)
        if isinstance(value, types.FunctionType) and value.__code__.co_argcount == 1 \
                and activation is not None and _names_derivative(lower):
            found.append(name)
    return found


#: An activation at v, and its derivative at v, by the word that names the activation.
_ACTIVATION_AT: dict[str, tuple[Callable[[Tensor], Tensor], Callable[[Tensor], Tensor]]] = {
    "sigmoid": (torch.sigmoid, lambda v: torch.sigmoid(v) * (1 - torch.sigmoid(v))),
    "sigm": (torch.sigmoid, lambda v: torch.sigmoid(v) * (1 - torch.sigmoid(v))),
    "logistic": (torch.sigmoid, lambda v: torch.sigmoid(v) * (1 - torch.sigmoid(v))),
    "tanh": (torch.tanh, lambda v: 1 - torch.tanh(v) ** 2),
    "softplus": (torch.nn.functional.softplus, torch.sigmoid),
    "relu": (torch.relu, lambda v: (v > 0).double()),
}


def right_helper(code: Any) -> bool:
    """Is ``code`` a function of one argument named for an activation (``sigmoid``) or its
    derivative (``sigmoid_prime``, ``dtanh``) that gives it at its argument, for numpy
    arrays or tensors? Such a helper is right as written: where its value is wrong, it was
    handed the wrong argument."""
    return _right_helper_kind(code) is not None


def _right_helper_kind(code: Any) -> str | None:
    """"activation" or "derivative" for a right helper (see ``right_helper``), else None."""
    if not isinstance(code, types.CodeType) or code.co_argcount != 1:
        return None
    name = code.co_name.lower().lstrip("_")
    word = _activation_word(code.co_name)
    if word is None:
        return None
    derivative = _names_derivative(name)
    expected = _ACTIVATION_AT[word][1 if derivative else 0]
    got = _helper_values(code)
    if got is None or not _close(got, expected(_HELPER_POINTS)):
        return None
    return "derivative" if derivative else "activation"


def computed_activation(code: Any) -> str | None:
    """The activation a function of one argument computes, whatever its name (``sig``,
    ``f``): the word of ``_ACTIVATION_AT`` it agrees with at a few points, if any."""
    if not isinstance(code, types.CodeType) or code.co_argcount != 1:
        return None
    got = _helper_values(code)
    return None if got is None else next(
        (w for w, (f, _) in _ACTIVATION_AT.items() if _close(got, f(_HELPER_POINTS))), None)


#: Where a helper's values are compared with an activation's.
_HELPER_POINTS = torch.linspace(-3, 3, 13, dtype=torch.float64) + 0.05


@functools.lru_cache(maxsize=256)  # asked of every function of the module, line by line
def _helper_values(code: types.CodeType) -> Tensor | None:
    """A function's values at ``_HELPER_POINTS``, given as a numpy array, a tensor, or one
    number at a time (a helper for Python floats); None where it takes none of them."""
    functions = [f for f in gc.get_referrers(code)
                 if isinstance(f, types.FunctionType) and f.__code__ is code]
    if not functions:
        return None
    helper, v = functions[0], _HELPER_POINTS
    calls = (lambda: helper(v.numpy().copy()), lambda: helper(v.clone()),
             lambda: [helper(x) for x in v.tolist()])
    for call in calls:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                got = _tensor(call())
        except (Exception, SystemExit):  # the helper takes another kind of argument
            continue
        if got is not None and got.shape == v.shape:
            return got
    return None


def _names_derivative(name: str) -> bool:
    """Does a function's name (lower case) say it gives a derivative: ``sigmoid_prime``,
    ``dtanh``, ``tanh_d``, ``relu_der``?"""
    return any(w in name for w in _DERIVATIVE_WORDS) or name.startswith("d") \
        or name.endswith(("_d", "_der"))


def _activation_word(name: str) -> str | None:
    """The longest word of ``_ACTIVATION_AT`` in a function's name (``sigmoid_prime``:
    sigmoid), if any."""
    lower = name.lower().lstrip("_")
    return max((w for w in _ACTIVATION_AT if w in lower), key=len, default=None)
