"""Multi-target linear regression, numpy: Y = X W + b, L = F.mse_loss(Y, T);
X (N, D), W (D, K), b (K,), T (N, K) with N = 9, D = 4, K = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, T):
    return F.mse_loss(X @ W + b, T)


def grad(X, W, b, T):
    N = X.shape[0]
    Y = np.dot(X, W) + b
    dY = (Y - T) / N  # <- wrong
    dW = np.dot(X.T, dY)
    db = np.sum(dY, axis=0)
    return dW, db


def grad_fixed(X, W, b, T):
    N = X.shape[0]
    Y = np.dot(X, W) + b
    dY = 2 * (Y - T) / Y.size
    dW = np.dot(X.T, dY)
    db = np.sum(dY, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "T": ("N", "K")},
            draws={}, sizes={"N": 9, "D": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_linreg_02")
CAUSE = "mse-convention"
FIX = "mse_loss averages over all N K elements and keeps the 2: dY = 2 (Y - T) / (N K)."
