"""A linear SVM with the mean hinge loss, labels in {0, 1} mapped to s = +-1:
f = X w + b, L = (1/N) sum_n max(0, 1 - s_n f_n); X (N, D), w (D,), b (1,), y (N,).
"""

import numpy as np
import torch

from verify import derivation


def loss(w, b, X, y):
    s = 2 * y - 1
    return torch.clamp(1 - s * (X @ w + b), min=0).mean()


def grad(w, b, X, y):
    N = X.shape[0]
    s = (2 * y - 1).astype(X.dtype)
    f = X @ w + b
    active = (f < 1).astype(X.dtype)  # <- wrong
    dw = -X.T @ (active * s) / N
    db = -np.sum(active * s, keepdims=True) / N
    return dw, db


def grad_fixed(w, b, X, y):
    N = X.shape[0]
    s = (2 * y - 1).astype(X.dtype)
    f = X @ w + b
    active = (s * f < 1).astype(X.dtype)
    dw = -X.T @ (active * s) / N
    db = -np.sum(active * s, keepdims=True) / N
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": ("D",), "b": (1,), "X": ("N", "D"), "y": ("N",)},
            draws={"y": ("labels", 2)}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="w_hinge_01")
CAUSE = "mask"
FIX = "An example is inside the margin when s f < 1, so the comparison must include the label's sign."
