"""A GELU (tanh approximation) hidden layer, numpy, with a derivative helper:
gelu(x) = x/2 (1 + tanh(c (x + 0.044715 x^3))), c = sqrt(2/pi); h = gelu(X W1 + b1), out = h w2,
L = 1/(2N) sum_n (out_n - y_n)^2; X (N, D), W1 (D, H), b1 (H,), w2 (H,), y (N,) with N = 7, D = 4, H = 6.
"""

import math

import numpy as np
import torch.nn.functional as F

from verify import derivation

C = math.sqrt(2.0 / math.pi)


def loss(X, y, W1, b1, w2):
    out = F.gelu(X @ W1 + b1, approximate="tanh") @ w2
    return ((out - y) ** 2).sum() / (2 * X.shape[0])


def gelu(x):
    return 0.5 * x * (1.0 + np.tanh(C * (x + 0.044715 * x ** 3)))


def gelu_prime(x):
    t = np.tanh(C * (x + 0.044715 * x ** 3))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t ** 2) * C * (1.0 + 0.044715 * x ** 2)  # <- wrong


def gelu_prime_fixed(x):
    t = np.tanh(C * (x + 0.044715 * x ** 3))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t ** 2) * C * (1.0 + 3 * 0.044715 * x ** 2)


def grad(X, y, W1, b1, w2):
    z = X @ W1 + b1
    h = gelu(z)
    r = (h @ w2 - y) / X.shape[0]
    dw2 = h.T @ r
    dz = np.outer(r, w2) * gelu_prime(z)
    return X.T @ dz, dz.sum(axis=0), dw2


def grad_fixed(X, y, W1, b1, w2):
    z = X @ W1 + b1
    h = gelu(z)
    r = (h @ w2 - y) / X.shape[0]
    dw2 = h.T @ r
    dz = np.outer(r, w2) * gelu_prime_fixed(z)
    return X.T @ dz, dz.sum(axis=0), dw2


SPEC = dict(wrt=("W1", "b1", "w2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "b1": ("H",), "w2": ("H",)},
            draws={}, sizes={"N": 7, "D": 4, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_gelu_01")
CAUSE = "wrong-coefficient"
FIX = "d/dx (x + 0.044715 x^3) = 1 + 3 * 0.044715 x^2: the 3 of the cube's derivative is missing."
