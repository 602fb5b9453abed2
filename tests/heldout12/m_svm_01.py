"""Multiclass SVM (hinge) loss with explicit loops, numpy:
s = x_i W, L = 1/N sum_i sum_{j != y_i} max(0, s_j - s_{y_i} + 1);
X (5, 3), W (3, 4), y (5,) labels in 0 .. 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, y):
    scores = X @ W
    correct = scores.gather(1, y[:, None])
    margins = torch.clamp(scores - correct + 1, min=0)
    others = 1 - torch.nn.functional.one_hot(y, W.shape[1]).to(X.dtype)
    return (margins * others).sum() / X.shape[0]


def grad(X, W, y):
    X = np.asarray(X)
    W = np.asarray(W)
    y = np.asarray(y)
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        correct = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct + 1
            if margin > 0:
                dW[:, j] += X[i]
                dW[:, y[i]] += X[i]  # <- wrong
    dW /= num_train
    return dW


def grad_fixed(X, W, y):
    X = np.asarray(X)
    W = np.asarray(W)
    y = np.asarray(y)
    dW = np.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = X[i].dot(W)
        correct = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct + 1
            if margin > 0:
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    dW /= num_train
    return dW


SPEC = dict(wrt=("W",),
            shapes={"X": (5, 3), "W": (3, 4), "y": (5,)},
            draws={"y": ("labels", 4)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_svm_01")
CAUSE = "sign"
FIX = "Each violated margin pulls the correct class's column down: dW[:, y_i] -= x_i."
