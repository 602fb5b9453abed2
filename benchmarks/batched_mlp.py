"""A batched two-layer sigmoid MLP with biases, i -> j -> k, for the gradcheck benchmark.

The notation of ``derivations.mlp``, with a batch of B examples as rows and the loss
averaged over the batch:

    X        inputs, shape (B, I)
    W_ij     (I, J), b_j (J,)      x_j = X W_ij + b_j,   O_j = sigma(x_j)
    W_jk     (J, K), b_k (K,)      x_k = O_j W_jk + b_k, O_k = sigma(x_k)
    T        targets in (0, 1), shape (B, K)
    E        E = 1/B sum_b 1/2 sum_k (O_bk - T_bk)^2
"""

from __future__ import annotations

import torch
from torch import Tensor

from derivations.core import Derivation, Input, Node, Step, keep
from derivations.mlp import hidden_delta
from derivations.perceptron import output_delta, sigmoid

__all__ = ["batched_mlp"]


def _loss(X: Tensor, W_ij: Tensor, b_j: Tensor, W_jk: Tensor, b_k: Tensor, T: Tensor,
          node: Node = keep) -> Tensor:
    """E = 1/B sum_b 1/2 sum_k (O_bk - T_bk)^2 with O = sigma(sigma(X W_ij + b_j) W_jk + b_k)."""
    x_j = node("x_j", X @ W_ij + b_j)
    O_j = node("O_j", torch.sigmoid(x_j))
    x_k = node("x_k", O_j @ W_jk + b_k)
    O_k = node("O_k", torch.sigmoid(x_k))
    return 0.5 * ((O_k - T) ** 2).sum() / X.shape[0]


def _gradient(X: Tensor, W_ij: Tensor, b_j: Tensor, W_jk: Tensor, b_k: Tensor, T: Tensor
              ) -> dict[str, Tensor]:
    """delta_k = 1/B (O_k - T) O_k (1 - O_k);  dE/dW_jk = O_j^T delta_k;  dE/db_k = sum_b delta_k;
    delta_j = O_j (1 - O_j) delta_k W_jk^T;  dE/dW_ij = X^T delta_j;  dE/db_j = sum_b delta_j."""
    B = X.shape[0]
    O_j = sigmoid(X @ W_ij + b_j)
    O_k = sigmoid(O_j @ W_jk + b_k)
    delta_k = output_delta(O_k, T) / B
    dE_dO_j = delta_k @ W_jk.T
    delta_j = hidden_delta(O_j, dE_dO_j)
    return {
        "dE/dO_k": (O_k - T) / B,
        "delta_k": delta_k,
        "dE/dW_jk": O_j.T @ delta_k,
        "dE/db_k": delta_k.sum(0),
        "dE/dO_j": dE_dO_j,
        "delta_j": delta_j,
        "dE/dW_ij": X.T @ delta_j,
        "dE/db_j": delta_j.sum(0),
    }


def batched_mlp(I: int, J: int, K: int, B: int) -> Derivation:
    """The batched MLP I -> J -> K on batches of B, weights drawn with scale 1/sqrt(fan-in)
    so that the sigmoids do not saturate."""
    return Derivation(
        name=f"mlp_batched_{I}_{J}_{K}",
        title=f"Batched two-layer sigmoid MLP {I}-{J}-{K} with biases, batch {B}, batch mean",
        source="000_584ca7b853d043a3.txt",
        loss=_loss,
        gradient=_gradient,
        inputs=(
            Input("X", ("B", "I")),
            Input("W_ij", ("I", "J"), scale=I ** -0.5),
            Input("b_j", ("J",), scale=0.1),
            Input("W_jk", ("J", "K"), scale=J ** -0.5),
            Input("b_k", ("K",), scale=0.1),
            Input("T", ("B", "K"), draw="uniform"),
        ),
        steps=(
            Step("dE/dO_k", "O_k", "dE/dO_k = 1/B (O_k - T)"),
            Step("delta_k", "x_k", "delta_k = 1/B (O_k - T) O_k (1 - O_k)"),
            Step("dE/dW_jk", "W_jk", "dE/dW_jk = O_j^T delta_k"),
            Step("dE/db_k", "b_k", "dE/db_k = sum_b delta_k"),
            Step("dE/dO_j", "O_j", "dE/dO_j = delta_k W_jk^T"),
            Step("delta_j", "x_j", "delta_j = O_j (1 - O_j) delta_k W_jk^T"),
            Step("dE/dW_ij", "W_ij", "dE/dW_ij = X^T delta_j"),
            Step("dE/db_j", "b_j", "dE/db_j = sum_b delta_j"),
        ),
        sizes={"I": I, "J": J, "K": K, "B": B},
        convention="E = 1/B sum_b 1/2 sum_k (O_bk - T_bk)^2",
    )
