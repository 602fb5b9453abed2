"""Multiclass SVM (hinge) loss of a linear classifier, numpy with loops over examples:
s = X W, L = 1/N sum_n sum_{j != y_n} max(0, s_nj - s_{n,y_n} + 1);
X (4, 5), W (5, 3), y (4,) labels in 0..2.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, y):
    s = X @ W
    correct = s.gather(1, y[:, None])
    margins = torch.clamp(s - correct + 1, min=0)
    margins = margins * (1 - F.one_hot(y, W.shape[1]).to(s.dtype))
    return margins.sum() / X.shape[0]


def grad(X, W, y):
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    scores = X.dot(W)
    for i in range(num_train):
        correct = scores[i, y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[i, j] - correct + 1
            if margin > 0:
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    return dW  # <- wrong


def grad_fixed(X, W, y):
    dW = np.zeros(W.shape)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    scores = X.dot(W)
    for i in range(num_train):
        correct = scores[i, y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[i, j] - correct + 1
            if margin > 0:
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    return dW / num_train


SPEC = dict(wrt="W", shapes={"X": (4, 5), "W": (5, 3), "y": (4,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="m_hinge_01")
CAUSE = "batch-mean"
FIX = "The data loss is averaged over the num_train examples, so dW is divided by num_train."
