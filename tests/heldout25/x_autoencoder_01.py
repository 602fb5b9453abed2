"""Linear autoencoder with tied weights, summed squared reconstruction error:
H = X W, R = H W^T, L = sum (R - X)^2; X (N, D), W (D, K).
"""

import numpy as np

from verify import derivation


def loss(X, W):
    R = X @ W @ W.T
    return ((R - X) ** 2).sum()


def grad(X, W):
    H = np.dot(X, W)
    R = np.dot(H, W.T)
    dR = R - X  # <- wrong
    dW = np.dot(dR.T, H)
    dH = np.dot(dR, W)
    dW = dW + np.dot(X.T, dH)
    return dW


def grad_fixed(X, W):
    H = np.dot(X, W)
    R = np.dot(H, W.T)
    dR = 2 * (R - X)
    dW = np.dot(dR.T, H)
    dH = np.dot(dR, W)
    dW = dW + np.dot(X.T, dH)
    return dW


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "K")}, draws={}, sizes={"N": 2, "D": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="x_autoencoder_01")
CAUSE = "square-factor"
FIX = "The derivative of (R - X)^2 is 2 (R - X), so dR needs the factor 2."
