"""Multi-output ridge regression, numpy:
R = X W - Y, L = 1/(2N) sum_{n,k} R_nk^2 + lam/2 ||W||_F^2, lam = 0.3;
X (N, D), W (D, K), Y (N, K) with N = 6, D = 3, K = 2.
"""

import numpy as np

from verify import derivation

LAM = 0.3


def loss(X, W, Y):
    R = X @ W - Y
    return 0.5 * (R ** 2).sum() / X.shape[0] + 0.5 * LAM * (W ** 2).sum()


def grad(X, W, Y):
    N = X.shape[0]
    pred = np.matmul(X, W)
    R = pred - Y
    dW = np.matmul(X.T, R) / N  # <- wrong
    return dW


def grad_fixed(X, W, Y):
    N = X.shape[0]
    pred = np.matmul(X, W)
    R = pred - Y
    dW = np.matmul(X.T, R) / N + LAM * W
    return dW


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "K"), "Y": ("N", "K")},
            draws={}, sizes={"N": 6, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_ridge_01")
CAUSE = "missing-term"
FIX = "Add the weight penalty's gradient lam W to the data term."
