"""Multi-output linear regression with torch's mean squared error, torch:
P = X W, L = F.mse_loss(P, Y) = 1/(N K) sum (P - Y)^2; X (N, D), W (D, K), Y (N, K)
with N = 5, D = 3, K = 2.
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, W, Y):
    return F.mse_loss(X @ W, Y)


def grad(X, W, Y):
    P = X @ W
    err = P - Y
    dP = err  # <- wrong
    dW = X.T @ dP
    return dW


def grad_fixed(X, W, Y):
    P = X @ W
    err = P - Y
    dP = 2 * err / err.numel()
    dW = X.T @ dP
    return dW


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "K"), "Y": ("N", "K")},
            draws={}, sizes={"N": 5, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "mse-convention"
FIX = "F.mse_loss is a mean over all N K elements without a 1/2, so dP = 2 err / (N K)."
