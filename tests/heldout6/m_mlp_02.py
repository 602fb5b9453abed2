"""A ReLU regression network in torch: out = relu(X W1 + b1) W2 + b2,
L = 1/2 sum (out - T)^2 over the whole batch; X (7, 5), W1 (5, 8), W2 (8, 2), T (7, 2).
"""

import torch

from verify import derivation


def loss(X, T, W1, b1, W2, b2):
    out = torch.relu(X @ W1 + b1) @ W2 + b2
    return 0.5 * ((out - T) ** 2).sum()


def grad(X, T, W1, b1, W2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.clamp(z1, min=0)
    out = h @ W2 + b2
    dout = (out - T) / N  # <- wrong
    dW2 = h.T @ dout
    db2 = dout.sum(dim=0)
    dh = dout @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, T, W1, b1, W2, b2):
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = torch.clamp(z1, min=0)
    out = h @ W2 + b2
    dout = out - T
    dW2 = h.T @ dout
    db2 = dout.sum(dim=0)
    dh = dout @ W2.T
    dz1 = dh * (z1 > 0)
    dW1 = X.T @ dz1
    db1 = dz1.sum(dim=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (7, 5), "T": (7, 2), "W1": (5, 8), "b1": (8,), "W2": (8, 2),
                    "b2": (2,)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "batch-mean"
FIX = "The loss sums over the batch, so dout = out - T with no 1/N."
