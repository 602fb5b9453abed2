"""A linear softmax classifier with weight decay written into the loss, in numpy:
L = mean CE(X W + b, y) + reg * sum(W^2), reg = 0.05; X (5, 3), W (3, 4), b (4,),
integer labels y (5,) in 0..3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(X, W, b, y):
    return F.cross_entropy(X @ W + b, y) + 0.05 * (W ** 2).sum()


def grad(X, W, b, y):
    N = X.shape[0]
    reg = 0.05
    s = X @ W + b
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    p[np.arange(N), y] -= 1
    dW = X.T @ p / N
    dW += reg * W  # <- wrong
    db = p.sum(axis=0) / N
    return dW, db


def grad_fixed(X, W, b, y):
    N = X.shape[0]
    reg = 0.05
    s = X @ W + b
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    p[np.arange(N), y] -= 1
    dW = X.T @ p / N
    dW += 2 * reg * W
    db = p.sum(axis=0) / N
    return dW, db


SPEC = dict(wrt=("W", "b"), shapes={"X": (5, 3), "W": (3, 4), "b": (4,), "y": (5,)},
            draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="k_reg_04")
CAUSE = "square-factor"
FIX = "d/dW of reg * sum(W^2) is 2 * reg * W."
