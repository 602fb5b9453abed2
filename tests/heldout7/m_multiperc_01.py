"""A multi-output sigmoid perceptron (no hidden layer), numpy: O = sigma(X W),
E = 1/2 sum_{n,k} (O_nk - T_nk)^2 (the half sum of squares, no mean);
X (N, I), W (I, K), T (N, K) with T in (0.1, 0.9), N = 6, I = 4, K = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, T):
    O = torch.sigmoid(X @ W)
    return 0.5 * ((O - T) ** 2).sum()


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def grad(X, W, T):
    O = sigmoid(np.dot(X, W))
    err = 2 * (O - T)  # <- wrong
    delta_k = err * O * (1.0 - O)
    return np.dot(X.T, delta_k)


def grad_fixed(X, W, T):
    O = sigmoid(np.dot(X, W))
    err = O - T
    delta_k = err * O * (1.0 - O)
    return np.dot(X.T, delta_k)


SPEC = dict(wrt="W",
            shapes={"X": (6, 4), "W": (4, 3), "T": (6, 3)},
            draws={"T": "uniform"}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_multiperc_01")
CAUSE = "square-factor"
FIX = "E carries a 1/2 in front of the square, so dE/dO = O - T with no factor 2."
