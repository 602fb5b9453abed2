"""Multi-layer perceptrons: the two-layer network i -> j -> k of source note 000.

Layers are named by their unit index, from input to output, sigmoid everywhere:

    O_i      input, shape (I,)
    W_ij     weights from layer i to layer j, shape (I, J);   x_j = sum_i O_i W_ij
    O_j      hidden output O_j = sigma(x_j), shape (J,)
    W_jk     weights from layer j to layer k, shape (J, K);   x_k = sum_j O_j W_jk
    O_k      output O_k = sigma(x_k), shape (K,)
    E        E = 1/2 sum_k (O_k - t_k)^2

The earlier layer's gradient needs the later layer's deltas, so the derivation runs
backwards: delta_k first, then delta_j from the deltas of layer k.
"""

from __future__ import annotations

import torch
from torch import Tensor

from derivations.core import Derivation, Input, Node, Step, keep
from derivations.perceptron import output_delta, sigmoid, sigmoid_derivative, weight_gradient

__all__ = ["TWO_LAYER", "backpropagated_error", "hidden_delta"]


def backpropagated_error(W_jk: Tensor, delta_k: Tensor) -> Tensor:
    """dE/dO_j = sum_k delta_k W_jk = W_jk delta_k: a hidden unit collects its outputs' deltas."""
    return W_jk @ delta_k


def hidden_delta(O_j: Tensor, dE_dO_j: Tensor) -> Tensor:
    """delta_j = dE/dx_j = O_j (1 - O_j) sum_k delta_k W_jk."""
    return sigmoid_derivative(O_j) * dE_dO_j


def _two_layer_loss(O_i: Tensor, W_ij: Tensor, W_jk: Tensor, t: Tensor,
                    node: Node = keep) -> Tensor:
    """E = 1/2 sum_k (O_k - t_k)^2 with O_k = sigma(sigma(O_i W_ij) W_jk)."""
    x_j = node("x_j", O_i @ W_ij)
    O_j = node("O_j", torch.sigmoid(x_j))
    x_k = node("x_k", O_j @ W_jk)
    O_k = node("O_k", torch.sigmoid(x_k))
    return 0.5 * ((O_k - t) ** 2).sum()


def _two_layer_gradient(O_i: Tensor, W_ij: Tensor, W_jk: Tensor, t: Tensor) -> dict[str, Tensor]:
    """Forward, then backwards: delta_k = (O_k - t_k) O_k (1 - O_k);  dE/dW_jk = O_j delta_k;
    delta_j = O_j (1 - O_j) sum_k delta_k W_jk;  dE/dW_ij = O_i delta_j."""
    O_j = sigmoid(O_i @ W_ij)
    O_k = sigmoid(O_j @ W_jk)
    delta_k = output_delta(O_k, t)
    dE_dO_j = backpropagated_error(W_jk, delta_k)
    delta_j = hidden_delta(O_j, dE_dO_j)
    return {
        "dE/dO_k": O_k - t,
        "delta_k": delta_k,
        "dE/dW_jk": weight_gradient(O_j, delta_k),
        "dE/dO_j": dE_dO_j,
        "delta_j": delta_j,
        "dE/dW_ij": weight_gradient(O_i, delta_j),
    }


TWO_LAYER = Derivation(
    name="mlp_two_layer",
    title="Two-layer sigmoid MLP i -> j -> k, E = 1/2 sum_k (O_k - t_k)^2",
    source="000_584ca7b853d043a3.txt",
    loss=_two_layer_loss,
    gradient=_two_layer_gradient,
    inputs=(
        Input("O_i", ("I",)),
        Input("W_ij", ("I", "J"), scale=0.5),
        Input("W_jk", ("J", "K"), scale=0.5),
        Input("t", ("K",), draw="uniform"),
    ),
    steps=(
        Step("dE/dO_k", "O_k", "dE/dO_k = O_k - t_k"),
        Step("delta_k", "x_k", "delta_k = (O_k - t_k) O_k (1 - O_k)",
             "through the output sigmoid: sigma'(x_k) = O_k (1 - O_k)"),
        Step("dE/dW_jk", "W_jk", "dE/dW_jk = O_j delta_k"),
        Step("dE/dO_j", "O_j", "dE/dO_j = sum_k delta_k W_jk",
             "O_j feeds every output k, so its error is the sum over k"),
        Step("delta_j", "x_j", "delta_j = O_j (1 - O_j) sum_k delta_k W_jk",
             "through the hidden sigmoid: sigma'(x_j) = O_j (1 - O_j)"),
        Step("dE/dW_ij", "W_ij", "dE/dW_ij = O_i delta_j = O_i O_j (1 - O_j) sum_k delta_k W_jk"),
    ),
    sizes={"I": 5, "J": 6, "K": 3},
    convention="E = 1/2 sum_k (O_k - t_k)^2",
)
