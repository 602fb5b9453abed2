"""A batch through a multi-output sigmoid perceptron with as many outputs as inputs, numpy:
O = sigma(X W), E = 1/2 sum_{n,k} (O_nk - T_nk)^2; X (N, D), W (D, D), T (N, D), N = 5, D = 3.
"""

import numpy as np
import torch

from verify import derivation


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(W, X, T):
    O = torch.sigmoid(X @ W)
    return 0.5 * ((O - T) ** 2).sum()


def grad(W, X, T):
    O = sigmoid(X @ W)
    delta = (O - T) * O * (1 - O)
    dW = delta.T @ X  # <- wrong
    return dW


def grad_fixed(W, X, T):
    O = sigmoid(X @ W)
    delta = (O - T) * O * (1 - O)
    dW = X.T @ delta
    return dW


SPEC = dict(numpy=True, wrt="W", shapes={"W": ("D", "D"), "X": ("N", "D"), "T": ("N", "D")},
            draws={"T": "uniform"}, sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_04")
CAUSE = "transpose"
FIX = "dW = X^T delta (D x K, inputs by outputs); delta^T X is its transpose, which only fits because K = D."
