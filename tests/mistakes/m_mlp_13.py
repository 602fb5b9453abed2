"""Two-layer tanh MLP over a batch, linear output, mean over the batch:
E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2, z1 = x W1 + b1, h = tanh(z1), y = h W2 + b2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 with y = tanh(x W1 + b1) W2 + b2."""
    y = torch.tanh(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = torch.tanh(z1)
    y = h @ W2 + b2
    dy = (y - t) / N
    dW2 = h.T @ dy
    db2 = dy.sum(0)
    dh = dy @ W2.T
    dz1 = dh * (1 - z1 ** 2)  # <- wrong
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    N = x.shape[0]
    z1 = x @ W1 + b1
    h = torch.tanh(z1)
    y = h @ W2 + b2
    dy = (y - t) / N
    dW2 = h.T @ dy
    db2 = dy.sum(0)
    dh = dy @ W2.T
    dz1 = dh * (1 - h ** 2)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "b2": ("K",),
            "t": ("N", "K")},
            draws={"W1": ("normal", 0.5)}, sizes={"N": 3, "D": 4, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_13")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z1) = 1 - h^2 with the output h = tanh(z1), not 1 - z1^2."
