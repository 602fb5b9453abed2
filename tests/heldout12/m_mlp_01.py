"""A two-layer network, sigmoid hidden layer and linear output, numpy:
a1 = sigma(X W1 + b1), out = a1 W2 + b2, L = 1/2 sum_{n,k} (out_nk - Y_nk)^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), Y (N, K), with N = 4, D = 3, H = 5, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W1, b1, W2, b2, Y):
    out = torch.sigmoid(X @ W1 + b1) @ W2 + b2
    return 0.5 * ((out - Y) ** 2).sum()


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def grad(X, W1, b1, W2, b2, Y):
    z1 = X @ W1 + b1
    a1 = sigmoid(z1)
    out = a1 @ W2 + b2
    dout = out - Y
    dW2 = a1.T @ dout
    db2 = dout.sum(axis=0)
    da1 = dout @ W2.T
    dz1 = da1 * z1 * (1 - z1)  # <- wrong
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad_fixed(X, W1, b1, W2, b2, Y):
    z1 = X @ W1 + b1
    a1 = sigmoid(z1)
    out = a1 @ W2 + b2
    dout = out - Y
    dW2 = a1.T @ dout
    db2 = dout.sum(axis=0)
    da1 = dout @ W2.T
    dz1 = da1 * a1 * (1 - a1)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "K"),
                    "b2": ("K",), "Y": ("N", "K")},
            draws={}, sizes={"N": 4, "D": 3, "H": 5, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "activation-derivative-of-input"
FIX = "The sigmoid's derivative is a1 (1 - a1), taken at its output, not at z1."
