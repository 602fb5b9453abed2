"""The located line as the edits see it: its statement, the function that holds it, the
values it can read, and the function compiled again with one statement changed.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import dataclasses
import functools
import gc
import inspect
import linecache
import textwrap
import types
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import Tensor

from verify import messages as say
from verify.locate import Location, _safe
from verify.locate import _close as _same_values

#: Every cause an edit can prove, with the words that name it.
CAUSES = say.CAUSE_WORDS
_RTOL = 1e-6             # a re-run trial passes when it agrees with autograd to this
_MAX_POOL = 48           # values the code holds, offered as replacements
_MAX_INDEX_CHOICES = 8   # integers the code holds, offered for one index of a write
_ACTIVATIONS = frozenset({"sigmoid", "tanh", "relu", "exp", "softplus", "softmax", "elu",
                          "gelu", "leaky_relu", "log_softmax", "silu", "selu", "mish"})
_REDUCTIONS = frozenset({"sum", "mean", "max", "min", "prod", "std", "var", "amax", "amin",
                         "nansum", "logsumexp", "norm", "cumsum", "softmax", "log_softmax"})
_SIZE_CALLS = frozenset({"size", "numel", "len"})


@dataclasses.dataclass(frozen=True)
class Edit:
    cause: str
    change: str
    stmt: ast.stmt
    #: judged by a run of the whole gradient only: the line's value alone, on its inputs
    #: from the failing run, cannot show it (a term whose own value was wrong there too)
    whole: bool = False
    constant: bool = False  # see Fix.constant


def _written_names(stmt: ast.stmt) -> set[str]:
    """The variables a statement, or a statement inside it, assigns or changes in place."""
    names = set()
    for node in ast.walk(stmt):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            while isinstance(target, (ast.Subscript, ast.Attribute)):
                target = target.value
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


def _agree(derived: Tensor, expected: Tensor) -> bool:
    if expected.numel() == 0:
        return True
    scale = float(expected.abs().max())
    gap = float((derived - expected).abs().max())
    return gap <= _RTOL * max(scale, 1e-12)


@dataclasses.dataclass
class Site:
    path: str
    stmt: ast.stmt
    function: ast.FunctionDef | ast.AsyncFunctionDef
    code: types.CodeType
    functions: list[types.FunctionType]
    scope: dict[str, Any]
    value: Tensor | None
    target: Tensor | None
    written: tuple
    loss_names: frozenset[str] = frozenset()
    squared: bool = True  # the loss squares: a factor 2 is likelier its square's
    loss_tree: ast.AST | None = None  # the loss's source, where it can be read

    @classmethod
    def of(cls, location: Location) -> Site | None:
        code = location.function
        if not isinstance(code, types.CodeType) or location.scope is None:
            return None
        try:
            tree = ast.parse("".join(linecache.getlines(location.path)))
        except (SyntaxError, ValueError):
            return None
        function = _function_node(tree, code, location.line)
        stmt = None if function is None else _statement_at(function, location.line)
        functions = [f for f in gc.get_referrers(code)
                     if isinstance(f, types.FunctionType) and f.__code__ is code]
        functions += _enclosing(code, location.scope)
        if stmt is None or not functions:
            return None
        return cls(location.path, stmt, function, code, functions, dict(location.scope),
                   location.value, location.target, location.written)

    @contextlib.contextmanager
    def patched(self, stmt: ast.stmt) -> Iterator[bool]:
        """The function runs with ``stmt`` in place of the located statement; yields
        whether the edited function compiled."""
        code = _recompiled(self.function, self.stmt, stmt, self.code, self.path)
        if code is None:
            yield False
            return
        old = [f.__code__ for f in self.functions]
        try:
            for f in self.functions:
                f.__code__ = code if f.__code__ is self.code else f.__code__.replace(
                    co_consts=tuple(code if c is self.code else c
                                    for c in f.__code__.co_consts))
            yield True
        finally:
            for f, c in zip(self.functions, old, strict=True):
                f.__code__ = c

    @functools.cached_property
    def globals(self) -> dict[str, Any]:
        """The module-level names the function sees, as they were when the line ran."""
        return {n: v for n, v in self.functions[0].__globals__.items() if n in self.scope
                and self.scope[n] is v}

    @functools.cached_property
    def constants(self) -> dict[str, float]:
        """The module's named float constants (``ALPHA``, ``LAM``) that the function, a
        function of the module it calls, or the loss reads."""
        read = _code_names(self.code) | self.loss_names
        for name in list(read):
            called = self.globals.get(name)
            if isinstance(called, types.FunctionType):
                read |= _code_names(called.__code__)
        return {n: v for n, v in self.globals.items()
                if isinstance(v, float) and n.isupper() and n in read}

    def could_mend(self, stmt: ast.stmt, gradients: Sequence[Tensor] = ()) -> bool:
        """Could the edited statement give what the line should have computed? Where that
        is known and the statement assigns a name, it runs alone on the variables before
        the line; elsewhere every edit is tried in full. A value that is another of the
        loss's known ``gradients`` may mend it too: the walk back names what a line should
        compute by its value's shape and place, and a layer's backward run for two layers
        of one shape can be given the other layer's name."""
        if self.target is None or len(self.written) != 1 or not isinstance(stmt, ast.Assign) \
                or len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
            return True
        value = _tensor(self.evaluate(stmt.value))
        if value is None or value.numel() != self.target.numel():
            return True
        return any(_agree(value.reshape(known.shape), known) for known in
                   (self.target, *(g for g in gradients if g.numel() == value.numel())))

    def evaluate(self, node: ast.expr) -> Any:
        """The value of an expression of the line, in the variables before it ran; None
        when it cannot be had without calling the user's code."""
        if not _safe(node, self.scope):
            return None
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return eval(compile(ast.Expression(_plain(node)), "<fix>", "eval"),
                            dict(self.scope))
        except (Exception, SystemExit):
            return None


