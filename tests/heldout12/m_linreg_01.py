"""Multi-output linear regression with torch's mean squared error, torch:
P = X W + b, L = F.mse_loss(P, Y) = 1/(N K) sum_{n,k} (P_nk - Y_nk)^2;
X (N, D), W (D, K), b (K,), Y (N, K), with N = 4, D = 3, K = 2.
"""

import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, Y):
    return F.mse_loss(X @ W + b, Y)


def grad(X, W, b, Y):
    N = X.shape[0]
    P = X @ W + b
    dP = 2 * (P - Y) / N  # <- wrong
    dW = X.T @ dP
    db = dP.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    N = X.shape[0]
    P = X @ W + b
    dP = 2 * (P - Y) / P.numel()
    dW = X.T @ dP
    db = dP.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "Y": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_linreg_01")
CAUSE = "mse-convention"
FIX = "mse_loss averages over all N*K elements, so dP = 2 (P - Y) / (N K)."
