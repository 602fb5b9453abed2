"""A multiclass SVM (hinge loss) written like the course's svm_loss_vectorized, numpy:
scores = X W, L = 1/N sum_i sum_{j != y_i} max(0, s_j - s_{y_i} + 1) + reg ||W||^2
with reg = 0.05; X (N, D), W (D, C), Y (N, C) one-hot with N = 10, D = 6, C = 4.
"""

import numpy as np
import torch

from verify import derivation

REG = 0.05


def loss(W, X, Y):
    scores = X @ W
    correct = (scores * Y).sum(1, keepdim=True)
    margins = torch.relu(scores - correct + 1) * (1 - Y)
    return margins.sum(1).mean() + REG * (W ** 2).sum()


def grad(W, X, Y):
    W, X = np.asarray(W), np.asarray(X)
    y = np.asarray(Y).argmax(axis=1)
    num_train = X.shape[0]
    scores = X.dot(W)
    correct_class_scores = scores[np.arange(num_train), y][:, np.newaxis]
    margins = np.maximum(0, scores - correct_class_scores + 1)
    margins[np.arange(num_train), y] = 0
    binary = (margins > 0).astype(W.dtype)
    binary[np.arange(num_train), y] = -np.sum(binary, axis=1)
    dW = X.T.dot(binary)  # <- wrong
    dW += 2 * REG * W
    return dW


def grad_fixed(W, X, Y):
    W, X = np.asarray(W), np.asarray(X)
    y = np.asarray(Y).argmax(axis=1)
    num_train = X.shape[0]
    scores = X.dot(W)
    correct_class_scores = scores[np.arange(num_train), y][:, np.newaxis]
    margins = np.maximum(0, scores - correct_class_scores + 1)
    margins[np.arange(num_train), y] = 0
    binary = (margins > 0).astype(W.dtype)
    binary[np.arange(num_train), y] = -np.sum(binary, axis=1)
    dW = X.T.dot(binary) / num_train
    dW += 2 * REG * W
    return dW


SPEC = dict(wrt="W", shapes={"W": ("D", "C"), "X": ("N", "D"), "Y": ("N", "C")},
            draws={"Y": "onehot"}, sizes={"N": 10, "D": 6, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_hinge_01")
CAUSE = "batch-mean"
FIX = "The data loss is averaged over num_train examples, so dW = X.T.dot(binary) / num_train."
