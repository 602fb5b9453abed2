"""Softmax regression with PyTorch's label smoothing, numpy:
L = cross_entropy(X W + b, y, label_smoothing=eps): target = (1 - eps) onehot(y) + eps / C, eps = 0.1;
X (N, D), W (D, C), b (C,), y (N,) labels, N = 8, D = 3, C = 4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

EPS = 0.1


def loss(X, y, W, b):
    return F.cross_entropy(X @ W + b, y, label_smoothing=EPS)


def grad(X, y, W, b):
    X, y, W, b = np.asarray(X), np.asarray(y), np.asarray(W), np.asarray(b)
    N, C = X.shape[0], W.shape[1]
    Z = X @ W + b
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    Y = np.eye(C)[y]
    T = np.where(Y == 1, 1 - EPS, EPS / (C - 1))  # <- wrong
    dZ = (P - T) / N
    return X.T @ dZ, dZ.sum(axis=0)


def grad_fixed(X, y, W, b):
    X, y, W, b = np.asarray(X), np.asarray(y), np.asarray(W), np.asarray(b)
    N, C = X.shape[0], W.shape[1]
    Z = X @ W + b
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    Y = np.eye(C)[y]
    T = (1 - EPS) * Y + EPS / C
    dZ = (P - T) / N
    return X.T @ dZ, dZ.sum(axis=0)


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "W": ("D", "C"), "b": ("C",)},
            draws={"y": ("labels", 4)}, sizes={"N": 8, "D": 3, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_labelsmooth_01")
CAUSE = "wrong-coefficient"
FIX = "PyTorch spreads eps over all C classes: T = (1 - eps) Y + eps / C, not eps / (C - 1) on the others."
