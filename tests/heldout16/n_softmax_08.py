"""Softmax classifier with cross-entropy averaged over the batch, torch:
Z = X W + b, L = cross_entropy(Z, y) = -1/N sum_n log softmax(Z_n)[y_n];
X (8, 5), W (5, 3), b (3,), y (8,) labels in 0..2.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, y):
    return F.cross_entropy(X @ W + b, y)


def grad(X, W, b, y):
    N = X.shape[0]
    P = torch.softmax(X @ W + b, dim=1)
    Y = F.one_hot(y, num_classes=W.shape[1]).to(P.dtype)
    dZ = (P - Y) / N                      # mean over the batch
    dW = X.T @ dZ / N  # <- wrong
    db = dZ.sum(dim=0)
    return dW, db


def grad_fixed(X, W, b, y):
    N = X.shape[0]
    P = torch.softmax(X @ W + b, dim=1)
    Y = F.one_hot(y, num_classes=W.shape[1]).to(P.dtype)
    dZ = (P - Y) / N                      # mean over the batch
    dW = X.T @ dZ
    db = dZ.sum(dim=0)
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (8, 5), "W": (5, 3), "b": (3,), "y": (8,)},
            draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="n_softmax_08")
CAUSE = "batch-mean"
FIX = "dZ already carries the 1/N of the mean, so dW = X.T @ dZ without dividing by N again."
