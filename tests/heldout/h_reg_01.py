"""L2-regularised logistic regression, data term averaged over the batch:
L = 1/N sum_n BCE(sigma(X w + b)_n, y_n) + LAM/2 ||w||^2;
X (N, D), w (D,), b (1,), y (N,) soft labels in [0, 1].
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

LAM = 0.5


def loss(X, w, b, y):
    """Mean binary cross-entropy plus LAM/2 ||w||^2 (the bias is not decayed)."""
    data = F.binary_cross_entropy_with_logits(X @ w + b, y)
    return data + 0.5 * LAM * (w ** 2).sum()


def grad(X, w, b, y):
    N = X.shape[0]
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    dw = X.T @ (p - y) / N + LAM * w / N  # <- wrong
    db = np.mean(p - y, keepdims=True)
    return dw, db


def grad_fixed(X, w, b, y):
    N = X.shape[0]
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    dw = X.T @ (p - y) / N + LAM * w
    db = np.mean(p - y, keepdims=True)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "y": ("N",)},
            sizes={"N": 10, "D": 4}, draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="h_reg_01")
CAUSE = "batch-mean"
FIX = "Only the data term is a batch mean; the penalty LAM/2 ||w||^2 contributes LAM w, not LAM w / N."
