"""Softmax with cross-entropy on integer labels, averaged over the batch, numpy:
p = softmax(x) row by row, L = -(1/N) sum_n log p_{n, y_n}; x (N, C), y (N,) labels.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, y):
    return F.cross_entropy(x, y)


def grad(x, y):
    n = x.shape[0]
    shifted = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(shifted)
    p = e / np.sum(e, axis=1, keepdims=True)
    dx = p.copy()
    dx[np.arange(n), y] -= 1
    return dx  # <- wrong


def grad_fixed(x, y):
    n = x.shape[0]
    shifted = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(shifted)
    p = e / np.sum(e, axis=1, keepdims=True)
    dx = p.copy()
    dx[np.arange(n), y] -= 1
    return dx / n


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "y": ("N",)}, draws={"y": ("labels", 3)},
            sizes={"N": 4, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "batch-mean"
FIX = "The loss is a mean over the N examples, so dx = (p - onehot(y)) / N."
