"""The computation-graph layers: each verified, the worked examples exact, wrong ones flagged."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from derivations import (
    REGISTRY,
    add_backward,
    add_forward,
    affine_backward,
    layers,
    mul_backward,
    mul_forward,
    one_hot,
    softmax,
)
from verify import verify
from verify.diagnose import BATCH_MEAN, TRANSPOSE

LAYERS = [d.name for d in (layers.CHAIN_RULE, layers.ADD, layers.MULTIPLY, layers.APPLES,
                           layers.APPLES_AND_ORANGES, layers.SIGMOID_GRAPH, layers.SIGMOID_LAYER,
                           layers.AFFINE, layers.SOFTMAX_WITH_LOSS,
                           layers.SOFTMAX_WITH_LOSS_LABELS)]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", LAYERS)
def test_every_layer_is_registered_and_verifies_step_by_step(name: str, dtype: str) -> None:
    report = verify(REGISTRY[name], trials=200, seed=1, dtype=dtype)
    assert report.verdict == "verified", report.explain_failure()
    assert [s.step for s in report.steps] == [s.name for s in REGISTRY[name].steps]


def test_buying_apples_by_the_layers_forward_and_backward() -> None:
    apple, count, tax = (torch.tensor(v, dtype=torch.float64) for v in (100.0, 2.0, 1.1))
    apple_price = mul_forward(apple, count)
    price = mul_forward(apple_price, tax)
    dapple_price, dtax = mul_backward(apple_price, tax, torch.tensor(1.0, dtype=torch.float64))
    dapple, dcount = mul_backward(apple, count, dapple_price)
    assert float(price) == pytest.approx(220, rel=1e-15)
    assert (float(dapple), float(dcount), float(dtax)) == pytest.approx((2.2, 110, 200),
                                                                         rel=1e-15)


def test_buying_apples_and_oranges_by_the_registered_derivation() -> None:
    d = REGISTRY["shopping_apples_oranges"]
    fixed = {i.name: torch.tensor(i.value, dtype=torch.float64) for i in d.inputs}
    assert float(d.loss(**fixed)) == pytest.approx(715, rel=1e-15)
    g = {k: float(v) for k, v in d.gradient(**fixed).items()}
    assert [g[k] for k in ("dApple", "dAppleCount", "dOrange", "dOrangeCount", "dTax")] == \
        pytest.approx([2.2, 110, 3.3, 165, 650], rel=1e-15)
    assert verify(d, trials=10).ok


def test_chain_rule_gives_two_x_plus_y() -> None:
    x, y = torch.randn(2, 50, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    grads = layers.CHAIN_RULE.gradient(x=x, y=y)
    torch.testing.assert_close(grads["dz/dx"], 2 * (x + y))
    torch.testing.assert_close(grads["dz/dy"], 2 * (x + y))


def test_add_and_multiply_nodes_route_the_gradient() -> None:
    x, y, dout = torch.randn(3, 4, generator=torch.Generator().manual_seed(1))
    assert torch.equal(add_forward(x, y), x + y)
    assert all(torch.equal(d, dout) for d in add_backward(dout))
    dx, dy = mul_backward(x, y, dout)
    assert torch.equal(dx, dout * y) and torch.equal(dy, dout * x)


def test_the_sigmoid_graph_collapses_to_dout_y_one_minus_y() -> None:
    gen = torch.Generator().manual_seed(2)
    x, dout = torch.randn(2, 3, generator=gen, dtype=torch.float64)
    nodes = layers.SIGMOID_GRAPH.gradient(x=x, dout=dout)
    collapsed = layers.SIGMOID_LAYER.gradient(x=x, dout=dout)
    torch.testing.assert_close(nodes["*(-1)"], collapsed["dx"])
    y = torch.sigmoid(x)
    torch.testing.assert_close(collapsed["dx"], dout * y * (1 - y))


def test_affine_gradients_have_the_shapes_of_what_they_differentiate() -> None:
    gen = torch.Generator().manual_seed(3)
    x, W, dout = (torch.randn(s, generator=gen) for s in ((4, 3), (3, 5), (4, 5)))
    dx, dW, db = affine_backward(x, W, dout)
    assert (dx.shape, dW.shape, db.shape) == (x.shape, W.shape, (5,))
    torch.testing.assert_close(db, dout.sum(0))


def test_integer_labels_and_one_hot_rows_give_the_same_gradient() -> None:
    gen = torch.Generator().manual_seed(4)
    x, t = torch.randn(4, 3, generator=gen), torch.tensor([2, 0, 1, 2])
    T = one_hot(t, 3, x.dtype)
    by_labels = layers.SOFTMAX_WITH_LOSS_LABELS.gradient(x=x, t=t)["dx"]
    by_one_hot = layers.SOFTMAX_WITH_LOSS.gradient(x=x, t=T)["dx"]
    torch.testing.assert_close(by_labels, by_one_hot)
    torch.testing.assert_close(by_labels, (softmax(x) - T) / 4)


def _broken(name: str, step: str, wrong) -> object:
    d = REGISTRY[name]

    def gradient(**inputs):
        return {**d.gradient(**inputs), step: wrong(**inputs)}
    return dataclasses.replace(d, gradient=gradient)


@pytest.mark.parametrize(("name", "step", "wrong", "kind"), [
    ("affine_layer", "db", lambda x, W, b, dout: dout.mean(0), BATCH_MEAN),
    ("affine_layer", "dW", lambda x, W, b, dout: dout.T @ x, TRANSPOSE),
    ("multiply_layer", "dx", lambda x, y, dout: dout * x, None),
    ("sigmoid_layer", "dx", lambda x, dout: dout * x * (1 - x), None),
    ("sigmoid_graph", "1/x", lambda x, dout: dout * torch.sigmoid(x) ** 2, None),
    ("softmax_with_loss", "dx", lambda x, t: softmax(x) - t, BATCH_MEAN),
    ("shopping_apples", "dTax", lambda apple, count, tax: apple * tax, None),
])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_wrong_layer_is_flagged_at_its_step(name, step, wrong, kind, dtype) -> None:
    report = verify(_broken(name, step, wrong), trials=100, dtype=dtype)
    assert report.verdict == "failed"
    assert report.first_wrong_step.step == step
    if kind is not None:
        assert report.first_wrong_step.diagnosis.kind == kind
