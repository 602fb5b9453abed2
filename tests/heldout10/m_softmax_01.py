"""Softmax loss written like a course solution, numpy backward:
L = (1/N) sum_n -log softmax(x_n)[y_n] (F.cross_entropy); x (N, C) scores, y (N,) labels,
N = 8, C = 5; the gradient is taken with respect to the scores x.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, y):
    return F.cross_entropy(x, y)


def grad(x, y):
    x, y = np.asarray(x), np.asarray(y)
    shifted = x - np.max(x, axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= np.sum(probs, axis=1, keepdims=True)
    N = x.shape[0]
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return dx  # <- wrong


def grad_fixed(x, y):
    x, y = np.asarray(x), np.asarray(y)
    shifted = x - np.max(x, axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= np.sum(probs, axis=1, keepdims=True)
    N = x.shape[0]
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return dx / N


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "y": ("N",)},
            draws={"y": ("labels", 5)}, sizes={"N": 8, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "batch-mean"
FIX = "The loss averages over the N rows, so return dx / N."