def _function_node(tree: ast.Module, code: types.CodeType, line: int
                   ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.name == code.co_name and node.lineno <= line <= node.end_lineno:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if first == code.co_firstlineno and (found is None or node.lineno > found.lineno):
                found = node
    return found


def _statement_at(function: ast.AST, line: int) -> ast.stmt | None:
    found = None
    for node in ast.walk(function):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Expr)) \
                and node.lineno == line:
            found = node
    return found


def _key(node: ast.AST) -> tuple:
    return (type(node).__name__, node.lineno, node.col_offset, node.end_lineno,
            node.end_col_offset)


class _Swap(ast.NodeTransformer):
    """Replaces the nodes at some positions by copies of another."""

    def __init__(self, old: ast.AST | Sequence[ast.AST], new: ast.AST) -> None:
        olds = old if isinstance(old, Sequence) else [old]
        self.where, self.new = {_key(o) for o in olds}, new

    def visit(self, node: ast.AST) -> ast.AST:
        if hasattr(node, "lineno") and _key(node) in self.where:
            return copy.deepcopy(self.new)
        return self.generic_visit(node)


def _enclosing(code: types.CodeType, scope: Mapping[str, Any]) -> list[types.FunctionType]:
    """The functions of the module (and of its classes) whose code defines ``code`` as a
    function of its own: where each call makes that function afresh (an autodiff engine's
    ``_backward`` closure, made by every ``__mul__``), an edit of it holds for the calls to
    come only when made there."""
    if "<locals>" not in code.co_qualname:
        return []
    found = []
    for value in list(scope.values()):  # the line's module-level names among them
        members = list(vars(value).values()) if isinstance(value, type) else [value]
        for member in members:
            member = getattr(member, "__func__", member)  # a staticmethod's, a classmethod's
            if isinstance(member, types.FunctionType) and any(
                    c is code for c in member.__code__.co_consts):
                found.append(member)
    return found


def _recompiled(function: ast.FunctionDef | ast.AsyncFunctionDef, old: ast.stmt,
                new: ast.stmt, code: types.CodeType, path: str) -> types.CodeType | None:
    """The code object of ``function`` with ``old`` replaced by ``new``, with the same free
    variables (a nested function is compiled inside a function that defines them)."""
    edited = _with_statement(function, old, ast.fix_missing_locations(new))
    edited.decorator_list = []
    body: ast.stmt = edited
    if code.co_freevars:
        cells: list[ast.stmt] = [ast.Assign([ast.Name(v, ast.Store())], ast.Constant(None))
                                 for v in code.co_freevars if v != "__class__"]
        ending = ast.Return(ast.Name(edited.name, ast.Load()))
        for added in (*cells, ending):
            ast.fix_missing_locations(ast.copy_location(added, edited))
        body = ast.FunctionDef("__outer__", ast.arguments([], [], None, [], [], None, []),
                               [*cells, edited, ending], [], None)
        ast.copy_location(body, edited)
    try:  # the shared nodes have their places: only the new ones are given theirs
        module = compile(ast.Module([body], []), path, "exec")
    except (SyntaxError, ValueError, TypeError):
        return None
    found = _code_named(module, code.co_name, edited.lineno)
    if found is None or found.co_freevars != code.co_freevars:
        return None
    return found


