"""Perceptron gradients: one sigmoid layer, one output or many, and the matrix form.

Source notes 000 (single- and multi-output perceptron) and 002 (the same layer with the
note's own code and in matrix form). Notation of note 000, for one example:

    x_j      input j (the note's x_j^0), shape (J,)
    w_jk     weight from input j to output k, shape (J, K); K = 1 for a single output
    x_k^1    pre-activation  x_k^1 = sum_j x_j w_jk        (code: ``a``)
    O_k      output          O_k = sigma(x_k^1)
    t_k      target in (0, 1)
    E        loss            E = 1/2 sum_k (O_k - t_k)^2

Note 002 writes the layer with column vectors, ``x (D, 1)``, ``W (N, D)``, ``a = W x``,
``o = sigma(a)``, and uses torch's ``mse_loss``: the MEAN of squares with no 1/2, so its
gradient carries a factor 2/N that the 1/2-sum convention does not.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from derivations.core import Derivation, Input, Node, Step, formula, keep

__all__ = [
    "MATRIX_FORM",
    "MSE_LOSS_CONVENTION",
    "MULTI_OUTPUT",
    "SINGLE_OUTPUT",
    "output_delta",
    "sigmoid",
    "sigmoid_derivative",
    "weight_gradient",
]


def sigmoid(x: Tensor) -> Tensor:
    """sigma(x) = 1 / (1 + exp(-x)), by torch's fused kernel (it cannot overflow in exp)."""
    return torch.sigmoid(x)


@formula
def sigmoid_derivative(O: Tensor) -> Tensor:
    """sigma'(x) = O (1 - O), written with the output O = sigma(x)."""
    return O * (1 - O)


def output_delta(O: Tensor, t: Tensor) -> Tensor:
    """delta_k = dE/dx_k^1 = (O_k - t_k) O_k (1 - O_k)   for E = 1/2 sum_k (O_k - t_k)^2."""
    return (O - t) * sigmoid_derivative(O)


@formula
def weight_gradient(x: Tensor, delta: Tensor) -> Tensor:
    """dE/dw_jk = x_j delta_k: each weight sees its own input and its own output's delta."""
    return torch.outer(x, delta)


# --- single output: E = 1/2 (O_0 - t)^2 --------------------------------------------------

def _perceptron_loss(x: Tensor, w: Tensor, t: Tensor, node: Node = keep) -> Tensor:
    """E = 1/2 sum_k (O_k - t_k)^2 with O_k = sigma(sum_j x_j w_jk)."""
    a = node("x^1", x @ w)
    O = node("O", torch.sigmoid(a))
    return 0.5 * ((O - t) ** 2).sum()


def _perceptron_gradient(x: Tensor, w: Tensor, t: Tensor) -> dict[str, Tensor]:
    """O = sigma(x w);  dE/dO = O - t;  delta = (O - t) O (1 - O);  dE/dw = x delta."""
    O = sigmoid(x @ w)
    delta = output_delta(O, t)
    return {"dE/dO": O - t, "delta": delta, "dE/dw": weight_gradient(x, delta)}


def _perceptron_steps(k: str) -> tuple[Step, ...]:
    return (
        Step("dE/dO", "O", f"dE/dO_{k} = O_{k} - t_{k}"),
        Step("delta", "x^1", f"delta_{k} = (O_{k} - t_{k}) O_{k} (1 - O_{k})",
             "chain rule through the sigmoid: sigma'(x) = O (1 - O)"),
        Step("dE/dw", "w", f"dE/dw_j{k} = x_j delta_{k}",
             "the pre-activation is linear in the weight, with coefficient x_j"),
    )


SINGLE_OUTPUT = Derivation(
    name="perceptron_single",
    title="Single-output perceptron, sigmoid, E = 1/2 (O_0 - t)^2",
    source="000_584ca7b853d043a3.txt",
    loss=_perceptron_loss,
    gradient=_perceptron_gradient,
    inputs=(
        Input("x", ("J",)),
        Input("w", ("J", 1), scale=0.5),
        Input("t", (1,), draw="uniform"),
    ),
    steps=_perceptron_steps("0"),
    sizes={"J": 5},
    convention="E = 1/2 (O_0 - t)^2",
)

MULTI_OUTPUT = Derivation(
    name="perceptron_multi",
    title="Multi-output perceptron, sigmoid, E = 1/2 sum_k (O_k - t_k)^2",
    source="000_584ca7b853d043a3.txt",
    loss=_perceptron_loss,
    gradient=_perceptron_gradient,
    inputs=(
        Input("x", ("J",)),
        Input("w", ("J", "K"), scale=0.5),
        Input("t", ("K",), draw="uniform"),
    ),
    steps=_perceptron_steps("k"),
    sizes={"J": 5, "K": 3},
    convention="E = 1/2 sum_k (O_k - t_k)^2",
)


