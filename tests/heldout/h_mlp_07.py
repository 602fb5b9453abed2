"""Network with a hardtanh (clamp to [-1, 1]) hidden layer and a linear output:
E = 1/2 sum (y - t)^2, y = hardtanh(x W1) W2;
x (N, D), W1 (D, H), W2 (H, K), t (N, K).
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, W1, W2, t):
    """E = 1/2 sum (hardtanh(x W1) W2 - t)^2."""
    y = F.hardtanh(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    z = x @ W1
    h = torch.clamp(z, -1.0, 1.0)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh * (z > -1.0)  # <- wrong
    dW1 = x.T @ dz
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    z = x @ W1
    h = torch.clamp(z, -1.0, 1.0)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh * ((z > -1.0) & (z < 1.0))
    dW1 = x.T @ dz
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "t": ("N", "K")},
            sizes={"N": 6, "D": 4, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="h_mlp_07")
CAUSE = "mask"
FIX = "hardtanh passes the gradient only inside (-1, 1): mask with (z > -1) & (z < 1)."
