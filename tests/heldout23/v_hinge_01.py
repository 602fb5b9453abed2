"""Multiclass SVM (Weston-Watkins) hinge loss summed over the batch, loop version:
s = X W, L = sum_n sum_{j != y_n} max(0, s[n, j] - s[n, y_n] + 1);
X (N, D), W (D, C), y (N,) labels; N = 3, D = 4, C = 3.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(W, X, y):
    s = X @ W
    correct = s.gather(1, y[:, None])
    margins = torch.clamp(s - correct + 1, min=0)
    margins = margins * (1 - F.one_hot(y, W.shape[1]).to(s.dtype))
    return margins.sum()


def grad(W, X, y):
    N = X.shape[0]
    dW = np.zeros_like(W)
    for n in range(N):
        s = X[n] @ W
        for j in range(W.shape[1]):
            if j == y[n]:
                continue
            if s[j] - s[y[n]] + 1 > 0:
                dW[:, j] += X[n]
                dW[:, y[n]] -= X[n]
    return dW / N  # <- wrong


def grad_fixed(W, X, y):
    N = X.shape[0]
    dW = np.zeros_like(W)
    for n in range(N):
        s = X[n] @ W
        for j in range(W.shape[1]):
            if j == y[n]:
                continue
            if s[j] - s[y[n]] + 1 > 0:
                dW[:, j] += X[n]
                dW[:, y[n]] -= X[n]
    return dW


SPEC = dict(wrt="W", shapes={"W": ("D", "C"), "X": ("N", "D"), "y": ("N",)},
            draws={"y": ("labels", 3)}, sizes={"N": 3, "D": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="v_hinge_01")
CAUSE = "batch-mean"
FIX = "The loss is a sum over the batch, not a mean, so dW is not divided by N."
