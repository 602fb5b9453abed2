"""Every built-in derivation verifies, in float64 and float32, over many seeds."""

from __future__ import annotations

import inspect

import pytest
import torch

import derivations
from derivations import REGISTRY
from verify import verify
from verify.exact import is_exact

NAMES = list(REGISTRY)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", NAMES)
def test_every_builtin_verifies_over_many_seeds(name: str, dtype: str) -> None:
    for seed in range(5):
        report = verify(REGISTRY[name], trials=300, seed=seed, dtype=dtype)
        assert report.verdict == "verified", report.explain_failure()
        # the book's fixed numbers are one trial, checked once
        least = 1 if is_exact(report) else 150
        assert all(s.evidential >= least for s in report.steps)


@pytest.mark.parametrize("name", NAMES)
def test_every_step_names_an_input_or_a_node_of_the_loss(name: str) -> None:
    d = REGISTRY[name]
    seen: list[str] = []
    inputs = {i.name: torch.rand(i.resolved_shape(d.sizes), dtype=torch.float64)
              for i in d.inputs}
    d.loss(**inputs, node=lambda n, v: seen.append(n) or v)
    for step in d.steps:
        assert step.of in inputs or step.of in seen, step
    assert d.params, "a derivation must deliver the gradient of at least one input"


@pytest.mark.parametrize("name", NAMES)
def test_every_closed_form_returns_every_step_with_the_shape_of_what_it_differentiates(
        name: str) -> None:
    d = REGISTRY[name]
    inputs = {i.name: torch.rand(i.resolved_shape(d.sizes), dtype=torch.float64)
              for i in d.inputs}
    shapes: dict[str, tuple[int, ...]] = {n: tuple(v.shape) for n, v in inputs.items()}
    d.loss(**inputs, node=lambda n, v: (shapes.setdefault(n, tuple(v.shape)), v)[1])
    grads = d.gradient(**inputs)
    assert set(grads) == {s.name for s in d.steps}
    for step in d.steps:
        assert tuple(grads[step.name].shape) == shapes[step.of], step.name


def test_the_formula_functions_state_their_formula() -> None:
    for name in derivations.__all__:
        value = getattr(derivations, name)
        if inspect.isfunction(value) and name != "keep":
            doc = inspect.getdoc(value) or ""
            assert "=" in doc, f"{name} should state its formula in its docstring"


def test_mse_loss_convention_carries_the_factor_two() -> None:
    """The note's code (F.mse_loss, no 1/2) gives exactly 2x the 1/2-sum formula."""
    x = torch.tensor([[0.3, -1.2, 0.5]], dtype=torch.float64)
    w = torch.tensor([[0.4, 0.1, -0.7]], dtype=torch.float64)
    t = torch.tensor([[0.8]], dtype=torch.float64)
    half_sum = REGISTRY["perceptron_single"].gradient(x=x[0], w=w.T, t=t[0])["dE/dw"]
    mse = REGISTRY["perceptron_mse_loss"].gradient(x=x, w=w, t=t)["dL/dw"]
    torch.testing.assert_close(mse, 2 * half_sum.T)


def test_matrix_form_matches_the_note_up_to_2_over_n() -> None:
    """dL/dW = 2/N [(o - t) .* o .* (1 - o)] x^T, with N = 4 outputs as in note 002."""
    gen = torch.Generator().manual_seed(3)
    x = torch.randn(3, 1, generator=gen, dtype=torch.float64)
    W = torch.randn(4, 3, generator=gen, dtype=torch.float64)
    t = torch.rand(4, 1, generator=gen, dtype=torch.float64)
    o = torch.sigmoid(W @ x)
    by_hand = ((o - t) * o * (1 - o)) @ x.T
    got = REGISTRY["perceptron_matrix"].gradient(x=x, W=W, t=t)["dL/dW"]
    torch.testing.assert_close(got, 2 / 4 * by_hand)
