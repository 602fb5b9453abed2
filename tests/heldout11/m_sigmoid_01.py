"""A sigmoid output layer with half the sum of squared errors, numpy:
z = x W + b, y = sigma(z), E = 1/2 sum_{n,k} (y_nk - t_nk)^2;
x (5, 3), W (3, 2), b (2,), t (5, 2) in (0, 1).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, b, t):
    y = torch.sigmoid(x @ W + b)
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W, b, t):
    z = np.dot(x, W) + b
    y = 1.0 / (1.0 + np.exp(-z))
    dE_dy = y - t
    dy_dz = z * (1.0 - z)  # <- wrong
    delta = dE_dy * dy_dz
    dW = np.dot(x.T, delta)
    db = delta.sum(axis=0)
    return dW, db


def grad_fixed(x, W, b, t):
    z = np.dot(x, W) + b
    y = 1.0 / (1.0 + np.exp(-z))
    dE_dy = y - t
    dy_dz = y * (1.0 - y)
    delta = dE_dy * dy_dz
    dW = np.dot(x.T, delta)
    db = delta.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"x": (5, 3), "W": (3, 2), "b": (2,), "t": (5, 2)},
            draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="m_sigmoid_01")
CAUSE = "activation-derivative-of-input"
FIX = "sigma'(z) = y (1 - y) is written with the output y, not with the net input z."
