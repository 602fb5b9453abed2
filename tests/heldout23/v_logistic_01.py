"""Logistic regression with the mean binary cross-entropy:
p_n = sigma(w . x_n + b), L = -1/N sum_n [y_n log p_n + (1 - y_n) log(1 - p_n)];
X (5, 3), w (3,), b scalar, y (5,) labels in {0, 1}.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(w, b, X, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y.to(X.dtype))


def grad(w, b, X, y):
    N = len(y)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    err = y - p  # <- wrong
    dw = X.T @ err / N
    db = err.mean()
    return dw, db


def grad_fixed(w, b, X, y):
    N = len(y)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    err = p - y
    dw = X.T @ err / N
    db = err.mean()
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"w": (3,), "b": (), "X": (5, 3), "y": (5,)},
            draws={"y": ("labels", 2)}, sizes={})
case = derivation(loss, grad, **SPEC, name="v_logistic_01")
CAUSE = "sign"
FIX = "The derivative of the cross-entropy with respect to the logit is p - y, not y - p."