def _with_statement(function: ast.FunctionDef | ast.AsyncFunctionDef, old: ast.stmt,
                    new: ast.stmt) -> ast.FunctionDef | ast.AsyncFunctionDef:
    """A copy of ``function`` with ``old`` replaced by ``new``: the nodes on the way down to
    it are copied, the rest is shared (compiling reads the tree and leaves it as it is)."""
    path = _path_to(function, old)
    if path is None:
        return _Swap(old, new).visit(copy.deepcopy(function))
    child: ast.AST = new
    for node, field, index in reversed(path):
        copied = copy.copy(node)
        if index is None:
            setattr(copied, field, child)
        else:
            items = list(getattr(node, field))
            items[index] = child
            setattr(copied, field, items)
        child = copied
    return child  # type: ignore[return-value]


def _path_to(root: ast.AST, target: ast.AST) -> list[tuple[ast.AST, str, int | None]] | None:
    """The (node, field, index) steps from ``root`` down to ``target``, or None."""
    for field, value in ast.iter_fields(root):
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if item is target:
                return [(root, field, index)]
            if isinstance(item, (ast.stmt, ast.excepthandler, ast.match_case)):
                below = _path_to(item, target)
                if below is not None:
                    return [(root, field, index), *below]
    return None


def _code_named(code: types.CodeType, name: str, line: int) -> types.CodeType | None:
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            if const.co_name == name and const.co_firstlineno == line:
                return const
            inner = _code_named(const, name, line)
            if inner is not None:
                return inner
    return None


def _code_names(code: types.CodeType) -> set[str]:
    """The global names a code object and the code nested in it read."""
    names = set(code.co_names)
    for inner in code.co_consts:
        if isinstance(inner, types.CodeType):
            names |= _code_names(inner)
    return names


def _names_in(fn: Any) -> frozenset[str]:
    """The names and attributes a function's source reads (``LAM``, ``mse_loss``); none
    when its source cannot be read."""
    tree = _source_tree(fn)
    if tree is None:
        return frozenset()
    return frozenset(n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(tree)
                     if isinstance(n, (ast.Name, ast.Attribute)))


def _source_tree(fn: Any) -> ast.Module | None:
    """The parsed source of a function, None when it cannot be read."""
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None


def _edit(site: Site, cause: str, old: ast.AST, new: ast.AST | str, change: str,
          everywhere: bool = False) -> Edit:
    """The located statement with ``old`` replaced by ``new`` (an expression's text); with
    ``everywhere``, every expression of the statement written as ``old`` is, but the name or
    element it assigns."""
    node = _parsed(new) if isinstance(new, str) else new
    for n in ast.walk(node):
        ast.copy_location(n, old)
    if everywhere:  # what the statement assigns stays: ``dc += dc`` -> ``dc += dy``
        text = _text(old)
        old = [n for n in ast.walk(site.stmt) if isinstance(n, ast.expr)
               and hasattr(n, "lineno") and _text(n) == text
               and not isinstance(getattr(n, "ctx", None), ast.Store)]
    return Edit(cause, change, _replacing(site.stmt, old, node))


def _replacing(stmt: ast.stmt, old: ast.AST | Sequence[ast.AST], new: ast.AST) -> ast.stmt:
    """A copy of ``stmt`` with each of the nodes ``old`` replaced by a copy of ``new``: the
    nodes on the way down to them are copied, the rest is shared with ``stmt``."""
    olds = {id(o) for o in (old if isinstance(old, Sequence) else [old])}
    above: set[int] = set()

    def mark(node: ast.AST) -> bool:
        found = id(node) in olds
        for child in ast.iter_child_nodes(node):
            found = mark(child) or found
        if found:
            above.add(id(node))
        return found

    if not mark(stmt):  # nodes of another copy of the statement: found by their places
        return _Swap(old, new).visit(copy.deepcopy(stmt))

    def rebuilt(node: Any) -> Any:
        if not isinstance(node, ast.AST) or id(node) not in above:
            return node
        if id(node) in olds:
            return copy.deepcopy(new)
        copied = copy.copy(node)
        for field, value in ast.iter_fields(node):
            setattr(copied, field, [rebuilt(v) for v in value] if isinstance(value, list)
                    else rebuilt(value))
        return copied

    return rebuilt(stmt)


def _parsed(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def _text(node: ast.AST) -> str:
    return ast.unparse(node)


def _rhs(stmt: ast.stmt) -> ast.expr | None:
    if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)):
        return stmt.value
    return None


def _element(rhs: ast.expr) -> ast.expr:
    """Where a scale or a sign of the whole value goes: a list comprehension's element
    (``[2 * v / n for v in diff]`` is ``2 * v / n`` element by element; ``2 * [...]``
    would repeat the list), else the value itself."""
    while isinstance(rhs, ast.ListComp):
        rhs = rhs.elt
    return rhs


def _as_array(value: Any) -> Any:
    """A list of numbers (or of lists of them) as the array it stands for; else ``value``."""
    if isinstance(value, list):
        with contextlib.suppress(TypeError, ValueError):
            array = np.asarray(value, dtype=np.float64)
            return array if array.ndim else value
    return value


