"""Binary logistic regression, numpy backward:
p = sigmoid(X w + b), L = mean_n BCE(p_n, y_n) (binary_cross_entropy_with_logits);
X (N, D), w (D,), b (1,), y (N,) labels in {0, 1}, N = 12, D = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, y, w, b):
    return F.binary_cross_entropy_with_logits(X @ w + b, y.to(X.dtype))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def grad(X, y, w, b):
    X = np.asarray(X)
    y = np.asarray(y).astype(X.dtype)
    z = X @ np.asarray(w) + np.asarray(b)
    p = sigmoid(z)
    dz = (y - p) / len(y)  # <- wrong
    dw = X.T @ dz
    db = np.array([dz.sum()])
    return dw, db


def grad_fixed(X, y, w, b):
    X = np.asarray(X)
    y = np.asarray(y).astype(X.dtype)
    z = X @ np.asarray(w) + np.asarray(b)
    p = sigmoid(z)
    dz = (p - y) / len(y)
    dw = X.T @ dz
    db = np.array([dz.sum()])
    return dw, db


SPEC = dict(wrt=("w", "b"),
            shapes={"X": ("N", "D"), "y": ("N",), "w": ("D",), "b": (1,)},
            draws={"y": ("labels", 2)}, sizes={"N": 12, "D": 5})
case = derivation(loss, grad, **SPEC, name="m_logreg_01")
CAUSE = "sign"
FIX = "The derivative of the BCE with respect to the logit is p - y, not y - p."
