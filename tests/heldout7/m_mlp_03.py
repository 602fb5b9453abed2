"""A two-layer tanh regression network, numpy, with forward / backward helpers and a cache:
a1 = tanh(X W1 + b1), out = a1 W2 + b2, L = 1/(2N) sum_n ||out_n - T_n||^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), T (N, K) with N = 8, D = 5, H = 4, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, T, W1, b1, W2, b2):
    out = torch.tanh(X @ W1 + b1) @ W2 + b2
    return ((out - T) ** 2).sum() / (2 * X.shape[0])


def forward(X, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    a1 = np.tanh(z1)
    out = a1 @ W2 + b2
    return out, (X, z1, a1)


def backward(dout, cache, W2):
    X, z1, a1 = cache
    dW2 = a1.T @ dout
    db2 = dout.sum(axis=0)
    da1 = dout @ W2.T
    dz1 = da1 * (1 - z1 ** 2)  # <- wrong
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def backward_fixed(dout, cache, W2):
    X, z1, a1 = cache
    dW2 = a1.T @ dout
    db2 = dout.sum(axis=0)
    da1 = dout @ W2.T
    dz1 = da1 * (1 - a1 ** 2)
    dW1 = X.T @ dz1
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def grad(X, T, W1, b1, W2, b2):
    out, cache = forward(X, W1, b1, W2, b2)
    dout = (out - T) / X.shape[0]
    return backward(dout, cache, W2)


def grad_fixed(X, T, W1, b1, W2, b2):
    out, cache = forward(X, W1, b1, W2, b2)
    dout = (out - T) / X.shape[0]
    return backward_fixed(dout, cache, W2)


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "T": ("N", "K"), "W1": ("D", "H"), "b1": ("H",),
                    "W2": ("H", "K"), "b2": ("K",)},
            draws={}, sizes={"N": 8, "D": 5, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_mlp_03")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) = 1 - tanh(z)^2 = 1 - a1^2: the squared value is the activation, not the pre-activation."
