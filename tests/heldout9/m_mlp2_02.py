"""A two-layer regression network with a sigmoid hidden layer, numpy backward:
h = sigmoid(X W1 + b1), out = h w2 + b2, L = F.mse_loss(out, y);
X (N, D), W1 (D, H), w2 (H,), b2 (1,), y (N,) with N = 9, D = 4, H = 5.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, w2, b2):
    out = torch.sigmoid(X @ W1 + b1) @ w2 + b2
    return F.mse_loss(out, y)


def grad(X, y, W1, b1, w2, b2):
    X, y, W1, b1, w2, b2 = (np.asarray(t) for t in (X, y, W1, b1, w2, b2))
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = 0.5 * (1 + np.tanh(z1 / 2))
    out = h @ w2 + b2
    dout = out - y  # <- wrong
    dw2 = h.T @ dout
    db2 = np.array([dout.sum()])
    dh = np.outer(dout, w2)
    dz1 = dh * h * (1 - h)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dw2, db2


def grad_fixed(X, y, W1, b1, w2, b2):
    X, y, W1, b1, w2, b2 = (np.asarray(t) for t in (X, y, W1, b1, w2, b2))
    N = X.shape[0]
    z1 = X @ W1 + b1
    h = 0.5 * (1 + np.tanh(z1 / 2))
    out = h @ w2 + b2
    dout = 2 * (out - y) / N
    dw2 = h.T @ dout
    db2 = np.array([dout.sum()])
    dh = np.outer(dout, w2)
    dz1 = dh * h * (1 - h)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dw2, db2


SPEC = dict(wrt=("W1", "b1", "w2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "w2": ("H",), "b2": (1,)},
            draws={}, sizes={"N": 9, "D": 4, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_mlp2_02")
CAUSE = "mse-convention"
FIX = "The loss is F.mse_loss, a mean without 1/2, so dout = 2 * (out - y) / N."
