"""L2-regularised logistic regression, numpy: p = sigma(X w + b),
L = mean binary cross-entropy + lam/2 ||w||^2 with lam = 0.1 (the bias not penalised);
X (N, D), w (D,), b (1,), y (N,) labels in {0, 1} with N = 12, D = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

LAM = 0.1


def loss(X, y, w, b):
    logits = X @ w + b
    return F.binary_cross_entropy_with_logits(logits, y.to(X.dtype)) + 0.5 * LAM * (w * w).sum()


def grad(X, y, w, b):
    m = len(y)
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    err = p - y
    dw = X.T @ err / m  # <- wrong
    db = np.array([err.mean()])
    return dw, db


def grad_fixed(X, y, w, b):
    m = len(y)
    p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
    err = p - y
    dw = X.T @ err / m + LAM * w
    db = np.array([err.mean()])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": (12, 5), "y": (12,), "w": (5,), "b": (1,)},
            draws={"y": ("labels", 2)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_reg_01")
CAUSE = "missing-term"
FIX = "The penalty lam/2 ||w||^2 adds lam w to the data gradient: dw = X^T (p - y) / m + lam w."