def _value(stmt: ast.stmt) -> ast.expr | None:
    """The value a statement computes: an assignment's or a return's, or the one a call
    stores (``grads.append(v)``, ``grads.insert(0, v)``, ``np.add.at(dE, idx, v)``), for
    the edits of what a value reads (an operand, a transpose). Terms added to a stored
    value are not offered: they would mend any earlier line's mistake there."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and stmt.value.args \
            and isinstance(stmt.value.func, ast.Attribute) \
            and stmt.value.func.attr in _STORING and not stmt.value.keywords:
        return stmt.value.args[-1]
    return _rhs(stmt)


#: Calls that store the value they are given last: a list's, and a ufunc's ``at``.
_STORING = frozenset({"append", "insert", "at"})


def _expressions(stmt: ast.stmt) -> list[ast.expr]:
    """What the statement computes: its value, and the index of an element it writes (of
    an ``if``, its condition; of a call that stores what it is given, ``grads.append(v)``
    or ``np.add.at(dE, idx, v)``, what it is given)."""
    if isinstance(stmt, ast.If):
        return [stmt.test]
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        return [*stmt.value.args, *(k.value for k in stmt.value.keywords)]
    found = [] if _rhs(stmt) is None else [_rhs(stmt)]
    if isinstance(stmt, ast.Assign):
        found += [t.slice for t in stmt.targets if isinstance(t, ast.Subscript)]
    return found


def _nodes(site: Site) -> Iterator[ast.AST]:
    for expression in _expressions(site.stmt):
        yield from ast.walk(expression)


def _tensor(value: Any) -> Tensor | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Tensor):
        return value.detach().double() if value.dtype != torch.bool else value.double()
    if isinstance(value, (np.ndarray, np.generic)):
        try:
            # a copy: a read-only array (a broadcast view) would be shared, with a warning
            return torch.from_numpy(np.array(value, dtype=np.float64))
        except (TypeError, ValueError):
            return None
    if isinstance(value, (int, float)):
        return torch.tensor(float(value), dtype=torch.float64)
    if _numbers(value):  # pure-Python code's lists of numbers
        try:
            return torch.tensor(value, dtype=torch.float64)
        except (TypeError, ValueError, RuntimeError):  # rows of unequal lengths
            return None
    return None


def _numbers(value: Any, depth: int = 0) -> bool:
    """Is the value a list (or tuple) of two or more numbers, or a list of such lists?"""
    if not isinstance(value, (list, tuple)) or len(value) < 2 or depth > 2:
        return False
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value) or \
        all(_numbers(v, depth + 1) for v in value)


def _close(a: Tensor, b: Tensor) -> bool:
    """The same values in the same shape, to 1e-9 of the larger."""
    return a.shape == b.shape and _same_values(a, b, 1e-300, rtol=1e-9)


def _matrix(value: Any) -> bool:
    return isinstance(value, (Tensor, np.ndarray)) and value.ndim == 2 \
        and min(value.shape) > 1


def _operands(site: Site, expression: ast.expr) -> Iterator[tuple[ast.expr, Any]]:
    """The variables an expression reads (``x``, ``self.W``, ``a[l + 1]``, ``W.T``), each
    whole, with its value."""
    if isinstance(expression, (ast.Name, ast.Attribute, ast.Subscript)):
        value = site.evaluate(expression)
        if _tensor(value) is not None:
            yield expression, value
            if isinstance(expression, ast.Attribute) and expression.attr == "T":
                yield from _operands(site, expression.value)
            return
    if isinstance(expression, ast.Call):
        children: list[ast.AST] = [*expression.args, *(k.value for k in expression.keywords)]
        if isinstance(expression.func, ast.Attribute):
            children.append(expression.func.value)
    elif isinstance(expression, ast.Lambda):
        return
    elif isinstance(expression, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
        # the elements and the first iterable: the others may read the loop's variables
        children = [expression.elt, expression.generators[0].iter]
    else:
        children = list(ast.iter_child_nodes(expression))
    for child in children:
        if isinstance(child, ast.expr):
            yield from _operands(site, child)


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else \
        func.id if isinstance(func, ast.Name) else ""


def _shared_prefix(a: str, b: str) -> int:
    """How many leading characters two names share (``kh`` and ``kw``: 1)."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False))
                 if x != y), min(len(a), len(b)))


def _names_of(*nodes: ast.expr) -> set[str]:
    return {_text(n) for node in nodes for n in ast.walk(node)
            if isinstance(n, (ast.Name, ast.Attribute))}


def _plain(node: ast.expr) -> ast.expr:
    """A copy of an expression with locations fit for compiling on its own."""
    return ast.fix_missing_locations(copy.deepcopy(node))
