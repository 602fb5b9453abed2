"""Why a gradient is wrong, proven: its first wrong line, edited, makes every trial pass.

    >>> fix = prove(derivation, location, failing_trials, focus="dW1", confirm=rerun)
    >>> print(fix)                                             # doctest: +SKIP
    a transposed operand: dh = dy @ W2.T instead of dh = dy @ W2 (W2 -> W2.T); with that
    edit, 1000 of 1000 trials pass

The line ``verify.locate`` found is edited one way at a time, each edit standing for one
typical mistake (the cause it proves):

=============================== =============================================================
transpose                       an operand transposed (``W -> W.T``), a product's operands
                                swapped, or the whole value transposed
reduction-axis                  a sum or mean over another axis, over one more, or (for a
                                whole-array sum) over one axis, kept for broadcasting
wrong-divisor                   the wrong size: another axis's (``x.shape[1] -> x.shape[0]``),
                                another the code holds (``D -> N``) or a constant's (``K``)
mask                            a comparison flipped (``<`` for ``>=``), a bound added, a
                                leaky slope where the mask had zero, or a masked value
                                written at another index (``dx[i:i + k]`` for ``dx[r:r + k]``)
activation-derivative-of-input  the activation's derivative written with its output (``z ->
                                sigmoid(z)`` where it appears as ``z (1 - z)`` or ``1 - z**2``)
                                or written in full (``1 - h -> 1 - h**2``)
wrong-layer, wrong-operand      an operand replaced by another value the code holds: of
                                another layer (``a[l + 1] -> a[l]``, two outputs of one kind
                                of activation, two gradients) or another operand; or by
                                its square root or square (the variance for the deviation),
                                or by its product with a gate the code holds (``h -> r * h``)
activation-derivative-missing   the line's value times the activation's derivative
batch-mean, mse-convention      the value divided or multiplied by a size (a value already
                                divided by a size: wrong-divisor), a term's division
                                by a size dropped, or the value times 2 / the number of
                                elements (mse_loss's convention)
square-factor, wrong-coefficient a constant scaled (``2 -> 1``, ``LAM -> 2 * LAM``), or a
                                term times a constant the line uses (an exponent's ``GAMMA``)
missing-term                    a term added that is a multiple of a value the code holds, or
                                of a product of two, or the gradient arriving by another path
                                (``+ dc_next``)
sign                            the value negated, ``+=`` for ``-=``
return-order                    two returned values swapped
=============================== =============================================================

An edit counts only when the whole gradient, re-run with it, passes on the failing trials
(with nothing that passed before failing) and then in a full check of its own (``confirm``,
the same trials, and other sizes). The first edit that does is the cause; when none does,
nothing is named. The user's code is edited by compiling its function again with the one
statement changed and swapping the function's code object for the run.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import dataclasses
import functools
import gc
import inspect
import itertools
import linecache
import math
import re
import textwrap
import time
import types
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import torch
from torch import Tensor

from verify import messages as say
from verify.locate import (
    _PRODUCTS,
    Location,
    _forward,
    _Known,
    _Knowns,
    _safe,
    squares_in,
)

__all__ = ["CAUSES", "SIZED_CAUSES", "Fix", "prove"]

#: Every cause an edit can prove, with the words that name it.
CAUSES = say.CAUSE_WORDS

_RTOL = 1e-6            # a re-run trial passes when it agrees with autograd to this
_MAX_EDITS = 1500        # edits run in full at most
_MAX_CONFIRMED = 8       # edits that pass the failing trials and get a full check, at most
_MAX_POOL = 48           # values the code holds, offered as replacements
_MAX_INDEX_CHOICES = 8   # integers the code holds, offered for one index of a write
_MAX_IN_ONE_PLACE = 12   # values offered for an operand written twice, in one place of it
_ACTIVATIONS = frozenset({"sigmoid", "tanh", "relu", "exp", "softplus", "softmax", "elu",
                          "gelu", "leaky_relu", "log_softmax", "silu"})
_REDUCTIONS = frozenset({"sum", "mean", "max", "min", "prod", "std", "var", "amax", "amin",
                         "nansum", "logsumexp", "norm", "cumsum", "softmax", "log_softmax"})
_AXIS_KEYWORDS = ("axis", "dim")
_SIZE_CALLS = frozenset({"size", "numel", "len"})
#: Causes whose edits write a size: many sizes have one value at the declared sizes.
SIZED_CAUSES = frozenset({"batch-mean", "mse-convention", "wrong-divisor"})


@dataclasses.dataclass(frozen=True)
class Fix:
    """A proven cause: the edit of the first wrong line that makes every trial pass."""

    cause: str     # a key of CAUSES
    file: str
    line: int
    code: str      # the line as written
    fixed: str     # the line edited
    change: str    # the edit, in short: "W2 -> W2.T"
    passed: int    # trials that pass with the edit, in the full check
    trials: int
    steps: tuple[str, ...] = ()  # the failing steps the edit makes pass
    #: the edit writes a constant of the code (a window ``K``), the same at every size: no
    #: size that happens to equal another number at the sizes checked
    constant: bool = False

    def __str__(self) -> str:
        return say.fix(self.cause, self.line, self.fixed, self.code, self.change, self.passed,
                       self.trials)


@dataclasses.dataclass(frozen=True)
class _Edit:
    cause: str
    change: str
    stmt: ast.stmt
    #: judged by a run of the whole gradient only: the line's value alone, on its inputs
    #: from the failing run, cannot show it (a term whose own value was wrong there too)
    whole: bool = False
    constant: bool = False  # see Fix.constant


def prove(derivation: Any, location: Location, failing: Sequence[Mapping[str, Tensor]],
          focus: str, confirm: Callable[[], tuple[int, int, tuple[str, ...]] | None],
          deadline: float = math.inf, squares: str | None = None) -> Fix | None:
    """The cause of ``focus`` failing, proven by an edit of ``location``'s line.

    Args:
        derivation: made by ``verify.derivation``.
        location: the first wrong line, from ``verify.locate``.
        failing: failing trials (float64 inputs, without a trial axis), the located first.
        focus: the name of the step that fails.
        confirm: run while the edit is in place: the full check's passing trials, trials
            and the steps it makes pass, or None when it does not pass.
        deadline: ``time.monotonic()`` after which no more edits are tried.
        squares: how the loss squares (``verify.locate.squares_in``), where the caller has
            read it already for every line it tries.

    Returns:
        The Fix, or None when no edit makes every failing trial pass.
    """
    site = _Site.of(location)
    if site is None or not failing:
        return None
    known = _forward(derivation.loss.loss, dict(failing[0]))
    if known is None:
        return None
    judge = _Judge(derivation, failing, focus)
    if not judge.ready:
        return None
    loss_names = _names_in(derivation.loss.loss)
    site = dataclasses.replace(judge.returning(site), loss_names=loss_names,
                               squared=(squares_in(derivation.loss.loss, failing[0])
                                        if squares is None else squares) != "",
                               loss_tree=_source_tree(derivation.loss.loss))
    tries = [(site, _edits(site, known, loss_names))]
    # the condition that guards the line: a branch taken on the wrong side (a hinge's margin)
    tries += [(guard, _mask_edits(guard, _Pool(guard), known)) for guard in _guards(site)]
    confirmed, refuted, count = 0, [], 0
    for where, edits in tries:
        for edit in edits:
            if count >= _MAX_EDITS or confirmed >= _MAX_CONFIRMED or (
                    count % 16 == 0 and time.monotonic() > deadline):
                return None
            if not edit.whole and not where.could_mend(edit.stmt):
                continue
            count += 1
            with where.patched(edit.stmt) as ok:
                if not ok or not judge.passes():
                    continue
                if edit.cause in SIZED_CAUSES and any(
                        edit.cause == c and torch.equal(judge.first, r) for c, r in refuted):
                    continue  # another size of the same value, where one was refuted
                confirmed += 1
                result = confirm()
                if result is None:
                    refuted.append((edit.cause, judge.first))
            if result is not None:
                passed, trials, steps = result
                line = where.stmt.lineno
                code = location.code if where is site else _fixed_text(where.stmt)
                return Fix(edit.cause, location.file, line, code, _fixed_text(edit.stmt),
                           edit.change, passed, trials, steps, edit.constant)
    return None


def _guards(site: _Site) -> list[_Site]:
    """The ``if`` statements the located line runs under, innermost first, then those whose
    branch adds to what the line writes (``dw = zeros`` and ``if margin > 1: dw -= ...``),
    as sites whose statement is the condition's: the line is right, the branch is not."""
    written = _written_names(site.stmt)
    ifs = [node for node in ast.walk(site.function) if isinstance(node, ast.If)]
    found = sorted((node for node in ifs if any(child is site.stmt for child in ast.walk(node))
                    and node.test.lineno < site.stmt.lineno), key=lambda node: -node.lineno)
    found += [node for node in ifs if node not in found and written & {
        name for child in node.body for name in _written_names(child)}]
    return [dataclasses.replace(site, stmt=node, value=None, target=None, written=())
            for node in found]


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


