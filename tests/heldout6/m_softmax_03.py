"""A softmax classifier with a temperature T = 2.5 (as in distillation), numpy:
L = cross_entropy(X W / T, y); X (9, 5), W (5, 4), y (9,) in 0..3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

TEMP = 2.5


def loss(X, W, y):
    return F.cross_entropy(X @ W / TEMP, y)


def grad(X, W, y):
    N = X.shape[0]
    z = X @ W
    s = z / TEMP
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(N), y] -= 1
    ds = p / N
    dz = ds * TEMP  # <- wrong
    dW = X.T @ dz
    return dW


def grad_fixed(X, W, y):
    N = X.shape[0]
    z = X @ W
    s = z / TEMP
    p = np.exp(s - s.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(N), y] -= 1
    ds = p / N
    dz = ds / TEMP
    dW = X.T @ dz
    return dW


SPEC = dict(wrt="W", shapes={"X": (9, 5), "W": (5, 4), "y": (9,)},
            draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="m_softmax_03")
CAUSE = "wrong-coefficient"
FIX = "s = z / T, so ds/dz = 1 / T: dz = ds / T."
