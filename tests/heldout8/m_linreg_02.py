"""Multi-output linear regression trained with F.mse_loss, torch:
Y_hat = X W + b, L = mse_loss(Y_hat, Y) = mean over all N*K entries of (Y_hat - Y)^2;
X (6, 4), W (4, 3), b (3,), Y (6, 3).
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, Y, W, b):
    return F.mse_loss(X @ W + b, Y)


def grad(X, Y, W, b):
    N = X.shape[0]
    residual = X @ W + b - Y
    g = residual / N  # <- wrong
    dW = X.T @ g
    db = g.sum(0)
    return dW, db


def grad_fixed(X, Y, W, b):
    N = X.shape[0]
    residual = X @ W + b - Y
    g = 2 * residual / (N * Y.shape[1])
    dW = X.T @ g
    db = g.sum(0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": (6, 4), "Y": (6, 3), "W": (4, 3), "b": (3,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_linreg_02")
CAUSE = "mse-convention"
FIX = "mse_loss averages the squares over all N*K entries with no 1/2, so g = 2 * residual / (N * K)."
