"""The closed form line by line, each line beside the quantities of the loss its values are.

On one trial, the gradient code runs traced by the locator (``verify.locate``): every value
a line writes or returns is compared with what the loss knows (its inputs, its forward
quantities, autograd's gradient of the loss with respect to each, the local derivative of
each elementwise operation). A line whose value is one of them is shown with its name
(``o``: ``sigmoid(x @ w.T)``); the first wrong line, as ``verify.locate`` finds it, is
marked with what it computes instead.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace

from torch import Tensor

from derivations.core import Derivation
from verify.draws import shown_path
from verify.locate import Location, _forward, _Known, _path_text, _run, locate

__all__ = ["CodeLine", "closed_form_lines"]

#: Quantities shown per value written, at most.
_MATCHES = 2


@dataclass(frozen=True)
class CodeLine:
    """One line of the closed form, what its values were found to be, and whether it is the
    first wrong line (then ``wrong`` says what it computes instead)."""

    number: int
    code: str
    matched: tuple[str, ...] = ()
    wrong: str = ""


@dataclass(frozen=True)
class ClosedFormLines:
    """The gradient function's lines, in its file, with the first wrong line's Location."""

    file: str
    lines: tuple[CodeLine, ...]
    location: Location | None


def closed_form_lines(derivation: Derivation, inputs: Mapping[str, Tensor]
                      ) -> ClosedFormLines | None:
    """The gradient code of ``derivation`` line by line on one trial's ``inputs``.

    Args:
        derivation: made by ``verify.derivation``, or a built-in (its gradient function).
        inputs: one trial's inputs, no trial axis.

    Returns:
        The lines, or None where the code cannot be followed (no Python source, it raised).
    """
    closed = derivation.gradient
    if not hasattr(closed, "wrt"):  # a built-in: its gradient function returns every step
        closed = SimpleNamespace(grad=closed, numpy=False, numpy_first=False, wrt=())
    raw_loss = getattr(derivation.loss, "loss", derivation.loss)
    try:
        source, first = inspect.getsourcelines(closed.grad)
        file = inspect.getsourcefile(closed.grad)
        inputs = {n: v.detach().cpu().double() if v.is_floating_point() else v.detach().cpu()
                  for n, v in inputs.items()}
        known = _forward(raw_loss, inputs)
        trace = None if known is None else _run(closed, inputs)
    except Exception:  # the user's code may do anything: then there are no lines to show
        return None
    if trace is None or file is None:
        return None
    matched: dict[int, dict[str, None]] = {}
    for record in trace.records:
        if os.path.abspath(record.step.filename) != os.path.abspath(file):
            continue
        names = [_short(known.best(k)) for k in known.exact(record.value)][:_MATCHES]
        if names:
            written = _path_text(record.path) if record.path else "returns"
            matched.setdefault(record.step.line, {})[f"{written}: {' = '.join(names)}"] = None
    location = locate(derivation, inputs)
    wrong = location.line if location is not None and location.path and \
        os.path.abspath(location.path) == os.path.abspath(file) else None
    lines = tuple(CodeLine(first + i, text.rstrip(), tuple(matched.get(first + i, ())),
                           _what_instead(location) if first + i == wrong else "")
                  for i, text in enumerate(source) if text.strip())
    return ClosedFormLines(shown_path(file), lines, location)


def _short(known: _Known) -> str:
    """``dL/do``, ``sigmoid(x @ w.T)``, ``x``: a known quantity's name without its gloss."""
    text = known.text.split(", ")[0]
    for prefix in ("the forward quantity ", "the input "):
        text = text.removeprefix(prefix)
    return text


def _what_instead(location: Location | None) -> str:
    if location is None:
        return ""
    return str(location).split("\n", 1)[1].strip() if "\n" in str(location) else "wrong"
