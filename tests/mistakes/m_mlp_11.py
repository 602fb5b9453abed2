"""Two-layer sigmoid MLP i -> j -> k, one example (note 000):
E = 1/2 sum_k (O_k - t_k)^2, x_j = sum_i O_i W_ij, O_j = sigma(x_j), x_k = sum_j O_j W_jk,
O_k = sigma(x_k); O_i (3,), W_ij (3, 4), W_jk (4, 2), t (2,).
"""

import numpy as np
import torch

from verify import derivation


def loss(O_i, W_ij, W_jk, t):
    """E = 1/2 sum_k (O_k - t_k)^2 with O_k = sigma(sigma(O_i W_ij) W_jk)."""
    O_k = torch.sigmoid(torch.sigmoid(O_i @ W_ij) @ W_jk)
    return 0.5 * ((O_k - t) ** 2).sum()


def grad(O_i, W_ij, W_jk, t):
    x_j = np.dot(O_i, W_ij)
    O_j = 1 / (1 + np.exp(-x_j))
    x_k = np.dot(O_j, W_jk)
    O_k = 1 / (1 + np.exp(-x_k))
    delta_k = (O_k - t) * O_k * (1 - O_k)
    dE_dW_jk = np.outer(O_j, delta_k)
    dE_dO_j = np.dot(W_jk, delta_k)
    delta_j = dE_dO_j  # <- wrong
    dE_dW_ij = np.outer(O_i, delta_j)
    return dE_dW_ij, dE_dW_jk


def grad_fixed(O_i, W_ij, W_jk, t):
    x_j = np.dot(O_i, W_ij)
    O_j = 1 / (1 + np.exp(-x_j))
    x_k = np.dot(O_j, W_jk)
    O_k = 1 / (1 + np.exp(-x_k))
    delta_k = (O_k - t) * O_k * (1 - O_k)
    dE_dW_jk = np.outer(O_j, delta_k)
    dE_dO_j = np.dot(W_jk, delta_k)
    delta_j = dE_dO_j * O_j * (1 - O_j)
    dE_dW_ij = np.outer(O_i, delta_j)
    return dE_dW_ij, dE_dW_jk


SPEC = dict(wrt=("W_ij", "W_jk"), shapes={"O_i": (3,), "W_ij": (3, 4), "W_jk": (4, 2), "t": (2,)},
            draws={"W_ij": ("normal", 0.5), "W_jk": ("normal", 0.5), "t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_mlp_11")
CAUSE = "activation-derivative-missing"
FIX = "delta_j needs the hidden sigmoid's derivative: multiply by O_j (1 - O_j)."
