"""A residual block with a ReLU branch and a squared-error loss, torch:
h = relu(x W1 + b1), y = x + h W2 + b2, L = 1/2 sum_{n,d} (y_nd - t_nd)^2;
x (N, D), W1 (D, D), b1 (D,), W2 (D, D), b2 (D,), t (N, D) with N = 4, D = 3.
"""

import torch

from verify import derivation


def loss(x, t, W1, b1, W2, b2):
    y = x + torch.relu(x @ W1 + b1) @ W2 + b2
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, t, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = torch.relu(z)
    y = x + h @ W2 + b2
    dy = y - t
    dW2 = x.T @ dy  # <- wrong
    db2 = dy.sum(dim=0)
    dz = (dy @ W2.T) * (z > 0)
    dW1 = x.T @ dz
    db1 = dz.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(x, t, W1, b1, W2, b2):
    z = x @ W1 + b1
    h = torch.relu(z)
    y = x + h @ W2 + b2
    dy = y - t
    dW2 = h.T @ dy
    db2 = dy.sum(dim=0)
    dz = (dy @ W2.T) * (z > 0)
    dW1 = x.T @ dz
    db1 = dz.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"x": ("N", "D"), "t": ("N", "D"), "W1": ("D", "D"), "b1": ("D",),
                    "W2": ("D", "D"), "b2": ("D",)},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_resnet_01")
CAUSE = "wrong-layer"
FIX = "W2 multiplies the branch's hidden activation h, so dW2 = h^T dy, not the block input x^T dy."
