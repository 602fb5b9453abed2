"""Logistic regression with the mean binary cross-entropy:
p = sigma(X w + b), L = -(1/N) sum_n [t_n log p_n + (1 - t_n) log(1 - p_n)];
X (N, D), w (D,), b (1,), t (N,) in (0, 1).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(w, b, X, t):
    return F.binary_cross_entropy_with_logits(X @ w + b, t)


def grad(w, b, X, t):
    N = X.shape[0]
    z = X @ w + b
    p = 1.0 / (1.0 + np.exp(-z))
    err = t - p  # <- wrong
    dw = X.T @ err / N
    db = np.sum(err, keepdims=True) / N
    return dw, db


def grad_fixed(w, b, X, t):
    N = X.shape[0]
    z = X @ w + b
    p = 1.0 / (1.0 + np.exp(-z))
    err = p - t
    dw = X.T @ err / N
    db = np.sum(err, keepdims=True) / N
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": ("D",), "b": (1,), "X": ("N", "D"), "t": ("N",)},
            draws={"t": "uniform"}, sizes={"N": 6, "D": 3})
case = derivation(loss, grad, **SPEC, name="w_logistic_01")
CAUSE = "sign"
FIX = "The derivative of the cross-entropy with respect to the logit is p - t, not t - p."
