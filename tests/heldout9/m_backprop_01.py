"""The textbook two-layer sigmoid network on one example, numpy, in the O_i / O_j / O_k
notation: O_j = sigma(O_i W_ij), O_k = sigma(O_j W_jk), E = 1/2 sum_k (t_k - O_k)^2;
as many inputs as hidden units: O_i (J,), W_ij (J, J), W_jk (J, K), t (K,) with J = 4, K = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(O_i, W_ij, W_jk, t):
    O_j = torch.sigmoid(O_i @ W_ij)
    O_k = torch.sigmoid(O_j @ W_jk)
    return 0.5 * ((t - O_k) ** 2).sum()


def grad(O_i, W_ij, W_jk, t):
    O_i, W_ij, W_jk, t = (np.asarray(a) for a in (O_i, W_ij, W_jk, t))
    O_j = 1 / (1 + np.exp(-O_i @ W_ij))
    O_k = 1 / (1 + np.exp(-O_j @ W_jk))
    delta_k = (O_k - t) * O_k * (1 - O_k)
    dE_dW_jk = np.outer(O_j, delta_k)
    delta_j = O_j * (1 - O_j) * (W_jk @ delta_k)
    dE_dW_ij = np.outer(O_j, delta_j)  # <- wrong
    return dE_dW_ij, dE_dW_jk


def grad_fixed(O_i, W_ij, W_jk, t):
    O_i, W_ij, W_jk, t = (np.asarray(a) for a in (O_i, W_ij, W_jk, t))
    O_j = 1 / (1 + np.exp(-O_i @ W_ij))
    O_k = 1 / (1 + np.exp(-O_j @ W_jk))
    delta_k = (O_k - t) * O_k * (1 - O_k)
    dE_dW_jk = np.outer(O_j, delta_k)
    delta_j = O_j * (1 - O_j) * (W_jk @ delta_k)
    dE_dW_ij = np.outer(O_i, delta_j)
    return dE_dW_ij, dE_dW_jk


SPEC = dict(wrt=("W_ij", "W_jk"),
            shapes={"O_i": ("J",), "W_ij": ("J", "J"), "W_jk": ("J", "K"), "t": ("K",)},
            draws={"t": "uniform"}, sizes={"J": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_backprop_01")
CAUSE = "wrong-layer"
FIX = "dE/dW_ij = O_i delta_j: the weight's own input O_i, not the hidden output O_j."
