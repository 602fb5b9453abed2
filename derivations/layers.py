"""Layers on a computation graph: each node's forward next to its backward (notes 004 and 003).

The book's vocabulary: a layer's inputs are ``x`` and ``y`` (or ``x``, ``W``, ``b``), its
output ``out``; on the way back ``dout`` is dL/dout arriving from above and the layer
returns ``dx = dL/dx``, ``dW``, ``db``. Backward functions are pure: they take every value
they need (an input, or the output kept from the forward pass) as an argument.

    add        out = x + y          dx = dout,  dy = dout
    multiply   out = x y            dx = dout y,  dy = dout x
    sigmoid    y = 1 / (1 + exp(-x))                dx = dout y (1 - y)
    affine     out = x W + b,  x (N, D), W (D, M), b (M,)
               dx = dout W^T,  dW = x^T dout,  db = sum over axis 0 of dout
    softmax with loss, x (N, C) scores, t (N, C) one-hot:
               y = softmax(x),  L = -1/N sum_n sum_c t_nc log y_nc,  dx = (y - t) / N

A layer whose output is not a scalar is checked through ``L = sum(dout * out)`` with a fixed
random ``dout``: then dL/dout = dout and dL/dx is exactly the layer's backward of dout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import torch
from torch import Tensor

from derivations.core import Derivation, Input, Node, Step, formula, keep
from derivations.perceptron import sigmoid, sigmoid_derivative

__all__ = [
    "ADD", "AFFINE", "APPLES", "APPLES_AND_ORANGES", "CHAIN_RULE", "MULTIPLY", "SIGMOID_GRAPH",
    "SIGMOID_LAYER", "SOFTMAX_WITH_LOSS", "SOFTMAX_WITH_LOSS_LABELS", "GraphDerivation",
    "add_backward", "add_forward", "affine_backward", "affine_forward", "cross_entropy_error",
    "exp_backward", "mul_backward", "mul_forward", "one_hot", "reciprocal_backward",
    "sigmoid_backward", "softmax", "softmax_with_loss_backward", "square_backward",
]

Number = Tensor | float


@dataclass(frozen=True)
class GraphDerivation(Derivation):
    """A derivation on a computation graph.

    Attributes:
        graph: each named node of the loss -> (its operation, its operands), operands being
            other nodes or inputs; the node that is no operand is the graph's output.
    """

    graph: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)


# --- add and multiply nodes (note 004) ----------------------------------------------------

def add_forward(x: Number, y: Number) -> Number:
    """out = x + y."""
    return x + y


def add_backward(dout: Tensor) -> tuple[Tensor, Tensor]:
    """dx = dout, dy = dout: d(x + y)/dx = d(x + y)/dy = 1, the gradient passes unchanged."""
    return dout, dout


def mul_forward(x: Number, y: Number) -> Number:
    """out = x y."""
    return x * y


def mul_backward(x: Number, y: Number, dout: Tensor) -> tuple[Tensor, Tensor]:
    """dx = dout y, dy = dout x: each input gets the upstream gradient times the OTHER input."""
    return dout * y, dout * x


def square_backward(t: Tensor, dout: Tensor) -> Tensor:
    """dt = dout 2 t, for out = t^2."""
    return dout * 2 * t


# --- the sigmoid, node by node and collapsed (note 003) -----------------------------------

def exp_backward(out: Tensor, dout: Tensor) -> Tensor:
    """dx = dout exp(x) = dout out, for out = exp(x): the node's own output."""
    return dout * out


def reciprocal_backward(y: Tensor, dout: Tensor) -> Tensor:
    """dx = dout (-1 / x^2) = -dout y^2, for y = 1 / x."""
    return -dout * y * y


def sigmoid_backward(y: Tensor, dout: Tensor) -> Tensor:
    """dx = dout y (1 - y), for y = 1 / (1 + exp(-x)): only the output y is needed."""
    return dout * sigmoid_derivative(y)


