"""Two-layer ReLU MLP over a batch, linear output without bias:
E = 1/2 sum_n sum_k (y_nk - t_nk)^2, z1 = x W1 + b1, y = relu(z1) W2;
x (4, 3), W1 (3, 5), b1 (5,), W2 (5, 2), t (4, 2).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, t):
    """E = 1/2 sum_n sum_k (y_nk - t_nk)^2 with y = relu(x W1 + b1) W2."""
    y = torch.relu(x @ W1 + b1) @ W2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W1, b1, W2, t):
    z1 = x @ W1 + b1
    h = torch.relu(z1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz1 = dh * (z1 < 0)  # <- wrong
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2


def grad_fixed(x, W1, b1, W2, t):
    z1 = x @ W1 + b1
    h = torch.relu(z1)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = x.T @ dz1
    db1 = dz1.sum(0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"x": (4, 3), "W1": (3, 5), "b1": (5,), "W2": (5, 2), "t": (4, 2)})
case = derivation(loss, grad, **SPEC, name="m_mlp_21")
CAUSE = "mask"
FIX = "relu passes the gradient where z1 > 0: the mask (z1 < 0) is inverted."
