"""Examples with the book's own numbers: every input fixed, so every trial would be the same.

A derivation whose inputs are all drawn ``fixed`` (the apple purchase: 2 apples at 100, tax
1.1) has one input only. Checking it 1000 times counts one comparison 1000 times as
evidence; it is checked once instead, and reported as "exact: the book's numbers".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from derivations.core import Derivation
from verify.report import DerivationReport

__all__ = ["EXACT", "book_numbers", "checked_once", "is_exact"]

#: How a report says that its one trial is the book's fixed inputs.
EXACT = "exact: the book's numbers (every input is fixed), checked once"


def book_numbers(derivation: Derivation) -> bool:
    """True when every input of ``derivation`` is drawn ``fixed``."""
    return bool(derivation.inputs) and all(i.draw == "fixed" for i in derivation.inputs)


def checked_once(derivation: Derivation, verify: Callable[..., DerivationReport],
                 trials: int, **options: Any) -> DerivationReport:
    """``verify`` on the one input there is, labelled EXACT: no probe at other input scales
    (fixed inputs are never scaled) and no other sizes (fixed inputs are never resized).
    ``progress`` is told of the ``trials`` asked for, so that a progress bar still ends."""
    progress = options.pop("progress", None)
    options.update(probe_scales=False, vary_sizes=False)
    report = verify(derivation, trials=1, **options)
    if progress is not None:
        progress(trials)
    return dataclasses.replace(report, coverage=(EXACT, *report.coverage))


def is_exact(report: DerivationReport) -> bool:
    """True for the report of a derivation checked once on the book's numbers."""
    return EXACT in report.coverage
