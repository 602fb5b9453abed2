"""Finite differences: an independent third opinion on both sides."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from derivations import REGISTRY
from derivations.core import Derivation, Input, Step
from verify import diagnose, numeric, verify
from verify.exact import is_exact
from verify.memory import peak_bytes
from verify.numeric import NUMERIC_TOLERANCE, NUMERIC_TRIALS, STEP, numeric_gradients
from verify.oracle import probed_losses
from verify.sample import sample_trials


@pytest.mark.parametrize("name", list(REGISTRY))
def test_finite_differences_agree_with_autograd_on_every_builtin(name: str) -> None:
    report = verify(REGISTRY[name], trials=20, numeric=True)
    assert report.ok
    for step in report.steps:
        # the book's fixed numbers are one trial, checked once
        assert step.numeric.trials == (1 if is_exact(report) else 16)
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


def _one_pass(derivation: Derivation, inputs: dict, name: str) -> torch.Tensor:
    """Central differences with every perturbed copy in one pass (an n x n basis): the
    reference the blocked evaluation must reproduce exactly."""
    base = inputs[name]
    trials, shape = base.shape[0], base.shape[1:]
    n = base[0].numel()
    h = STEP * (1 + base.abs().reshape(trials, n))
    shift = (h[:, :, None] * torch.eye(n, dtype=torch.float64)).reshape(trials * n, *shape)

    def losses(sign: float) -> torch.Tensor:
        args = {k: v.repeat_interleave(n, 0) for k, v in inputs.items()}
        args[name] = base.repeat_interleave(n, 0) + sign * shift
        return probed_losses(derivation, args, {})[0].reshape(trials, n)

    return ((losses(1.0) - losses(-1.0)) / (2 * h)).reshape(trials, *shape)


@pytest.mark.parametrize("name", list(REGISTRY))
def test_blocks_of_copies_give_exactly_the_values_of_one_pass(name: str) -> None:
    d = REGISTRY[name]
    inputs = sample_trials(d, 0, NUMERIC_TRIALS, 0, dtype=torch.float64, device="cpu")
    params = [n for n in d.params if inputs[n].is_floating_point()]
    blocked = numeric_gradients(d, inputs, params)
    for param in params:
        assert torch.equal(blocked[param], _one_pass(d, inputs, param)), param


@pytest.mark.parametrize("copies", [1, 5])
def test_small_blocks_and_groups_of_trials_agree_with_one_pass(monkeypatch, copies) -> None:
    """Other block sizes change only the rounding of batched products in the loss."""
    d = REGISTRY["mlp_two_layer"]
    monkeypatch.setattr(numeric, "COPIES", copies)
    inputs = sample_trials(d, 0, 7, 0, dtype=torch.float64, device="cpu")
    blocked = numeric_gradients(d, inputs, d.params)
    for param in d.params:
        torch.testing.assert_close(blocked[param], _one_pass(d, inputs, param), rtol=0,
                                   atol=1e-10)


def _sum_of_cubes(x, node=None):
    return (x ** 3).sum()


BIG = Derivation(name="big", title="sum x^3 over 4000 elements", source="test",
                 loss=_sum_of_cubes, gradient=lambda x: {"dL/dx": 3 * x ** 2},
                 inputs=(Input("x", (4000,)),), steps=(Step("dL/dx", "x", "dL/dx = 3 x^2"),))


def test_a_4000_element_input_is_differenced_in_bounded_memory(monkeypatch) -> None:
    def no_basis(*args, **kwargs):
        raise AssertionError("an n x n basis was built")

    monkeypatch.setattr(torch, "eye", no_basis)
    inputs = sample_trials(BIG, 0, 1, 0, dtype=torch.float64, device="cpu")
    result = {}
    peak = peak_bytes(lambda: result.update(numeric_gradients(BIG, inputs, ["x"])))
    # one pass would hold a 4000 x 4000 float64 basis and shift: 128 MB each
    assert peak < 32 * 2**20, f"{peak / 2**20:.0f} MiB"
    torch.testing.assert_close(result["x"], 3 * inputs["x"] ** 2, rtol=1e-5, atol=1e-5)
