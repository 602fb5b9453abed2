"""Multiclass SVM (hinge) loss on class scores, CS231n style, numpy gradient:
loss = 1/N sum_n sum_{j != y_n} max(0, x_nj - x_n,y_n + 1); x (N, C) scores, y (N,)
labels, N = 5, C = 4. Gradient of the scores x.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, y):
    onehot = (torch.arange(x.shape[1]) == y[:, None]).to(x.dtype)
    correct = (x * onehot).sum(dim=1, keepdim=True)
    margins = torch.clamp(x - correct + 1, min=0) * (1 - onehot)
    return margins.sum() / x.shape[0]


def grad(x, y):
    N, C = x.shape
    onehot = np.eye(C)[y]
    correct = x[np.arange(N), y][:, None]
    pos = ((x - correct + 1) > 0) * (1 - onehot)
    dx = pos / N  # <- wrong
    return dx


def grad_fixed(x, y):
    N, C = x.shape
    onehot = np.eye(C)[y]
    correct = x[np.arange(N), y][:, None]
    pos = ((x - correct + 1) > 0) * (1 - onehot)
    dx = (pos - onehot * pos.sum(axis=1, keepdims=True)) / N
    return dx


SPEC = dict(wrt="x", numpy=True, shapes={"x": ("N", "C"), "y": ("N",)},
            draws={"y": ("labels", "C")}, sizes={"N": 5, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_loss_04")
CAUSE = "missing-term"
FIX = "Every positive margin also subtracts the correct class's score, so x[n, y_n] gets -(number of positive margins) / N."
