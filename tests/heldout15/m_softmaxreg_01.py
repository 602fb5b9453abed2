"""Softmax regression with the mean cross-entropy, numpy:
Z = X W + b, L = -1/N sum_n sum_c Y log softmax(Z); X (N, D), W (D, C), b (C,), Y (N, C) one-hot.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, Y):
    return -(Y * F.log_softmax(X @ W + b, dim=1)).sum(1).mean()


def grad(X, W, b, Y):
    Z = X @ W + b
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    dZ = P - Y  # <- wrong
    dW = X.T @ dZ
    db = dZ.sum(axis=0)
    return dW, db


def grad_fixed(X, W, b, Y):
    Z = X @ W + b
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    dZ = (P - Y) / X.shape[0]
    dW = X.T @ dZ
    db = dZ.sum(axis=0)
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "W": ("D", "C"), "b": ("C",), "Y": ("N", "C")},
            draws={"Y": "onehot"}, sizes={"N": 6, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_softmaxreg_01")
CAUSE = "batch-mean"
FIX = "The loss is the mean over the N examples, so dZ = (P - Y) / N."
