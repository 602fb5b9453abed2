"""Leaky-ReLU unit layer (negative slope 0.2) regressed with 1/2 the summed squared error:
E = 1/2 sum (leaky_relu(x W) - t)^2;
x (N, D), W (D, K), t (N, K).
"""

import torch
import torch.nn.functional as F

from verify import derivation

ALPHA = 0.2


def loss(x, W, t):
    """E = 1/2 sum (leaky_relu(x W, 0.2) - t)^2."""
    return 0.5 * ((F.leaky_relu(x @ W, ALPHA) - t) ** 2).sum()


def grad(x, W, t):
    z = x @ W
    y = torch.where(z > 0, z, ALPHA * z)
    dy = y - t
    dz = torch.where(z > 0, dy, torch.zeros_like(dy))  # <- wrong
    return x.T @ dz


def grad_fixed(x, W, t):
    z = x @ W
    y = torch.where(z > 0, z, ALPHA * z)
    dy = y - t
    dz = torch.where(z > 0, dy, ALPHA * dy)
    return x.T @ dz


SPEC = dict(wrt="W", shapes={"x": ("N", "D"), "W": ("D", "K"), "t": ("N", "K")},
            sizes={"N": 8, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="h_act_03")
CAUSE = "mask"
FIX = "A leaky ReLU passes ALPHA * dy where z <= 0, not zero."
