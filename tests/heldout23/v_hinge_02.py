"""A linear SVM with the mean hinge loss, labels in {0, 1} mapped to {-1, +1}, pure Python:
s_n = 2 y_n - 1, L = 1/n sum_n max(0, 1 - s_n (w . x_n + b)); w (3,), b scalar, X (6, 3), y (6,).
"""

import torch

from verify import derivation


def loss(w, b, X, y):
    s = 2 * y.to(X.dtype) - 1
    return torch.clamp(1 - s * (X @ w + b), min=0).mean()


def grad(w, b, X, y):
    n = len(X)
    dw = [0.0] * len(w)
    db = 0.0
    for xn, yn in zip(X.tolist(), y.tolist()):
        s = 2 * yn - 1
        margin = s * (sum(wi * xi for wi, xi in zip(w.tolist(), xn)) + float(b))
        if margin < 0:  # <- wrong
            for i, xi in enumerate(xn):
                dw[i] -= s * xi / n
            db -= s / n
    return dw, db


def grad_fixed(w, b, X, y):
    n = len(X)
    dw = [0.0] * len(w)
    db = 0.0
    for xn, yn in zip(X.tolist(), y.tolist()):
        s = 2 * yn - 1
        margin = s * (sum(wi * xi for wi, xi in zip(w.tolist(), xn)) + float(b))
        if margin < 1:
            for i, xi in enumerate(xn):
                dw[i] -= s * xi / n
            db -= s / n
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (3,), "b": (), "X": (6, 3), "y": (6,)},
            draws={"y": ("labels", 2)}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_hinge_02")
CAUSE = "mask"
FIX = "The hinge is active while the margin is below 1, not below 0."
