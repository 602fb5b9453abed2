"""Logistic regression trained with binary cross-entropy, numpy class with a gradient method.

p = sigmoid(X w + b), L = -mean(y log p + (1 - y) log(1 - p)); X (6, 4), w (4,), b (1,),
y (6,) soft targets in (0, 1).  Gradients with respect to w and b.
Mistake: the error is written y - p (the direction of gradient ascent on the
log-likelihood) instead of p - y, so both gradients come out with the wrong sign.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(w, b, X, y):
    return F.binary_cross_entropy_with_logits(X @ w + b, y)


class LogisticRegression:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def predict_proba(self, X):
        return 1.0 / (1.0 + np.exp(-(X.dot(self.w) + self.b)))

    def gradient(self, X, y):
        m = X.shape[0]
        p = self.predict_proba(X)
        error = y - p  # <- wrong
        dw = X.T.dot(error) / m
        db = np.sum(error, keepdims=True) / m
        return dw, db


class LogisticRegressionFixed(LogisticRegression):
    def gradient(self, X, y):
        m = X.shape[0]
        p = self.predict_proba(X)
        error = p - y
        dw = X.T.dot(error) / m
        db = np.sum(error, keepdims=True) / m
        return dw, db


def grad(w, b, X, y):
    return LogisticRegression(w, b).gradient(X, y)


def grad_fixed(w, b, X, y):
    return LogisticRegressionFixed(w, b).gradient(X, y)


SPEC = dict(wrt=("w", "b"), shapes={"w": (4,), "b": (1,), "X": (6, 4), "y": (6,)},
            draws={"y": "uniform"})
case = derivation(loss, grad, **SPEC, name="t_logreg_04")
CAUSE = "sign"
FIX = "The gradient of the cross-entropy uses the error p - y, not the ascent direction y - p."
