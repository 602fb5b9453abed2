"""Logistic regression, numpy: p = sigmoid(X w + b), L = mean binary cross-entropy
against soft targets y; X (N, D), w (D,), b (1,), y (N,) with N = 14, D = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


def grad(X, w, b, y):
    N = X.shape[0]
    p = 1.0 / (1.0 + np.exp(-(X.dot(w) + b)))
    dz = p - y
    dw = X.T.dot(dz)  # <- wrong
    db = dz.sum(keepdims=True) / N
    return dw, db


def grad_fixed(X, w, b, y):
    N = X.shape[0]
    p = 1.0 / (1.0 + np.exp(-(X.dot(w) + b)))
    dz = p - y
    dw = X.T.dot(dz) / N
    db = dz.sum(keepdims=True) / N
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "y": ("N",)},
            draws={"y": "uniform"}, sizes={"N": 14, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_logreg_01")
CAUSE = "batch-mean"
FIX = "The loss averages over the N examples, so dw = X^T (p - y) / N."
