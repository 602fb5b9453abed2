"""Softmax regression with integer labels, torch: L = cross_entropy(X W + b, y);
X (7, 5), W (5, 6), b (6,), y (7,) in 0..5.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, y):
    return F.cross_entropy(X @ W + b, y)


def grad(X, W, b, y):
    N = X.shape[0]
    scores = X @ W + b
    dscores = torch.softmax(scores, dim=1)
    dscores[:, y] -= 1  # <- wrong
    dscores /= N
    dW = X.T @ dscores
    db = dscores.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, y):
    N = X.shape[0]
    scores = X @ W + b
    dscores = torch.softmax(scores, dim=1)
    dscores[torch.arange(N), y] -= 1
    dscores /= N
    dW = X.T @ dscores
    db = dscores.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (7, 5), "W": (5, 6), "b": (6,), "y": (7,)},
            draws={"y": ("labels", 6)})
case = derivation(loss, grad, **SPEC, name="m_softmax_02")
CAUSE = "mask"
FIX = "The 1 of the one-hot label goes at (i, y_i) for each row i, not in the whole column y_i."
