"""Multi-output sigmoid perceptron, one example (note 000):
O_k = sigma(sum_j x_j w_jk), E = 1/2 sum_k (O_k - t_k)^2; x (J,), w (J, K), t (K,).
"""

import torch

from verify import derivation


def loss(x, w, t):
    """E = 1/2 sum_k (O_k - t_k)^2 with O_k = sigma(sum_j x_j w_jk)."""
    O = torch.sigmoid(x @ w)
    return 0.5 * ((O - t) ** 2).sum()


def grad(x, w, t):
    x_k = x @ w
    O = torch.sigmoid(x_k)
    dE_dO = t - O  # <- wrong
    delta = dE_dO * O * (1 - O)
    dE_dw = torch.outer(x, delta)
    return dE_dw


def grad_fixed(x, w, t):
    x_k = x @ w
    O = torch.sigmoid(x_k)
    dE_dO = O - t
    delta = dE_dO * O * (1 - O)
    dE_dw = torch.outer(x, delta)
    return dE_dw


SPEC = dict(wrt="w", shapes={"x": ("J",), "w": ("J", "K"), "t": ("K",)},
            draws={"w": ("normal", 0.5), "t": "uniform"}, sizes={"J": 5, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_02")
CAUSE = "sign"
FIX = "dE/dO_k = O_k - t_k: use (O - t), not (t - O)."
