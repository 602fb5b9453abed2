"""The multiclass SVM (hinge) loss, vectorised numpy backward as in the course assignment:
margins_nj = max(0, s_nj - s_ny + 1) for j != y_n, L = (1/N) sum margins, s = X W;
X (N, D), W (D, C), y (N,) with N = 8, D = 4, C = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, y, W):
    scores = X @ W
    correct = scores.gather(1, y[:, None])
    margins = torch.relu(scores - correct + 1.0) * (1 - F.one_hot(y, W.shape[1]))
    return margins.sum() / X.shape[0]


def grad(X, y, W):
    X, y, W = np.asarray(X), np.asarray(y), np.asarray(W)
    N = X.shape[0]
    scores = X @ W
    correct = scores[np.arange(N), y][:, None]
    margins = np.maximum(0, scores - correct + 1.0)
    margins[np.arange(N), y] = 0
    binary = (margins >= 0).astype(X.dtype)  # <- wrong
    binary[np.arange(N), y] = -binary.sum(axis=1)
    return X.T @ binary / N


def grad_fixed(X, y, W):
    X, y, W = np.asarray(X), np.asarray(y), np.asarray(W)
    N = X.shape[0]
    scores = X @ W
    correct = scores[np.arange(N), y][:, None]
    margins = np.maximum(0, scores - correct + 1.0)
    margins[np.arange(N), y] = 0
    binary = (margins > 0).astype(X.dtype)
    binary[np.arange(N), y] = -binary.sum(axis=1)
    return X.T @ binary / N


SPEC = dict(wrt="W", shapes={"X": ("N", "D"), "y": ("N",), "W": ("D", "C")},
            draws={"y": ("labels", 3)}, sizes={"N": 8, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_svm_01")
CAUSE = "mask"
FIX = "Only the classes whose margin is positive count: binary = margins > 0, not >= 0."
