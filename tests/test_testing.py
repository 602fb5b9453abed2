"""assert_grads_match: the command's dtypes, every option of check, the user's exception chained."""

from __future__ import annotations

import traceback

import pytest
import torch

from verify import DerivationError, GradientMismatch, UsageError
from verify.testing import assert_grads_match

SPEC = dict(wrt="w", shapes={"w": (3,), "x": (3,)}, trials=20)


def loss(w, x):
    """E = 1/2 (x . w)^2."""
    return 0.5 * (x @ w) ** 2


def grad(w, x):
    """dE/dw = (x . w) x."""
    return (x @ w) * x


def flipped(w, x):
    return -(x @ w) * x


def divides_by_zero(w, x):
    scale = 1 / 0
    return scale * x


def test_float64_and_float32_are_checked_by_default_as_by_the_command() -> None:
    seen = []

    def recording(w, x):
        seen.append(w.dtype)
        return grad(w, x)

    report = assert_grads_match(loss, recording, **SPEC)
    assert report.dtype == "float64" and report.ok
    assert set(seen) == {torch.float64, torch.float32}
    seen.clear()
    assert_grads_match(loss, recording, dtypes=("float64",), **SPEC)
    assert set(seen) == {torch.float64}
    assert assert_grads_match(loss, recording, dtype="float32", **SPEC).dtype == "float32"


def test_the_first_line_is_the_diagnosis_and_the_rest_the_explanation() -> None:
    with pytest.raises(GradientMismatch) as caught:
        assert_grads_match(loss, flipped, **SPEC)
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("flipped: dw (float64): sign: derived = -1 x autograd in every "
                               "trial: the sign is flipped")
    assert lines[1] == "flipped: dw does not match autograd (float64, 20 trials, seed 0)"
    assert lines[-1] == "Re-run: check(..., trials=20, seed=0, dtype='float64', device='cpu')"


def test_every_option_of_check_is_taken() -> None:
    report = assert_grads_match(loss, grad, numeric=True, **SPEC)
    assert report.steps[0].numeric is not None
    with pytest.raises(GradientMismatch) as full:
        assert_grads_match(loss, flipped, **SPEC)
    with pytest.raises(GradientMismatch) as bare:
        assert_grads_match(loss, flipped, shrink=False, explain=False, vary_sizes=False,
                           probe_scales=False, **SPEC)
    for words in ("Smallest failing case", "First wrong line", "Checked: sizes",
                  "Checked: input scales"):
        assert words in str(full.value)
        assert words not in str(bare.value)


def test_a_crash_is_the_users_exception_not_an_assertion() -> None:
    with pytest.raises(DerivationError) as caught:
        assert_grads_match(loss, divides_by_zero, **SPEC)
    error = caught.value
    assert not isinstance(error, AssertionError)
    assert str(error).startswith("divides_by_zero: error (float64, cpu): divides_by_zero "
                                 "raised ZeroDivisionError at ")
    assert isinstance(error.__cause__, ZeroDivisionError)
    frames = traceback.extract_tb(error.__cause__.__traceback__)
    assert [(f.filename, f.name) for f in frames] == [(__file__, "divides_by_zero")]


def test_an_error_of_the_verifiers_own_has_no_cause() -> None:
    with pytest.raises(DerivationError, match="returned 2 gradients for 1 in wrt") as caught:
        assert_grads_match(loss, lambda w, x: (grad(w, x), grad(w, x)), **SPEC)
    assert caught.value.__cause__ is None


def test_dtype_and_dtypes_are_one_or_the_other() -> None:
    with pytest.raises(UsageError, match=r"^give dtype= or dtypes=, not both$"):
        assert_grads_match(loss, grad, dtype="float64", dtypes=("float32",), **SPEC)
    with pytest.raises(UsageError, match=r"or say dtype='float32'$"):
        assert_grads_match(loss, grad, dtypes="float32", **SPEC)
