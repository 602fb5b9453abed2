"""Logistic regression trained with the mean binary cross-entropy, numpy flat function:
p = sigma(X w + b), L = -mean(y log p + (1 - y) log(1 - p)); X (14, 5), w (5,), b (1,),
y (14,) labels 0 or 1.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(w, b, X, y):
    z = X @ w + b
    return F.binary_cross_entropy_with_logits(z, y.to(z.dtype))


def grad(w, b, X, y):
    N = X.shape[0]
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    err = y - p  # <- wrong
    dw = X.T.dot(err) / N
    db = np.sum(err, keepdims=True) / N
    return dw, db


def grad_fixed(w, b, X, y):
    N = X.shape[0]
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    err = p - y
    dw = X.T.dot(err) / N
    db = np.sum(err, keepdims=True) / N
    return dw, db


SPEC = dict(numpy=True, wrt=("w", "b"), shapes={"w": (5,), "b": (1,), "X": (14, 5), "y": (14,)},
            draws={"y": ("labels", 2)})
case = derivation(loss, grad, **SPEC, name="m_logreg_01")
CAUSE = "sign"
FIX = "The gradient of the cross-entropy with respect to z is p - y, not y - p."
