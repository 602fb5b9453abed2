"""A sigmoid perceptron with a bias, half sum of squares, numpy with helper functions:
z = X w + b, o = sigmoid(z), L = 1/2 sum_n (o_n - t_n)^2;
X (N, D), w (D,), b (1,), t (N,) in (0.1, 0.9), N = 7, D = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, t, w, b):
    o = torch.sigmoid(X @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_prime(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def grad(X, t, w, b):
    X, t = np.asarray(X), np.asarray(t)
    z = X @ np.asarray(w) + np.asarray(b)
    o = sigmoid(z)
    err = o - t
    delta = err * sigmoid_prime(o)  # <- wrong
    dw = X.T @ delta
    db = np.sum(delta, keepdims=True)
    return dw, db


def grad_fixed(X, t, w, b):
    X, t = np.asarray(X), np.asarray(t)
    z = X @ np.asarray(w) + np.asarray(b)
    o = sigmoid(z)
    err = o - t
    delta = err * sigmoid_prime(z)
    dw = X.T @ delta
    db = np.sum(delta, keepdims=True)
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "t": ("N",), "w": ("D",), "b": (1,)},
            draws={"t": "uniform"}, sizes={"N": 7, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_perceptron_02")
CAUSE = "activation-derivative-of-input"
FIX = "sigmoid_prime takes the pre-activation, so delta = err * sigmoid_prime(z), not of the output o."
