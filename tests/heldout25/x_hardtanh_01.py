"""Linear layer followed by a hardtanh (clip to [-1, 1]), under an upstream gradient:
Z = x W, Y = clamp(Z, -1, 1), L = sum(g * Y); x (4, 3), W (3, 5), g (4, 5).
"""

import torch.nn.functional as F

from verify import derivation


def loss(x, W, g):
    return (g * F.hardtanh(x @ W)).sum()


def grad(x, W, g):
    Z = x @ W
    dZ = g  # <- wrong
    dW = x.T @ dZ
    dx = dZ @ W.T
    return dx, dW


def grad_fixed(x, W, g):
    Z = x @ W
    dZ = g * ((Z > -1) & (Z < 1)).to(g.dtype)
    dW = x.T @ dZ
    dx = dZ @ W.T
    return dx, dW


SPEC = dict(wrt=("x", "W"), shapes={"x": (4, 3), "W": (3, 5), "g": (4, 5)}, draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_hardtanh_01")
CAUSE = "mask"
FIX = "hardtanh is flat outside (-1, 1), so the upstream gradient passes only where -1 < Z < 1."
