"""A linear softmax classifier with L2 regularisation, numpy, in the style of a course's
softmax_loss_vectorized(W, X, y, reg): L = mean_n -log p[n, y_n] + reg * sum(W * W),
reg = 0.1; W (7, 4), X (10, 7), y (10,) integer labels in 0..3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

REG = 0.1


def loss(W, X, y):
    scores = X @ W
    return F.cross_entropy(scores, y) + REG * (W * W).sum()


def grad(W, X, y):
    N = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW = X.T.dot(dscores)
    dW += REG * W  # <- wrong
    return dW


def grad_fixed(W, X, y):
    N = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1
    dscores /= N
    dW = X.T.dot(dscores)
    dW += 2 * REG * W
    return dW


SPEC = dict(numpy=True, wrt="W", shapes={"W": (7, 4), "X": (10, 7), "y": (10,)},
            draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="m_reg_01")
CAUSE = "square-factor"
FIX = "The penalty reg * sum(W * W) differentiates to 2 * reg * W, not reg * W."
