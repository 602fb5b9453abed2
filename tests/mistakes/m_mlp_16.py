"""Two-layer sigmoid MLP over a batch, as many hidden units as inputs, linear output:
E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2, h = sigma(x W1 + b1), y = h W2 + b2;
x (4, 3), W1 (3, 3), b1 (3,), W2 (3, 2), b2 (2,), t (4, 2).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 with y = sigma(x W1 + b1) W2 + b2."""
    y = torch.sigmoid(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = torch.sigmoid(x @ W1 + b1)
    y = h @ W2 + b2
    dy = (y - t) / N
    dW2 = h.T @ dy
    db2 = dy.sum(0)
    dz1 = (dy @ W2.T) * h * (1 - h)
    dW1 = h.T @ dz1  # <- wrong
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = torch.sigmoid(x @ W1 + b1)
    y = h @ W2 + b2
    dy = (y - t) / N
    dW2 = h.T @ dy
    db2 = dy.sum(0)
    dz1 = (dy @ W2.T) * h * (1 - h)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": (4, 3), "W1": (3, 3), "b1": (3,), "W2": (3, 2), "b2": (2,), "t": (4, 2)})
case = derivation(loss, grad, **SPEC, name="m_mlp_16")
CAUSE = "wrong-layer"
FIX = "W1 multiplies the input: dW1 = x^T dz1, not h^T dz1."
