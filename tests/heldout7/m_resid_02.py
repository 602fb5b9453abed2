"""A residual MLP block, torch: y = x + relu(x W1 + b1) W2, L = 1/(2N) sum ||y - T||^2,
gradients for the input too; x (N, D), W1 (D, H), b1 (H,), W2 (H, D), T (N, D)
with N = 5, D = 3, H = 8.
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, T):
    y = x + torch.relu(x @ W1 + b1) @ W2
    return ((y - T) ** 2).sum() / (2 * x.shape[0])


def grad(x, W1, b1, W2, T):
    z = x @ W1 + b1
    h = torch.relu(z)
    y = x + h @ W2
    dy = (y - T) / x.shape[0]
    dW2 = h.T @ dy
    dz = (dy @ W2.T) * (z > 0).to(dy.dtype)
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    dx = dz @ W1.T  # <- wrong
    return dx, dW1, db1, dW2


def grad_fixed(x, W1, b1, W2, T):
    z = x @ W1 + b1
    h = torch.relu(z)
    y = x + h @ W2
    dy = (y - T) / x.shape[0]
    dW2 = h.T @ dy
    dz = (dy @ W2.T) * (z > 0).to(dy.dtype)
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    dx = dy + dz @ W1.T
    return dx, dW1, db1, dW2


SPEC = dict(wrt=("x", "W1", "b1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "D"),
                    "T": ("N", "D")},
            draws={}, sizes={"N": 5, "D": 3, "H": 8})
case = derivation(loss, grad, **SPEC, name="m_resid_02")
CAUSE = "missing-term"
FIX = "x reaches y twice, through the skip path and through the branch, so dx = dy + dz W1^T."
