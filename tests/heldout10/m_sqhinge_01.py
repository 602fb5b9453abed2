"""Linear SVM with the squared hinge loss, numpy backward:
t = 2 y - 1 in {-1, +1}, L = mean_n max(0, 1 - t_n x_n . w)^2;
X (N, D), w (D,), y (N,) labels in {0, 1} with N = 10, D = 4.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, y, w):
    t = 2 * y.to(X.dtype) - 1
    return (torch.relu(1 - t * (X @ w)) ** 2).mean()


def grad(X, y, w):
    X, w = np.asarray(X), np.asarray(w)
    t = (2 * np.asarray(y) - 1).astype(X.dtype)
    N = X.shape[0]
    margin = np.maximum(0.0, 1.0 - t * (X @ w))
    dscores = -t * margin / N  # <- wrong
    return X.T @ dscores


def grad_fixed(X, y, w):
    X, w = np.asarray(X), np.asarray(w)
    t = (2 * np.asarray(y) - 1).astype(X.dtype)
    N = X.shape[0]
    margin = np.maximum(0.0, 1.0 - t * (X @ w))
    dscores = -2 * t * margin / N
    return X.T @ dscores


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",)},
            draws={"y": ("labels", 2)}, sizes={"N": 10, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_sqhinge_01")
CAUSE = "square-factor"
FIX = "d/ds max(0, 1 - t s)^2 = -2 t max(0, 1 - t s): keep the 2 of the square."
