"""A single sigmoid neuron on a mini-batch with the halved squared error:
o_n = sigma(w . x_n + b), L = 1/(2N) sum_n (o_n - t_n)^2;
X (N, D), w (D,), b scalar, t (N,) in (0, 1); N = 2, D = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(w, b, X, t):
    o = torch.sigmoid(X @ w + b)
    return ((o - t) ** 2).sum() / (2 * X.shape[0])


def grad(w, b, X, t):
    N = X.shape[0]
    o = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    dL_do = 2 * (o - t) / N  # <- wrong
    dz = dL_do * o * (1 - o)
    dw = X.T @ dz
    db = np.sum(dz)
    return dw, db


def grad_fixed(w, b, X, t):
    N = X.shape[0]
    o = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    dL_do = (o - t) / N
    dz = dL_do * o * (1 - o)
    dw = X.T @ dz
    db = np.sum(dz)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": ("D",), "b": (), "X": ("N", "D"), "t": ("N",)},
            draws={"t": "uniform"}, sizes={"N": 2, "D": 3})
case = derivation(loss, grad, **SPEC, name="v_neuron_01")
CAUSE = "square-factor"
FIX = "The 1/2 in front of the square cancels its 2, so dL/do = (o - t) / N."
