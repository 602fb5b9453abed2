"""Multiclass SVM (Weston-Watkins) hinge loss summed over the examples:
s = W x_i, L = sum_i sum_{j != y_i} max(0, s_j - s_{y_i} + 1); W (3, 4), X (6, 4), y (6,) labels.
"""

import torch

from verify import derivation


def loss(W, X, y):
    S = X @ W.T
    correct = S.gather(1, y[:, None])
    margins = torch.clamp(S - correct + 1.0, min=0.0)
    margins = margins * (1 - torch.nn.functional.one_hot(y, W.shape[0]).to(S.dtype))
    return margins.sum()


def grad(W, X, y):
    C, D = len(W), len(W[0])
    Wl = W.tolist()
    dW = [[0.0] * D for _ in range(C)]
    N = len(X)
    for xi, yi in zip(X.tolist(), y.tolist(), strict=True):
        s = [sum(w_cd * x_d for w_cd, x_d in zip(row, xi, strict=True)) for row in Wl]
        for j in range(C):
            if j == yi:
                continue
            if s[j] - s[yi] + 1.0 > 0:
                for d in range(D):
                    dW[j][d] += xi[d]
                    dW[yi][d] -= xi[d]
    return [[v / N for v in row] for row in dW]  # <- wrong


def grad_fixed(W, X, y):
    C, D = len(W), len(W[0])
    Wl = W.tolist()
    dW = [[0.0] * D for _ in range(C)]
    N = len(X)
    for xi, yi in zip(X.tolist(), y.tolist(), strict=True):
        s = [sum(w_cd * x_d for w_cd, x_d in zip(row, xi, strict=True)) for row in Wl]
        for j in range(C):
            if j == yi:
                continue
            if s[j] - s[yi] + 1.0 > 0:
                for d in range(D):
                    dW[j][d] += xi[d]
                    dW[yi][d] -= xi[d]
    return dW


SPEC = dict(wrt="W", shapes={"W": (3, 4), "X": (6, 4), "y": (6,)}, draws={"y": ("labels", 3)}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_hinge_01")
CAUSE = "batch-mean"
FIX = "The loss is a sum over the examples, not a mean, so dW must not be divided by N."
