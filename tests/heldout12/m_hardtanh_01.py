"""A linear layer followed by a hardtanh, checked through an upstream gradient, torch:
z = x W, y = clamp(z, -1, 1), E = sum(G * y);
x (4, 3), W (3, 3), G (4, 3).
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, W, G):
    return (G * F.hardtanh(x @ W)).sum()


def grad(x, W, G):
    z = x @ W
    inside = (z < 1).to(z.dtype)  # <- wrong
    dz = G * inside
    dW = x.T @ dz
    dx = dz @ W.T
    return dx, dW


def grad_fixed(x, W, G):
    z = x @ W
    inside = ((z > -1) & (z < 1)).to(z.dtype)
    dz = G * inside
    dW = x.T @ dz
    dx = dz @ W.T
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": (4, 3), "W": (3, 3), "G": (4, 3)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_hardtanh_01")
CAUSE = "mask"
FIX = "hardtanh is flat on both sides, so the gradient passes only where -1 < z < 1."
