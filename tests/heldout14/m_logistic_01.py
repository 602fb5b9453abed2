"""Logistic regression with binary cross-entropy averaged over the batch, numpy:
p = sigma(X w + b), L = -(1/N) sum_n [t_n log p_n + (1 - t_n) log(1 - p_n)];
X (N, D), w (D,), b (1,), t (N,) in (0, 1).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, t):
    return F.binary_cross_entropy_with_logits(X @ w + b, t)


def grad(X, w, b, t):
    n = X.shape[0]
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    dz = (t - p) / n  # <- wrong
    dw = X.T.dot(dz)
    db = np.sum(dz, keepdims=True)
    return dw, db


def grad_fixed(X, w, b, t):
    n = X.shape[0]
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    dz = (p - t) / n
    dw = X.T.dot(dz)
    db = np.sum(dz, keepdims=True)
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "t": ("N",)},
            draws={"t": "uniform"}, sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_logistic_01")
CAUSE = "sign"
FIX = "The gradient of the negative log-likelihood is (p - t) / N; (t - p) is the ascent direction."
