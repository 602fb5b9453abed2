"""Two-layer tanh network, half squared error summed over outputs and averaged over the batch:
H = tanh(X W1), Y = H W2, L = (1/N) sum_n 1/2 ||Y_n - T_n||^2; X (N, D), W1 (D, H), W2 (H, K), T (N, K).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, T):
    Y = torch.tanh(X @ W1) @ W2
    return 0.5 * ((Y - T) ** 2).sum() / X.shape[0]


def grad(X, W1, W2, T):
    N = X.shape[0]
    H = np.tanh(np.dot(X, W1))
    Y = np.dot(H, W2)
    dY = (Y - T) / N
    dW2 = np.dot(H.T, dY) / N  # <- wrong
    dH = np.dot(dY, W2.T)
    dZ = dH * (1 - H ** 2)
    dW1 = np.dot(X.T, dZ)
    return dW1, dW2


def grad_fixed(X, W1, W2, T):
    N = X.shape[0]
    H = np.tanh(np.dot(X, W1))
    Y = np.dot(H, W2)
    dY = (Y - T) / N
    dW2 = np.dot(H.T, dY)
    dH = np.dot(dY, W2.T)
    dZ = dH * (1 - H ** 2)
    dW1 = np.dot(X.T, dZ)
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "K"), "T": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="x_mlp_02")
CAUSE = "wrong-divisor"
FIX = "dY already carries the 1/N of the batch mean, so dW2 = H^T dY without a second division."
