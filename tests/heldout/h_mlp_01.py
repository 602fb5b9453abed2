"""Two-layer ReLU regression network with the plain sum of squared errors (no 1/2):
E = sum_n sum_k (y_nk - t_nk)^2, y = relu(x W1 + b1) W2 + b2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = sum (y - t)^2 with y = relu(x W1 + b1) W2 + b2."""
    y = torch.relu(x @ W1 + b1) @ W2 + b2
    return ((y - t) ** 2).sum()


def grad(x, W1, b1, W2, b2, t):
    z1 = x @ W1 + b1
    h = torch.clamp(z1, min=0.0)
    y = h @ W2 + b2
    dy = y - t  # <- wrong
    dW2 = h.T @ dy
    db2 = dy.sum(dim=0)
    dh = dy @ W2.T
    dz1 = dh * (z1 > 0).to(dh.dtype)
    dW1 = x.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    z1 = x @ W1 + b1
    h = torch.clamp(z1, min=0.0)
    y = h @ W2 + b2
    dy = 2.0 * (y - t)
    dW2 = h.T @ dy
    db2 = dy.sum(dim=0)
    dh = dy @ W2.T
    dz1 = dh * (z1 > 0).to(dh.dtype)
    dW1 = x.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "t": ("N", "K")},
            sizes={"N": 8, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="h_mlp_01")
CAUSE = "square-factor"
FIX = "Without a 1/2 in the loss the power rule leaves a 2: dy = 2 (y - t)."
