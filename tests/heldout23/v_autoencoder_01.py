"""A one-hidden-layer autoencoder with the mean squared reconstruction error:
h = tanh(X W1), Xhat = h W2, L = mean((Xhat - X)^2) over all N D entries;
X (N, D), W1 (D, H), W2 (H, D); N = 3, D = 4, H = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2):
    Xhat = torch.tanh(X @ W1) @ W2
    return ((Xhat - X) ** 2).mean()


def grad(X, W1, W2):
    N, D = X.shape
    h = np.tanh(X @ W1)
    Xhat = h @ W2
    dXhat = 2 * (Xhat - X) / N  # <- wrong
    dW2 = h.T @ dXhat
    dh = dXhat @ W2.T
    dW1 = X.T @ (dh * (1 - h ** 2))
    return dW1, dW2


def grad_fixed(X, W1, W2):
    N, D = X.shape
    h = np.tanh(X @ W1)
    Xhat = h @ W2
    dXhat = 2 * (Xhat - X) / (N * D)
    dW2 = h.T @ dXhat
    dh = dXhat @ W2.T
    dW1 = X.T @ (dh * (1 - h ** 2))
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"X": ("N", "D"), "W1": ("D", "H"), "W2": ("H", "D")},
            draws={}, sizes={"N": 3, "D": 4, "H": 2})
case = derivation(loss, grad, **SPEC, name="v_autoencoder_01")
CAUSE = "mse-convention"
FIX = "The mean runs over all N D entries of the reconstruction, so dXhat = 2 (Xhat - X) / (N D)."
