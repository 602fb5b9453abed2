"""Softmax regression with weight decay, torch: L = cross_entropy(X W + b, y) + lam ||W||^2;
X (9, 7), W (7, 4), b (4,), y (9,) labels in 0..3, lam = 0.05.
"""

import torch
import torch.nn.functional as F

from verify import derivation

lam = 0.05


def loss(X, W, b, y):
    return F.cross_entropy(X @ W + b, y) + lam * (W ** 2).sum()


def grad(X, W, b, y):
    N = X.shape[0]
    scores = X @ W + b
    probs = torch.softmax(scores, dim=1)
    dscores = probs - F.one_hot(y, scores.shape[1]).to(scores.dtype)
    dscores = dscores / N
    dW = X.T @ dscores
    dW = dW + lam * W  # <- wrong
    db = dscores.sum(0)
    return dW, db


def grad_fixed(X, W, b, y):
    N = X.shape[0]
    scores = X @ W + b
    probs = torch.softmax(scores, dim=1)
    dscores = probs - F.one_hot(y, scores.shape[1]).to(scores.dtype)
    dscores = dscores / N
    dW = X.T @ dscores
    dW = dW + 2 * lam * W
    db = dscores.sum(0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (9, 7), "W": (7, 4), "b": (4,), "y": (9,)},
            draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="m_reg_01")
CAUSE = "square-factor"
FIX = "The derivative of lam ||W||^2 is 2 lam W."
