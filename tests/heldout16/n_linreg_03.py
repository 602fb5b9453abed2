"""Multi-output linear regression with the plain sum of squared errors, numpy:
Y_hat = X W + b, L = sum_{n,k} (Y_hat - Y)^2   (no 1/2 in front);
X (N, D), W (D, K), b (K,), Y (N, K); N = 8, D = 3, K = 2.
"""

import numpy as np

from verify import derivation


def loss(X, W, b, Y):
    return ((X @ W + b - Y) ** 2).sum()


def grad(X, W, b, Y):
    R = X @ W + b - Y          # residuals, (N, K)
    G = R  # <- wrong
    dW = X.T @ G
    db = np.sum(G, axis=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    R = X @ W + b - Y          # residuals, (N, K)
    G = 2 * R
    dW = X.T @ G
    db = np.sum(G, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "Y": ("N", "K")},
            sizes={"N": 8, "D": 3, "K": 2})
case = derivation(loss, grad, **SPEC, name="n_linreg_03")
CAUSE = "square-factor"
FIX = "The loss has no 1/2, so the derivative of the square keeps its 2: G = 2 * R."
