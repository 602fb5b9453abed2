"""Deliberately wrong derivations that the verifier must reject, each with its diagnosis."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
import torch

from derivations import REGISTRY, Derivation
from verify import verify
from verify.diagnose import FACTOR, SIGN, TRANSPOSE


def broken(name: str, change: Callable[[dict, dict], dict]) -> Derivation:
    """The built-in ``name`` with its closed form's result passed through ``change``."""
    d = REGISTRY[name]

    def gradient(**inputs):
        return change(dict(d.gradient(**inputs)), inputs)

    return dataclasses.replace(d, gradient=gradient)


def times(step: str, factor: float) -> Callable[[dict, dict], dict]:
    return lambda g, _: {**g, step: factor * g[step]}


def hidden_derivative_dropped(g: dict, inputs: dict) -> dict:
    """delta_j = sum_k delta_k W_jk, forgetting O_j (1 - O_j)."""
    return {**g, "delta_j": g["dE/dO_j"], "dE/dW_ij": torch.outer(inputs["O_i"], g["dE/dO_j"])}


def transposed(step: str) -> Callable[[dict, dict], dict]:
    return lambda g, _: {**g, step: g[step].T}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize(("name", "change", "first_step", "kind"), [
    ("perceptron_single", times("dE/dw", 2.0), "dE/dw", FACTOR),
    ("perceptron_multi", times("delta", -1.0), "delta", SIGN),
    ("perceptron_matrix", times("dL/dW", 0.5), "dL/dW", FACTOR),
    ("mlp_two_layer", times("dE/dW_jk", 2.0), "dE/dW_jk", FACTOR),
    ("mlp_two_layer", transposed("dE/dW_ij"), "dE/dW_ij", TRANSPOSE),
    ("mlp_two_layer", hidden_derivative_dropped, "delta_j", None),
])
def test_wrong_derivation_is_flagged_at_its_first_wrong_step(name, change, first_step, kind,
                                                              dtype) -> None:
    for seed in range(3):
        report = verify(broken(name, change), trials=200, seed=seed, dtype=dtype)
        assert report.verdict == "failed"
        assert report.first_wrong_step.step == first_step
        if kind is not None:
            assert report.first_wrong_step.diagnosis.kind == kind


def test_the_mismatch_message_names_step_element_values_and_cause() -> None:
    report = verify(broken("mlp_two_layer", times("dE/dW_jk", 2.0)), trials=64, seed=0)
    message = report.explain_failure()
    worst = report.first_wrong_step.worst
    assert message.splitlines()[0] == (
        "mlp_two_layer: dE/dW_jk does not match autograd (float64, 64 trials, seed 0)")
    assert "Mismatched elements: 1152 / 1152 in 64 / 64 trials" in message
    assert f"  derived  dE/dW_jk[{worst.index[0]}, {worst.index[1]}] = {worst.derived:.6g}" \
        in message
    assert f"  autograd dE/dW_jk[{worst.index[0]}, {worst.index[1]}] = {worst.autograd:.6g}" \
        in message
    assert abs(worst.derived - 2 * worst.autograd) < 1e-12
    assert "Diagnosis: derived = 2 x autograd in every trial" in message
    assert message.splitlines()[-1] == (
        "Re-run: verify(..., trials=64, seed=0, dtype='float64', device='cpu')")


def test_mse_loss_factor_is_named_as_the_loss_convention() -> None:
    """The matrix form written with 1/2-sum's gradient misses mse_loss's 2/N."""
    def half_sum(g: dict, inputs: dict) -> dict:
        n = inputs["W"].shape[0]
        return {k: v * n / 2 for k, v in g.items()}

    step = verify(broken("perceptron_matrix", half_sum), trials=50, sizes={"N": 5}).first_wrong_step
    assert step.step == "dL/do"
    assert step.diagnosis.message.startswith("derived = N/2 (= 5/2) x autograd in every trial: "
                                             "mean-reduced MSE vs 1/2 sum of squares")


def test_a_factor_with_two_explanations_gives_both() -> None:
    """With N = 4 outputs, N/2 is 2: at the declared sizes alone both readings stand."""
    wrong = broken("perceptron_matrix", times("dL/do", 2.0))
    step = verify(wrong, trials=50, vary_sizes=False).first_wrong_step
    assert step.diagnosis.message.startswith("derived = 2 = N/2 (= 4/2) x autograd")
    assert "the formula keeps the 2 of the square" in step.diagnosis.message
    assert "; or mean-reduced MSE vs 1/2 sum of squares" in step.diagnosis.message


def test_other_sizes_tell_the_two_readings_apart() -> None:
    """At N = 1 and N = 7 the factor is still 2: the 2 of the square, not N/2."""
    step = verify(broken("perceptron_matrix", times("dL/do", 2.0)), trials=50).first_wrong_step
    assert step.diagnosis.kind == "factor"
    assert step.diagnosis.message.startswith("derived = 2 x autograd in every failing trial, "
                                             "at every size checked (2 at N = 4, D = 3; 2 at "
                                             "N = 1, D = 1; 2 at N = ")
    assert "N/2" not in step.diagnosis.message
