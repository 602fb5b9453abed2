"""A sigmoid output layer trained with the mean squared error in numpy (the cross-entropy
shortcut does not apply): p = sigma(x W), L = mean over all N*K entries of (p - t)^2;
x (6, 3), W (3, 2), t (6, 2) in (0, 1).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, t):
    return F.mse_loss(torch.sigmoid(x @ W), t)


def grad(x, W, t):
    z = x @ W
    p = 1.0 / (1.0 + np.exp(-z))
    dp = 2.0 * (p - t) / p.size
    dz = dp  # <- wrong
    dW = x.T @ dz
    return dW


def grad_fixed(x, W, t):
    z = x @ W
    p = 1.0 / (1.0 + np.exp(-z))
    dp = 2.0 * (p - t) / p.size
    dz = dp * p * (1.0 - p)
    dW = x.T @ dz
    return dW


SPEC = dict(wrt="W", shapes={"x": (6, 3), "W": (3, 2), "t": (6, 2)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="k_loss_01")
CAUSE = "activation-derivative-missing"
FIX = "With a squared error the sigmoid's derivative does not cancel: dz = dp * p * (1 - p)."
