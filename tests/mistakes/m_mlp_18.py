"""Two-layer tanh MLP over a batch of as many examples as outputs, linear output:
E = 1/2 sum_n sum_k (y_nk - t_nk)^2, y = tanh(x W1 + b1) W2 + b2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), t (N, K).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, b2, t):
    """E = 1/2 sum_n sum_k (y_nk - t_nk)^2 with y = tanh(x W1 + b1) W2 + b2."""
    y = torch.tanh(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, b1, W2, b2, t):
    h = torch.tanh(x @ W1 + b1)
    y = h @ W2 + b2
    dy = y - t
    dW2 = h.T @ dy
    db2 = dy.sum(dim=1)  # <- wrong
    dz1 = (dy @ W2.T) * (1 - h ** 2)
    dW1 = x.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, W1, b1, W2, b2, t):
    h = torch.tanh(x @ W1 + b1)
    y = h @ W2 + b2
    dy = y - t
    dW2 = h.T @ dy
    db2 = dy.sum(dim=0)
    dz1 = (dy @ W2.T) * (1 - h ** 2)
    dW1 = x.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"), "b2": ("K",),
            "t": ("N", "K")},
            draws={"W1": ("normal", 0.5)}, sizes={"N": 3, "D": 2, "H": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_mlp_18")
CAUSE = "reduction-axis"
FIX = "b2 is added to every example: sum dy over the batch (dim 0), not over the outputs."
