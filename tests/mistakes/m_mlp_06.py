"""Two-layer sigmoid MLP over a batch with biases, 1/2 sum of squares (no mean):
E = 1/2 sum_n sum_k (y_nk - t_nk)^2, y = sigma(sigma(x W1 + b1) W2 + b2);
x (4, 3), W1 (3, 4), b1 (4,), W2 (4, 2), b2 (2,), t (4, 2).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/2 sum_n sum_k (y_nk - t_nk)^2 with y = sigma(sigma(x W1 + b1) W2 + b2)."""
    y = torch.sigmoid(torch.sigmoid(x @ W1 + b1) @ W2 + b2)
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, b1, W2, b2, t):
    h = torch.sigmoid(x @ W1 + b1)
    y = torch.sigmoid(h @ W2 + b2)
    dy = 2 * (y - t) / y.numel()  # <- wrong
    dz2 = dy * y * (1 - y)
    dW2 = h.T @ dz2
    db2 = dz2.sum(0)
    dh = dz2 @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    h = torch.sigmoid(x @ W1 + b1)
    y = torch.sigmoid(h @ W2 + b2)
    dy = y - t
    dz2 = dy * y * (1 - y)
    dW2 = h.T @ dz2
    db2 = dz2.sum(0)
    dh = dz2 @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (4, 3), "W1": (3, 4), "b1": (4,), "W2": (4, 2), "b2": (2,), "t": (4, 2)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_mlp_06")
CAUSE = "mse-convention"
FIX = "The loss is 1/2 sum of squares, not mse_loss: dE/dy = y - t, without the 2/n."
