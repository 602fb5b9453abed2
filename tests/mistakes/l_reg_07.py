"""The multiclass SVM (hinge) loss of a linear classifier, its gradient in numpy loops.

x (N, D), W (D, C), t (N,) labels, s = x W,
L = 1/N sum_n sum_{j != t_n} max(0, s_nj - s_n,t_n + 1).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(W, x, t):
    scores = x @ W
    correct = scores.gather(1, t[:, None])
    margins = torch.clamp(scores - correct + 1.0, min=0.0)
    margins = margins * (1 - F.one_hot(t, W.shape[1]).to(W.dtype))
    return margins.sum() / x.shape[0]


def grad(W, x, t):
    N, C = x.shape[0], W.shape[1]
    scores = x.dot(W)
    dW = np.zeros_like(W)
    for i in range(N):
        for j in range(C):
            if j == t[i]:
                continue
            margin = scores[i, j] - scores[i, t[i]] + 1
            if margin > 0:
                dW[:, j] += x[i]
                dW[:, t[i]] += x[i]  # <- wrong
    return dW / N


def grad_fixed(W, x, t):
    N, C = x.shape[0], W.shape[1]
    scores = x.dot(W)
    dW = np.zeros_like(W)
    for i in range(N):
        for j in range(C):
            if j == t[i]:
                continue
            margin = scores[i, j] - scores[i, t[i]] + 1
            if margin > 0:
                dW[:, j] += x[i]
                dW[:, t[i]] -= x[i]
    return dW / N


SPEC = dict(wrt="W", shapes={"W": (3, 4), "x": (5, 3), "t": (5,)}, draws={"t": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="l_reg_07")
CAUSE = "sign"
FIX = "Subtract x[i] from the correct class's column: dW[:, t[i]] -= x[i]."
