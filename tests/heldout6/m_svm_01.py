"""Multiclass SVM (hinge) loss, numpy, vectorised like the CS231n assignment:
L = 1/N sum_i sum_{j != y_i} max(0, s_j - s_{y_i} + 1), s = X W; X (11, 6), W (6, 5).
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, y):
    s = X @ W
    sy = s.gather(1, y[:, None])
    margins = (s - sy + 1).clamp(min=0) * (1 - F.one_hot(y, s.shape[1]).to(s.dtype))
    return margins.sum() / X.shape[0]


def grad(X, W, y):
    N = X.shape[0]
    scores = X.dot(W)
    correct = scores[np.arange(N), y][:, None]
    margins = np.maximum(0, scores - correct + 1)
    margins[np.arange(N), y] = 0
    binary = (margins > 0).astype(X.dtype)
    row_sum = binary.sum(axis=1)
    binary[np.arange(N), y] = row_sum  # <- wrong
    dW = X.T.dot(binary) / N
    return dW


def grad_fixed(X, W, y):
    N = X.shape[0]
    scores = X.dot(W)
    correct = scores[np.arange(N), y][:, None]
    margins = np.maximum(0, scores - correct + 1)
    margins[np.arange(N), y] = 0
    binary = (margins > 0).astype(X.dtype)
    row_sum = binary.sum(axis=1)
    binary[np.arange(N), y] = -row_sum
    dW = X.T.dot(binary) / N
    return dW


SPEC = dict(wrt="W", shapes={"X": (11, 6), "W": (6, 5), "y": (11,)},
            draws={"y": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="m_svm_01")
CAUSE = "sign"
FIX = "The correct class's score enters every margin with a minus, so its entry is -row_sum."
