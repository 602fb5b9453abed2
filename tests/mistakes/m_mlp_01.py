"""Two-layer MLP over a batch, sigmoid hidden layer, linear output, sum of squares with no 1/2:
E = 1/N sum_n sum_k (y_nk - t_nk)^2, h = sigma(x W1 + b1), y = h W2 + b2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K). N = 2, so a lost 2 looks like a 1/N.
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/N sum_n sum_k (y_nk - t_nk)^2 with y = sigma(x W1 + b1) W2 + b2."""
    h = torch.sigmoid(x @ W1 + b1)
    y = h @ W2 + b2
    return ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = torch.sigmoid(z1)
    y = h @ W2 + b2
    dy = (y - t) / N  # <- wrong
    dW2 = h.T @ dy
    db2 = dy.sum(0)
    dh = dy @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = torch.sigmoid(z1)
    y = h @ W2 + b2
    dy = 2 * (y - t) / N
    dW2 = h.T @ dy
    db2 = dy.sum(0)
    dh = dy @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "b2": ("K",),
            "t": ("N", "K")},
            draws={"W1": ("normal", 0.5), "W2": ("normal", 0.5)},
            sizes={"N": 2, "D": 3, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "square-factor"
FIX = "The loss has no 1/2: dE/dy = 2 (y - t) / N."
