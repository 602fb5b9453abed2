"""Softmax regression with L2 weight decay, numpy:
L = mean_n CE(X W + b, Y) + wd/2 ||W||^2, wd = 0.1;
X (N, D), W (D, C), b (C,), Y (N, C) one-hot.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

WD = 0.1


def loss(X, W, b, Y):
    ce = -(Y * F.log_softmax(X @ W + b, dim=1)).sum(1).mean()
    return ce + 0.5 * WD * (W * W).sum()


def grad(X, W, b, Y):
    N = X.shape[0]
    Z = X.dot(W) + b
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    P = E / np.sum(E, axis=1, keepdims=True)
    dZ = (P - Y) / N
    dW = X.T.dot(dZ) + 0.01 * W  # <- wrong
    db = np.sum(dZ, axis=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    N = X.shape[0]
    Z = X.dot(W) + b
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    P = E / np.sum(E, axis=1, keepdims=True)
    dZ = (P - Y) / N
    dW = X.T.dot(dZ) + WD * W
    db = np.sum(dZ, axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "C"), "b": ("C",), "Y": ("N", "C")},
            draws={"Y": "onehot"}, sizes={"N": 8, "D": 3, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_weightdecay_02")
CAUSE = "wrong-coefficient"
FIX = "The decay term wd/2 ||W||^2 has gradient wd W with wd = 0.1, not 0.01 W."
