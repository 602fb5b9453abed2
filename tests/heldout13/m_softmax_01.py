"""Softmax regression with the mean cross-entropy over integer labels, numpy:
s = X W, L = -1/N sum_n log softmax(s_n)[y_n]; X (N, D), W (D, C), y (N,) in 0 .. C - 1
with N = 4, D = 3, C = 5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, y):
    return F.cross_entropy(X @ W, y)


def grad(X, W, y):
    X = np.asarray(X)
    W = np.asarray(W)
    y = np.asarray(y).astype(np.int64)
    N = X.shape[0]
    scores = X @ W
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs = probs / probs.sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1.0
    dW = X.T @ dscores  # <- wrong
    return dW


def grad_fixed(X, W, y):
    X = np.asarray(X)
    W = np.asarray(W)
    y = np.asarray(y).astype(np.int64)
    N = X.shape[0]
    scores = X @ W
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs = probs / probs.sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1.0
    dW = X.T @ dscores / N
    return dW


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "W": ("D", "C"), "y": ("N",)},
            draws={"y": ("labels", 5)}, sizes={"N": 4, "D": 3, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "batch-mean"
FIX = "F.cross_entropy averages over the batch, so dW = X^T dscores / N."
