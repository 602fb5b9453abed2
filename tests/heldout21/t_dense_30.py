"""Dense layer with bias and a tanh, numpy, with a square output (N = H = 3).

y = tanh(x W + b), L = sum(G * y); x (3, 2), W (2, 3), b (3,), G (3, 3).
Gradients with respect to W and b.
Mistake: db sums dz over axis 1 (the units of each example) instead of axis 0 (the
batch); with N = H = 3 the shape is right anyway.
"""

import numpy as np
import torch

from verify import derivation


def loss(W, b, x, G):
    return (G * torch.tanh(x @ W + b)).sum()


def grad(W, b, x, G):
    y = np.tanh(np.dot(x, W) + b)
    dz = G * (1 - y * y)
    dW = np.dot(x.T, dz)
    db = np.sum(dz, axis=1)  # <- wrong
    return dW, db


def grad_fixed(W, b, x, G):
    y = np.tanh(np.dot(x, W) + b)
    dz = G * (1 - y * y)
    dW = np.dot(x.T, dz)
    db = np.sum(dz, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"W": (2, 3), "b": (3,), "x": (3, 2), "G": (3, 3)})
case = derivation(loss, grad, **SPEC, name="t_dense_30")
CAUSE = "reduction-axis"
FIX = "b is added to every row, so db = sum of dz over the batch axis 0."
