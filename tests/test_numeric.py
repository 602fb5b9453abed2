"""Finite differences: an independent third opinion on both sides."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from derivations import REGISTRY
from derivations.core import Derivation, Input, Step
from verify import diagnose, verify
from verify.numeric import NUMERIC_TOLERANCE, numeric_gradients
from verify.sample import sample_trials


@pytest.mark.parametrize("name", list(REGISTRY))
def test_finite_differences_agree_with_autograd_on_every_builtin(name: str) -> None:
    report = verify(REGISTRY[name], trials=20, numeric=True)
    assert report.ok
    for step in report.steps:
        assert step.numeric.trials == 16
        assert step.numeric.autograd_error <= NUMERIC_TOLERANCE
        assert step.numeric.derived_error <= NUMERIC_TOLERANCE


def test_finite_differences_of_a_quadratic_are_exact_enough() -> None:
    d = REGISTRY["chain_rule"]
    inputs = sample_trials(d, 0, 4, 0, dtype=torch.float64, device="cpu")
    fd = numeric_gradients(d, inputs, ["x", "t"])
    torch.testing.assert_close(fd["x"], 2 * (inputs["x"] + inputs["y"]), rtol=1e-8, atol=1e-8)
    torch.testing.assert_close(fd["t"], 2 * (inputs["x"] + inputs["y"]), rtol=1e-8, atol=1e-8)


class _Cube(torch.autograd.Function):
    """y = x^3 with a wrong backward (2 x^2 instead of 3 x^2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, dy):
        (x,) = ctx.saved_tensors
        return dy * 2 * x ** 2


def _cube_loss(x, node=None):
    return _Cube.apply(x).sum()


CUBE = Derivation(name="cube", title="sum x^3", source="test", loss=_cube_loss,
                  gradient=lambda x: {"dL/dx": 3 * x ** 2},
                  inputs=(Input("x", (4,)),), steps=(Step("dL/dx", "x", "dL/dx = 3 x^2"),))


def test_a_wrong_backward_in_the_loss_is_caught_by_finite_differences() -> None:
    without = verify(CUBE, trials=50)
    assert without.first_wrong_step.diagnosis.kind == diagnose.FACTOR  # 3/2 against autograd
    report = verify(CUBE, trials=50, numeric=True)
    step = report.first_wrong_step
    assert step.diagnosis == diagnose.Diagnosis(
        diagnose.REFERENCE, "finite differences agree with the closed form, not with autograd: "
        "the loss's own backward is wrong (a custom autograd.Function in the loss?)")
    assert step.numeric.derived_agrees and not step.numeric.autograd_agrees


def test_numeric_column_in_the_cli(run_cli) -> None:
    result = run_cli("perceptron_multi", "--numeric", "--dtype", "float64", "--trials", "30")
    assert result.code == 0
    assert "vs finite diff." in result.out


def test_a_wrong_closed_form_is_far_from_finite_differences() -> None:
    d = REGISTRY["perceptron_multi"]

    def doubled(**inputs):
        return {k: 2 * v for k, v in d.gradient(**inputs).items()}

    step = verify(dataclasses.replace(d, gradient=doubled), trials=30,
                  numeric=True).first_wrong_step
    assert not step.numeric.derived_agrees and step.numeric.autograd_agrees
    assert step.diagnosis.kind == diagnose.FACTOR
