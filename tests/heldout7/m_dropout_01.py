"""Inverted dropout after a tanh hidden layer, numpy layer class, the mask drawn from a fixed
uniform input U (keep where U > p, p = 0.3): h = tanh(X W1) * [U > p] / (1 - p), out = h w2,
L = 1/N sum_n (out_n - y_n)^2; X (N, D), W1 (D, H), w2 (H,), U (N, H), y (N,) with N = 8, D = 4, H = 6.
"""

import numpy as np
import torch

from verify import derivation

P_DROP = 0.3


def loss(X, y, W1, w2, U):
    h = torch.tanh(X @ W1) * (U > P_DROP).to(X.dtype) / (1 - P_DROP)
    return ((h @ w2 - y) ** 2).mean()


class Dropout:
    def __init__(self, p):
        self.p = p
        self.mask = None

    def forward(self, x, u):
        self.mask = (u > self.p).astype(x.dtype)
        return x * self.mask / (1.0 - self.p)

    def backward(self, dout):
        return dout / (1.0 - self.p)  # <- wrong


class DropoutFixed(Dropout):
    def backward(self, dout):
        return dout * self.mask / (1.0 - self.p)


def grad(X, y, W1, w2, U):
    drop = Dropout(P_DROP)
    a = np.tanh(X @ W1)
    h = drop.forward(a, U)
    r = 2.0 * (h @ w2 - y) / X.shape[0]
    dw2 = h.T @ r
    da = drop.backward(np.outer(r, w2))
    dW1 = X.T @ (da * (1.0 - a ** 2))
    return dW1, dw2


def grad_fixed(X, y, W1, w2, U):
    drop = DropoutFixed(P_DROP)
    a = np.tanh(X @ W1)
    h = drop.forward(a, U)
    r = 2.0 * (h @ w2 - y) / X.shape[0]
    dw2 = h.T @ r
    da = drop.backward(np.outer(r, w2))
    dW1 = X.T @ (da * (1.0 - a ** 2))
    return dW1, dw2


SPEC = dict(wrt=("W1", "w2"),
            shapes={"X": ("N", "D"), "y": ("N",), "W1": ("D", "H"), "w2": ("H",), "U": ("N", "H")},
            draws={"U": ("uniform", 0.0, 1.0)}, sizes={"N": 8, "D": 4, "H": 6})
case = derivation(loss, grad, **SPEC, name="m_dropout_01")
CAUSE = "mask"
FIX = "Dropped units get no gradient: backward must multiply by the same mask, dout * mask / (1 - p)."