def _fixed_text(stmt: ast.stmt) -> str:
    """The edited statement as one line: an ``if`` by its condition."""
    if isinstance(stmt, ast.If):
        return f"if {_text(stmt.test)}:"
    return _text(stmt)


# ---------------------------------------------------------------------------------------
# Re-running the gradient with the edit: does the failing step now pass everywhere?


class _Judge:
    """The failing trials, autograd's gradients there, and which steps passed before."""

    def __init__(self, derivation: Any, failing: Sequence[Mapping[str, Tensor]],
                 focus: str) -> None:
        from verify.oracle import autograd_gradients

        self.derivation, self.focus = derivation, focus
        self.trials = [dict(t) for t in failing]
        self.steps = {s.name: s.of for s in derivation.steps}
        stacked = {n: torch.stack([t[n] for t in self.trials]) for n in self.trials[0]}
        try:
            grads, _ = autograd_gradients(derivation, stacked, list(dict.fromkeys(
                self.steps.values())))
        except Exception:
            self.ready = False
            return
        self.reference = [{name: grads[of][i] for name, of in self.steps.items()}
                          for i in range(len(self.trials))]
        self.before = [self._passing(i, keep=i == 0) for i in range(len(self.trials))]
        self.ready = all(b is not None and focus not in b for b in self.before)
        self.returned = self.first if self.ready else None

    def returning(self, site: _Site) -> _Site:
        """The site, with what its line should compute where the locator knew nothing of
        it but the line's value is what the gradient returns for the failing step: then it
        should be autograd's gradient."""
        value, returned = site.value, self.returned
        if site.target is not None or value is None or returned is None \
                or value.numel() != returned.numel() \
                or not torch.equal(value.double().reshape(-1), returned.reshape(-1)):
            return site
        target = self.reference[0][self.focus].reshape(value.shape)
        return dataclasses.replace(site, target=target)

    def passes(self) -> bool:
        """Does the focus step pass in every failing trial, with every step that passed
        before still passing? The located trial first: most edits fail there."""
        for i, before in enumerate(self.before):
            now = self._passing(i, keep=i == 0)
            if now is None or self.focus not in now or not before <= now:
                return False
        return True

    def _passing(self, i: int, keep: bool = False) -> set[str] | None:
        """The steps that pass in trial ``i``; with ``keep``, the focus step's value is kept
        as ``first``."""
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                result = self.derivation.gradient(**{n: v.clone() for n, v in
                                                     self.trials[i].items()})
        except (Exception, SystemExit):
            return None
        if keep:
            got = result.get(self.focus)
            self.first = got.detach().double().clone() if isinstance(got, Tensor) \
                else torch.full((1,), math.nan)
        passing = set()
        for name, expected in self.reference[i].items():
            got = result.get(name)
            if isinstance(got, Tensor) and got.numel() == expected.numel() \
                    and _agree(got.double().reshape(expected.shape), expected):
                passing.add(name)
        return passing


