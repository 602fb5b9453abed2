"""The multiclass SVM (hinge) loss, vectorised numpy as in a course's svm_loss_vectorized:
margins = max(0, s_j - s_{y_n} + 1) for j != y_n, L = sum(margins) / N, s = X W;
W (6, 5), X (9, 6), y (9,) labels in 0..4.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(W, X, y):
    scores = X @ W
    correct = scores.gather(1, y[:, None])
    margins = (scores - correct + 1).clamp(min=0)
    margins = margins * (1 - F.one_hot(y, W.shape[1]).to(W.dtype))
    return margins.sum() / X.shape[0]


def grad(W, X, y):
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


def grad_fixed(W, X, y):
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


SPEC = dict(numpy=True, wrt="W", shapes={"W": (6, 5), "X": (9, 6), "y": (9,)},
            draws={"y": ("labels", 5)})
case = derivation(loss, grad, **SPEC, name="m_loss_02")
CAUSE = "sign"
FIX = "The correct class's score enters every margin with a minus, so its column gets -row_sum."
