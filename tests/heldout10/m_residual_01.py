"""A residual MLP block with a 1/2 sum-of-squares loss, torch backward:
h = relu(x W1), y = x + h W2, L = 1/2 sum (y - t)^2;
x, t (N, D), W1, W2 (D, D) with N = 5, D = 4.
"""

import torch

from verify import derivation


def loss(x, t, W1, W2):
    y = x + torch.relu(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, t, W1, W2):
    h = torch.relu(x @ W1)
    y = x + h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W1.T  # <- wrong
    dz = dh * (h > 0)
    dW1 = x.T @ dz
    return dW1, dW2


def grad_fixed(x, t, W1, W2):
    h = torch.relu(x @ W1)
    y = x + h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh * (h > 0)
    dW1 = x.T @ dz
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"),
            shapes={"x": ("N", "D"), "t": ("N", "D"), "W1": ("D", "D"), "W2": ("D", "D")},
            draws={}, sizes={"N": 5, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_residual_01")
CAUSE = "wrong-layer"
FIX = "dy flows back into h through the second layer, so dh = dy @ W2.T."
