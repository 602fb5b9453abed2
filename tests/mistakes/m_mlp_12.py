"""Two-layer MLP over a batch: tanh hidden layer, sigmoid output, mean over the batch:
E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2, y = sigma(tanh(x W1 + b1) W2 + b2);
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 with y = sigma(tanh(x W1 + b1) W2 + b2)."""
    y = torch.sigmoid(torch.tanh(x @ W1 + b1) @ W2 + b2)
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = torch.tanh(x @ W1 + b1)
    y = torch.sigmoid(h @ W2 + b2)
    dy = (y - t) / N
    dz2 = dy  # <- wrong
    dW2 = h.T @ dz2
    db2 = dz2.sum(0)
    dz1 = (dz2 @ W2.T) * (1 - h ** 2)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    h = torch.tanh(x @ W1 + b1)
    y = torch.sigmoid(h @ W2 + b2)
    dy = (y - t) / N
    dz2 = dy * y * (1 - y)
    dW2 = h.T @ dz2
    db2 = dz2.sum(0)
    dz1 = (dz2 @ W2.T) * (1 - h ** 2)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "b2": ("K",),
            "t": ("N", "K")},
            draws={"W1": ("normal", 0.5), "t": "uniform"}, sizes={"N": 3, "D": 4, "H": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_12")
CAUSE = "activation-derivative-missing"
FIX = "The output is a sigmoid: dz2 = dy * y (1 - y)."
