"""Multi-output linear regression with mse_loss:
P = X W + b, L = mse_loss(P, Y) = (1/(N K)) sum_nk (P_nk - Y_nk)^2;
X (N, D), W (D, K), b (K,), Y (N, K).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, Y):
    return F.mse_loss(X @ W + b, Y)


def grad(X, W, b, Y):
    N = X.shape[0]
    P = X @ W + b
    dP = 2.0 * (P - Y) / N  # <- wrong
    dW = X.T @ dP
    db = np.sum(dP, axis=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    N = X.shape[0]
    P = X @ W + b
    dP = 2.0 * (P - Y) / P.size
    dW = X.T @ dP
    db = np.sum(dP, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "Y": ("N", "K")},
            draws={}, sizes={"N": 5, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="w_regression_01")
CAUSE = "mse-convention"
FIX = "mse_loss averages over all N K entries of P, so dP = 2 (P - Y) / (N K)."
