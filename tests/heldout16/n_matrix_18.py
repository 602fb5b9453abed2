"""Two-layer ReLU network in matrix form, a square mini-batch (as many examples as inputs), numpy:
Z1 = X W1, H = relu(Z1), O = H W2, L = 1/(2N) ||O - Y||_F^2;
X (4, 4), W1 (4, 6), W2 (6, 2), Y (4, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, W2, Y):
    O = torch.relu(X @ W1) @ W2
    return ((O - Y) ** 2).sum() / (2 * X.shape[0])


def grad(X, W1, W2, Y):
    N = X.shape[0]
    Z1 = X @ W1
    H = np.maximum(Z1, 0)
    O = H @ W2
    dO = (O - Y) / N
    dW2 = H.T @ dO
    dH = dO @ W2.T
    dZ1 = dH * (Z1 > 0)
    dW1 = X @ dZ1  # <- wrong
    return dW1, dW2


def grad_fixed(X, W1, W2, Y):
    N = X.shape[0]
    Z1 = X @ W1
    H = np.maximum(Z1, 0)
    O = H @ W2
    dO = (O - Y) / N
    dW2 = H.T @ dO
    dH = dO @ W2.T
    dZ1 = dH * (Z1 > 0)
    dW1 = X.T @ dZ1
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"X": (4, 4), "W1": (4, 6), "W2": (6, 2), "Y": (4, 2)})
case = derivation(loss, grad, **SPEC, name="n_matrix_18")
CAUSE = "transpose"
FIX = "The weight gradient contracts over the batch, so dW1 = X.T @ dZ1 (the shapes only agree by accident when N = D)."
