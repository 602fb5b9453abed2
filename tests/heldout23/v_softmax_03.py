"""Softmax classifier with L2 weight decay (vectorised, cs231n style):
scores = X W, L = -1/N sum_n log softmax(scores)[n, y_n] + reg * sum(W^2) with reg = 0.1;
W (D, C), X (N, D), y (N,) labels; N = 4, D = 3, C = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

REG = 0.1


def loss(W, X, y):
    return F.cross_entropy(X @ W, y) + REG * (W * W).sum()


def grad(W, X, y):
    N = X.shape[0]
    scores = X @ W
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW = X.T @ dscores  # <- wrong
    return dW


def grad_fixed(W, X, y):
    N = X.shape[0]
    scores = X @ W
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW = X.T @ dscores + 2 * REG * W
    return dW


SPEC = dict(wrt="W", shapes={"W": ("D", "C"), "X": ("N", "D"), "y": ("N",)},
            draws={"y": ("labels", 3)}, sizes={"N": 4, "D": 3, "C": 3})
case = derivation(loss, grad, **SPEC, name="v_softmax_03")
CAUSE = "missing-term"
FIX = "The weight-decay term reg * sum(W^2) contributes 2 reg W to dW."
