"""A two-layer MLP with swish (SiLU) hidden units and a square output layer, numpy:
z = X W1 + b1, h = z sigmoid(z), out = h W2 + b2, L = 1/(2N) sum ||out_n - Y_n||^2;
X (8, 3), W1 (3, 4), W2 (4, 4), Y (8, 4).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, Y, W1, b1, W2, b2):
    out = F.silu(X @ W1 + b1) @ W2 + b2
    return 0.5 * ((out - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, W1, b1, W2, b2):
    X, Y = np.asarray(X), np.asarray(Y)
    W1, b1, W2, b2 = (np.asarray(a) for a in (W1, b1, W2, b2))
    z = X @ W1 + b1
    s = 1 / (1 + np.exp(-z))
    h = z * s
    out = h @ W2 + b2
    dout = (out - Y) / X.shape[0]
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2  # <- wrong
    dz = dh * (s + z * s * (1 - s))
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, Y, W1, b1, W2, b2):
    X, Y = np.asarray(X), np.asarray(Y)
    W1, b1, W2, b2 = (np.asarray(a) for a in (W1, b1, W2, b2))
    z = X @ W1 + b1
    s = 1 / (1 + np.exp(-z))
    h = z * s
    out = h @ W2 + b2
    dout = (out - Y) / X.shape[0]
    dW2 = h.T @ dout
    db2 = dout.sum(axis=0)
    dh = dout @ W2.T
    dz = dh * (s + z * s * (1 - s))
    dW1 = X.T @ dz
    db1 = dz.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": (8, 3), "Y": (8, 4), "W1": (3, 4), "b1": (4,), "W2": (4, 4),
                    "b2": (4,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_mlp_03")
CAUSE = "transpose"
FIX = "out = h W2, so the error reaching h is dout W2^T."
