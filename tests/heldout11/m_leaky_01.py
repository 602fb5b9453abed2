"""A leaky ReLU hidden layer (negative slope 0.1) with a squared-error output, torch:
z = x W + b, h = leaky_relu(z), y = h V, L = 1/2 sum (y - t)^2;
x (5, 3), W (3, 4), b (4,), V (4, 2), t (5, 2).
"""

import torch
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.1


def loss(x, W, b, V, t):
    y = F.leaky_relu(x @ W + b, SLOPE) @ V
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W, b, V, t):
    z = x @ W + b
    h = torch.where(z > 0, z, SLOPE * z)
    dy = h @ V - t
    dV = h.T @ dy
    dh = dy @ V.T
    dz = torch.where(z > 0, dh, torch.zeros_like(dh))  # <- wrong
    dW = x.T @ dz
    db = dz.sum(dim=0)
    return dW, db, dV


def grad_fixed(x, W, b, V, t):
    z = x @ W + b
    h = torch.where(z > 0, z, SLOPE * z)
    dy = h @ V - t
    dV = h.T @ dy
    dh = dy @ V.T
    dz = torch.where(z > 0, dh, SLOPE * dh)
    dW = x.T @ dz
    db = dz.sum(dim=0)
    return dW, db, dV


SPEC = dict(wrt=("W", "b", "V"),
            shapes={"x": (5, 3), "W": (3, 4), "b": (4,), "V": (4, 2), "t": (5, 2)}, draws={})
case = derivation(loss, grad, **SPEC, name="m_leaky_01")
CAUSE = "mask"
FIX = "Where z < 0 the leaky ReLU still passes SLOPE times the gradient, not zero."
