"""A residual block in torch: y = x + relu(x W1 + b1) W2, L = sum(G * y);
x (6, 5), W1 (5, 7), b1 (7,), W2 (7, 5), G (6, 5).
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
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    dx = dz @ W1.T  # <- wrong
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
            shapes={"x": (6, 5), "W1": (5, 7), "b1": (7,), "W2": (7, 5), "G": (6, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_resid_01")
CAUSE = "missing-term"
FIX = "x reaches y directly through the skip connection too, so dx = G + dz W1^T."
