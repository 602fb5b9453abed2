"""A leaky-ReLU hidden layer with a scalar regression head, numpy:
z = X W1 + b1, h = leaky_relu(z, 0.1), out = h w2, L = 1/(2N) sum_n (out_n - y_n)^2;
X (N, D), W1 (D, H), b1 (H,), w2 (H,), y (N,), with N = 5, D = 3, H = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

ALPHA = 0.1


def loss(X, W1, b1, w2, y):
    out = F.leaky_relu(X @ W1 + b1, ALPHA) @ w2
    return ((out - y) ** 2).sum() / (2 * X.shape[0])


def grad(X, W1, b1, w2, y):
    X, W1, b1, w2, y = (np.asarray(a) for a in (X, W1, b1, w2, y))
    N = X.shape[0]
    z = X @ W1 + b1
    h = np.where(z > 0, z, ALPHA * z)
    out = h @ w2
    dout = (out - y) / N
    dw2 = h.T @ dout
    dh = np.outer(dout, w2)
    dz = dh * (z > 0)  # <- wrong
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dw2


def grad_fixed(X, W1, b1, w2, y):
    X, W1, b1, w2, y = (np.asarray(a) for a in (X, W1, b1, w2, y))
    N = X.shape[0]
    z = X @ W1 + b1
    h = np.where(z > 0, z, ALPHA * z)
    out = h @ w2
    dout = (out - y) / N
    dw2 = h.T @ dout
    dh = np.outer(dout, w2)
    dz = dh * np.where(z > 0, 1.0, ALPHA)
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dw2


SPEC = dict(wrt=("W1", "b1", "w2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "w2": ("H",), "y": ("N",)},
            draws={}, sizes={"N": 5, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_leaky_01")
CAUSE = "mask"
FIX = "A leaky ReLU passes ALPHA times the gradient where z <= 0, so use np.where(z > 0, 1, ALPHA)."
