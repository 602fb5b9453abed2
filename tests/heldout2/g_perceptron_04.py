"""A single-layer sigmoid perceptron with as many outputs as inputs, examples in a loop:
E = 1/2 sum_n ||sigma(W x_n) - t_n||^2; W (3, 3) maps inputs to outputs, X (4, 3), T (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(W, X, T):
    """E = 1/2 sum_n ||o_n - t_n||^2 with o_n = sigma(W x_n)."""
    O = torch.sigmoid(X @ W.T)
    return 0.5 * ((O - T) ** 2).sum()


def grad(W, X, T):
    dW = np.zeros_like(W)
    for x, t in zip(X, T, strict=True):
        o = 1 / (1 + np.exp(-W.dot(x)))
        delta = (o - t) * o * (1 - o)
        dW += np.outer(x, delta)  # <- wrong
    return dW


def grad_fixed(W, X, T):
    dW = np.zeros_like(W)
    for x, t in zip(X, T, strict=True):
        o = 1 / (1 + np.exp(-W.dot(x)))
        delta = (o - t) * o * (1 - o)
        dW += np.outer(delta, x)
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 3), "X": (4, 3), "T": (4, 3)}, draws={"T": "uniform"})
case = derivation(loss, grad, **SPEC, name="g_perceptron_04")
CAUSE = "transpose"
FIX = "W[k, j] multiplies x[j] into output k, so dW = outer(delta, x), not outer(x, delta)."
