"""The backward of a custom torch.autograd.Function: its values checked against autograd of a
reference forward, or against central finite differences when there is none (the rest of its
contract: tests/test_contract_*.py)."""

from __future__ import annotations

import pytest
import torch

from verify import UsageError, check, function_derivation, verify
from verify.errors import GradientMismatch
from verify.testing import assert_grads_match

TRIALS = 100
#: The values alone: the rest of the contract is tests/test_contract_*.py's.
VALUES = dict(trials=TRIALS, contract=False)


class Sigmoid(torch.autograd.Function):
    """y = 1 / (1 + exp(-x));  dx = dout y (1 - y)."""

    @staticmethod
    def forward(ctx, x):
        y = 1 / (1 + torch.exp(-x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, dout):
        (y,) = ctx.saved_tensors
        return dout * y * (1 - y)


class SigmoidOnInput(Sigmoid):
    """A wrong backward: sigma'(x) written as x (1 - x), on the input instead of the output."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 1 / (1 + torch.exp(-x))


class Affine(torch.autograd.Function):
    """y = x W + b;  dx = dout W^T, dW = x^T dout, db = sum_n dout."""

    @staticmethod
    def forward(ctx, x, W, b):
        ctx.save_for_backward(x, W)
        return x @ W + b

    @staticmethod
    def backward(ctx, dout):
        x, W = ctx.saved_tensors
        return dout @ W.T, x.T @ dout, dout.sum(0)


class AffineTransposed(Affine):
    """A wrong backward: dW = dout^T x, the outer product the wrong way round."""

    @staticmethod
    def backward(ctx, dout):
        x, W = ctx.saved_tensors
        return dout @ W.T, dout.T @ x, dout.sum(0)


AFFINE_SHAPES = {"x": (4, 3), "W": (3, 3), "b": (3,)}


def affine(x, W, b):
    return x @ W + b


@pytest.mark.parametrize("reference", [torch.sigmoid, None], ids=["reference", "numeric"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_correct_backward_verifies(reference, dtype: str) -> None:
    report = assert_grads_match(Sigmoid, reference, shapes={"x": (2, 3)}, dtype=dtype,
                                trials=TRIALS)
    assert report.mode == "per-trial loop"
    expected = "autograd of sigmoid" if reference else "finite differences"
    assert report.title == f"Sigmoid.backward against {expected}"


@pytest.mark.parametrize("reference", [affine, None], ids=["reference", "numeric"])
def test_every_gradient_of_a_function_with_several_inputs_is_checked(reference) -> None:
    report = assert_grads_match(Affine, reference, shapes=AFFINE_SHAPES, trials=TRIALS)
    assert [s.of for s in report.steps] == ["x", "W", "b"]


@pytest.mark.parametrize("reference", [torch.sigmoid, None], ids=["reference", "numeric"])
def test_a_wrong_backward_is_flagged(reference) -> None:
    with pytest.raises(GradientMismatch, match=r"(?m)^SigmoidOnInput: dx does not match autograd"):
        assert_grads_match(SigmoidOnInput, reference, shapes={"x": (2, 3)}, trials=TRIALS)


@pytest.mark.parametrize("reference", [affine, None], ids=["reference", "numeric"])
def test_a_transposed_weight_gradient_is_named(reference) -> None:
    report = check(AffineTransposed, reference, shapes=AFFINE_SHAPES, **VALUES)
    assert report.verdict == "failed" and report.first_wrong_step.of == "W"
    assert [s.verdict for s in report.steps] == ["verified", "failed", "verified"]
    assert report.first_wrong_step.diagnosis.kind == "transpose"


def test_wrt_limits_the_check_and_fixed_inputs_are_never_differentiated() -> None:
    report = check(Affine, affine, shapes=AFFINE_SHAPES, draws={"b": 0.0}, **VALUES)
    assert [s.of for s in report.steps] == ["x", "W"] and report.ok
    report = check(AffineTransposed, affine, wrt="x", shapes=AFFINE_SHAPES, **VALUES)
    assert [s.of for s in report.steps] == ["x"] and report.ok


def test_a_backward_that_returns_the_wrong_shape_is_an_error() -> None:
    class Wrong(Affine):
        @staticmethod
        def backward(ctx, dout):
            x, W = ctx.saved_tensors
            return (dout @ W.T).T, x.T @ dout, dout.sum(0)

    report = check(Wrong, affine, shapes=AFFINE_SHAPES, **VALUES)
    assert report.verdict == "error"
    assert report.error.startswith("Wrong.backward: torch raised RuntimeError (Wrong is at "
                                   "tests/test_custom_function.py:")
    assert "Function WrongBackward returned an invalid gradient at index 0" in report.error


def test_a_fixed_number_without_a_shape_is_passed_as_a_number() -> None:
    class Power(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, p):
            assert isinstance(p, int), "p arrives as a tensor"
            ctx.save_for_backward(x)
            ctx.p = p
            return x ** p

        @staticmethod
        def backward(ctx, dout):
            (x,) = ctx.saved_tensors
            return ctx.p * x ** (ctx.p - 1) * dout, None

    report = check(Power, torch.pow, shapes={"x": (3,)}, draws={"p": 3}, **VALUES)
    assert report.ok and [s.of for s in report.steps] == ["x"]


def test_by_default_the_whole_contract_is_checked() -> None:
    report = check(Sigmoid, torch.sigmoid, shapes={"x": (2, 3)}, trials=20, compile=False)
    rows = {i.item: i.verdict for i in report.contract}
    assert report.ok and rows["reentrant"] == "verified" and rows["compile"] == "not checked"
    assert rows["forward_mode"] == "not supported" and rows["speed"] == "measured"


def test_misuse_of_a_function_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"^Affine cannot run on inputs of shapes"):
        check(Affine, affine, shapes={"x": (4, 2), "W": (3, 3), "b": (3,)})
    with pytest.raises(UsageError, match=r"^Affine returns shape \(4, 3\) but the reference "
                                         r"\(4, 1, 3\): they must compute the same thing"):
        check(Affine, lambda x, W, b: (x @ W + b)[:, None], shapes=AFFINE_SHAPES)
    with pytest.raises(UsageError, match=r"^wrt must name real-valued arguments of "
                                         r"Affine.forward \(x, W, b\), not 'v'"):
        function_derivation(Affine, shapes=AFFINE_SHAPES, wrt="v")
    with pytest.raises(UsageError, match=r"^shapes names 'y', which is not an argument of "
                                         r"Affine.forward\(x, W, b\)"):
        function_derivation(Affine, shapes={**AFFINE_SHAPES, "y": 3})


class MaxOverAxis(torch.autograd.Function):
    """max over an axis, returning its indices too (not differentiable)."""

    @staticmethod
    def forward(ctx, x, dim):
        values, indices = x.max(dim=dim)
        ctx.mark_non_differentiable(indices)
        ctx.save_for_backward(indices)
        ctx.dim, ctx.shape = dim, x.shape
        return values, indices

    @staticmethod
    def backward(ctx, grad_values, grad_indices):
        indices, = ctx.saved_tensors
        grad = torch.zeros(ctx.shape, dtype=grad_values.dtype, device=grad_values.device)
        return grad.scatter(ctx.dim, indices.unsqueeze(ctx.dim),
                            grad_values.unsqueeze(ctx.dim)), None


def test_a_reference_returning_values_and_indices_is_compared_on_the_values() -> None:
    case = function_derivation(MaxOverAxis, lambda x, dim: torch.max(x, dim=dim),
                               shapes={"x": (4, 6)}, draws={"dim": 1})
    assert verify(case, trials=200).verdict == "verified"


class InplaceReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.clamp_(min=0)
        ctx.mark_dirty(x)
        ctx.save_for_backward(x)
        return x

    @staticmethod
    def backward(ctx, grad_output):
        (out,) = ctx.saved_tensors
        return grad_output * (out > 0).to(grad_output.dtype)


def test_a_function_that_works_in_place_is_checked_on_copies_of_its_inputs() -> None:
    # torch refuses an in-place change of a leaf that requires a gradient
    case = function_derivation(InplaceReLU, torch.relu, shapes={"x": (4, 5)})
    assert verify(case, trials=50).verdict == "verified"
