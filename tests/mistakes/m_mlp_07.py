"""Two-layer sigmoid MLP i -> j -> k (note 000) trained with torch's mse_loss (note 002):
L = mse_loss(O_k, t) = 1/K sum_k (O_k - t_k)^2, O_j = sigma(O_i W_ij), O_k = sigma(O_j W_jk);
O_i (I,), W_ij (I, J), W_jk (J, K), t (K,).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(O_i, W_ij, W_jk, t):
    """L = mse_loss(O_k, t), the mean of squares over the K outputs, no 1/2."""
    O_k = torch.sigmoid(torch.sigmoid(O_i @ W_ij) @ W_jk)
    return F.mse_loss(O_k, t)


def grad(O_i, W_ij, W_jk, t):
    O_j = 1 / (1 + np.exp(-np.dot(O_i, W_ij)))
    O_k = 1 / (1 + np.exp(-np.dot(O_j, W_jk)))
    dE_dO_k = O_k - t  # <- wrong
    delta_k = dE_dO_k * O_k * (1 - O_k)
    dE_dW_jk = np.outer(O_j, delta_k)
    dE_dO_j = np.dot(W_jk, delta_k)
    delta_j = dE_dO_j * O_j * (1 - O_j)
    dE_dW_ij = np.outer(O_i, delta_j)
    return dE_dW_ij, dE_dW_jk


def grad_fixed(O_i, W_ij, W_jk, t):
    O_j = 1 / (1 + np.exp(-np.dot(O_i, W_ij)))
    O_k = 1 / (1 + np.exp(-np.dot(O_j, W_jk)))
    dE_dO_k = 2 * (O_k - t) / len(t)
    delta_k = dE_dO_k * O_k * (1 - O_k)
    dE_dW_jk = np.outer(O_j, delta_k)
    dE_dO_j = np.dot(W_jk, delta_k)
    delta_j = dE_dO_j * O_j * (1 - O_j)
    dE_dW_ij = np.outer(O_i, delta_j)
    return dE_dW_ij, dE_dW_jk


SPEC = dict(wrt=("W_ij", "W_jk"),
            shapes={"O_i": ("I",), "W_ij": ("I", "J"), "W_jk": ("J", "K"), "t": ("K",)},
            draws={"W_ij": ("normal", 0.5), "W_jk": ("normal", 0.5), "t": "uniform"},
            sizes={"I": 4, "J": 5, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_07")
CAUSE = "mse-convention"
FIX = "mse_loss is the mean over the K outputs with no 1/2: dL/dO_k = 2 (O_k - t_k) / K."