# --- the seed's code: o = sigma(x w^T), loss = mse_loss(o, t) -----------------------------

def mse_loss_gradient(o: Tensor, t: Tensor) -> Tensor:
    """dL/do = 2/N (o - t)   for L = mse_loss(o, t) = 1/N sum (o - t)^2 over N elements."""
    return 2 / o.numel() * (o - t)


def _row_loss(x: Tensor, w: Tensor, t: Tensor, node: Node = keep) -> Tensor:
    """L = mse_loss(o, t) with o = sigma(x w^T), x (1, D), w (1, D), t (1, 1)."""
    a = node("a", x @ w.T)
    o = node("o", torch.sigmoid(a))
    return F.mse_loss(o, t)


def _row_gradient(x: Tensor, w: Tensor, t: Tensor) -> dict[str, Tensor]:
    """o = sigma(x w^T);  dL/do = 2 (o - t);  dL/da = dL/do o (1 - o);  dL/dw = dL/da^T x."""
    o = sigmoid(x @ w.T)
    dL_do = mse_loss_gradient(o, t)
    dL_da = dL_do * sigmoid_derivative(o)
    return {"dL/do": dL_do, "dL/da": dL_da, "dL/dw": dL_da.T @ x}


MSE_LOSS_CONVENTION = Derivation(
    name="perceptron_mse_loss",
    title="Single-output perceptron with the note's code: L = mse_loss(o, t), no 1/2",
    source="002_3219c80836f64681.txt",
    loss=_row_loss,
    gradient=_row_gradient,
    inputs=(
        Input("x", (1, "D")),
        Input("w", (1, "D"), scale=0.5),
        Input("t", (1, 1), draw="uniform"),
    ),
    steps=(
        Step("dL/do", "o", "dL/do = 2 (o - t)",
             "mse_loss is the mean of squares with no 1/2: the 2 of the square stays"),
        Step("dL/da", "a", "dL/da = 2 (o - t) o (1 - o)"),
        Step("dL/dw", "w", "dL/dw = 2 (o - t) o (1 - o) x"),
    ),
    sizes={"D": 3},
    convention="L = mse_loss(o, t) = (o - t)^2 (one element: the mean is the square)",
)


# --- matrix form, column vectors: a = W x, o = sigma(a), L = mse_loss(o, t) --------------

def _matrix_loss(x: Tensor, W: Tensor, t: Tensor, node: Node = keep) -> Tensor:
    """L = 1/N sum_n (o_n - t_n)^2 with o = sigma(W x), x (D, 1), W (N, D), t (N, 1)."""
    a = node("a", W @ x)
    o = node("o", torch.sigmoid(a))
    return F.mse_loss(o, t)


def _matrix_gradient(x: Tensor, W: Tensor, t: Tensor) -> dict[str, Tensor]:
    """o = sigma(W x);  dL/do = 2/N (o - t);  dL/da = dL/do .* o (1 - o);  dL/dW = dL/da x^T."""
    o = sigmoid(W @ x)
    dL_do = mse_loss_gradient(o, t)
    dL_da = dL_do * sigmoid_derivative(o)
    return {"dL/do": dL_do, "dL/da": dL_da, "dL/dW": dL_da @ x.T}


MATRIX_FORM = Derivation(
    name="perceptron_matrix",
    title="Sigmoid layer in matrix form, L = mse_loss(sigma(W x), t): dL/dW = 2/N [...] x^T",
    source="002_3219c80836f64681.txt",
    loss=_matrix_loss,
    gradient=_matrix_gradient,
    inputs=(
        Input("x", ("D", 1)),
        Input("W", ("N", "D"), scale=0.5),
        Input("t", ("N", 1), draw="uniform"),
    ),
    steps=(
        Step("dL/do", "o", "dL/do = 2/N (o - t)",
             "mse_loss averages over the N outputs and has no 1/2"),
        Step("dL/da", "a", "dL/da = 2/N (o - t) .* o .* (1 - o)"),
        Step("dL/dW", "W", "dL/dW = 2/N [(o - t) .* o .* (1 - o)] x^T",
             "a = W x, so dL/dW_nd = dL/da_n x_d: an outer product with x^T"),
    ),
    sizes={"N": 4, "D": 3},
    convention="L = mse_loss(o, t) = 1/N sum_n (o_n - t_n)^2",
)