def _agree(derived: Tensor, expected: Tensor) -> bool:
    if expected.numel() == 0:
        return True
    scale = float(expected.abs().max())
    gap = float((derived - expected).abs().max())
    return gap <= _RTOL * max(scale, 1e-12)


# ---------------------------------------------------------------------------------------
# The located line: its statement, the function that holds it, what it can read.


@dataclasses.dataclass
class _Site:
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
    def of(cls, location: Location) -> _Site | None:
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
                f.__code__ = code
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

    def could_mend(self, stmt: ast.stmt) -> bool:
        """Could the edited statement give what the line should have computed? Where that
        is known and the statement assigns a name, it runs alone on the variables before
        the line; elsewhere every edit is tried in full."""
        if self.target is None or len(self.written) != 1 or not isinstance(stmt, ast.Assign) \
                or len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
            return True
        value = _tensor(self.evaluate(stmt.value))
        if value is None or value.numel() != self.target.numel():
            return True
        return _agree(value.reshape(self.target.shape), self.target)

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


# ---------------------------------------------------------------------------------------
# The edits, one per typical mistake.


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


def _edits(site: _Site, known: _Knowns, loss_names: frozenset[str]) -> Iterator[_Edit]:
    """Every family's edits of the line, in the order they are tried; a family that cannot
    read the line (an expression it does not expect) is passed over, not the rest."""
    pool = _Pool(site)
    families: list[Callable[[], Iterator[_Edit]]] = [
        lambda: _return_edits(site),
        lambda: _arriving_terms(site, pool),
        lambda: _axis_edits(site),
        lambda: _size_edits(site, "mse_loss" in loss_names),
        lambda: _transpose_edits(site),
        lambda: _mask_edits(site, pool, known),
        lambda: _placement_edits(site),
        lambda: _index_swap_edits(site),
        lambda: _row_index_edits(site),
        lambda: _index_offset_edits(site),
        lambda: _range_edits(site),
        lambda: _gate_complement_edits(site),
        lambda: _whole_reduction_edits(site, pool),
        lambda: _sign_edits(site),
        lambda: _accumulate_edits(site),
        lambda: _operand_edits(site, pool, known),
        lambda: _gated_operand_edits(site, pool),
        lambda: _derivative_edits(site, pool, known),
        lambda: _root_edits(site),
        lambda: _power_edits(site),
        lambda: _convention_edits(site, pool, "mse_loss" in loss_names),
        lambda: _coefficient_edits(site, pool, loss_names),
        lambda: _term_edits(site, pool),
        lambda: _inner_term_edits(site, pool),
    ]
    for family in families:
        with contextlib.suppress(SyntaxError, ValueError, TypeError, IndexError,
                                 AttributeError, KeyError):
            yield from family()


def _edit(site: _Site, cause: str, old: ast.AST, new: ast.AST | str, change: str,
          everywhere: bool = False) -> _Edit:
    """The located statement with ``old`` replaced by ``new`` (an expression's text); with
    ``everywhere``, every expression of the statement written as ``old`` is."""
    node = _parsed(new) if isinstance(new, str) else new
    for n in ast.walk(node):
        ast.copy_location(n, old)
    if everywhere:
        text = _text(old)
        old = [n for n in ast.walk(site.stmt) if isinstance(n, ast.expr)
               and hasattr(n, "lineno") and _text(n) == text]
    return _Edit(cause, change, _replacing(site.stmt, old, node))


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


def _expressions(stmt: ast.stmt) -> list[ast.expr]:
    """What the statement computes: its value, and the index of an element it writes (of
    an ``if``, its condition)."""
    if isinstance(stmt, ast.If):
        return [stmt.test]
    found = [] if _rhs(stmt) is None else [_rhs(stmt)]
    if isinstance(stmt, ast.Assign):
        found += [t.slice for t in stmt.targets if isinstance(t, ast.Subscript)]
    return found


def _nodes(site: _Site) -> Iterator[ast.AST]:
    for expression in _expressions(site.stmt):
        yield from ast.walk(expression)


def _tensor(value: Any) -> Tensor | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Tensor):
        return value.detach().double() if value.dtype != torch.bool else value.double()
    if isinstance(value, (np.ndarray, np.generic)):
        try:
            return torch.as_tensor(np.asarray(value, dtype=np.float64))
        except (TypeError, ValueError):
            return None
    if isinstance(value, (int, float)):
        return torch.tensor(float(value), dtype=torch.float64)
    return None


def _close(a: Tensor, b: Tensor) -> bool:
    if a.shape != b.shape:
        return False
    if a.numel() == 0:
        return True
    scale = max(float(a.abs().max()), float(b.abs().max()), 1e-300)
    return float((a - b).abs().max()) <= 1e-9 * scale


