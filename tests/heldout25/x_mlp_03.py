"""Two-layer network, sigmoid hidden layer and linear output, mean squared error over every entry:
H = sigma(X W1), Y = H W2, L = mean((Y - T)^2); X (4, 3), W1 (3, 5), W2 (5, 2), T (4, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, T):
    Y = torch.sigmoid(X @ W1) @ W2
    return ((Y - T) ** 2).mean()


def grad(X, W1, W2, T):
    H = 1.0 / (1.0 + np.exp(-np.dot(X, W1)))
    Y = np.dot(H, W2)
    dY = 2 * (Y - T) / X.shape[0]  # <- wrong
    dW2 = np.dot(H.T, dY)
    dH = np.dot(dY, W2.T)
    dW1 = np.dot(X.T, dH * H * (1 - H))
    return dW1, dW2


def grad_fixed(X, W1, W2, T):
    H = 1.0 / (1.0 + np.exp(-np.dot(X, W1)))
    Y = np.dot(H, W2)
    dY = 2 * (Y - T) / Y.size
    dW2 = np.dot(H.T, dY)
    dH = np.dot(dY, W2.T)
    dW1 = np.dot(X.T, dH * H * (1 - H))
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"X": (4, 3), "W1": (3, 5), "W2": (5, 2), "T": (4, 2)}, draws={},
            sizes={})
case = derivation(loss, grad, **SPEC, name="x_mlp_03")
CAUSE = "mse-convention"
FIX = "The mean runs over all N K entries of Y - T, so dY = 2 (Y - T) / Y.size."
