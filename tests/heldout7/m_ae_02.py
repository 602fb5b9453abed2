"""An autoencoder built from numpy layer classes (Linear, Sigmoid, MSELoss), trained with
F.mse_loss: R = sigma(X W1 + b1) W2 + b2, L = mean over all N*D elements of (R - X)^2;
X (N, D), W1 (D, H), b1 (H,), W2 (H, D), b2 (D,) with N = 6, D = 5, H = 2.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W1, b1, W2, b2):
    R = torch.sigmoid(X @ W1 + b1) @ W2 + b2
    return F.mse_loss(R, X)


class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)


class MSELoss:
    def __init__(self):
        self.y = self.t = None

    def forward(self, y, t):
        self.y, self.t = y, t
        return np.mean((y - t) ** 2)

    def backward(self):
        return (self.y - self.t) / self.y.size  # <- wrong


class MSELossFixed(MSELoss):
    def backward(self):
        return 2.0 * (self.y - self.t) / self.y.size


def grad(X, W1, b1, W2, b2):
    enc, act, dec, crit = Linear(W1, b1), Sigmoid(), Linear(W2, b2), MSELoss()
    crit.forward(dec.forward(act.forward(enc.forward(X))), X)
    enc.backward(act.backward(dec.backward(crit.backward())))
    return enc.dW, enc.db, dec.dW, dec.db


def grad_fixed(X, W1, b1, W2, b2):
    enc, act, dec, crit = Linear(W1, b1), Sigmoid(), Linear(W2, b2), MSELossFixed()
    crit.forward(dec.forward(act.forward(enc.forward(X))), X)
    enc.backward(act.backward(dec.backward(crit.backward())))
    return enc.dW, enc.db, dec.dW, dec.db


SPEC = dict(wrt=("W1", "b1", "W2", "b2"),
            shapes={"X": ("N", "D"), "W1": ("D", "H"), "b1": ("H",), "W2": ("H", "D"),
                    "b2": ("D",)},
            draws={}, sizes={"N": 6, "D": 5, "H": 2})
case = derivation(loss, grad, **SPEC, name="m_ae_02")
CAUSE = "mse-convention"
FIX = "mse_loss has no 1/2 in front of the square, so its backward is 2 (y - t) / y.size."
