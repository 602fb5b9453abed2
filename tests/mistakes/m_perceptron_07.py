"""One sigmoid unit with the note's code (note 002):
o = sigma(x w^T), L = mse_loss(o, t) = (o - t)^2; x (1, D), w (1, D), t (1, 1).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, t):
    """L = mse_loss(o, t) = (o - t)^2 (one element) with o = sigma(x w^T)."""
    return F.mse_loss(torch.sigmoid(x @ w.T), t)


def grad(x, w, t):
    a = x @ w.T
    o = torch.sigmoid(a)
    dL_do = 2 * (o - t)
    dL_da = dL_do  # <- wrong
    dL_dw = dL_da.T @ x
    return dL_dw


def grad_fixed(x, w, t):
    a = x @ w.T
    o = torch.sigmoid(a)
    dL_do = 2 * (o - t)
    dL_da = dL_do * o * (1 - o)
    dL_dw = dL_da.T @ x
    return dL_dw


SPEC = dict(wrt="w", shapes={"x": (1, "D"), "w": (1, "D"), "t": (1, 1)},
            draws={"w": ("normal", 0.5), "t": "uniform"}, sizes={"D": 4})
case = derivation(loss, grad, **SPEC, name="m_perceptron_07")
CAUSE = "activation-derivative-missing"
FIX = "Go through the sigmoid: multiply dL/do by sigma'(a) = o (1 - o)."
