"""A pytest helper: ``assert_grads_match`` fails a test with the diagnosis as its message.

    from verify.testing import assert_grads_match

    def test_my_layer():
        assert_grads_match(loss, grad, wrt=("W", "b"), shapes={...}, trials=200)
"""

from __future__ import annotations

from typing import Any

from verify.api import check
from verify.errors import GradientMismatch
from verify.report import INCONCLUSIVE, DerivationReport

__all__ = ["assert_grads_match"]


def assert_grads_match(*args: Any, **options: Any) -> DerivationReport:
    """``check(*args, **options)``, raising unless every gradient is verified.

    Args:
        *args: what ``verify.check`` takes: ``loss, grad``, an autograd Function (and its
            reference forward), or a Derivation.
        **options: ``wrt``, ``shapes``, ``draws``, ``trials``, ``seed``, ``dtype`` ... as
            for ``verify.check``.

    Returns:
        The report, when it is verified.

    Raises:
        GradientMismatch: a gradient failed, raised, or was never tested (inconclusive); the
            message is the diagnosis.
        UsageError: ``check`` was called wrongly.
    """
    __tracebackhide__ = True
    report = check(*args, **options)
    if not report.ok:
        raise GradientMismatch(_message(report))
    return report


def _message(report: DerivationReport) -> str:
    if report.verdict != INCONCLUSIVE:
        return report.explain_failure()
    weak = ", ".join(f"{s.step} ({s.evidential} of {s.trials} trials)" for s in report.steps
                     if s.verdict == INCONCLUSIVE)
    return (f"{report.name}: inconclusive: autograd's gradient is zero or rounding noise in "
            f"most trials, so they prove nothing: {weak}. Draw the inputs where the loss "
            "depends on them.")
