"""A residual MLP block, torch: y = x + relu(x W1 + b1) W2, L = sum(G * y);
x (N, D), W1 (D, H), b1 (H,), W2 (H, D), G (N, D) with N = 4, D = 5, H = 7.
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, G):
    return (G * (x + torch.relu(x @ W1 + b1) @ W2)).sum()


def grad(x, W1, b1, W2, G):
    z = x @ W1 + b1
    h = torch.relu(z)
    dW2 = h.T @ G
    dh = G @ W2.T
    dz = dh * (z < 0)  # <- wrong
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    dx = G + dz @ W1.T
    return dx, dW1, db1, dW2


def grad_fixed(x, W1, b1, W2, G):
    z = x @ W1 + b1
    h = torch.relu(z)
    dW2 = h.T @ G
    dh = G @ W2.T
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    dx = G + dz @ W1.T
    return dx, dW1, db1, dW2


SPEC = dict(wrt=("x", "W1", "b1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "D"),
                    "G": ("N", "D")},
            draws={}, sizes={"N": 4, "D": 5, "H": 7})
case = derivation(loss, grad, **SPEC, name="m_resblock_01")
CAUSE = "mask"
FIX = "ReLU passes the gradient where its input is positive: dz = dh * (z > 0)."
