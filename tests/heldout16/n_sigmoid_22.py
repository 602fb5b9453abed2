"""A sigmoid output layer with half the squared error, numpy:
Z = X W + b, O = sigmoid(Z), L = 1/2 sum (O - T)^2;
X (N, D), W (D, K), b (K,), T (N, K); N = 7, D = 3, K = 2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, b, T):
    return 0.5 * ((torch.sigmoid(X @ W + b) - T) ** 2).sum()


def grad(X, W, b, T):
    Z = X @ W + b
    O = 1.0 / (1.0 + np.exp(-Z))
    dZ = (O - T) * Z * (1 - Z)  # <- wrong
    return X.T @ dZ, dZ.sum(axis=0)


def grad_fixed(X, W, b, T):
    Z = X @ W + b
    O = 1.0 / (1.0 + np.exp(-Z))
    dZ = (O - T) * O * (1 - O)
    return X.T @ dZ, dZ.sum(axis=0)


SPEC = dict(wrt=("W", "b"), shapes={"X": ("N", "D"), "W": ("D", "K"), "b": ("K",), "T": ("N", "K")},
            sizes={"N": 7, "D": 3, "K": 2}, draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="n_sigmoid_22")
CAUSE = "activation-derivative-of-input"
FIX = "sigmoid'(Z) = O (1 - O) is written with the output O, not the pre-activation Z."
