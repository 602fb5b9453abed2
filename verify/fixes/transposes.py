"""Edits that transpose (transpose): an operand (``W -> W.T``), a product's operands
swapped, or the whole value.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator

from verify.fixes.pool import _distinct, _module_for
from verify.fixes.site import Edit, Site, _callee, _edit, _matrix, _operands, _text, _value


def transpose_edits(site: Site) -> Iterator[Edit]:
    rhs = _value(site.stmt)
    if rhs is None:
        return
    for node, value in _distinct(_operands(site, rhs)):
        if not _matrix(value):
            continue
        if isinstance(node, ast.Attribute) and node.attr == "T":
            yield _edit(site, "transpose", node, copy.deepcopy(node.value),
                        f"{_text(node)} -> {_text(node.value)}", everywhere=True)
        else:
            yield _edit(site, "transpose", node, f"({_text(node)}).T",
                        f"{_text(node)} -> {_text(node)}.T", everywhere=True)
    for node in ast.walk(rhs):
        pair = _product_operands(node)
        if pair is not None:
            swapped = copy.deepcopy(node)
            _set_product_operands(swapped, pair[1], pair[0])
            yield _edit(site, "transpose", node, swapped,
                        f"{_text(pair[0])} and {_text(pair[1])} swapped")
    yield from _outer_product_edits(site, rhs)
    value = site.evaluate(rhs)
    if _matrix(value):
        yield _edit(site, "transpose", rhs, f"({_text(rhs)}).T", "the value transposed")


def _outer_product_edits(site: Site, rhs: ast.expr) -> Iterator[Edit]:
    """A product of two vectors taken as their inner product where the outer belongs:
    ``np.matmul(g, b.T)`` with ``b`` 1-D, whose ``.T`` changes nothing, is ``g . b``, a
    number, not the matrix ``g b^T``."""
    for node in ast.walk(rhs):
        pair = _product_operands(node)
        if pair is None or (isinstance(node, ast.Call) and _callee(node) == "outer"):
            continue
        left, right = (site.evaluate(operand) for operand in pair)
        if getattr(left, "ndim", None) != 1 or getattr(right, "ndim", None) != 1:
            continue
        module = _module_for(site, left)
        if module is not None:
            yield _edit(site, "transpose", node,
                        f"{module}.outer({_text(pair[0])}, {_text(pair[1])})",
                        f"the inner product of {_text(pair[0])} and {_text(pair[1])} -> "
                        "their outer product")


#: Products whose operands swapped give the transpose, by name or a word of the name.
_PRODUCTS = frozenset({"dot", "matmul", "outer", "mm", "prod", "product"})


def _product_operands(node: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return node.left, node.right
    if isinstance(node, ast.Call) and (_callee(node) in _PRODUCTS or _PRODUCTS & set(
            str(_callee(node)).lower().split("_"))):  # the user's ``outer_prod(a, b)`` too
        if len(node.args) == 2:
            return node.args[0], node.args[1]
        if len(node.args) == 1 and isinstance(node.func, ast.Attribute):
            return node.func.value, node.args[0]
    return None


def _set_product_operands(node: ast.AST, left: ast.expr, right: ast.expr) -> None:
    left, right = copy.deepcopy(left), copy.deepcopy(right)
    if isinstance(node, ast.BinOp):
        node.left, node.right = left, right
    elif len(node.args) == 2:
        node.args = [left, right]
    else:
        node.func.value, node.args = left, [right]
