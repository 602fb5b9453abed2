"""Two-layer tanh MLP over a batch, no biases, linear output, square weights:
E = 1/2 sum_n sum_k (y_nk - t_nk)^2, y = tanh(x W1) W2; x (4, 3), W1 (3, 3), W2 (3, 3), t (4, 3).
"""

import torch

from verify import derivation


def loss(x, W1, W2, t):
    """E = 1/2 sum_n sum_k (y_nk - t_nk)^2 with y = tanh(x W1) W2."""
    y = torch.tanh(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    h = torch.tanh(x @ W1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2  # <- wrong
    dz1 = dh * (1 - h ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    h = torch.tanh(x @ W1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz1 = dh * (1 - h ** 2)
    dW1 = x.T @ dz1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (4, 3), "W1": (3, 3), "W2": (3, 3), "t": (4, 3)},
            draws={"W1": ("normal", 0.5), "W2": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="m_mlp_09")
CAUSE = "transpose"
FIX = "y = h W2 sends dy back as dy W2^T: use W2.T instead of W2."
