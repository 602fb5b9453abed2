"""A three-layer tanh MLP for scalar regression, numpy:
h1 = tanh(X W1), h2 = tanh(h1 W2), out = h2 w3, L = 1/(2N) sum_n (out_n - y_n)^2;
X (N, D), W1 (D, H), W2 (H, H), w3 (H,), y (N,), N = 6, D = 3, H = 5.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, y, W1, W2, w3):
    h2 = torch.tanh(torch.tanh(X @ W1) @ W2)
    return 0.5 * ((h2 @ w3 - y) ** 2).mean()


def grad(X, y, W1, W2, w3):
    X, y = np.asarray(X), np.asarray(y)
    W1, W2, w3 = np.asarray(W1), np.asarray(W2), np.asarray(w3)
    N = X.shape[0]
    h1 = np.tanh(X @ W1)
    h2 = np.tanh(h1 @ W2)
    out = h2 @ w3
    d_out = (out - y) / N
    dw3 = h2.T @ d_out
    dh2 = np.outer(d_out, w3)
    dz2 = dh2 * (1 - h2 ** 2)
    dW2 = h1.T @ dz2
    dh1 = dz2 @ W2.T
    dz1 = dh1 * (1 - h2 ** 2)  # <- wrong
    dW1 = X.T @ dz1
    return dW1, dW2, dw3


def grad_fixed(X, y, W1, W2, w3):
    X, y = np.asarray(X), np.asarray(y)
    W1, W2, w3 = np.asarray(W1), np.asarray(W2), np.asarray(w3)
    N = X.shape[0]
    h1 = np.tanh(X @ W1)
    h2 = np.tanh(h1 @ W2)
    out = h2 @ w3
    d_out = (out - y) / N
    dw3 = h2.T @ d_out
    dh2 = np.outer(d_out, w3)
    dz2 = dh2 * (1 - h2 ** 2)
    dW2 = h1.T @ dz2
    dh1 = dz2 @ W2.T
    dz1 = dh1 * (1 - h1 ** 2)
    dW1 = X.T @ dz1
    return dW1, dW2, dw3


SPEC = dict(wrt=("W1", "W2", "w3"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "W2": ("H", "H"),
                    "w3": ("H",)},
            draws={}, sizes={"N": 6, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_mlp_02")
CAUSE = "wrong-layer"
FIX = "The first hidden layer's tanh' is 1 - h1^2, not the second layer's 1 - h2^2."
