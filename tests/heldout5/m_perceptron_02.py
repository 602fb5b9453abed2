"""A multi-output sigmoid perceptron trained with F.mse_loss (the mean of squares over all
N * K outputs), torch flat function, the delta taken from lecture notes that use
E = 1/2 sum (o - t)^2; x (7, 5), W (5, 3), t (7, 3) targets in (0, 1).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W, t):
    return F.mse_loss(torch.sigmoid(x @ W), t)


def grad(x, W, t):
    o = 1 / (1 + torch.exp(-(x @ W)))
    delta = (o - t) * o * (1 - o)  # <- wrong
    dW = x.T @ delta
    return dW


def grad_fixed(x, W, t):
    o = 1 / (1 + torch.exp(-(x @ W)))
    delta = 2 * (o - t) * o * (1 - o) / o.numel()
    dW = x.T @ delta
    return dW


SPEC = dict(wrt="W", shapes={"x": (7, 5), "W": (5, 3), "t": (7, 3)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_perceptron_02")
CAUSE = "mse-convention"
FIX = "mse_loss is mean((o - t)^2), whose delta is 2 (o - t) o (1 - o) / numel, not the 1/2-sum one."
