"""CS231n's softmax_loss_vectorized(W, X, y, reg): the mean cross-entropy of a linear
classifier plus reg * sum(W * W) with reg = 0.1; W (D, C), X (N, D), y (N,) labels.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

REG = 0.1


def loss(W, X, y):
    return F.cross_entropy(X @ W, y) + REG * (W * W).sum()


def softmax_loss_vectorized(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(num_train), y])) / num_train
    loss += reg * np.sum(W * W)
    dscores = probs
    dscores[np.arange(num_train), y] -= 1
    dscores /= num_train
    dW = X.T.dot(dscores)  # <- wrong
    return loss, dW


def softmax_loss_vectorized_fixed(W, X, y, reg):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    exp_scores = np.exp(scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    loss = -np.sum(np.log(probs[np.arange(num_train), y])) / num_train
    loss += reg * np.sum(W * W)
    dscores = probs
    dscores[np.arange(num_train), y] -= 1
    dscores /= num_train
    dW = X.T.dot(dscores) + 2 * reg * W
    return loss, dW


def grad(W, X, y):
    _, dW = softmax_loss_vectorized(W, X, y, REG)
    return dW


def grad_fixed(W, X, y):
    _, dW = softmax_loss_vectorized_fixed(W, X, y, REG)
    return dW


SPEC = dict(wrt="W", shapes={"W": (4, 3), "X": (6, 4), "y": (6,)}, draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="g_reg_02")
CAUSE = "missing-term"
FIX = "The loss includes reg * sum(W * W), so dW gets + 2 * reg * W."
