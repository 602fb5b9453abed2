"""L2-regularised logistic regression, mean binary cross-entropy on soft targets plus a weight penalty:
p = sigma(X w), L = (1/N) sum_n BCE(p_n, y_n) + lam ||w||^2 with lam = 0.1; X (N, D), w (D,), y (N,).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

LAM = 0.1


def loss(X, w, y):
    return F.binary_cross_entropy_with_logits(X @ w, y) + LAM * (w * w).sum()


def grad(X, w, y):
    N = X.shape[0]
    p = 1.0 / (1.0 + np.exp(-np.dot(X, w)))
    dw = np.dot(X.T, p - y) / N
    dw += LAM * w  # <- wrong
    return dw


def grad_fixed(X, w, y):
    N = X.shape[0]
    p = 1.0 / (1.0 + np.exp(-np.dot(X, w)))
    dw = np.dot(X.T, p - y) / N
    dw += 2 * LAM * w
    return dw


SPEC = dict(wrt="w", shapes={"X": ("N", "D"), "w": ("D",), "y": ("N",)}, draws={"y": "uniform"},
            sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="x_logistic_02")
CAUSE = "wrong-coefficient"
FIX = "The derivative of lam ||w||^2 is 2 lam w."
