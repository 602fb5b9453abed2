"""A linear SVM with the hinge loss and an L2 penalty, written with Python loops:
s_n = w . x_n + b, L = 1/N sum_n max(0, 1 - y_n s_n) + lam/2 ||w||^2, y_n in {-1, +1}, lam = 0.1;
X (6, 3), y (6,) drawn as {0, 1} and mapped to {-1, +1}, w (3,), b (1,).
"""

import numpy as np
import torch

from verify import derivation

LAM = 0.1


def loss(X, y, w, b):
    ypm = 2.0 * y.to(X.dtype) - 1.0
    hinge = torch.clamp(1 - ypm * (X @ w + b), min=0)
    return hinge.mean() + 0.5 * LAM * (w * w).sum()


def grad(X, y, w, b):
    N, D = len(X), len(w)
    dw = [LAM * float(w[i]) for i in range(D)]
    db = 0.0
    for n in range(N):
        yn = 2.0 * float(y[n]) - 1.0
        s = float(b[0]) + sum(float(w[i]) * float(X[n][i]) for i in range(D))
        if yn * s > 1:  # <- wrong
            for i in range(D):
                dw[i] -= yn * float(X[n][i]) / N
            db -= yn / N
    return np.array(dw), np.array([db])


def grad_fixed(X, y, w, b):
    N, D = len(X), len(w)
    dw = [LAM * float(w[i]) for i in range(D)]
    db = 0.0
    for n in range(N):
        yn = 2.0 * float(y[n]) - 1.0
        s = float(b[0]) + sum(float(w[i]) * float(X[n][i]) for i in range(D))
        if yn * s < 1:
            for i in range(D):
                dw[i] -= yn * float(X[n][i]) / N
            db -= yn / N
    return np.array(dw), np.array([db])


SPEC = dict(wrt=("w", "b"), shapes={"X": (6, 3), "y": (6,), "w": (3,), "b": (1,)},
            draws={"y": ("labels", 2)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_hinge_01")
CAUSE = "mask"
FIX = "The hinge is active, and passes a gradient, where the margin y s is below 1: if yn * s < 1."
