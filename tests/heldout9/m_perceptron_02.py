"""A multi-output sigmoid perceptron (K output units, no hidden layer), numpy gradient:
O = sigmoid(X W), L = F.mse_loss(O, T) over all N * K outputs;
X (N, D), W (D, K), T (N, K) targets in (0.1, 0.9) with N = 5, D = 4, K = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, T):
    return F.mse_loss(torch.sigmoid(X @ W), T)


def grad(X, W, T):
    X, W, T = np.asarray(X), np.asarray(W), np.asarray(T)
    O = 1.0 / (1.0 + np.exp(-(X @ W)))
    delta = (O - T) * O * (1 - O) / O.size  # <- wrong
    dW = X.T @ delta
    return dW


def grad_fixed(X, W, T):
    X, W, T = np.asarray(X), np.asarray(W), np.asarray(T)
    O = 1.0 / (1.0 + np.exp(-(X @ W)))
    delta = 2 * (O - T) * O * (1 - O) / O.size
    dW = X.T @ delta
    return dW


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "K"), "T": ("N", "K")},
            draws={"T": "uniform"}, sizes={"N": 5, "D": 4, "K": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_02")
CAUSE = "mse-convention"
FIX = "F.mse_loss is the plain mean of squares, so delta = 2 * (O - T) * O * (1 - O) / O.size."
