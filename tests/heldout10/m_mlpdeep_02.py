"""A three-layer ReLU regression network in matrix form, numpy backward:
a1 = relu(X W1), a2 = relu(a1 W2), out = a2 W3, L = 1/(2N) sum (out - Y)^2;
X (N, D), W1 (D, H), W2 (H, H), W3 (H, K), Y (N, K) with N = 6, D = 3, H = 5, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, Y, W1, W2, W3):
    out = torch.relu(torch.relu(X @ W1) @ W2) @ W3
    return 0.5 * ((out - Y) ** 2).sum() / X.shape[0]


def grad(X, Y, W1, W2, W3):
    X, Y, W1, W2, W3 = map(np.asarray, (X, Y, W1, W2, W3))
    N = X.shape[0]
    z1 = X @ W1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2
    a2 = np.maximum(z2, 0)
    dout = (a2 @ W3 - Y) / N
    dW3 = a2.T @ dout
    da2 = dout @ W3.T
    dz2 = da2 * (z2 > 0)
    dW2 = a2.T @ dz2  # <- wrong
    da1 = dz2 @ W2.T
    dz1 = da1 * (z1 > 0)
    dW1 = X.T @ dz1
    return dW1, dW2, dW3


def grad_fixed(X, Y, W1, W2, W3):
    X, Y, W1, W2, W3 = map(np.asarray, (X, Y, W1, W2, W3))
    N = X.shape[0]
    z1 = X @ W1
    a1 = np.maximum(z1, 0)
    z2 = a1 @ W2
    a2 = np.maximum(z2, 0)
    dout = (a2 @ W3 - Y) / N
    dW3 = a2.T @ dout
    da2 = dout @ W3.T
    dz2 = da2 * (z2 > 0)
    dW2 = a1.T @ dz2
    da1 = dz2 @ W2.T
    dz1 = da1 * (z1 > 0)
    dW1 = X.T @ dz1
    return dW1, dW2, dW3


SPEC = dict(wrt=("W1", "W2", "W3"),
            shapes={"X": ("N", "D"), "Y": ("N", "K"), "W1": ("D", "H"), "W2": ("H", "H"),
                    "W3": ("H", "K")},
            draws={}, sizes={"N": 6, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlpdeep_02")
CAUSE = "wrong-layer"
FIX = "W2 acts on a1, the input of layer 2, so dW2 = a1.T @ dz2."
