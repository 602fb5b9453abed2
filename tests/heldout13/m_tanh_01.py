"""A tanh layer fitted with half the sum of squares, numpy:
y = tanh(x W + b), L = 1/2 sum (y - t)^2; x (4, 3), W (3, 3), b (3,), t (4, 3).
"""

import numpy as np

from verify import derivation


def loss(x, W, b, t):
    y = (x @ W + b).tanh()
    return 0.5 * ((y - t) ** 2).sum()


def grad(x, W, b, t):
    x, W, b, t = map(np.asarray, (x, W, b, t))
    y = np.tanh(x @ W + b)
    dy = t - y  # <- wrong
    dz = dy * (1.0 - y ** 2)
    dW = x.T @ dz
    db = dz.sum(axis=0)
    return dW, db


def grad_fixed(x, W, b, t):
    x, W, b, t = map(np.asarray, (x, W, b, t))
    y = np.tanh(x @ W + b)
    dy = y - t
    dz = dy * (1.0 - y ** 2)
    dW = x.T @ dz
    db = dz.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"x": (4, 3), "W": (3, 3), "b": (3,), "t": (4, 3)},
            draws={"t": ("uniform", -0.9, 0.9)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_tanh_01")
CAUSE = "sign"
FIX = "dL/dy is y - t, not t - y."
