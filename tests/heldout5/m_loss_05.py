"""A linear model trained with the Huber loss (delta = 1.5, mean over examples), numpy:
r = X w + b - y, L = mean(1/2 r^2 if |r| <= delta else delta (|r| - delta/2));
X (12, 4), w (4,), b (1,), y (12,).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

DELTA = 1.5


def loss(w, b, X, y):
    return F.huber_loss(X @ w + b, y, delta=DELTA)


def grad(w, b, X, y):
    N = X.shape[0]
    r = X.dot(w) + b - y
    g = np.where(np.abs(r) <= DELTA, r, np.sign(r))  # <- wrong
    g = g / N
    dw = X.T.dot(g)
    db = np.sum(g, keepdims=True)
    return dw, db


def grad_fixed(w, b, X, y):
    N = X.shape[0]
    r = X.dot(w) + b - y
    g = np.where(np.abs(r) <= DELTA, r, DELTA * np.sign(r))
    g = g / N
    dw = X.T.dot(g)
    db = np.sum(g, keepdims=True)
    return dw, db


SPEC = dict(numpy=True, wrt=("w", "b"), shapes={"w": (4,), "b": (1,), "X": (12, 4), "y": (12,)})
case = derivation(loss, grad, **SPEC, name="m_loss_05")
CAUSE = "wrong-coefficient"
FIX = "In the linear region the Huber gradient is delta * sign(r), not sign(r)."
