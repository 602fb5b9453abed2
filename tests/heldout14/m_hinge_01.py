"""Multiclass SVM (hinge) loss summed over the examples, vectorised numpy:
s = X W, L = sum_i sum_{j != y_i} max(0, s_ij - s_{i,y_i} + 1); X (6, 4), W (4, 3), y (6,) labels.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, y):
    s = X @ W
    correct = s.gather(1, y[:, None])
    margins = (s - correct + 1).clamp(min=0)
    margins = margins.masked_fill(F.one_hot(y, W.shape[1]).bool(), 0.0)
    return margins.sum()


def grad(X, W, y):
    n = X.shape[0]
    scores = X.dot(W)
    correct = scores[np.arange(n), y][:, None]
    margins = np.maximum(0, scores - correct + 1)
    margins[np.arange(n), y] = 0
    coeff = (margins > 0).astype(float)
    coeff[np.arange(n), y] = -coeff.sum(axis=1)
    dW = X.T.dot(coeff) / n  # <- wrong
    return dW


def grad_fixed(X, W, y):
    n = X.shape[0]
    scores = X.dot(W)
    correct = scores[np.arange(n), y][:, None]
    margins = np.maximum(0, scores - correct + 1)
    margins[np.arange(n), y] = 0
    coeff = (margins > 0).astype(float)
    coeff[np.arange(n), y] = -coeff.sum(axis=1)
    dW = X.T.dot(coeff)
    return dW


SPEC = dict(wrt="W", shapes={"X": (6, 4), "W": (4, 3), "y": (6,)}, draws={"y": ("labels", 3)},
            sizes={})
case = derivation(loss, grad, **SPEC, name="m_hinge_01")
CAUSE = "batch-mean"
FIX = "This loss sums over the examples, so dW = X^T coeff with no division by N."
