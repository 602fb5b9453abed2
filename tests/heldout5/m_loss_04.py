"""A tanh regression model whose loss follows the textbook, E = 1/2 sum (y - t)^2, while the
gradient was copied from code that used F.mse_loss; torch flat function: y = tanh(x W);
x (6, 5), W (5, 4), t (6, 4) targets in (0, 1).
"""

import torch

from verify import derivation


def loss(x, W, t):
    y = torch.tanh(x @ W)
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W, t):
    y = torch.tanh(x @ W)
    dy = 2.0 * (y - t) / y.numel()  # <- wrong
    dz = dy * (1 - y * y)
    return x.T @ dz


def grad_fixed(x, W, t):
    y = torch.tanh(x @ W)
    dy = y - t
    dz = dy * (1 - y * y)
    return x.T @ dz


SPEC = dict(wrt="W", shapes={"x": (6, 5), "W": (5, 4), "t": (6, 4)}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_loss_04")
CAUSE = "mse-convention"
FIX = "For E = 1/2 sum (y - t)^2 the derivative is y - t; 2 (y - t) / numel belongs to mse_loss."
