"""Two-layer ReLU network with a halved squared error, torch:
z = x W1 + b1, h = relu(z), y = h W2, L = (1/2) sum (y - t)^2;
x (N, D), W1 (D, H), b1 (H,), W2 (H, K), t (N, K).
"""

import torch

from verify import derivation


def loss(x, W1, b1, W2, t):
    h = torch.relu(x @ W1 + b1)
    return 0.5 * ((h @ W2 - t) ** 2).sum()


def grad(x, W1, b1, W2, t):
    z = x @ W1 + b1
    h = torch.relu(z)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh * (z < 0)  # <- wrong
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    return dW1, db1, dW2


def grad_fixed(x, W1, b1, W2, t):
    z = x @ W1 + b1
    h = torch.relu(z)
    y = h @ W2
    dy = y - t
    dW2 = h.T @ dy
    dh = dy @ W2.T
    dz = dh * (z > 0)
    dW1 = x.T @ dz
    db1 = dz.sum(0)
    return dW1, db1, dW2


SPEC = dict(wrt=("W1", "b1", "W2"),
            shapes={"x": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "t": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_relu_01")
CAUSE = "mask"
FIX = "The ReLU passes the gradient where it was active, z > 0, and blocks it elsewhere."
