"""A one-hidden-layer autoencoder with a linear decoder, numpy:
H = sigma(X W1), Xhat = H W2, L = 1/2 sum_{n,d} (Xhat_nd - X_nd)^2;
X (4, 3), W1 (3, 2), W2 (2, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2):
    Xhat = torch.sigmoid(X @ W1) @ W2
    return 0.5 * ((Xhat - X) ** 2).sum()


def grad(X, W1, W2):
    X, W1, W2 = np.asarray(X), np.asarray(W1), np.asarray(W2)
    H = 0.5 * (1.0 + np.tanh(0.5 * (X @ W1)))
    Xhat = H @ W2
    dXhat = 2 * (Xhat - X) / X.size  # <- wrong
    dW2 = H.T @ dXhat
    dH = dXhat @ W2.T
    dW1 = X.T @ (dH * H * (1 - H))
    return dW1, dW2


def grad_fixed(X, W1, W2):
    X, W1, W2 = np.asarray(X), np.asarray(W1), np.asarray(W2)
    H = 0.5 * (1.0 + np.tanh(0.5 * (X @ W1)))
    Xhat = H @ W2
    dXhat = Xhat - X
    dW2 = H.T @ dXhat
    dH = dXhat @ W2.T
    dW1 = X.T @ (dH * H * (1 - H))
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"X": (4, 3), "W1": (3, 2), "W2": (2, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_autoenc_01")
CAUSE = "mse-convention"
FIX = "The loss is 1/2 of a plain sum of squares, so dXhat = Xhat - X with no 2/(N D)."
