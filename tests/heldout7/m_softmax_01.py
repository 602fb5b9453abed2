"""A linear softmax classifier, CS231n style in numpy: scores = X W,
L = 1/N sum_n -log softmax(scores_n)[y_n] (the mean cross-entropy, no regulariser);
X (N, D), W (D, C), y (N,) integer labels with N = 12, D = 5, C = 3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, y):
    return F.cross_entropy(X @ W, y)


def grad(X, W, y):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores)  # <- wrong
    return dW


def grad_fixed(X, W, y):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(num_train), y] -= 1
    dW = X.T.dot(dscores) / num_train
    return dW


SPEC = dict(wrt="W",
            shapes={"X": (12, 5), "W": (5, 3), "y": (12,)},
            draws={"y": ("labels", 3)}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "batch-mean"
FIX = "The loss is the mean over the batch, so dW = X^T dscores / num_train."
