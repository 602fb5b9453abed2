"""Multiclass SVM (hinge) loss of a linear classifier in numpy, vectorised in the cs231n style:
s = X W, margins_j = max(0, s_j - s_y + 1) for j != y, L = 1/N sum_n sum_j margins;
X (5, 4), W (4, 3), integer labels y (5,) in 0..2.
"""

import numpy as np
import torch

from verify import derivation


def loss(X, W, y):
    s = X @ W
    sy = s.gather(1, y[:, None])
    others = (y[:, None] != torch.arange(s.shape[1])).to(s.dtype)
    return (torch.clamp(s - sy + 1.0, min=0) * others).sum() / X.shape[0]


def grad(X, W, y):
    N = X.shape[0]
    rows = np.arange(N)
    s = X @ W
    raw = s - s[rows, y][:, None] + 1.0
    margins = np.maximum(0, raw)
    margins[rows, y] = 0
    binary = (raw > 0).astype(X.dtype)  # <- wrong
    binary[rows, y] = -binary.sum(axis=1)
    return X.T @ binary / N


def grad_fixed(X, W, y):
    N = X.shape[0]
    rows = np.arange(N)
    s = X @ W
    raw = s - s[rows, y][:, None] + 1.0
    margins = np.maximum(0, raw)
    margins[rows, y] = 0
    binary = (margins > 0).astype(X.dtype)
    binary[rows, y] = -binary.sum(axis=1)
    return X.T @ binary / N


SPEC = dict(wrt="W", shapes={"X": (5, 4), "W": (4, 3), "y": (5,)}, draws={"y": ("labels", 3)})
case = derivation(loss, grad, **SPEC, name="k_loss_03")
CAUSE = "mask"
FIX = "Build the mask from the margins after the correct class is zeroed: binary = margins > 0."
