"""A residual block in numpy: y = x + relu(x W + b), L = sum(dout * y);
x (6, 4), W (4, 4), b (4,), dout (6, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, b, dout):
    return (dout * (x + torch.relu(x @ W + b))).sum()


def grad(x, W, b, dout):
    z = x @ W + b
    r = np.maximum(z, 0)
    dz = dout * (z > 0)
    dW = x.T @ dz
    db = dz.sum(axis=0)
    dx = dz @ W.T  # <- wrong
    return dx, dW, db


def grad_fixed(x, W, b, dout):
    z = x @ W + b
    r = np.maximum(z, 0)
    dz = dout * (z > 0)
    dW = x.T @ dz
    db = dz.sum(axis=0)
    dx = dout + dz @ W.T
    return dx, dW, db


SPEC = dict(wrt=("x", "W", "b"), shapes={"x": (6, 4), "W": (4, 4), "b": (4,), "dout": (6, 4)})
case = derivation(loss, grad, **SPEC, name="k_affine_03")
CAUSE = "missing-term"
FIX = "x also reaches y through the skip connection, so dx = dout + dz @ W.T."
