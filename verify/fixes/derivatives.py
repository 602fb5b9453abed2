"""Edits of activation derivatives: the derivative left out (activation-derivative-missing)
or written with the activation's input where its output belongs
(activation-derivative-of-input).
"""

from __future__ import annotations

import ast
import dataclasses
import gc
import itertools
import types
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import torch
from torch import Tensor

from verify.fixes.pool import Pool, _gate, _module_for
from verify.fixes.site import (
    _ACTIVATIONS,
    Edit,
    Site,
    _callee,
    _close,
    _edit,
    _numbers,
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
    for text, value in pool.items:
        module = _module_for(site, value)
        if module is not None:
            sigmoid = f"{module}.sigmoid({text})" if isinstance(value, Tensor) \
                else f"(1 / (1 + {module}.exp(-{text})))"
            forms += [f"1 / (1 + {module}.exp(-{text}))", f"(1 - {module}.tanh({text}) ** 2)",
                      f"{sigmoid} * (1 - {sigmoid})"]
    others: list[tuple[str, Tensor]] = []
    for form in forms:
        got = _tensor(site.evaluate(_parsed(form)))
        if got is not None:
            known_one = any(_derivative_of(v, got) for v in local)
            (found if known_one else others).append((form, got))
    for form in _piecewise_derivatives(site, pool):
        got = _tensor(site.evaluate(_parsed(form)))
        if got is not None and any(_derivative_of(v, got) for v in local):
            found.append((form, got))
    return found + _combined_derivatives(site, pool, local), others


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


def derivative_edits(site: Site, pool: Pool, known: _Knowns) -> Iterator[Edit]:
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    derivatives, others = _derivatives(site, pool, known)
    for node in ast.walk(rhs):
        if not isinstance(node, ast.BinOp) or not _like_derivative(node):
            continue
        value = _tensor(site.evaluate(node))
        for form, derivative in derivatives:
            if value is not None and value.shape == derivative.shape \
                    and not _close(value, derivative):
                yield _edit(site, "activation-derivative-of-input", node, f"({form})",
                            f"{_text(node)} -> {form}")
    masks = {f"({text} > 0)" for text, value in pool.items if _gate(value)}
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
                and activation is not None and (any(w in lower for w in _DERIVATIVE_WORDS)
                                                or lower.startswith("d")):
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
    word = max((w for w in _ACTIVATION_AT if w in name), key=len, default=None)
    functions = [f for f in gc.get_referrers(code)
                 if isinstance(f, types.FunctionType) and f.__code__ is code]
    if word is None or not functions:
        return None
    derivative = any(w in name for w in _DERIVATIVE_WORDS) or name.startswith("d")
    kind = "derivative" if derivative else "activation"
    expected = _ACTIVATION_AT[word][1 if derivative else 0]
    v = torch.linspace(-3, 3, 13, dtype=torch.float64) + 0.05
    for argument in (v.numpy(), v):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                got = _tensor(functions[0](argument.copy() if isinstance(argument, np.ndarray)
                                           else argument.clone()))
        except (Exception, SystemExit):  # the helper takes the other kind of array
            continue
        if got is not None and got.shape == v.shape:
            return kind if _close(got, expected(v)) else None
    return None
