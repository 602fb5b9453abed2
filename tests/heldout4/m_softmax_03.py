"""Softmax-with-loss in the style of "Deep Learning from Scratch", numpy, one-hot targets:
y = softmax(x) row by row, loss = -1/N sum t log y, backward dx = (y - t) / N;
x (N, C), t (N, C) one-hot, N = 3, C = 5.
"""

import numpy as np
import torch

from verify import derivation


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=0, keepdims=True)  # <- wrong


def softmax_fixed(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def loss(x, t):
    return -(t * torch.log_softmax(x, dim=-1)).sum() / x.shape[0]


def grad(x, t):
    y = softmax(x)
    batch_size = t.shape[0]
    return (y - t) / batch_size


def grad_fixed(x, t):
    y = softmax_fixed(x)
    batch_size = t.shape[0]
    return (y - t) / batch_size


SPEC = dict(numpy=True, wrt="x", shapes={"x": ("N", "C"), "t": ("N", "C")}, draws={"t": "onehot"},
            sizes={"N": 3, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_softmax_03")
CAUSE = "reduction-axis"
FIX = "Each row is normalised over its classes: the softmax's sum is over axis -1, not over the batch axis 0."
