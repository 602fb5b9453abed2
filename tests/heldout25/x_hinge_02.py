"""Linear SVM with the hinge loss averaged over examples, labels 0/1 mapped to -1/+1:
s = X w + b, L = (1/N) sum_n max(0, 1 - y_n s_n); X (N, D), w (D,), b (1,), labels (N,).
"""

import numpy as np
import torch

from verify import derivation


def loss(X, w, b, labels):
    y = 2.0 * labels - 1.0
    return torch.clamp(1.0 - y * (X @ w + b), min=0.0).mean()


def grad(X, w, b, labels):
    N = X.shape[0]
    y = 2.0 * labels - 1.0
    s = np.dot(X, w) + b
    active = (y * s < 0).astype(X.dtype)  # <- wrong
    dw = -np.dot(X.T, active * y) / N
    db = -np.sum(active * y, keepdims=True) / N
    return dw, db


def grad_fixed(X, w, b, labels):
    N = X.shape[0]
    y = 2.0 * labels - 1.0
    s = np.dot(X, w) + b
    active = (y * s < 1).astype(X.dtype)
    dw = -np.dot(X.T, active * y) / N
    db = -np.sum(active * y, keepdims=True) / N
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "labels": ("N",)},
            draws={"labels": ("labels", 2)}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="x_hinge_02")
CAUSE = "mask"
FIX = "The hinge is active wherever the margin y s is below 1, not below 0."
