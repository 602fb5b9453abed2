"""A dense ReLU layer whose batch size equals its width, numpy:
y = relu(x W + b), L = sum(dout * y);
x (4, 3), W (3, 4), b (4,), dout (4, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W, b, dout):
    return (dout * torch.relu(x @ W + b)).sum()


def grad(x, W, b, dout):
    z = x.dot(W) + b
    dz = dout * (z > 0)
    dW = x.T.dot(dz)
    db = np.sum(dz, axis=1)  # <- wrong
    return dW, db


def grad_fixed(x, W, b, dout):
    z = x.dot(W) + b
    dz = dout * (z > 0)
    dW = x.T.dot(dz)
    db = np.sum(dz, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"x": (4, 3), "W": (3, 4), "b": (4,), "dout": (4, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_dense_01")
CAUSE = "reduction-axis"
FIX = "The bias is broadcast over the batch, so its gradient sums dz over axis 0."