# --- affine (note 003) ---------------------------------------------------------------------

def affine_forward(x: Tensor, W: Tensor, b: Tensor) -> Tensor:
    """out = x W + b, b added to every row of x W."""
    return x @ W + b


@formula
def affine_backward(x: Tensor, W: Tensor, dout: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """dx = dout W^T,  dW = x^T dout,  db = sum over axis 0 of dout (b was broadcast)."""
    return dout @ W.T, x.T @ dout, dout.sum(0)


# --- softmax with cross-entropy loss ---------------------------------------------------------

def softmax(x: Tensor) -> Tensor:
    """y_nc = exp(x_nc) / sum_c' exp(x_nc'), computed with x - max_c x_nc against overflow."""
    e = torch.exp(x - x.amax(-1, keepdim=True))
    return e / e.sum(-1, keepdim=True)


def cross_entropy_error(y: Tensor, t: Tensor) -> Tensor:
    """L = -1/N sum_n sum_c t_nc log y_nc, the mean over the N rows of a batch."""
    return -(t * torch.log(y)).sum() / y.shape[0]


def one_hot(t: Tensor, classes: int, dtype: torch.dtype) -> Tensor:
    """T_nc = 1 if t_n = c else 0: integer labels t (N,) as one-hot rows (N, classes)."""
    return (t[..., None] == torch.arange(classes, device=t.device)).to(dtype)


def softmax_with_loss_backward(y: Tensor, t: Tensor) -> Tensor:
    """dx = (y - t) / N, for L = cross_entropy_error(softmax(x), t) with one-hot t."""
    return (y - t) / y.shape[0]


def _upstream(dout: Tensor, out: Tensor) -> Tensor:
    """L = sum(dout * out), so that dL/dout = dout."""
    return (dout * out).sum()


_UPSTREAM = "L = sum(dout * out) with a fixed random upstream gradient dout"
_UPSTREAM_Y = "L = sum(dout * y) with a fixed random upstream gradient dout"


# --- the worked examples of note 004 --------------------------------------------------------

def _chain_loss(x: Tensor, y: Tensor, node: Node = keep) -> Tensor:
    """z = t^2, t = x + y."""
    t = node("t", add_forward(x, y))
    return node("z", t**2)


def _chain_gradient(x: Tensor, y: Tensor) -> dict[str, Tensor]:
    """dz/dt = 2 t;  dz/dx = dz/dy = dz/dt = 2 (x + y)."""
    t = add_forward(x, y)
    dz = torch.ones_like(t)
    dt = square_backward(t, dz)
    dx, dy = add_backward(dt)
    return {"dz/dz": dz, "dz/dt": dt, "dz/dx": dx, "dz/dy": dy}


CHAIN_RULE = GraphDerivation(
    name="chain_rule",
    title="Chain rule on a graph: z = t^2, t = x + y, so dz/dx = 2 (x + y)",
    source="004_a4c39084955fa80f.txt",
    loss=_chain_loss,
    gradient=_chain_gradient,
    inputs=(Input("x", ()), Input("y", ())),
    steps=(
        Step("dz/dz", "z", "dz/dz = 1", "backward starts from 1 at the output"),
        Step("dz/dt", "t", "dz/dt = 2 t", "the square node: d(t^2)/dt = 2 t"),
        Step("dz/dx", "x", "dz/dx = dz/dt dt/dx = 2 t 1 = 2 (x + y)",
             "the add node passes dz/dt unchanged"),
        Step("dz/dy", "y", "dz/dy = 2 (x + y)", "the add node passes dz/dt unchanged"),
    ),
    convention="z itself is the output",
    graph={"z": ("^2", ("t",)), "t": ("+", ("x", "y"))},
)


def _apples_loss(apple: Tensor, count: Tensor, tax: Tensor, node: Node = keep) -> Tensor:
    """price = (apple count) tax."""
    apple_price = node("apple price", mul_forward(apple, count))
    return node("price", mul_forward(apple_price, tax))


def _apples_gradient(apple: Tensor, count: Tensor, tax: Tensor) -> dict[str, Tensor]:
    """Backward from dPrice = 1 through the two multiply nodes, last node first."""
    apple_price = mul_forward(apple, count)
    dprice = torch.ones_like(apple_price)
    dapple_price, dtax = mul_backward(apple_price, tax, dprice)
    dapple, dcount = mul_backward(apple, count, dapple_price)
    return {"dPrice": dprice, "dApplePrice": dapple_price, "dTax": dtax, "dApple": dapple,
            "dCount": dcount}


APPLES = GraphDerivation(
    name="shopping_apples",
    title="Buying apples: 2 apples at 100, tax 1.1, price 220; backward from 1",
    source="004_a4c39084955fa80f.txt",
    loss=_apples_loss,
    gradient=_apples_gradient,
    inputs=(Input("apple", (), draw="fixed", value=100.0),
            Input("count", (), draw="fixed", value=2.0),
            Input("tax", (), draw="fixed", value=1.1)),
    steps=(
        Step("dPrice", "price", "dPrice = 1", "backward starts from 1 at the output"),
        Step("dApplePrice", "apple price", "dApplePrice = dPrice tax",
             "multiply node: the other input, tax"),
        Step("dTax", "tax", "dTax = dPrice apple_price = apple count",
             "multiply node: the other input, apple price"),
        Step("dApple", "apple", "dApple = dApplePrice count = tax count"),
        Step("dCount", "count", "dCount = dApplePrice apple = tax apple"),
    ),
    convention="the price itself is the output",
    graph={"price": ("*", ("apple price", "tax")), "apple price": ("*", ("apple", "count"))},
)


def _fruits_loss(apple: Tensor, apple_count: Tensor, orange: Tensor, orange_count: Tensor,
                 tax: Tensor, node: Node = keep) -> Tensor:
    """price = (apple apple_count + orange orange_count) tax."""
    apple_price = node("apple price", mul_forward(apple, apple_count))
    orange_price = node("orange price", mul_forward(orange, orange_count))
    all_price = node("all price", add_forward(apple_price, orange_price))
    return node("price", mul_forward(all_price, tax))


def _fruits_gradient(apple: Tensor, apple_count: Tensor, orange: Tensor, orange_count: Tensor,
                     tax: Tensor) -> dict[str, Tensor]:
    """Backward from dPrice = 1: multiply (tax), add, then the two multiply nodes."""
    apple_price = mul_forward(apple, apple_count)
    orange_price = mul_forward(orange, orange_count)
    all_price = add_forward(apple_price, orange_price)
    dprice = torch.ones_like(all_price)
    dall_price, dtax = mul_backward(all_price, tax, dprice)
    dapple_price, dorange_price = add_backward(dall_price)
    dapple, dapple_count = mul_backward(apple, apple_count, dapple_price)
    dorange, dorange_count = mul_backward(orange, orange_count, dorange_price)
    return {"dPrice": dprice, "dAllPrice": dall_price, "dTax": dtax,
            "dApplePrice": dapple_price, "dOrangePrice": dorange_price, "dApple": dapple,
            "dAppleCount": dapple_count, "dOrange": dorange, "dOrangeCount": dorange_count}


APPLES_AND_ORANGES = GraphDerivation(
    name="shopping_apples_oranges",
    title="Buying apples and oranges: 2 x 100 + 3 x 150, tax 1.1, price 715; backward from 1",
    source="004_a4c39084955fa80f.txt",
    loss=_fruits_loss,
    gradient=_fruits_gradient,
    inputs=(Input("apple", (), draw="fixed", value=100.0),
            Input("apple_count", (), draw="fixed", value=2.0),
            Input("orange", (), draw="fixed", value=150.0),
            Input("orange_count", (), draw="fixed", value=3.0),
            Input("tax", (), draw="fixed", value=1.1)),
    steps=(
        Step("dPrice", "price", "dPrice = 1", "backward starts from 1 at the output"),
        Step("dAllPrice", "all price", "dAllPrice = dPrice tax"),
        Step("dTax", "tax", "dTax = dPrice all_price = apple apple_count + orange orange_count"),
        Step("dApplePrice", "apple price", "dApplePrice = dAllPrice",
             "the add node passes the gradient unchanged"),
        Step("dOrangePrice", "orange price", "dOrangePrice = dAllPrice",
             "the add node passes the gradient unchanged"),
        Step("dApple", "apple", "dApple = dApplePrice apple_count"),
        Step("dAppleCount", "apple_count", "dAppleCount = dApplePrice apple"),
        Step("dOrange", "orange", "dOrange = dOrangePrice orange_count"),
        Step("dOrangeCount", "orange_count", "dOrangeCount = dOrangePrice orange"),
    ),
    convention="the price itself is the output",
    graph={"price": ("*", ("all price", "tax")),
           "all price": ("+", ("apple price", "orange price")),
           "apple price": ("*", ("apple", "apple_count")),
           "orange price": ("*", ("orange", "orange_count"))},
)


# --- the add and multiply layers on random inputs --------------------------------------------

def _add_loss(x: Tensor, y: Tensor, dout: Tensor, node: Node = keep) -> Tensor:
    return _upstream(dout, node("out", add_forward(x, y)))


def _add_gradient(x: Tensor, y: Tensor, dout: Tensor) -> dict[str, Tensor]:
    dx, dy = add_backward(dout)
    return {"dout": dout, "dx": dx, "dy": dy}


def _mul_loss(x: Tensor, y: Tensor, dout: Tensor, node: Node = keep) -> Tensor:
    return _upstream(dout, node("out", mul_forward(x, y)))


def _mul_gradient(x: Tensor, y: Tensor, dout: Tensor) -> dict[str, Tensor]:
    dx, dy = mul_backward(x, y, dout)
    return {"dout": dout, "dx": dx, "dy": dy}


_XY_DOUT = (Input("x", ("N", "M")), Input("y", ("N", "M")), Input("dout", ("N", "M")))
_DOUT = Step("dout", "out", "dL/dout = dout", "the upstream gradient arriving from above")

ADD = GraphDerivation(
    name="add_layer",
    title="Add node out = x + y: dx = dout, dy = dout",
    source="004_a4c39084955fa80f.txt",
    loss=_add_loss, gradient=_add_gradient, inputs=_XY_DOUT,
    steps=(_DOUT, Step("dx", "x", "dx = dout"), Step("dy", "y", "dy = dout")),
    sizes={"N": 2, "M": 3}, convention=_UPSTREAM,
    graph={"out": ("+", ("x", "y"))},
)

MULTIPLY = GraphDerivation(
    name="multiply_layer",
    title="Multiply node out = x y: dx = dout y, dy = dout x",
    source="004_a4c39084955fa80f.txt",
    loss=_mul_loss, gradient=_mul_gradient, inputs=_XY_DOUT,
    steps=(_DOUT, Step("dx", "x", "dx = dout y", "the other input"),
           Step("dy", "y", "dy = dout x", "the other input")),
    sizes={"N": 2, "M": 3}, convention=_UPSTREAM,
    graph={"out": ("*", ("x", "y"))},
)


# --- the sigmoid layer as four nodes, and collapsed -------------------------------------------

def _sigmoid_graph_loss(x: Tensor, dout: Tensor, node: Node = keep) -> Tensor:
    """y = 1 / (1 + exp(-x)), one node at a time: *(-1), exp, +1, 1/x."""
    negated = node("-x", mul_forward(x, -1))
    exp = node("exp(-x)", torch.exp(negated))
    denominator = node("1 + exp(-x)", add_forward(exp, 1))
    return _upstream(dout, node("y", 1 / denominator))


def _sigmoid_graph_gradient(x: Tensor, dout: Tensor) -> dict[str, Tensor]:
    """Back through 1/x, +1, exp and *(-1): dx = dout y^2 exp(-x) = dout y (1 - y)."""
    exp = torch.exp(mul_forward(x, -1))
    y = 1 / add_forward(exp, 1)
    d_denominator = reciprocal_backward(y, dout)
    d_exp, _ = add_backward(d_denominator)
    d_negated = exp_backward(exp, d_exp)
    dx, _ = mul_backward(x, -1, d_negated)
    return {"dy": dout, "1/x": d_denominator, "+1": d_exp, "exp": d_negated, "*(-1)": dx}


SIGMOID_GRAPH = GraphDerivation(
    name="sigmoid_graph",
    title="Sigmoid as a graph of four nodes *(-1), exp, +1, 1/x: dx = dout y (1 - y)",
    source="003_4d6f1c142aa4a3a2.txt",
    loss=_sigmoid_graph_loss,
    gradient=_sigmoid_graph_gradient,
    inputs=(Input("x", ("N",)), Input("dout", ("N",))),
    steps=(
        Step("dy", "y", "dL/dy = dout", "the upstream gradient arriving from above"),
        Step("1/x", "1 + exp(-x)", "dL/d(1 + exp(-x)) = -dout y^2",
             "the 1/x node: d(1/u)/du = -1/u^2 = -y^2"),
        Step("+1", "exp(-x)", "dL/dexp(-x) = -dout y^2",
             "the +1 node adds a constant: the gradient passes unchanged"),
        Step("exp", "-x", "dL/d(-x) = -dout y^2 exp(-x)",
             "the exp node: d exp(u)/du = exp(u), its own output"),
        Step("*(-1)", "x", "dx = dout y^2 exp(-x) = dout y (1 - y)",
             "the *(-1) node flips the sign; y^2 exp(-x) = y (1 - y) since exp(-x) = (1 - y)/y"),
    ),
    sizes={"N": 3},
    convention=_UPSTREAM_Y,
    graph={"y": ("1/x", ("1 + exp(-x)",)), "1 + exp(-x)": ("+1", ("exp(-x)",)),
           "exp(-x)": ("exp", ("-x",)), "-x": ("*(-1)", ("x",))},
)


def _sigmoid_loss(x: Tensor, dout: Tensor, node: Node = keep) -> Tensor:
    return _upstream(dout, node("y", sigmoid(x)))


def _sigmoid_gradient(x: Tensor, dout: Tensor) -> dict[str, Tensor]:
    return {"dy": dout, "dx": sigmoid_backward(sigmoid(x), dout)}


SIGMOID_LAYER = Derivation(
    name="sigmoid_layer",
    title="Sigmoid layer, collapsed: dx = dout y (1 - y), from the output y alone",
    source="003_4d6f1c142aa4a3a2.txt",
    loss=_sigmoid_loss,
    gradient=_sigmoid_gradient,
    inputs=(Input("x", ("N", "M")), Input("dout", ("N", "M"))),
    steps=(Step("dy", "y", "dL/dy = dout", "the upstream gradient arriving from above"),
           Step("dx", "x", "dx = dout y (1 - y)",
                "the four nodes' chain, -dout y^2 exp(-x) (-1), simplified with exp(-x) = "
                "(1 - y)/y")),
    sizes={"N": 4, "M": 3},
    convention=_UPSTREAM_Y,
)


# --- the affine layer ---------------------------------------------------------------------

def _affine_loss(x: Tensor, W: Tensor, b: Tensor, dout: Tensor, node: Node = keep) -> Tensor:
    return _upstream(dout, node("out", affine_forward(x, W, b)))


def _affine_gradient(x: Tensor, W: Tensor, b: Tensor, dout: Tensor) -> dict[str, Tensor]:
    dx, dW, db = affine_backward(x, W, dout)
    return {"dout": dout, "dx": dx, "dW": dW, "db": db}


AFFINE = Derivation(
    name="affine_layer",
    title="Batch affine layer out = x W + b: dx = dout W^T, dW = x^T dout, db = sum_0 dout",
    source="003_4d6f1c142aa4a3a2.txt",
    loss=_affine_loss,
    gradient=_affine_gradient,
    inputs=(Input("x", ("N", "D")), Input("W", ("D", "M"), scale=0.5), Input("b", ("M",)),
            Input("dout", ("N", "M"))),
    steps=(
        _DOUT,
        Step("dx", "x", "dx = dout W^T", "(N, M) (M, D): the shape of x"),
        Step("dW", "W", "dW = x^T dout", "(D, N) (N, M): the shape of W"),
        Step("db", "b", "db = sum over axis 0 of dout",
             "b was broadcast to all N rows, so its gradient sums them"),
    ),
    sizes={"N": 4, "D": 3, "M": 5},
    convention=_UPSTREAM,
)


# --- softmax with loss, one-hot and integer labels -------------------------------------------

def _softmax_loss(x: Tensor, t: Tensor, node: Node = keep) -> Tensor:
    """L = cross_entropy_error(softmax(x), t), the batch mean over N rows."""
    return cross_entropy_error(node("y", softmax(x)), t)


def _softmax_gradient(x: Tensor, t: Tensor) -> dict[str, Tensor]:
    """dL/dy = -t / (N y);  dx = (y - t) / N."""
    y = softmax(x)
    return {"dy": -t / (y.shape[0] * y), "dx": softmax_with_loss_backward(y, t)}


SOFTMAX_WITH_LOSS = Derivation(
    name="softmax_with_loss",
    title="Softmax with cross-entropy over a batch of N, one-hot t: dx = (y - t) / N",
    source="003_4d6f1c142aa4a3a2.txt",
    loss=_softmax_loss,
    gradient=_softmax_gradient,
    inputs=(Input("x", ("N", "C")), Input("t", ("N", "C"), draw="onehot")),
    steps=(
        Step("dy", "y", "dL/dy = -t / (N y)", "the cross-entropy node: d(-t log y)/dy = -t/y"),
        Step("dx", "x", "dx = (y - t) / N",
             "through the softmax, y (dy - sum_c dy_c y_c) collapses to (y - t)/N as sum_c t = 1"),
    ),
    sizes={"N": 4, "C": 3},
    convention="L = -1/N sum_n sum_c t_nc log y_nc (the batch mean of cross-entropy)",
)


def _labels_loss(x: Tensor, t: Tensor, node: Node = keep) -> Tensor:
    """L = -1/N sum_n log softmax(x)_n,t_n with torch's own log_softmax; t holds class
    indices. (This is F.cross_entropy(x, t), written out: under vmap, cross_entropy's
    decomposition imports sympy, half a second at every start.)"""
    picked = torch.log_softmax(x, dim=-1).gather(-1, t.long()[:, None])
    return -picked.mean()


def _labels_gradient(x: Tensor, t: Tensor) -> dict[str, Tensor]:
    """dx = (y - T) / N with T the one-hot rows of the labels t."""
    return {"dx": softmax_with_loss_backward(softmax(x), one_hot(t, x.shape[-1], x.dtype))}


SOFTMAX_WITH_LOSS_LABELS = Derivation(
    name="softmax_with_loss_labels",
    title="Softmax with cross-entropy, integer labels t: dx = (y - onehot(t)) / N",
    source="003_4d6f1c142aa4a3a2.txt",
    loss=_labels_loss,
    gradient=_labels_gradient,
    inputs=(Input("x", ("N", "C")), Input("t", ("N",), draw="labels", classes="C")),
    steps=(Step("dx", "x", "dx = (y - T) / N,  T_nc = 1 if t_n = c else 0",
                "integer labels pick one log y per row, as a one-hot row would"),),
    sizes={"N": 4, "C": 3},
    convention="L = -1/N sum_n log y_n,t_n (torch's cross_entropy, mean reduction)",
)
