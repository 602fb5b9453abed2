"""No vacuous passes, the precision ladder, and closed forms that misbehave."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from derivations import REGISTRY, Derivation
from verify import check, engine, verify

MLP = REGISTRY["mlp_two_layer"]


def saturated(d: Derivation, scale: float = 200.0) -> Derivation:
    """Weights drawn far past the sigmoid's range: sigma'(z) ~ 0 almost everywhere."""
    inputs = tuple(dataclasses.replace(i, scale=scale) if i.name.startswith("W") else i
                   for i in d.inputs)
    return dataclasses.replace(d, inputs=inputs)


def sigmoid_unit(scale: float, trials: int = 100, **options):
    """One sigmoid unit differentiated by its weights only, weights drawn at ``scale``:
    past |z| ~ 17 float32 rounds sigma to 1, and sigma'(z) is rounding noise."""
    def loss(w, x):
        return torch.sigmoid(x @ w)

    def grad(w, x):
        o = torch.sigmoid(x @ w)
        return o * (1 - o) * x

    return check(loss, grad, wrt="w", shapes={"w": (5,), "x": (5,)},
                 draws={"w": ("normal", scale)}, trials=trials, **options)


def test_a_gradient_that_is_noise_in_every_trial_is_inconclusive_never_verified() -> None:
    report = sigmoid_unit(scale=1000.0)
    assert report.verdict == "inconclusive"
    step = report.steps[0]
    assert step.evidential < 50
    assert step.trials == 100 * (1 + engine.EXTRA_DRAWS)  # drew again before giving up


def test_zeros_are_never_verified_even_where_autograd_is_nearly_zero() -> None:
    def zeros(**inputs):
        return {k: torch.zeros_like(v) for k, v in MLP.gradient(**inputs).items()}

    for d in (MLP, saturated(MLP)):
        report = verify(dataclasses.replace(d, gradient=zeros), trials=100)
        assert report.verdict in ("failed", "inconclusive")
        assert report.verdict != "verified"


def test_short_evidence_draws_more_trials_and_then_verifies(monkeypatch) -> None:
    """At this scale fewer than half of the first 100 trials are evidence; more draws are."""
    monkeypatch.setattr(engine, "EXTRA_DRAWS", 0)
    assert sigmoid_unit(scale=40.0).verdict == "inconclusive"
    monkeypatch.undo()
    report = sigmoid_unit(scale=40.0)
    assert report.verdict == "verified"
    assert report.steps[0].trials > 100 and report.steps[0].evidential >= 50


def test_a_zero_gradient_beside_informative_ones_verifies() -> None:
    """A bias before a batch norm has gradient exactly 0; autograd returns rounding noise.
    Judged against the whole trial's scale, the closed form's zeros verify, and so does
    a closed form that returns rounding-level values; a real value does not."""
    def loss(x, b, gamma):
        z = x + b
        mean = z.mean(0)
        var = ((z - mean) ** 2).mean(0)
        return (gamma * (z - mean) / torch.sqrt(var + 1e-5)).sin().sum()

    def grad(x, b, gamma, db=lambda b: torch.zeros_like(b)):
        z = x + b
        mean = z.mean(0)
        std = torch.sqrt(((z - mean) ** 2).mean(0) + 1e-5)
        xhat = (z - mean) / std
        dout = torch.cos(gamma * xhat)
        dgamma = (dout * xhat).sum(0)
        return db(b), dgamma

    spec = dict(wrt=("b", "gamma"), shapes={"x": (6, 3), "b": (3,), "gamma": (3,)},
                trials=200)
    assert check(loss, grad, **spec).verdict == "verified"
    noise = check(loss, lambda x, b, gamma: grad(x, b, gamma, db=lambda b: 1e-17 * b), **spec)
    assert noise.verdict == "verified"
    wrong = check(loss, lambda x, b, gamma: grad(x, b, gamma, db=lambda b: 1e-3 * b), **spec)
    assert wrong.verdict == "failed"


def test_a_loss_at_a_tiny_scale_verifies_like_one_at_scale_one() -> None:
    def loss(w, x):
        return 1e-10 * torch.tanh(x @ w).sum()

    def grad(w, x):
        return 1e-10 * x.T @ (1 - torch.tanh(x @ w) ** 2)

    report = check(loss, grad, wrt="w", shapes={"w": (3, 2), "x": (4, 3)}, trials=200)
    assert report.verdict == "verified"
    wrong = check(loss, lambda w, x: grad(w, x) * (1 + 1e-9), wrt="w",
                  shapes={"w": (3, 2), "x": (4, 3)}, trials=200)
    assert wrong.verdict == "failed"


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
    assert report.precision["f64_margin"] == 1024
    assert "float64 decides" in report.tolerance_rule
    assert "float32 precision" in report.tolerance_rule
