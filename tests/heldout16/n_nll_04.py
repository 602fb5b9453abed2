"""Softmax regression trained with the negative log-likelihood, numpy:
Z = X W, L = nll_loss(log_softmax(Z), y) = -1/N sum_n log softmax(Z_n)[y_n];
X (7, 5), W (5, 4), y (7,) class labels in 0..3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, y):
    return F.nll_loss(F.log_softmax(X @ W, dim=1), y)


def grad(X, W, y):
    n = X.shape[0]
    Z = X @ W
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    Y = np.zeros_like(P)
    Y[np.arange(n), y] = 1.0
    dZ = (Y - P) / n  # <- wrong
    return X.T @ dZ


def grad_fixed(X, W, y):
    n = X.shape[0]
    Z = X @ W
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    Y = np.zeros_like(P)
    Y[np.arange(n), y] = 1.0
    dZ = (P - Y) / n
    return X.T @ dZ


SPEC = dict(wrt="W", shapes={"X": (7, 5), "W": (5, 4), "y": (7,)}, draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="n_nll_04")
CAUSE = "sign"
FIX = "The loss is the negative log-likelihood, so dL/dZ = (P - Y) / n, not the log-likelihood's (Y - P) / n."
