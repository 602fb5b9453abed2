"""A leaky ReLU layer (slope 0.2) with half the squared error, torch:
z = x W, a = max(z, 0.2 z), L = 1/2 sum (a - t)^2; x (N, D), W (D, M), t (N, M)
with N = 4, D = 3, M = 2.
"""

import torch.nn.functional as F

from verify import derivation

SLOPE = 0.2


def loss(x, W, t):
    a = F.leaky_relu(x @ W, SLOPE)
    return 0.5 * ((a - t) ** 2).sum()


def grad(x, W, t):
    z = x @ W
    pos = (z > 0).to(z.dtype)
    a = pos * z + (1 - pos) * SLOPE * z
    da = a - t
    dact = pos  # <- wrong
    dz = da * dact
    dW = x.T @ dz
    return dW


def grad_fixed(x, W, t):
    z = x @ W
    pos = (z > 0).to(z.dtype)
    a = pos * z + (1 - pos) * SLOPE * z
    da = a - t
    dact = pos + (1 - pos) * SLOPE
    dz = da * dact
    dW = x.T @ dz
    return dW


SPEC = dict(wrt="W", shapes={"x": ("N", "D"), "W": ("D", "M"), "t": ("N", "M")},
            draws={}, sizes={"N": 4, "D": 3, "M": 2})
case = derivation(loss, grad, **SPEC, name="m_leaky_01")
CAUSE = "mask"
FIX = "Below zero the leaky ReLU still passes SLOPE of the gradient: dact = pos + (1 - pos) SLOPE."