def _matrix(value: Any) -> bool:
    return isinstance(value, (Tensor, np.ndarray)) and value.ndim == 2 \
        and min(value.shape) > 1


def _operands(site: _Site, expression: ast.expr) -> Iterator[tuple[ast.expr, Any]]:
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
    elif isinstance(expression, (ast.Lambda, ast.comprehension)):
        return
    else:
        children = list(ast.iter_child_nodes(expression))
    for child in children:
        if isinstance(child, ast.expr):
            yield from _operands(site, child)


# -- sizes and axes ---------------------------------------------------------------------


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else \
        func.id if isinstance(func, ast.Name) else ""


def _reduced(site: _Site, call: ast.Call) -> Any:
    """The array a reduction call reduces: ``x`` of ``x.sum(0)`` or ``np.sum(x, 0)``."""
    func = call.func
    if isinstance(func, ast.Attribute):
        base = site.evaluate(func.value)
        if isinstance(base, (Tensor, np.ndarray)):
            return base
    return site.evaluate(call.args[0]) if call.args else None


def _axis_edits(site: _Site) -> Iterator[_Edit]:
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


def _axes_edits(site: _Site, node: ast.expr, axes: tuple, ndim: int) -> Iterator[_Edit]:
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


def _one_axis_edits(site: _Site, call: ast.Call, array: Tensor | np.ndarray
                    ) -> Iterator[_Edit]:
    """A whole-array reduction edited to reduce one axis, the last first, keeping it."""
    keyword = "dim" if isinstance(array, Tensor) else "axis"
    keep = "keepdim" if isinstance(array, Tensor) else "keepdims"
    for axis in range(-1, -array.ndim - 1, -1):
        edited = copy.deepcopy(call)
        edited.keywords = [ast.keyword(keyword, ast.Constant(axis)),
                           ast.keyword(keep, ast.Constant(True))]
        yield _edit(site, "reduction-axis", call, edited,
                    f"{_text(call)} -> {_text(edited)}")


def _whole_reduction_edits(site: _Site, pool: _Pool) -> Iterator[_Edit]:
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


def _size_names(site: _Site) -> dict[str, int]:
    """The code's variables that hold a size (an int of 2 or more, not a constant)."""
    return {n: v for n, v in site.scope.items() if isinstance(v, int)
            and not isinstance(v, bool) and v >= 2 and n not in site.globals}


def _axis_sizes(site: _Site) -> dict[str, int]:
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


def _is_size(site: _Site, node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in _size_names(site)
    return any(node is size for size, _, _ in _size_nodes(site))


def _size_nodes(site: _Site) -> Iterator[tuple[ast.expr, Any, int | None]]:
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


def _size_edits(site: _Site, mse: bool) -> Iterator[_Edit]:
    """A size named in the line replaced by its square or the product of it and another
    (``k`` or ``kh`` where ``k * k`` or ``kh * kw`` inputs are averaged), or by another
    size; a size written as ``x.shape[k]`` taken from another axis; a division or product
    by a size dropped (with ``mse``, where the loss calls mse_loss, the count of a whole
    array is its convention's)."""
    sizes, windows = _size_names(site), _constant_sizes(site)
    divisors = {id(n.right) for n in _nodes(site)
                if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div)}
    written = [n.id for n in _nodes(site) if isinstance(n, ast.Name)]
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
                    yield _edit(site, "wrong-divisor", node, f"({node.id} * {other})",
                                f"{node.id} -> {node.id} * {other}", everywhere=True)
            yield _edit(site, "wrong-divisor", node, f"({node.id} * {node.id})",
                        f"{node.id} -> {node.id} * {node.id}", everywhere=True)
            for other, n in sizes.items():
                if n != sizes[node.id]:
                    yield _edit(site, "wrong-divisor", node, other, f"{node.id} -> {other}",
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
    for node in _nodes(site):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Mult)) and (
                _is_size(site, node.right)):
            cause = "mse-convention" if mse and id(node.right) in counts else "batch-mean"
            yield _edit(site, cause, node, copy.deepcopy(node.left),
                        f"{_text(node)} -> {_text(node.left)}")
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
            yield _edit(site, "wrong-divisor", node, other, f"{_text(node)} -> {other}")


def _constant_sizes(site: _Site) -> dict[str, int]:
    """Module constants the function reads that hold a size (``K = 3``, a window)."""
    return {n: v for n, v in site.globals.items() if isinstance(v, int)
            and not isinstance(v, bool) and v >= 2 and n in site.code.co_names}


# -- transposes -------------------------------------------------------------------------


