"""A ReLU hidden layer with inverted dropout (the keep mask is an input), scalar output, numpy:
h = relu(X W1 + b1), hd = h * m / (1 - p), out = hd w2, L = mean_n (out_n - y_n)^2, p = 0.5;
X (N, D), W1 (D, H), w2 (H,), m (N, H) in {0, 1}, y (N,), N = 6, D = 3, H = 8.
"""

import numpy as np
import torch

from verify import derivation

P = 0.5


def loss(X, y, m, W1, b1, w2):
    hd = torch.relu(X @ W1 + b1) * m.to(X.dtype) / (1 - P)
    return ((hd @ w2 - y) ** 2).mean()


def grad(X, y, m, W1, b1, w2):
    X, y = np.asarray(X), np.asarray(y)
    mask = np.asarray(m).astype(X.dtype)
    W1, b1, w2 = np.asarray(W1), np.asarray(b1), np.asarray(w2)
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    hd = h * mask / (1 - P)
    err = hd @ w2 - y
    g_out = 2 * err / len(y)
    dw2 = hd.T @ g_out
    g_hd = np.outer(g_out, w2)
    g_h = g_hd / (1 - P)  # <- wrong
    g_z = g_h * (z > 0)
    dW1 = X.T @ g_z
    db1 = g_z.sum(axis=0)
    return dW1, db1, dw2


def grad_fixed(X, y, m, W1, b1, w2):
    X, y = np.asarray(X), np.asarray(y)
    mask = np.asarray(m).astype(X.dtype)
    W1, b1, w2 = np.asarray(W1), np.asarray(b1), np.asarray(w2)
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    hd = h * mask / (1 - P)
    err = hd @ w2 - y
    g_out = 2 * err / len(y)
    dw2 = hd.T @ g_out
    g_hd = np.outer(g_out, w2)
    g_h = g_hd * mask / (1 - P)
    g_z = g_h * (z > 0)
    dW1 = X.T @ g_z
    db1 = g_z.sum(axis=0)
    return dW1, db1, dw2


SPEC = dict(wrt=("W1", "b1", "w2"),
            shapes={"X": ("N", "D"), "y": ("N",), "m": ("N", "H"), "W1": ("D", "H"),
                    "b1": ("H",), "w2": ("H",)},
            draws={"m": ("labels", 2)}, sizes={"N": 6, "D": 3, "H": 8})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mask"
FIX = "Dropped units get no gradient: g_h = g_hd * mask / (1 - p)."
