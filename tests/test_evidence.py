"""No vacuous passes, the precision ladder, and closed forms that misbehave."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from derivations import REGISTRY, Derivation
from verify import engine, verify

MLP = REGISTRY["mlp_two_layer"]


def saturated(d: Derivation, scale: float = 200.0) -> Derivation:
    """Weights drawn far past the sigmoid's range: sigma'(z) ~ 0 almost everywhere."""
    inputs = tuple(dataclasses.replace(i, scale=scale) if i.name.startswith("W") else i
                   for i in d.inputs)
    return dataclasses.replace(d, inputs=inputs)


def test_a_saturated_derivation_is_inconclusive_never_verified() -> None:
    report = verify(saturated(MLP), trials=200)
    assert report.verdict == "inconclusive"
    weak = [s for s in report.steps if s.verdict == "inconclusive"]
    assert {s.step for s in weak} >= {"delta_j", "dE/dW_ij"}
    for step in weak:
        assert step.evidential < 100
        assert step.trials == 200 * (1 + engine.EXTRA_DRAWS)  # drew again before giving up


def test_zeros_are_never_verified_even_where_autograd_is_nearly_zero() -> None:
    def zeros(**inputs):
        return {k: torch.zeros_like(v) for k, v in MLP.gradient(**inputs).items()}

    for d in (MLP, saturated(MLP)):
        report = verify(dataclasses.replace(d, gradient=zeros), trials=100)
        assert report.verdict in ("failed", "inconclusive")
        assert report.verdict != "verified"


def test_short_evidence_draws_more_trials_and_then_verifies(monkeypatch) -> None:
    """At this scale fewer than half of the first 100 trials are evidence; more draws are."""
    d = saturated(MLP, scale=30.0)
    monkeypatch.setattr(engine, "EXTRA_DRAWS", 0)
    assert verify(d, trials=100).verdict == "inconclusive"
    monkeypatch.undo()
    report = verify(d, trials=100)
    assert report.verdict == "verified"
    hidden = {s.step: s for s in report.steps}["delta_j"]
    assert hidden.trials > 100 and hidden.evidential >= 50


def test_a_closed_form_that_writes_into_its_inputs_is_a_warning_not_a_wrong_verdict() -> None:
    right = REGISTRY["perceptron_multi"]

    def scribbles(x, w, t):
        result = right.gradient(x=x.clone(), w=w, t=t)
        x.zero_()
        return result

    report = verify(dataclasses.replace(right, gradient=scribbles), trials=50)
    assert report.verdict == "verified"
    assert report.warnings == ("the closed form changed its input 'x' in place; it was given "
                               "its own copy, so autograd's reference and the verdict are "
                               "unaffected",)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precisions_pass_every_correct_derivation(run_cli, dtype: str) -> None:
    result = run_cli("--dtype", dtype, "--trials", "300")
    n = len(REGISTRY)
    assert result.code == 0, result.out
    assert f"{n} checks: {n} verified" in result.out


def test_precision_settings_are_recorded_and_tf32_restored() -> None:
    saved = torch.backends.cuda.matmul.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = True
    try:
        report = verify(MLP, trials=10, dtype="float32")
        assert torch.backends.cuda.matmul.allow_tf32 is True
        assert report.precision["float32_matmul_precision"] == \
            torch.get_float32_matmul_precision()
    finally:
        torch.backends.cuda.matmul.allow_tf32 = saved
    assert "evidence_floor" in report.precision
    assert "8 x max(autograd's own float32 error" in report.tolerance_rule
