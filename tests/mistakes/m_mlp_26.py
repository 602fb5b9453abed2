"""Two-layer sigmoid MLP over a batch, no biases, linear output, square weights:
E = 1/2 sum_n sum_k (y_nk - t_nk)^2, y = sigma(x W1) W2; x (4, 3), W1 (3, 3), W2 (3, 3), t (4, 3).
"""

import torch

from verify import derivation


def loss(x, W1, W2, t):
    """E = 1/2 sum_n sum_k (y_nk - t_nk)^2 with y = sigma(x W1) W2."""
    y = torch.sigmoid(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, W2, t):
    h = torch.sigmoid(x @ W1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dz1 = (dy @ W2.T) * h * (1 - h)
    dW1 = x.T @ dz1
    return dW2, dW1  # <- wrong


def grad_fixed(x, W1, W2, t):
    h = torch.sigmoid(x @ W1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dz1 = (dy @ W2.T) * h * (1 - h)
    dW1 = x.T @ dz1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (4, 3), "W1": (3, 3), "W2": (3, 3), "t": (4, 3)})
case = derivation(loss, grad, **SPEC, name="m_mlp_26")
CAUSE = "return-order"
FIX = "wrt is (W1, W2): return dW1 first, then dW2."
