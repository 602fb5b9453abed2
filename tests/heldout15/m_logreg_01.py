"""Logistic regression with an L2 penalty, numpy:
p = sigma(X w + b), L = mean_i BCE(p_i, y_i) + lam/2 ||w||^2, lam = 0.1;
X (8, 3), y (8,) labels in {0, 1}, w (3,), b (1,).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

LAM = 0.1


def loss(X, y, w, b):
    z = X @ w + b
    return F.binary_cross_entropy_with_logits(z, y.to(z.dtype)) + 0.5 * LAM * (w ** 2).sum()


def grad(X, y, w, b):
    N = X.shape[0]
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    err = y - p  # <- wrong
    dw = X.T.dot(err) / N + LAM * w
    db = np.sum(err, keepdims=True) / N
    return dw, db


def grad_fixed(X, y, w, b):
    N = X.shape[0]
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    err = p - y
    dw = X.T.dot(err) / N + LAM * w
    db = np.sum(err, keepdims=True) / N
    return dw, db


SPEC = dict(wrt=("w", "b"), shapes={"X": (8, 3), "y": (8,), "w": (3,), "b": (1,)},
            draws={"y": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="m_logreg_01")
CAUSE = "sign"
FIX = "The derivative of the cross-entropy with respect to the logit is p - y, not y - p."
