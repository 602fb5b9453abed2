"""A cause proven: every family's edits of the located line, each re-run on the failing
trials, and the first that makes every one of them pass confirmed by a full check.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import math
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import torch
from torch import Tensor

from verify import messages as say
from verify.fixes.axes import (
    axis_edits,
    correction_edits,
    missing_sum_edits,
    row_column_edits,
    size_edits,
    whole_reduction_edits,
)
from verify.fixes.derivatives import (
    derivative_edits,
    grouping_edits,
    log_softmax_jacobian_edits,
    softmax_jacobian_edits,
)
from verify.fixes.masks import (
    gate_complement_edits,
    index_swap_edits,
    lookup_index_edits,
    mask_edits,
    offset_edits,
    placement_edits,
    range_edits,
    row_index_edits,
    step_index_edits,
)
from verify.fixes.operands import (
    argument_swap_edits,
    backpropagated_edits,
    einsum_operand_edits,
    gated_operand_edits,
    operand_edits,
    penalty_value_edits,
    power_edits,
    receiver_edits,
    retarget_edits,
    root_edits,
)
from verify.fixes.pool import Pool
from verify.fixes.scales import (
    accumulate_edits,
    arriving_terms,
    coefficient_edits,
    complement_edits,
    convention_edits,
    inner_term_edits,
    overwrite_edits,
    return_edits,
    sign_edits,
    sum_divisor_edits,
    term_edits,
    term_mean_edits,
    unread_term_edits,
)
from verify.fixes.site import Edit, Site, _agree, _names_in, _source_tree, _text, _written_names
from verify.fixes.transposes import transpose_edits
from verify.locate import Location, _forward, _Knowns, squares_in

#: Causes whose edits write a size: many sizes have one value at the declared sizes.
SIZED_CAUSES = frozenset({"batch-mean", "mse-convention", "wrong-divisor"})
_MAX_CONFIRMED = 8       # edits that pass the failing trials and get a full check, at most
_MAX_EDITS = 1500        # edits run in full at most


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
    site = Site.of(location)
    if site is None or not failing:
        return None
    known = _forward(derivation.loss.loss, dict(failing[0]))
    if known is None:
        return None
    judge = _Judge(derivation, failing, focus)
    if not judge.ready:
        return None
    squares = squares_in(derivation.loss.loss, failing[0]) if squares is None else squares
    # torch's mean squared error by any name (``nn.MSELoss()``, a ``criterion``) counts as
    # the ``mse_loss`` it calls
    loss_names = _names_in(derivation.loss.loss) | (
        {"mse_loss"} if squares in ("mean", "mse-sum") else set())
    site = dataclasses.replace(judge.returning(site), loss_names=loss_names,
                               squared=squares != "",
                               loss_tree=_source_tree(derivation.loss.loss))
    tries = [(site, _edits(site, known, loss_names))]
    # the condition that guards the line: a branch taken on the wrong side (a hinge's margin)
    tries += [(guard, mask_edits(guard, Pool(guard), known)) for guard in _guards(site)]
    gradients = [k.value for k in known.items if k.kind == "gradient"]
    confirmed, refuted, count = 0, [], 0
    for where, edits in tries:
        for edit in edits:
            if count >= _MAX_EDITS or confirmed >= _MAX_CONFIRMED or (
                    count % 16 == 0 and time.monotonic() > deadline):
                return None
            if not edit.whole and not where.could_mend(edit.stmt, gradients):
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


def _guards(site: Site) -> list[Site]:
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


def _fixed_text(stmt: ast.stmt) -> str:
    """The edited statement as one line: an ``if`` by its condition."""
    if isinstance(stmt, ast.If):
        return f"if {_text(stmt.test)}:"
    return _text(stmt)


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

    def returning(self, site: Site) -> Site:
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


def _edits(site: Site, known: _Knowns, loss_names: frozenset[str]) -> Iterator[Edit]:
    """Every family's edits of the line, in the order they are tried; a family that cannot
    read the line (an expression it does not expect) is passed over, not the rest."""
    pool = Pool(site)
    families: list[Callable[[], Iterator[Edit]]] = [
        lambda: return_edits(site),
        lambda: arriving_terms(site, pool),
        lambda: axis_edits(site),
        lambda: row_column_edits(site),
        lambda: missing_sum_edits(site),
        lambda: size_edits(site, "mse_loss" in loss_names),
        lambda: sum_divisor_edits(site),
        lambda: correction_edits(site),
        lambda: transpose_edits(site),
        lambda: mask_edits(site, pool, known),
        lambda: placement_edits(site),
        lambda: index_swap_edits(site),
        lambda: row_index_edits(site),
        lambda: lookup_index_edits(site),
        lambda: offset_edits(site),
        lambda: step_index_edits(site),
        lambda: range_edits(site),
        lambda: gate_complement_edits(site),
        lambda: whole_reduction_edits(site, pool),
        lambda: sign_edits(site),
        lambda: accumulate_edits(site),
        lambda: overwrite_edits(site),
        lambda: operand_edits(site, pool, known),
        lambda: argument_swap_edits(site),
        lambda: einsum_operand_edits(site, pool, known),
        lambda: gated_operand_edits(site, pool),
        lambda: backpropagated_edits(site, pool),
        lambda: retarget_edits(site),
        lambda: penalty_value_edits(site),
        lambda: receiver_edits(site),
        lambda: derivative_edits(site, pool, known),
        lambda: grouping_edits(site),
        lambda: softmax_jacobian_edits(site),
        lambda: log_softmax_jacobian_edits(site),
        lambda: root_edits(site),
        lambda: power_edits(site),
        lambda: convention_edits(site, pool, "mse_loss" in loss_names),
        lambda: term_mean_edits(site),
        lambda: complement_edits(site),
        lambda: coefficient_edits(site, pool, loss_names),
        lambda: term_edits(site, pool),
        lambda: unread_term_edits(site),
        lambda: inner_term_edits(site, pool),
    ]
    for family in families:
        with contextlib.suppress(SyntaxError, ValueError, TypeError, IndexError,
                                 AttributeError, KeyError):
            yield from family()
