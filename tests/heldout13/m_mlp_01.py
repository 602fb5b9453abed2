"""A two-layer network with a sigmoid hidden layer and a linear output, numpy:
h = sigma(x W1), out = h W2, L = 1/2 sum (out - t)^2; x (5, 4), W1 (4, 3), W2 (3, 3), t (5, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, W1, W2, t):
    out = torch.sigmoid(x @ W1) @ W2
    return 0.5 * ((out - t) ** 2).sum()


def grad(x, W1, W2, t):
    x, W1, W2, t = map(np.asarray, (x, W1, W2, t))
    h = 1.0 / (1.0 + np.exp(-np.dot(x, W1)))
    out = np.dot(h, W2)
    dout = out - t
    dW2 = np.dot(h.T, dout)
    dh = np.dot(dout, W2)  # <- wrong
    dz1 = dh * h * (1.0 - h)
    dW1 = np.dot(x.T, dz1)
    return dW1, dW2


def grad_fixed(x, W1, W2, t):
    x, W1, W2, t = map(np.asarray, (x, W1, W2, t))
    h = 1.0 / (1.0 + np.exp(-np.dot(x, W1)))
    out = np.dot(h, W2)
    dout = out - t
    dW2 = np.dot(h.T, dout)
    dh = np.dot(dout, W2.T)
    dz1 = dh * h * (1.0 - h)
    dW1 = np.dot(x.T, dz1)
    return dW1, dW2


SPEC = dict(wrt=("W1", "W2"), shapes={"x": (5, 4), "W1": (4, 3), "W2": (3, 3), "t": (5, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_mlp_01")
CAUSE = "transpose"
FIX = "The error flows back through W2 transposed: dh = dout W2^T."
