"""Multi-output linear regression with F.mse_loss, numpy backward:
P = X W + b, L = mean over all N*K entries of (P - Y)^2;
X (N, D), W (D, K), b (K,), Y (N, K) with N = 10, D = 4, K = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, Y, W, b):
    return F.mse_loss(X @ W + b, Y)


def grad(X, Y, W, b):
    X, Y, W, b = map(np.asarray, (X, Y, W, b))
    N, K = Y.shape
    P = X @ W + b
    dP = 2 * (P - Y) / N  # <- wrong
    dW = X.T @ dP
    db = dP.sum(axis=0)
    return dW, db


def grad_fixed(X, Y, W, b):
    X, Y, W, b = map(np.asarray, (X, Y, W, b))
    N, K = Y.shape
    P = X @ W + b
    dP = 2 * (P - Y) / (N * K)
    dW = X.T @ dP
    db = dP.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "Y": ("N", "K"), "W": ("D", "K"), "b": ("K",)},
            draws={}, sizes={"N": 10, "D": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_linreg_02")
CAUSE = "wrong-divisor"
FIX = "mse_loss averages over every one of the N*K entries, so dP = 2 (P - Y) / (N K)."
