"""A binary classifier with one tanh hidden layer, numpy backward:
h = tanh(X W1 + b1), z = h w2 + b2, L = mean BCE with logits against targets y in (0.1, 0.9);
X (N, D), W1 (D, H), w2 (H,), b2 (1,), y (N,) with N = 7, D = 3, H = 6.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W1, b1, w2, b2):
    z = torch.tanh(X @ W1 + b1) @ w2 + b2
    return F.binary_cross_entropy_with_logits(z, y)


def grad(X, y, W1, b1, w2, b2):
    X, y, W1, b1, w2, b2 = (np.asarray(t) for t in (X, y, W1, b1, w2, b2))
    N = X.shape[0]
    h = np.tanh(X @ W1 + b1)
    z = h @ w2 + b2
    p = 0.5 * (1 + np.tanh(z / 2))
    dz = (p - y) / N
    dw2 = h.T @ dz
    db2 = np.array([dz.sum()])
    dh = np.outer(dz, w2)
    da1 = dh  # <- wrong
    dW1 = X.T @ da1
    db1 = da1.sum(axis=0)
    return dW1, db1, dw2, db2


def grad_fixed(X, y, W1, b1, w2, b2):
    X, y, W1, b1, w2, b2 = (np.asarray(t) for t in (X, y, W1, b1, w2, b2))
    N = X.shape[0]
    h = np.tanh(X @ W1 + b1)
    z = h @ w2 + b2
    p = 0.5 * (1 + np.tanh(z / 2))
    dz = (p - y) / N
    dw2 = h.T @ dz
    db2 = np.array([dz.sum()])
    dh = np.outer(dz, w2)
    da1 = dh * (1 - h ** 2)
    dW1 = X.T @ da1
    db1 = da1.sum(axis=0)
    return dW1, db1, dw2, db2


SPEC = dict(wrt=("W1", "b1", "w2", "b2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",),
                    "w2": ("H",), "b2": (1,)},
            draws={"y": "uniform"}, sizes={"N": 7, "D": 3, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_mlp2_03")
CAUSE = "activation-derivative-missing"
FIX = "h = tanh(a1), so the gradient must pass through tanh': da1 = dh * (1 - h^2)."
