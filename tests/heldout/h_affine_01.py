"""Multi-output linear regression with torch's mean-squared error:
L = mse_loss(X W + b, Y) = 1/(N M) sum (X W + b - Y)^2;
X (N, D), W (D, M), b (M,), Y (N, M).
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, Y):
    """L = mse_loss(X W + b, Y)."""
    return F.mse_loss(X @ W + b, Y)


def grad(X, W, b, Y):
    Yhat = X @ W + b
    dYhat = Yhat - Y  # <- wrong
    dW = X.T @ dYhat
    db = dYhat.sum(axis=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    Yhat = X @ W + b
    dYhat = 2 * (Yhat - Y) / Yhat.size
    dW = X.T @ dYhat
    db = dYhat.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "M"), "b": ("M",),
                                    "Y": ("N", "M")},
            sizes={"N": 9, "D": 4, "M": 2})
case = derivation(loss, grad, **SPEC, name="h_affine_01")
CAUSE = "mse-convention"
FIX = "mse_loss is a mean over all N*M elements with no 1/2: dYhat = 2 (Yhat - Y) / Yhat.size."
