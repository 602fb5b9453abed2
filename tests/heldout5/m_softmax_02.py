"""The softmax-with-loss layer of a course's layers.py, numpy: softmax_loss(x, y) returns the
mean cross-entropy over the batch and dx; x (10, 6) class scores, y (10,) labels in 0..5.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, y):
    return F.cross_entropy(x, y)


def grad(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted), axis=1, keepdims=True)
    log_probs = shifted - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return dx  # <- wrong


def grad_fixed(x, y):
    shifted = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted), axis=1, keepdims=True)
    log_probs = shifted - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return dx / N


SPEC = dict(numpy=True, wrt="x", shapes={"x": (10, 6), "y": (10,)}, draws={"y": ("labels", 6)})
case = derivation(loss, grad, **SPEC, name="m_softmax_02")
CAUSE = "batch-mean"
FIX = "The loss is the mean over the N examples, so dx must be divided by N."
