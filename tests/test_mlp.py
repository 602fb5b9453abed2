"""The L-layer network and its delta recursion; a wrong step is reported where it goes wrong."""

from __future__ import annotations

import pytest
import torch

from derivations import ACTIVATIONS, REGISTRY, deep_network, mlp
from verify import verify

WIDTHS = {1: (4, 3), 2: (5, 3, 2), 3: (3, 6, 4, 2), 4: (4, 7, 5, 3, 2)}


@pytest.mark.parametrize("bias", ["vector", "unit"])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("depth", list(WIDTHS))
def test_every_depth_activation_and_bias_convention_verifies(depth, activation, bias) -> None:
    d = deep_network(WIDTHS[depth], activation, bias, batch=3)
    for dtype in ("float64", "float32"):
        for m in (1, 3):
            report = verify(d, trials=100, seed=depth, dtype=dtype, sizes={"m": m})
            assert report.verdict == "verified", report.explain_failure()
            assert len(report.steps) == depth * (3 if bias == "vector" else 2)


def test_steps_run_backwards_one_delta_per_layer_then_its_parameters() -> None:
    d = deep_network((5, 4, 3, 2))
    assert [s.name for s in d.steps] == [
        "dJ/dz^(4)", "dJ/dW^(3)", "dJ/db^(3)", "dJ/dz^(3)", "dJ/dW^(2)", "dJ/db^(2)",
        "dJ/dz^(2)", "dJ/dW^(1)", "dJ/db^(1)"]
    assert d.params == ("W3", "b3", "W2", "b2", "W1", "b1")
    unit = deep_network((5, 4, 3, 2), bias="unit")
    assert [i.name for i in unit.inputs] == ["x", "y", "W1", "W2", "W3"]
    assert unit.input("W1").shape == (4, 6)


def _inputs(d, seed: int = 0, m: int | None = None) -> dict[str, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    sizes = {**d.sizes, **({"m": m} if m else {})}
    return {i.name: torch.randn(i.resolved_shape(sizes), generator=gen, dtype=torch.float64)
            for i in d.inputs}


def test_the_bias_unit_and_the_bias_vector_are_the_same_network() -> None:
    """W^(l) [1; a] = W b-folded: the bias unit's column of dJ/dW^(l) is dJ/db^(l)."""
    vector = deep_network((4, 5, 3), "tanh", "vector")
    unit = deep_network((4, 5, 3), "tanh", "unit")
    p = _inputs(vector)
    folded = {"x": p["x"], "y": p["y"], "W1": torch.cat([p["b1"][:, None], p["W1"]], 1),
              "W2": torch.cat([p["b2"][:, None], p["W2"]], 1)}
    torch.testing.assert_close(unit.loss(**folded), vector.loss(**p))
    g_vector, g_unit = vector.gradient(**p), unit.gradient(**folded)
    for l in (1, 2):
        torch.testing.assert_close(g_unit[f"dJ/dW^({l})"][:, 0], g_vector[f"dJ/db^({l})"])
        torch.testing.assert_close(g_unit[f"dJ/dW^({l})"][:, 1:], g_vector[f"dJ/dW^({l})"])
    torch.testing.assert_close(g_unit["dJ/dz^(2)"], g_vector["dJ/dz^(2)"])


def test_the_batch_gradient_is_the_mean_of_the_examples_gradients() -> None:
    """D^(l) = 1/m Delta^(l): accumulate each example's delta a^T, divide by m."""
    d = deep_network((3, 4, 2), "sigmoid", "vector", batch=5)
    p = _inputs(d)
    batch = d.gradient(**p)
    alone = [d.gradient(**{**p, "x": p["x"][:, i:i + 1], "y": p["y"][:, i:i + 1]})
             for i in range(5)]
    for name in ("dJ/dW^(2)", "dJ/db^(2)", "dJ/dW^(1)", "dJ/db^(1)"):
        torch.testing.assert_close(batch[name], sum(g[name] for g in alone) / 5)
    torch.testing.assert_close(batch["dJ/dz^(2)"][:, 2], alone[2]["dJ/dz^(2)"][:, 0] / 5)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_each_activation_derivative_written_with_its_output_is_g_prime(name: str) -> None:
    act = ACTIVATIONS[name]
    z = torch.linspace(-3, 3, 61, dtype=torch.float64)[torch.arange(61) != 30]  # not z = 0
    z.requires_grad_()
    act.torch_g(z).sum().backward()
    a = act.g(z.detach())
    torch.testing.assert_close(a, act.torch_g(z.detach()))
    torch.testing.assert_close(act.derivative(a), z.grad)


def test_bad_network_is_refused_with_what_to_do() -> None:
    with pytest.raises(ValueError, match="at least two layers"):
        deep_network((3,))
    with pytest.raises(ValueError, match="activation must be one of sigmoid, tanh, relu"):
        deep_network((3, 2), activation="softplus")
    with pytest.raises(ValueError, match="bias must be one of vector, unit"):
        deep_network((3, 2), bias="none")


def _assert_first_wrong(report, step: str) -> None:
    assert report.verdict == "failed"
    assert report.first_wrong_step.step == step, report.explain_failure()
    names = [s.step for s in report.steps]
    assert all(s.verdict == "verified" for s in report.steps[:names.index(step)])
    assert f"First wrong step: {step}" in report.explain_failure()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("bias", ["vector", "unit"])
def test_dropping_the_hidden_activation_derivative_is_caught_at_the_first_hidden_delta(
        bias: str, dtype: str, monkeypatch) -> None:
    monkeypatch.setattr(mlp, "layer_delta", lambda W, delta_next, dg: W.T @ delta_next)
    d = deep_network((5, 4, 3, 2), "sigmoid", bias)
    for seed in range(3):
        _assert_first_wrong(verify(d, trials=100, seed=seed, dtype=dtype), "dJ/dz^(3)")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_W_where_W_transposed_belongs_in_a_square_layer_is_caught_there(
        dtype: str, monkeypatch) -> None:
    monkeypatch.setattr(mlp, "layer_delta", lambda W, delta_next, dg: (W @ delta_next) * dg)
    d = deep_network((3, 4, 4, 4), "tanh", "vector")
    for seed in range(3):
        _assert_first_wrong(verify(d, trials=100, seed=seed, dtype=dtype), "dJ/dz^(3)")


def test_the_correct_recursion_passes_the_same_checks() -> None:
    """The two tests above fail because of their change, not because the checks are strict."""
    for widths in ((5, 4, 3, 2), (3, 4, 4, 4)):
        assert verify(deep_network(widths, "tanh"), trials=100, dtype="float32").ok


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_two_layer_mlp_hidden_sigmoid_derivative_dropped_is_caught_at_delta_j(
        dtype: str, monkeypatch) -> None:
    monkeypatch.setattr(mlp, "hidden_delta", lambda O_j, dE_dO_j: dE_dO_j)
    report = verify(REGISTRY["mlp_two_layer"], trials=100, dtype=dtype)
    _assert_first_wrong(report, "delta_j")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_two_layer_mlp_W_where_W_transposed_belongs_is_caught_at_the_backpropagated_sum(
        dtype: str, monkeypatch) -> None:
    monkeypatch.setattr(mlp, "backpropagated_error", lambda W_jk, delta_k: W_jk.T @ delta_k)
    report = verify(REGISTRY["mlp_two_layer"], trials=100, dtype=dtype, sizes={"J": 4, "K": 4})
    _assert_first_wrong(report, "dE/dO_j")
