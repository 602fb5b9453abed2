"""Multi-output linear regression trained with F.mse_loss:
Y_hat = X W + b, L = mse_loss(Y_hat, Y); X (N, D), W (D, K), b (K,), Y (N, K).
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, Y):
    return F.mse_loss(X @ W + b, Y)


def grad(X, W, b, Y):
    N = X.shape[0]
    Y_hat = X @ W + b
    dY = 2 * (Y_hat - Y) / N  # <- wrong
    dW = X.T @ dY
    db = dY.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    N = X.shape[0]
    Y_hat = X @ W + b
    dY = 2 * (Y_hat - Y) / Y.numel()
    dW = X.T @ dY
    db = dY.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "Y": ("N", "K")},
            draws={}, sizes={"N": 5, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="x_linreg_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss averages over all N K elements, so dY = 2 (Y_hat - Y) / (N K)."