def _shared_prefix(a: str, b: str) -> int:
    """How many leading characters two names share (``kh`` and ``kw``: 1)."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False))
                 if x != y), min(len(a), len(b)))


def _transpose_edits(site: _Site) -> Iterator[_Edit]:
    rhs = _rhs(site.stmt)
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
    value = site.evaluate(rhs)
    if _matrix(value):
        yield _edit(site, "transpose", rhs, f"({_text(rhs)}).T", "the value transposed")


def _product_operands(node: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return node.left, node.right
    if isinstance(node, ast.Call) and _callee(node) in ("dot", "matmul", "outer", "mm"):
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


# -- masks ------------------------------------------------------------------------------

_FLIPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def _mask_edits(site: _Site, pool: _Pool, known: _Knowns) -> Iterator[_Edit]:
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
        ends = {1.0, -1.0, 0.0} | ({-float(bound)} if isinstance(bound, (int, float)) else set())
        upper = op in (">", ">=")
        for end in sorted(ends):
            if isinstance(bound, (int, float)) and (end <= bound if upper else end >= bound):
                continue
            extra = f"{left} {'<' if upper else '>'} {end!r}"
            yield _edit(site, "mask", node, f"({left} {op} {right}) & ({extra})",
                        f"also {extra}")
        yield from _compared_edits(site, pool, known, node.left)
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
    for slope in pool.slopes():
        value = site.evaluate(rhs)
        if isinstance(value, (Tensor, np.ndarray)) and _binary(value):
            if value.dtype in (torch.bool, np.bool_):
                new = f"({_text(rhs)}) + {slope} * ~({_text(rhs)})"
            else:
                new = f"({_text(rhs)}) + {slope} * (1 - ({_text(rhs)}))"
            yield _edit(site, "mask", rhs, new, f"slope {slope} where the mask is 0")
        for call in [n for n in ast.walk(rhs) if isinstance(n, ast.Call)
                     and _callee(n) == "where" and len(n.args) == 3]:
            for i, j in ((1, 2), (2, 1)):
                arg = call.args[i]
                zeros = _tensor(site.evaluate(arg))
                if zeros is not None and not bool(zeros.any()):
                    other = _text(call.args[j])
                    yield _edit(site, "mask", arg, f"{slope} * {other}",
                                f"{slope} * {other} where the mask gives 0")


def _bound_edits(site: _Site, node: ast.Compare, bound: Any) -> Iterator[_Edit]:
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


def _stored_mask_edits(site: _Site) -> Iterator[_Edit]:
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


def _complement_edits(site: _Site, rhs: ast.expr) -> Iterator[_Edit]:
    """A mask the code holds, used where its complement belongs (``pos`` for ``~pos``: a
    PReLU slope's gradient gathered where the input is positive)."""
    for node, value in _distinct(_operands(site, rhs)):
        if not (isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and _binary(value)):
            continue
        boolean = getattr(value, "dtype", None) in (torch.bool, np.bool_)
        other = f"~{_text(node)}" if boolean else f"(1 - {_text(node)})"
        yield _edit(site, "mask", node, other, f"{_text(node)} -> {other}", everywhere=True)


def _placement_edits(site: _Site) -> Iterator[_Edit]:
    """A value written at the wrong place: an index of the element or window it writes
    replaced by another integer the code holds (``dx[:, :, i:i + k] += ...`` for ``dx[:, :,
    r:r + k]``, with ``r = i * stride``), one index and then two at once. Through a mask
    (max pooling's) the gradient reached the wrong elements: a mask; otherwise the wrong
    operand was indexed."""
    stmt = site.stmt
    target = _written_subscript(stmt)
    if target is None:
        return
    names = list(dict.fromkeys(n.id for n in ast.walk(target.slice) if isinstance(n, ast.Name)
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
        for node in ast.walk(_written_subscript(edited).slice):
            for old_name, new_name in swap:
                if isinstance(node, ast.Name) and node.id == old_name:
                    node.id = new_name
                    break
        change = ", ".join(f"{a} -> {b}" for a, b in swap)
        yield _Edit(cause, f"{change} in the index written", edited)


def _index_swap_edits(site: _Site) -> Iterator[_Edit]:
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
        yield _Edit("mask" if routed else "wrong-operand", f"{a} <-> {b}", edited)


_PICKS = frozenset({"argmax", "argmin", "unravel_index", "divmod"})


def _picked(site: _Site, name: str, reads: dict[str, set[str]]) -> bool:
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


def _row_index_edits(site: _Site) -> Iterator[_Edit]:
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


def _index_offset_edits(site: _Site) -> Iterator[_Edit]:
    """One position of an element read with its offset lost or added: ``x[n, i]`` where the
    loop over a window's taps reads ``x[n, i + k]``. The index the line should read is one
    the function writes elsewhere, apart from the line's in one position only, and there by
    an offset of the counter the line holds."""
    written = _written_subscript(site.stmt)
    patterns = {tuple(_text(p) for p in _index_parts(n)) for n in ast.walk(site.function)
                if isinstance(n, ast.Subscript)}
    for node in ast.walk(_rhs(site.stmt) or site.stmt):
        if not isinstance(node, ast.Subscript) or node is written \
                or not isinstance(site.evaluate(node.value), (Tensor, np.ndarray)):
            continue  # a list of layers indexed one layer off is the layer edits' to read
        parts = [_text(p) for p in _index_parts(node)]
        for pattern in sorted(p for p in patterns if len(p) == len(parts) > 0):
            apart = [i for i in range(len(parts)) if parts[i] != pattern[i]]
            if len(apart) == 1 and (_offset_of(parts[apart[0]], pattern[apart[0]])
                                    or _offset_of(pattern[apart[0]], parts[apart[0]])):
                ours, theirs = parts[apart[0]], pattern[apart[0]]
                yield _edit(site, "wrong-operand", _index_parts(node)[apart[0]], theirs,
                            f"{ours} -> {theirs} in {_text(node)}")


def _gate_complement_edits(site: _Site) -> Iterator[_Edit]:
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


def _range_edits(site: _Site) -> Iterator[_Edit]:
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


def _index_parts(node: ast.Subscript) -> list[ast.expr]:
    """The positions of an index (``n, i + k``), none of them a slice."""
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if any(isinstance(p, ast.Slice) for p in parts):
        return []
    return list(parts)


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


def _is_index(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _zeroed_edits(site: _Site, pool: _Pool, rhs: ast.expr) -> Iterator[_Edit]:
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


def _compared_edits(site: _Site, pool: _Pool, known: _Knowns,
                    compared: ast.expr) -> Iterator[_Edit]:
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


# -- operands: another value the code holds ---------------------------------------------


class _Pool:
    """The values the code holds before the line: its variables, the attributes of its
    objects, and list elements at the line's indices (and one layer either side)."""

    def __init__(self, site: _Site) -> None:
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
        if isinstance(value, (Tensor, np.ndarray, np.generic, float)) \
                and not isinstance(value, bool) and np.size(value) != 0 \
                and _tensor(value) is not None:
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


def _other_keys(site: _Site, name: str, held: dict) -> Iterator[str]:
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
    module = type(value).__module__
    return hasattr(value, "__dict__") and not isinstance(value, (type, types.ModuleType)) \
        and not callable(value) and module not in ("builtins", "numpy", "torch")


def _operand_edits(site: _Site, pool: _Pool, known: _Knowns) -> Iterator[_Edit]:
    rhs = _rhs(site.stmt)
    if rhs is None:
        return
    every = list(_operands(site, rhs))
    in_one_place, wider = [], []
    for node, value in _distinct(iter(every)):
        mine = _tensor(value)
        places = [n for n, _ in every if _text(n) == _text(node)]
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
                wider.append((node, text))
            if theirs is None or theirs.shape != mine.shape or _close(theirs, mine) \
                    or text == _text(node):
                continue
            cause = _operand_cause(site, node, text, mine, theirs, known)
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
    for node, text in wider[:_MAX_POOL]:
        yield _edit(site, "wrong-operand", node, text, f"{_text(node)} -> {text}",
                    everywhere=True)


def _widens(mine: Tensor, theirs: Tensor) -> bool:
    """Does ``mine`` broadcast to the larger shape of ``theirs`` (a row of it, one
    number per column)?"""
    if mine.dim() == 0 or theirs.numel() <= mine.numel():
        return False
    try:
        return torch.broadcast_shapes(mine.shape, theirs.shape) == theirs.shape
    except RuntimeError:
        return False


def _gated_operand_edits(site: _Site, pool: _Pool) -> Iterator[_Edit]:
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


def _indexed_alike(site: _Site, node: ast.expr) -> Iterator[str]:
    """The same index into another array of the same shape (``w[f]`` for ``dw[f]``)."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
        return
    held = _tensor(site.scope.get(node.value.id))
    if held is None:
        return
    for name, value in site.scope.items():
        other = _tensor(value) if isinstance(value, (Tensor, np.ndarray)) else None
        if name != node.value.id and other is not None and other.shape == held.shape:
            yield _text(ast.Subscript(ast.Name(name, ast.Load()), node.slice, ast.Load()))


def _counted_slices(site: _Site, value: Tensor | None) -> list[str]:
    """Another array taken at a loop counter the code holds, where it has the value's shape
    (``w[f]`` for a convolution's ``window``, in the loop over filters ``f``)."""
    if value is None or value.dim() == 0:
        return []
    counters = [n for n, v in site.scope.items() if _is_index(v) and n not in site.globals]
    found = []
    for name, array in site.scope.items():
        if name in site.globals or not isinstance(array, (Tensor, np.ndarray)) \
                or array.ndim != value.dim() + 1 or tuple(array.shape[1:]) != tuple(value.shape):
            continue
        found += [f"{name}[{k}]" for k in counters if 0 <= site.scope[k] < array.shape[0]]
    return found[:_MAX_INDEX_CHOICES]


def _power_edits(site: _Site) -> Iterator[_Edit]:
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


def _root_edits(site: _Site) -> Iterator[_Edit]:
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


def _module_for(site: _Site, value: Any) -> str | None:
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


def _apart(site: _Site, a: str, b: str) -> bool:
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


def _through_a_layer(site: _Site, a: str, b: str) -> bool:
    """Is one of the two computed from the other through a layer's product (``h =
    tanh(h_prev @ Wh + ...)``)?"""
    path = _path_between(_assigned_reads(site), a, b)
    return path is not None and _layer_between(site, path[1])


def _layer_between(site: _Site, between: set[str]) -> bool:
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


def _assigned_values(site: _Site, name: str) -> list[ast.expr]:
    """The expressions the function assigns to ``name`` before the line."""
    return [n.value for n in ast.walk(site.function) if isinstance(n, ast.Assign)
            and n.lineno <= site.stmt.lineno and name in _names_of(*n.targets)]


def _assigned_reads(site: _Site) -> dict[str, set[str]]:
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


_STEP_WORDS = ("prev", "next", "old", "new", "last")


def _step_words(a: str, b: str) -> bool:
    """Are the two names one state at two steps (``c_prev`` and ``c``, ``h`` and
    ``h_next``)?"""
    def base(name: str) -> str:
        return "_".join(p for p in name.split("_") if p not in _STEP_WORDS)
    return a != b and base(a) == base(b) and base(a) != ""


def _operand_cause(site: _Site, node: ast.expr, text: str, mine: Tensor, theirs: Tensor,
                   known: _Knowns) -> str:
    """What replacing ``node`` by ``text`` says: the activation derivative written with its
    input, a value of another layer, or another operand."""
    mine_known, theirs_known = _identify(mine, known), _identify(theirs, known)
    both_outputs = _activation_output(site, _text(node), mine_known) is not None \
        and _activation_output(site, text, theirs_known) is not None
    if not both_outputs and _activation_pair(mine, theirs) and (
            _in_derivative(site.stmt, node) or _feeds_derivative(site, node)
            or _derivative_written(site.stmt)):
        return "activation-derivative-of-input"
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


def _other_layer(mine: list[_Known], theirs: list[_Known]) -> bool:
    """Are the two values the same forward quantity of two layers (``z3`` for ``z2``)?"""
    return any(a.kind == b.kind == "forward" and a.op == b.op and a.depth != b.depth
               for a in mine for b in theirs)


def _activation_output(site: _Site, text: str, known: list[_Known]) -> str | None:
    """The activation whose output the value is, if it is a layer's activation: a forward
    quantity of the loss computed by one, or a variable the code assigned from one (``e =
    torch.exp(a)``); two such values are two layers' outputs."""
    found = next((k.op for k in known if k.op in _ACTIVATIONS), None)
    if found is not None:
        return found
    assigned = [n for n in ast.walk(site.function) if isinstance(n, ast.Assign)
                and n.lineno < site.stmt.lineno and any(_text(t) == text for t in n.targets)]
    last = max(assigned, key=lambda n: n.lineno, default=None)
    if last is not None and isinstance(last.value, ast.Call) \
            and _callee(last.value) in _ACTIVATIONS:
        return _callee(last.value)
    return None


def _gradient(known: list[_Known]) -> bool:
    """A gradient, and not also a forward quantity (single numbers match both by chance)."""
    kinds = {k.kind for k in known}
    return "gradient" in kinds and not kinds & {"input", "forward"}


def _identify(value: Tensor, known: _Knowns) -> list[_Known]:
    """The known quantities ``value`` is; asked again of the same values edit after edit,
    so kept by the value's storage, shape and sum."""
    kept = known.__dict__.setdefault("identified", {})
    key = (value.data_ptr(), tuple(value.shape), tuple(value.stride()), float(value.sum()))
    if key not in kept:
        kept[key] = [k for k in known.by_numel.get(value.numel(), ())
                     if _close(k.value.reshape(value.shape), value)]
    return kept[key]


#: Activations whose input and output a derivative may be written with, one for the other.
_ACTIVATION_FUNCTIONS = (torch.sigmoid, torch.tanh, torch.exp, torch.nn.functional.softplus,
                         torch.relu, torch.nn.functional.gelu, torch.nn.functional.silu)


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


def _feeds_derivative(site: _Site, node: ast.expr) -> bool:
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


# -- activation derivatives -------------------------------------------------------------


def _derivatives(site: _Site, pool: _Pool, known: _Knowns
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


def _combined_derivatives(site: _Site, pool: _Pool, local: list[Tensor]
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


def _piecewise_derivatives(site: _Site, pool: _Pool) -> Iterator[str]:
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


def _derivative_edits(site: _Site, pool: _Pool, known: _Knowns) -> Iterator[_Edit]:
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


def _summands(node: ast.expr) -> list[ast.expr]:
    """The terms of a sum (``a + b * c - d``: ``a``, ``b * c``, ``d``)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        return _summands(node.left) + _summands(node.right)
    return [node]


_DERIVATIVE_WORDS = ("prime", "grad", "deriv", "backward", "slope", "diff")
_ACTIVATION_WORDS = ("sigmoid", "sigm", "logistic", "tanh", "relu", "elu", "softplus",
                     "gelu", "silu", "swish", "act")


def _derivative_helpers(site: _Site) -> list[str]:
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


# -- constants, terms, signs ------------------------------------------------------------

_RATIOS = (0.5, 2.0, -1.0, 1 / 3, 3.0, 0.25, 4.0, -0.5, -2.0)


def _convention_edits(site: _Site, pool: _Pool, mse: bool = False) -> Iterator[_Edit]:
    """The value divided or multiplied by a size (a batch mean missing or extra), or by
    2 / the number of elements or its inverse (mse_loss's convention against 1/2 sum of
    squares). With ``mse`` (the loss calls mse_loss), a value divided by one axis's size
    that needs the other's too is divided by its count where the loss takes every
    element's: that convention's."""
    rhs = _rhs(site.stmt)
    value = None if rhs is None else site.evaluate(rhs)
    if not isinstance(value, (Tensor, np.ndarray)) or value.ndim == 0:
        return
    read = [(_text(node), v) for node, v in _distinct(_operands(site, rhs))]
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
    count = math.prod(value.shape)
    for size, n in {**_size_names(site), **axes}.items():
        if n >= 2:  # a value already divided by a size was divided by the wrong one
            every = mse and any(isinstance(d, (int, float, np.number)) and d * n == count
                                for d in divisors)
            cause = "mse-convention" if every else "wrong-divisor" if divisors \
                else "batch-mean"
            yield _edit(site, cause, rhs, f"({_text(rhs)}) / {size}", f"/ {size}")
            yield _edit(site, "batch-mean", rhs, f"({_text(rhs)}) * {size}", f"* {size}")
    for total, n in {**totals, **axes}.items():
        if n >= 2:
            yield _edit(site, "mse-convention", rhs, f"2 * ({_text(rhs)}) / {total}",
                        f"* 2 / {total}")
            yield _edit(site, "mse-convention", rhs, f"({_text(rhs)}) * {total} / 2",
                        f"* {total} / 2")


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


def _coefficient_nodes(site: _Site) -> Iterator[ast.expr]:
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


def _coefficient_edits(site: _Site, pool: _Pool, loss_names: frozenset[str]
                       ) -> Iterator[_Edit]:
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
                square = (abs(node.value), ratio) in ((2, 0.5), (0.5, 2.0)) and (
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
            for text, value in scalars:
                if value != node.value and value != 0:
                    yield _edit(site, "wrong-coefficient", node, text,
                                f"{node.value!r} -> {text}")
            for number in written:
                if number != node.value:
                    yield _edit(site, "wrong-coefficient", node, repr(number),
                                f"{node.value!r} -> {number!r}")
    yield from _inverted_scale_edits(site, nodes)
    yield from _scaling_root_edits(site)
    rhs = _rhs(site.stmt)
    if rhs is not None:
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


def _scale_edits(site: _Site, rhs: ast.expr, scalars: list[tuple[str, float]],
                 constant: bool = False) -> Iterator[_Edit]:
    """A scale the code holds, left out or put in: the value divided or multiplied by it
    (``constant``: every scale is the code's constant, which no size equals by chance)."""
    for text, value in scalars:
        if value not in (0.0, 1.0, -1.0):
            held = constant or text in site.constants  # ``TAU``
            for op in ("/", "*"):
                edit = _edit(site, "wrong-coefficient", rhs, f"({_text(rhs)}) {op} {text}",
                             f"{op} {text}")
                yield dataclasses.replace(edit, constant=held)


def _inverted_scale_edits(site: _Site, nodes: list[ast.expr]) -> Iterator[_Edit]:
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


def _constant_scales(site: _Site) -> list[tuple[str, float]]:
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


def _constant_expression(site: _Site, node: ast.expr) -> bool:
    """Arithmetic of numbers and the module's constants alone (``1 - P_DROP``)."""
    def constant(n: ast.AST) -> bool:
        if isinstance(n, ast.Constant):
            return isinstance(n.value, (int, float)) and not isinstance(n.value, bool)
        if isinstance(n, ast.Name):
            return n.id in site.constants
        return isinstance(n, (ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop, ast.Load))

    return isinstance(node, ast.BinOp) and all(constant(n) for n in ast.walk(node))


def _term_coefficient_edits(site: _Site, rhs: ast.expr, nodes: list[ast.expr],
                            scalars: list[tuple[str, float]]) -> Iterator[_Edit]:
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


def _scaling_root_edits(site: _Site) -> Iterator[_Edit]:
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


def _term_edits(site: _Site, pool: _Pool) -> Iterator[_Edit]:
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


def _inner_term_edits(site: _Site, pool: _Pool) -> Iterator[_Edit]:
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


def _reduced_products(pool: _Pool, shape: torch.Size) -> Iterator[tuple[str, Tensor]]:
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


def _arriving_terms(site: _Site, pool: _Pool) -> Iterator[_Edit]:
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


def _names_of(*nodes: ast.expr) -> set[str]:
    return {_text(n) for node in nodes for n in ast.walk(node)
            if isinstance(n, (ast.Name, ast.Attribute))}


def _added_terms(site: _Site, rhs: ast.expr, term: str, c: float, exact: bool
                 ) -> Iterator[_Edit]:
    """The value plus ``c`` times ``term``, with ``c`` written each way the code would."""
    for coefficient in _coefficient_texts(c, site, exact=exact):
        sign, coefficient = ("-", coefficient[1:]) if coefficient.startswith("-") \
            else ("+", coefficient)
        yield _edit(site, "missing-term", rhs, f"{_text(rhs)} {sign} {coefficient}{term}",
                    f"{sign} {coefficient}{term}")


def _affine_terms(pool: _Pool, lacking: Tensor) -> Iterator[tuple[str, float]]:
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


def _terms(pool: _Pool, shape: torch.Size) -> Iterator[tuple[str, Tensor]]:
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


def _coefficient_texts(c: float, site: _Site, exact: bool = False) -> list[str]:
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


def _return_edits(site: _Site) -> Iterator[_Edit]:
    """Two returned values swapped."""
    value = site.stmt.value if isinstance(site.stmt, ast.Return) else None
    if not isinstance(value, ast.Tuple):
        return
    for i in range(len(value.elts)):
        for j in range(i + 1, len(value.elts)):
            swapped = copy.deepcopy(value)
            swapped.elts[i], swapped.elts[j] = swapped.elts[j], swapped.elts[i]
            yield _edit(site, "return-order", value, swapped,
                        f"{_text(value.elts[i])} and {_text(value.elts[j])} swapped")


def _accumulate_edits(site: _Site) -> Iterator[_Edit]:
    """``dW[idx] += dout`` with an index that repeats keeps one of the repeated rows' terms:
    every term is added by ``np.add.at(dW, idx, dout)`` (``dW.index_put_(..., accumulate=
    True)`` in torch)."""
    stmt = site.stmt
    if not (isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add)
            and isinstance(stmt.target, ast.Subscript)):
        return
    array, index = stmt.target.value, stmt.target.slice
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
    yield _Edit("missing-term", f"{_text(stmt)} -> {text}", ast.fix_missing_locations(fixed))


def _sign_edits(site: _Site) -> Iterator[_Edit]:
    stmt = site.stmt
    if isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, (ast.Add, ast.Sub)):
        flipped = copy.deepcopy(stmt)
        flipped.op = ast.Sub() if isinstance(stmt.op, ast.Add) else ast.Add()
        yield _Edit("sign", "+= -> -=" if isinstance(stmt.op, ast.Add) else "-= -> +=",
                    flipped)
        return
    rhs = _rhs(stmt)
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
    yield dataclasses.replace(_edit(site, "sign", rhs, f"-({_text(rhs)})", "negated"),
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


def _plain(node: ast.expr) -> ast.expr:
    """A copy of an expression with locations fit for compiling on its own."""
    return ast.fix_missing_locations(copy.deepcopy(node))
