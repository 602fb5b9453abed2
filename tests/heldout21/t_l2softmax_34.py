"""Softmax regression with an L2 weight penalty, numpy.

scores = X W, L = mean cross-entropy + 0.5 * lam * sum(W^2), lam = 0.05;
X (5, 4), W (4, 3), y (5,) labels in 0..2.  Gradient with respect to W.
Mistake: the regulariser's gradient lam * W is never added to dW.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation

REG = 0.05


def loss(W, X, y):
    return F.cross_entropy(X @ W, y) + 0.5 * REG * (W ** 2).sum()


def grad(W, X, y):
    num_train = X.shape[0]
    scores = X @ W
    scores = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(scores)
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(num_train), y] -= 1.0
    dW = X.T @ p / num_train  # <- wrong
    return dW


def grad_fixed(W, X, y):
    num_train = X.shape[0]
    scores = X @ W
    scores = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(scores)
    p = p / p.sum(axis=1, keepdims=True)
    p[np.arange(num_train), y] -= 1.0
    dW = X.T @ p / num_train + REG * W
    return dW


SPEC = dict(wrt="W", shapes={"W": (4, 3), "X": (5, 4), "y": (5,)}, draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="t_l2softmax_34")
CAUSE = "missing-term"
FIX = "The penalty 0.5 * lam * ||W||^2 contributes lam * W, which must be added to dW."
