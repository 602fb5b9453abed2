"""Softmax regression with an L1 penalty, numpy:
L = cross_entropy(X W, y) + lam * sum |W|; X (10, 6), W (6, 4), y (10,) in 0..3, lam = 0.02.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

lam = 0.02


def loss(X, W, y):
    return F.cross_entropy(X @ W, y) + lam * W.abs().sum()


def grad(X, W, y):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores) / np.sum(np.exp(scores), axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(num_train), y] -= 1
    dscores /= num_train
    dW = X.T.dot(dscores)  # <- wrong
    return dW


def grad_fixed(X, W, y):
    num_train = X.shape[0]
    scores = X.dot(W)
    scores -= np.max(scores, axis=1, keepdims=True)
    probs = np.exp(scores) / np.sum(np.exp(scores), axis=1, keepdims=True)
    dscores = probs
    dscores[np.arange(num_train), y] -= 1
    dscores /= num_train
    dW = X.T.dot(dscores) + lam * np.sign(W)
    return dW


SPEC = dict(wrt="W", shapes={"X": (10, 6), "W": (6, 4), "y": (10,)},
            draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="m_reg_02")
CAUSE = "missing-term"
FIX = "The penalty lam * sum |W| adds lam * sign(W) to dW."
