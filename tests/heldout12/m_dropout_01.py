"""A ReLU hidden layer with inverted dropout under a fixed mask (p = 0.25), numpy:
h = relu(X W1) * mask / (1 - p), out = h w2, L = 1/2 sum_n (out_n - y_n)^2;
X (4, 3), W1 (3, 5), w2 (5,), y (4,), mask (4, 5) of zeros and ones, given.
"""

import numpy as np
import torch

from verify import derivation

P_DROP = 0.25
MASK = np.array([[1, 0, 1, 1, 1],
                 [1, 1, 0, 1, 1],
                 [0, 1, 1, 1, 0],
                 [1, 1, 1, 0, 1]], dtype=float)


def loss(X, W1, w2, y, mask):
    h = torch.relu(X @ W1) * mask / (1 - P_DROP)
    return 0.5 * ((h @ w2 - y) ** 2).sum()


def grad(X, W1, w2, y, mask):
    X, W1, w2, y, mask = (np.asarray(a) for a in (X, W1, w2, y, mask))
    z = X @ W1
    a = np.maximum(z, 0)
    h = a * mask / (1 - P_DROP)
    out = h @ w2
    dout = out - y
    dw2 = h.T @ dout
    dh = np.outer(dout, w2)
    da = dh * mask  # <- wrong
    dz = da * (z > 0)
    dW1 = X.T @ dz
    return dW1, dw2


def grad_fixed(X, W1, w2, y, mask):
    X, W1, w2, y, mask = (np.asarray(a) for a in (X, W1, w2, y, mask))
    z = X @ W1
    a = np.maximum(z, 0)
    h = a * mask / (1 - P_DROP)
    out = h @ w2
    dout = out - y
    dw2 = h.T @ dout
    dh = np.outer(dout, w2)
    da = dh * mask / (1 - P_DROP)
    dz = da * (z > 0)
    dW1 = X.T @ dz
    return dW1, dw2


SPEC = dict(wrt=("W1", "w2"),
            shapes={"X": (4, 3), "W1": (3, 5), "w2": (5,), "y": (4,), "mask": (4, 5)},
            draws={"mask": ("fixed", MASK)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "wrong-coefficient"
FIX = "Inverted dropout scales by 1/(1 - p) on the way back as well: da = dh * mask / (1 - p)."
