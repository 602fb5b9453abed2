"""Logistic regression with the mean binary cross-entropy, numpy:
p = sigma(X w + b), L = -1/N sum_n [t_n log p_n + (1 - t_n) log(1 - p_n)];
X (N, D), w (D,), b (1,), t (N,) in (0, 1) with N = 5, D = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, t):
    return F.binary_cross_entropy_with_logits(X @ w + b, t)


def grad(X, w, b, t):
    X, w, b, t = (np.asarray(a) for a in (X, w, b, t))
    N = X.shape[0]
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    dz = (t - p) / N  # <- wrong
    dw = X.T.dot(dz)
    db = np.array([dz.sum()])
    return dw, db


def grad_fixed(X, w, b, t):
    X, w, b, t = (np.asarray(a) for a in (X, w, b, t))
    N = X.shape[0]
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    dz = (p - t) / N
    dw = X.T.dot(dz)
    db = np.array([dz.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "t": ("N",)},
            draws={"t": "uniform"}, sizes={"N": 5, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_logistic_01")
CAUSE = "sign"
FIX = "The cross-entropy's gradient at the logit is p - t, not t - p."
