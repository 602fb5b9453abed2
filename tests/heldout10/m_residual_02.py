"""A residual tanh block, torch backward:
y = x + tanh(x W), L = sum(dy * y); x, dy (N, D), W (D, D) with N = 4, D = 5.
"""

import torch

from verify import derivation


def loss(x, W, dy):
    return (dy * (x + torch.tanh(x @ W))).sum()


def grad(x, W, dy):
    z = x @ W
    dz = dy * (1 - torch.tanh(z) ** 2)
    dW = x.T @ dz
    dx = dz @ W.T  # <- wrong
    return dx, dW


def grad_fixed(x, W, dy):
    z = x @ W
    dz = dy * (1 - torch.tanh(z) ** 2)
    dW = x.T @ dz
    dx = dy + dz @ W.T
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": ("N", "D"), "W": ("D", "D"), "dy": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_residual_02")
CAUSE = "missing-term"
FIX = "The skip connection is a second path from x to y: dx = dy + dz @ W.T."
