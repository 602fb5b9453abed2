"""Logistic regression as a small numpy class: p = sigmoid(X w + b), L = mean BCE(p, t);
X (N, D), w (D,), b (1,), t (N,) soft targets in (0.1, 0.9); N = 7, D = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, w, b, t):
    return F.binary_cross_entropy_with_logits(X @ w + b, t)


class LogisticRegression:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def forward(self, X):
        self.X = X
        self.p = 1.0 / (1.0 + np.exp(-(X @ self.w + self.b)))
        return self.p

    def backward(self, t):
        N = self.X.shape[0]
        err = t - self.p  # <- wrong
        self.dw = self.X.T @ err / N
        self.db = np.sum(err, keepdims=True) / N


class LogisticRegressionFixed(LogisticRegression):
    def backward(self, t):
        N = self.X.shape[0]
        err = self.p - t
        self.dw = self.X.T @ err / N
        self.db = np.sum(err, keepdims=True) / N


def grad(X, w, b, t):
    model = LogisticRegression(w, b)
    model.forward(X)
    model.backward(t)
    return model.dw, model.db


def grad_fixed(X, w, b, t):
    model = LogisticRegressionFixed(w, b)
    model.forward(X)
    model.backward(t)
    return model.dw, model.db


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "t": ("N",)},
            sizes={"N": 7, "D": 3}, draws={"t": "uniform"})
case = derivation(loss, grad, **SPEC, name="p_logreg_04")
CAUSE = "sign"
FIX = "The BCE gradient with respect to the logit is p - t, not t - p."
