"""A SELU hidden layer with a scalar output and F.mse_loss, numpy:
h = selu(X W1 + b1) = lambda (z if z > 0 else alpha (e^z - 1)), out = h w2, L = mse_loss(out, y);
X (N, D), W1 (D, H), b1 (H,), w2 (H,), y (N,), N = 7, D = 3, H = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

ALPHA = 1.6732632423543772
LAMBDA = 1.0507009873554805


def loss(X, y, W1, b1, w2):
    return F.mse_loss(F.selu(X @ W1 + b1) @ w2, y)


def grad(X, y, W1, b1, w2):
    X, y, W1, b1, w2 = (np.asarray(a) for a in (X, y, W1, b1, w2))
    z = X @ W1 + b1
    ez = np.exp(np.minimum(z, 0))
    h = LAMBDA * np.where(z > 0, z, ALPHA * (ez - 1))
    g_out = 2 * (h @ w2 - y) / len(y)
    dw2 = h.T @ g_out
    g_h = np.outer(g_out, w2)
    slope = np.where(z > 0, LAMBDA, ALPHA * ez)  # <- wrong
    g_z = g_h * slope
    return X.T @ g_z, g_z.sum(axis=0), dw2


def grad_fixed(X, y, W1, b1, w2):
    X, y, W1, b1, w2 = (np.asarray(a) for a in (X, y, W1, b1, w2))
    z = X @ W1 + b1
    ez = np.exp(np.minimum(z, 0))
    h = LAMBDA * np.where(z > 0, z, ALPHA * (ez - 1))
    g_out = 2 * (h @ w2 - y) / len(y)
    dw2 = h.T @ g_out
    g_h = np.outer(g_out, w2)
    slope = np.where(z > 0, LAMBDA, LAMBDA * ALPHA * ez)
    g_z = g_h * slope
    return X.T @ g_z, g_z.sum(axis=0), dw2


SPEC = dict(wrt=("W1", "b1", "w2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",), "w2": ("H",)},
            draws={}, sizes={"N": 7, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_selu_01")
CAUSE = "wrong-coefficient"
FIX = "SELU's scale lambda multiplies both branches, so the negative slope is lambda * alpha * e^z."
