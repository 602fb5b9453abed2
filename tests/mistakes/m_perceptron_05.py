"""Three sigmoid outputs in the note's row form with torch's mse_loss (note 002):
o = sigma(x w^T), L = mse_loss(o, t) = 1/3 sum_k (o_k - t_k)^2; x (1, 3), w (3, 3), t (1, 3).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, t):
    """L = mse_loss(o, t), the mean of squares with no 1/2, with o = sigma(x w^T)."""
    return F.mse_loss(torch.sigmoid(x @ w.T), t)


def grad(x, w, t):
    a = np.dot(x, w.T)
    o = 1 / (1 + np.exp(-a))
    dL_do = o - t  # <- wrong
    dL_da = dL_do * o * (1 - o)
    dL_dw = np.dot(dL_da.T, x)
    return dL_dw


def grad_fixed(x, w, t):
    a = np.dot(x, w.T)
    o = 1 / (1 + np.exp(-a))
    dL_do = 2 * (o - t) / o.size
    dL_da = dL_do * o * (1 - o)
    dL_dw = np.dot(dL_da.T, x)
    return dL_dw


SPEC = dict(wrt="w", shapes={"x": (1, 3), "w": (3, 3), "t": (1, 3)},
            draws={"w": ("normal", 0.5), "t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_05")
CAUSE = "mse-convention"
FIX = "mse_loss is the mean of squares with no 1/2: dL/do = 2 (o - t) / n over its n elements."
