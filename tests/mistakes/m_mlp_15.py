"""Two-layer sigmoid MLP i -> j -> k, one example (note 000), as many hidden units as outputs:
E = 1/2 sum_k (O_k - t_k)^2, O_j = sigma(O_i W_ij), O_k = sigma(O_j W_jk);
O_i (I,), W_ij (I, J), W_jk (J, K), t (K,).
"""

import numpy as np
import torch

from verify import derivation


def loss(O_i, W_ij, W_jk, t):
    """E = 1/2 sum_k (O_k - t_k)^2 with O_k = sigma(sigma(O_i W_ij) W_jk)."""
    O_k = torch.sigmoid(torch.sigmoid(O_i @ W_ij) @ W_jk)
    return 0.5 * ((O_k - t) ** 2).sum()


def grad(O_i, W_ij, W_jk, t):
    O_j = 1 / (1 + np.exp(-np.dot(O_i, W_ij)))
    O_k = 1 / (1 + np.exp(-np.dot(O_j, W_jk)))
    delta_k = (O_k - t) * O_k * (1 - O_k)
    dE_dW_jk = np.outer(O_j, delta_k)
    dE_dO_j = np.dot(W_jk, delta_k)
    delta_j = dE_dO_j * O_k * (1 - O_k)  # <- wrong
    dE_dW_ij = np.outer(O_i, delta_j)
    return dE_dW_ij, dE_dW_jk


def grad_fixed(O_i, W_ij, W_jk, t):
    O_j = 1 / (1 + np.exp(-np.dot(O_i, W_ij)))
    O_k = 1 / (1 + np.exp(-np.dot(O_j, W_jk)))
    delta_k = (O_k - t) * O_k * (1 - O_k)
    dE_dW_jk = np.outer(O_j, delta_k)
    dE_dO_j = np.dot(W_jk, delta_k)
    delta_j = dE_dO_j * O_j * (1 - O_j)
    dE_dW_ij = np.outer(O_i, delta_j)
    return dE_dW_ij, dE_dW_jk


SPEC = dict(wrt=("W_ij", "W_jk"),
            shapes={"O_i": ("I",), "W_ij": ("I", "J"), "W_jk": ("J", "K"), "t": ("K",)},
            draws={"W_ij": ("normal", 0.5), "W_jk": ("normal", 0.5), "t": "uniform"},
            sizes={"I": 4, "J": 3, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_15")
CAUSE = "wrong-layer"
FIX = "delta_j takes the hidden layer's O_j (1 - O_j), not the output layer's O_k (1 - O_k)."
