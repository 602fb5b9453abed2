"""Softmax regression with F.cross_entropy (mean over the batch), numpy backward:
logits = X W + b, L = mean_n -log softmax(logits_n)[y_n];
X (N, D), W (D, C), b (C,), y (N,) class labels, N = 9, D = 4, C = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W, b):
    return F.cross_entropy(X @ W + b, y)


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def grad(X, y, W, b):
    X, y = np.asarray(X), np.asarray(y)
    N = X.shape[0]
    P = softmax(X @ np.asarray(W) + np.asarray(b))
    dZ = P.copy()
    dZ[np.arange(N), y] -= 1
    dW = X.T @ dZ  # <- wrong
    db = dZ.sum(axis=0) / N
    return dW, db


def grad_fixed(X, y, W, b):
    X, y = np.asarray(X), np.asarray(y)
    N = X.shape[0]
    P = softmax(X @ np.asarray(W) + np.asarray(b))
    dZ = P.copy()
    dZ[np.arange(N), y] -= 1
    dW = X.T @ dZ / N
    db = dZ.sum(axis=0) / N
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "W": ("D", "C"), "b": ("C",)},
            draws={"y": ("labels", 5)}, sizes={"N": 9, "D": 4, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "batch-mean"
FIX = "cross_entropy averages over the batch, so dW = X^T dZ / N like db."
