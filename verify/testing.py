"""pytest support: ``assert_grads_match`` fails a test with the diagnosis as its first line.

    from verify.testing import assert_grads_match

    def test_my_layer():
        assert_grads_match(loss, grad, wrt=("W", "b"), shapes={...}, trials=200)

A wrong gradient fails the test with a ``GradientMismatch`` (an ``AssertionError``) whose
first line, the one pytest's short summary shows, is the diagnosis, and whose other lines
are the whole explanation. A gradient (or loss) that raises fails it with a
``DerivationError`` raised from the exception of your code, so that pytest shows your
traceback. Derivations can also be collected as tests of their own: see
``verify.pytest_plugin``.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sysconfig
from collections.abc import Callable, Sequence
from typing import Any

import torch

from derivations.core import Derivation
from verify.api import check, derivation_of
from verify.errors import DerivationError, GradientMismatch, UsageError
from verify.report import ERROR, INCONCLUSIVE, DerivationReport

__all__ = ["DTYPES", "assert_grads_match", "failure_message", "headline", "raise_user_error"]

#: The dtypes ``verify-grads`` checks by default, and so ``assert_grads_match`` too.
DTYPES = ("float64", "float32")
#: The arguments that say what the derivation is, as ``verify.api.derivation_of`` takes them.
_SPEC = ("wrt", "shapes", "draws", "sizes", "numpy", "name")
#: Frames of these folders are cut from the front of your code's traceback.
_CALLERS = tuple(folder + os.sep for folder in (
    os.path.dirname(__file__), os.path.dirname(torch.__file__), sysconfig.get_paths()["stdlib"]))


def assert_grads_match(loss: Callable[..., Any] | Derivation,
                       grad: Callable[..., Any] | None = None, *,
                       dtypes: Sequence[str] | None = None, **options: Any) -> DerivationReport:
    """``check(loss, grad, **options)`` in each dtype, raising unless every gradient verifies.

    Args:
        loss, grad: what ``verify.check`` takes: ``loss, grad``, an autograd Function (and
            its reference forward), or a Derivation (then no ``grad``).
        dtypes: the dtypes to check in, in order; default float64 and float32, as the
            command. ``dtype="float32"`` checks that one only.
        **options: every option of ``verify.check``: ``wrt``, ``shapes``, ``draws``,
            ``sizes``, ``numpy``, ``name``, ``trials``, ``seed``, ``device``, ``rtol``,
            ``atol``, ``numeric``, ``shrink``, ``vary_sizes``, ``probe_scales``, ``explain``.

    Returns:
        The report in the first dtype (float64 by default: the one that decides
        correctness; the others measure precision), once every dtype has verified.

    Raises:
        GradientMismatch: a gradient does not match autograd, or was never tested
            (inconclusive); the first line of the message is the diagnosis.
        DerivationError: the gradient or the loss raised; raised from that exception.
        UsageError: ``check`` was called wrongly, or with both ``dtype`` and ``dtypes``.
    """
    __tracebackhide__ = True
    dtypes = _dtypes(dtypes, options.pop("dtype", None))
    built = derivation_of(loss, grad, **{k: options.pop(k) for k in _SPEC if k in options})
    reports = []
    for dtype in dtypes:
        report = check(built, dtype=dtype, **options)
        if report.verdict == ERROR:
            quick = {**options, "dtype": dtype, "shrink": False, "explain": False}
            raise_user_error(report, built, functools.partial(check, **quick))
        if not report.ok:
            raise GradientMismatch(failure_message(report))
        reports.append(report)
    return reports[0]


def headline(report: DerivationReport) -> str:
    """One line, the one pytest's short summary shows: the first wrong step, the cause the
    diagnosis names and the diagnosis,
    ``"perceptron: dw (float64): sign: derived = -1 x autograd in every trial: ..."``."""
    if report.verdict == INCONCLUSIVE:
        return report.explain_failure()
    step = report.first_wrong_step
    if step is None or step.diagnosis is None:
        return report.explain_failure().partition("\n")[0]
    cause = step.diagnosis.cause
    named = f"{cause.replace('-', ' ')}: " if cause else ""
    return f"{report.name}: {step.step} ({report.dtype}): {named}{step.diagnosis.message}"


def failure_message(report: DerivationReport) -> str:
    """The diagnosis on the first line, then the whole explanation (``explain_failure``)."""
    first = headline(report)
    explanation = report.explain_failure()
    return first if explanation == first or report.verdict == INCONCLUSIVE \
        else f"{first}\n{explanation}"


def raise_user_error(report: DerivationReport, derivation: Derivation,
                     rerun: Callable[[Derivation], object]) -> None:
    """Raise the report's error as a ``DerivationError`` from the exception of the user's
    code, found by ``rerun`` of the derivation with its loss and gradient watched (the
    report keeps the error as text only). Raised without a cause when the error was not
    an exception of the user's code (a gradient of the wrong shape, say)."""
    __tracebackhide__ = True
    watched = _Watched(derivation.loss, derivation.gradient)
    rerun(dataclasses.replace(derivation, loss=watched.loss, gradient=watched.gradient))
    cause = watched.last_error
    if cause is None:
        raise DerivationError(report.explain_failure())
    raise DerivationError(report.explain_failure()) from _from_user_code(cause)


class _Watched:
    """A derivation's loss and gradient that keep the exception of the user's code from
    their last call: None after a call that returned, or that raised an error of the
    verifier's own (a ``DerivationError`` raised from nothing)."""

    def __init__(self, loss: Callable[..., Any], gradient: Callable[..., Any]) -> None:
        self.last_error: BaseException | None = None
        self.loss, self.gradient = self._watch(loss), self._watch(gradient)

    def _watch(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def watched(*args: Any, **kwargs: Any) -> Any:
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:
                self.last_error = error.__cause__ if isinstance(error, DerivationError) \
                    else error
                raise
            self.last_error = None
            return result
        return watched


def _from_user_code(error: BaseException) -> BaseException:
    """``error`` with the verifier's, torch's and Python's own frames cut from the front of
    its traceback: what is left starts in the user's code."""
    frames = error.__traceback__
    while frames is not None and frames.tb_frame.f_code.co_filename.startswith(_CALLERS):
        frames = frames.tb_next
    return error if frames is None else error.with_traceback(frames)


def _dtypes(dtypes: Sequence[str] | None, dtype: str | None) -> tuple[str, ...]:
    if dtype is not None and dtypes is not None:
        raise UsageError("give dtype= or dtypes=, not both")
    if dtype is not None:
        return (dtype,)
    if isinstance(dtypes, str):
        raise UsageError(f"dtypes= takes a sequence of dtypes, e.g. ({dtypes!r},); "
                         f"or say dtype={dtypes!r}")
    chosen = DTYPES if dtypes is None else tuple(dtypes)
    if not chosen:
        raise UsageError("dtypes= is empty: name at least one dtype, e.g. ('float64',)")
    return chosen
