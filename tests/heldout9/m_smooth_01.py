"""Cross-entropy with label smoothing eps = 0.1 in PyTorch's convention, numpy gradient:
target = (1 - eps) onehot + eps / C, L = mean_n -sum_c target log softmax(x);
x (N, C) logits, Y (N, C) one-hot with N = 8, C = 5.
"""

import numpy as np
import torch

from verify import derivation

EPS = 0.1


def loss(x, Y):
    target = (1 - EPS) * Y + EPS / Y.shape[1]
    return -(target * torch.log_softmax(x, dim=1)).sum(1).mean()


def grad(x, Y):
    x, Y = np.asarray(x), np.asarray(Y)
    N, C = x.shape
    e = np.exp(x - x.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    target = (1 - EPS) * Y + EPS * (1 - Y) / (C - 1)  # <- wrong
    dx = (probs - target) / N
    return dx


def grad_fixed(x, Y):
    x, Y = np.asarray(x), np.asarray(Y)
    N, C = x.shape
    e = np.exp(x - x.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    target = (1 - EPS) * Y + EPS / C
    dx = (probs - target) / N
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "Y": ("N", "C")}, draws={"Y": "onehot"},
            sizes={"N": 8, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_smooth_01")
CAUSE = "wrong-coefficient"
FIX = "The loss smooths with eps / C on every class (the true one keeps 1 - eps + eps / C), so target = (1 - EPS) * Y + EPS / C."
