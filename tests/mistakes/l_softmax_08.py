"""Softmax cross-entropy summed over the batch (reduction="sum"), integer labels, numpy.

x (N, C) scores, t (N,) labels, L = sum over n of -log softmax(x)_n,t_n.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, t):
    return F.cross_entropy(x, t, reduction="sum")


def grad(x, t):
    N = x.shape[0]
    e = np.exp(x - x.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    dx = probs.copy()
    dx[np.arange(N), t] -= 1.0
    return dx / N  # <- wrong


def grad_fixed(x, t):
    N = x.shape[0]
    e = np.exp(x - x.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    dx = probs.copy()
    dx[np.arange(N), t] -= 1.0
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "t": ("N",)}, draws={"t": ("labels", 3)},
            sizes={"N": 2, "C": 3})
case = derivation(loss, grad, **SPEC, name="l_softmax_08")
CAUSE = "batch-mean"
FIX = "Do not divide by N: the loss sums over the batch."
