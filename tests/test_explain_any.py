"""`explain` for any derivation: the traced graph, the closed form line by line, small numbers."""

from __future__ import annotations

import textwrap

import torch
from rich.console import Console

from derivations import REGISTRY
from verify import derivation, verify
from verify.exact import is_exact
from verify.explain import explain
from verify.graph import trace_graph
from verify.oracle import autograd_gradients
from verify.userfile import find_derivations

PERCEPTRON = '''
import torch
import torch.nn.functional as F

from verify import derivation


def loss(w, x, t):
    return F.mse_loss(torch.sigmoid(x @ w.T), t)


def grad(w, x, t):
    o = 1 / (1 + torch.exp(-(x @ w.T)))
    return {sign} * (o - t) * o * (1 - o) * x


perceptron = derivation(loss, grad, wrt="w", shapes={{"w": (1, 10), "x": (1, 10), "t": (1, 1)}},
                        draws={{"t": "uniform"}}, name="perceptron")
'''


def render(explanation) -> str:
    console = Console(record=True, width=200)
    console.print(explanation)
    return console.export_text()


def user_derivation(tmp_path, sign: str):
    path = tmp_path / f"perceptron_{sign.strip('-') or 'minus'}.py"
    path.write_text(textwrap.dedent(PERCEPTRON.format(sign=sign)), encoding="utf-8")
    [(_, found)] = find_derivations(str(path))
    return found


def test_a_wrong_user_derivation_shows_its_graph_lines_and_first_wrong_line(tmp_path) -> None:
    # seed 0's example (w = (1, -1), x = (-1, -1)) has x w^T = 0, where o = 0.5 is dL/dt too
    explanation = explain(user_derivation(tmp_path, "-2"), trials=50, seed=1)
    text = render(explanation)
    assert not explanation.ok
    assert "L = mse_loss(sigmoid(x @ w.T), t, reduction=mean)" in text
    assert "└── x @ w.T" in text and "dL/d = " in text
    marked = next(line for line in text.splitlines() if line.startswith("> "))
    assert "return -2 * (o - t) * o * (1 - o) * x" in marked
    assert "first wrong line: computes -1 x dL/dw" in marked
    assert "o: sigmoid(x @ w.T)" in text
    assert "On these numbers dw is wrong" in text
    hand = explanation.hand
    assert hand.grid is not None and hand.report.verdict == "failed"
    for name, value in hand.inputs.items():  # small numbers: on the grid, two columns at most
        grid = min(hand.grid, 0.25) if name == "t" else hand.grid  # a uniform: quarters at most
        assert value.shape[-1] <= 3
        assert torch.equal(value, torch.round(value / grid) * grid)


def test_a_right_user_derivation_verifies_every_step_with_no_wrong_line(tmp_path) -> None:
    explanation = explain(user_derivation(tmp_path, "2"), trials=50)
    text = render(explanation)
    assert explanation.ok and explanation.hand.report.verdict == "verified"
    assert "perceptron: every step verified (float64, 50 trials" in text
    assert "first wrong line" not in text and not any(
        line.startswith("> ") for line in text.splitlines())


def test_a_derivation_made_in_python_is_explained_too() -> None:
    def loss(x):
        return (x ** 3).sum()

    def grad(x):
        return 3 * x ** 2

    explanation = explain(derivation(loss, grad, wrt="x", shapes={"x": (3,)}), trials=20)
    text = render(explanation)
    assert explanation.ok
    assert "L = sum(x ** 3)" in text and "x ** 3" in text


def test_the_traced_graph_carries_autograds_gradient_on_every_input_and_node() -> None:
    d = REGISTRY["mlp_two_layer"]
    inputs = {"O_i": torch.tensor([1.0, -0.5, 0.25, 2.0, -1.0], dtype=torch.float64),
              "W_ij": torch.linspace(-1, 1, 30, dtype=torch.float64).reshape(5, 6),
              "W_jk": torch.linspace(1, -1, 18, dtype=torch.float64).reshape(6, 3),
              "t": torch.tensor([0.25, 0.5, 0.75], dtype=torch.float64)}
    graph = trace_graph(d, inputs)
    by_name = {n.name: n for n in graph.nodes.values() if n.name}
    assert {"O_i", "W_ij", "W_jk", "t", "x_j", "O_j", "x_k", "O_k"} <= set(by_name)
    assert by_name["O_j"].expression == "sigmoid(x_j)"
    assert by_name["x_k"].operands == (by_name["O_j"].key, by_name["W_jk"].key)
    reference, _ = autograd_gradients(d, {n: v[None] for n, v in inputs.items()},
                                      ["W_ij", "x_j"])
    torch.testing.assert_close(by_name["W_ij"].grad, reference["W_ij"][0])
    torch.testing.assert_close(by_name["x_j"].grad, reference["x_j"][0])
    root = graph.nodes[graph.output]
    torch.testing.assert_close(root.value, d.loss(**inputs))


def test_fixed_input_examples_are_checked_once_and_said_to_be_exact() -> None:
    report = verify(REGISTRY["shopping_apples"], trials=1000)
    assert report.ok and report.trials == 1 and is_exact(report)
    assert not is_exact(verify(REGISTRY["chain_rule"], trials=50))
    text = render(explain(REGISTRY["shopping_apples_oranges"]))
    assert "exact: the book's numbers" in text and "price = all price * tax" in text
