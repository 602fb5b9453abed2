"""Two-layer ReLU MLP over a batch, no biases, linear output, mean over the batch:
E = 1/N sum_n 1/2 ||y_n - t_n||^2, y = relu(x W1) W2; x (5, 3), W1 (3, 4), W2 (4, 2), t (5, 2).
"""

import torch

from verify import derivation


def loss(x, W1, W2, t):
    """E = 1/N sum_n 1/2 sum_k (y_nk - t_nk)^2 with y = relu(x W1) W2."""
    y = torch.relu(x @ W1) @ W2
    return 0.5 * ((y - t) ** 2).sum() / x.shape[0]


def grad(x, W1, W2, t):
    N = x.shape[0]
    z1 = x @ W1
    h = torch.relu(z1)
    y = h @ W2
    dy = (y - t) / N
    dW2 = h.T @ dy / N  # <- wrong
    dh = dy @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = x.T @ dz1
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    N = x.shape[0]
    z1 = x @ W1
    h = torch.relu(z1)
    y = h @ W2
    dy = (y - t) / N
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = x.T @ dz1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (5, 3), "W1": (3, 4), "W2": (4, 2), "t": (5, 2)})
case = derivation(loss, grad, **SPEC, name="m_mlp_03")
CAUSE = "batch-mean"
FIX = "dy already carries the 1/N of the batch mean: do not divide dW2 by N again."
