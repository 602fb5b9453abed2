"""A two-layer MLP with a leaky ReLU (slope 0.2), torch:
h = leaky_relu(X W1 + b1, 0.2), y = h W2, L = 1/2 sum (y - T)^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), T (N, K).
"""

import torch
import torch.nn.functional as F

from verify import derivation

SLOPE = 0.2


def loss(X, W1, b1, W2, T):
    y = F.leaky_relu(X @ W1 + b1, SLOPE) @ W2
    return 0.5 * ((y - T) ** 2).sum()


def grad(X, W1, b1, W2, T):
    z = X @ W1 + b1
    h = torch.where(z > 0, z, SLOPE * z)
    y = h @ W2
    dy = y - T
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = torch.where(z > 0, dh, 0.02 * dh)  # <- wrong
    dW1 = X.T @ dz
    db1 = dz.sum(0)
    return dW1, db1, dW2


def grad_fixed(X, W1, b1, W2, T):
    z = X @ W1 + b1
    h = torch.where(z > 0, z, SLOPE * z)
    y = h @ W2
    dy = y - T
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = torch.where(z > 0, dh, SLOPE * dh)
    dW1 = X.T @ dz
    db1 = dz.sum(0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "T": ("N", "K")},
            draws={}, sizes={"N": 5, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "wrong-coefficient"
FIX = "The leaky ReLU's slope for z <= 0 is 0.2, the same in the backward as in the forward."
