"""Multi-output linear regression with torch's mean squared error:
Yhat = X W + b, L = F.mse_loss(Yhat, Y) = 1/(N K) sum_{n,k} (Yhat - Y)^2;
X (N, D), W (D, K), b (K,), Y (N, K); N = 4, D = 3, K = 2.
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, Y):
    return F.mse_loss(X @ W + b, Y)


def grad(X, W, b, Y):
    N = X.shape[0]
    Yhat = X @ W + b
    dYhat = 2 * (Yhat - Y) / N  # <- wrong
    dW = X.T @ dYhat
    db = dYhat.sum(0)
    return dW, db


def grad_fixed(X, W, b, Y):
    N = X.shape[0]
    Yhat = X @ W + b
    dYhat = 2 * (Yhat - Y) / (N * Y.shape[1])
    dW = X.T @ dYhat
    db = dYhat.sum(0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "Y": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="v_regression_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss averages over all N K elements, so dYhat = 2 (Yhat - Y) / (N K)."
