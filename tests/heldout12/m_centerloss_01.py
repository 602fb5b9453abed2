"""Center loss (Wen et al.) pulling features to their class centres, numpy:
L = 1/(2N) sum_n ||x_n - c_{y_n}||^2;
X (N, D), centers (C, D), y (N,) labels, with N = 5, D = 2, C = 3.
"""

import numpy as np

from verify import derivation


def loss(X, centers, y):
    return ((X - centers[y]) ** 2).sum() / (2 * X.shape[0])


def grad(X, centers, y):
    N, D = X.shape
    diff = X - centers[y]
    scale = 1.0 / D  # <- wrong
    dX = diff * scale
    dcenters = np.zeros_like(centers)
    np.add.at(dcenters, y, -dX)
    return dX, dcenters


def grad_fixed(X, centers, y):
    N, D = X.shape
    diff = X - centers[y]
    scale = 1.0 / N
    dX = diff * scale
    dcenters = np.zeros_like(centers)
    np.add.at(dcenters, y, -dX)
    return dX, dcenters


SPEC = dict(wrt=("X", "centers"),
            shapes={"X": ("N", "D"), "centers": ("C", "D"), "y": ("N",)},
            draws={"y": ("labels", "C")}, sizes={"N": 5, "D": 2, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_centerloss_01")
CAUSE = "wrong-divisor"
FIX = "The loss averages over the N examples, so scale by 1/N, not 1/D."
