"""Softmax with cross-entropy in numpy, one-hot targets, the gradient of the scores.

x (N, C) scores, t (N, C) one-hot, y = softmax(x), L = -1/N sum_n sum_c t_nc log y_nc.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, t):
    return -(t * torch.log_softmax(x, dim=1)).sum() / x.shape[0]


def grad(x, t):
    N = x.shape[0]
    scores = x - np.max(x, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    dx = (scores - t) / N  # <- wrong
    return dx


def grad_fixed(x, t):
    N = x.shape[0]
    scores = x - np.max(x, axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= np.sum(probs, axis=1, keepdims=True)
    dx = (probs - t) / N
    return dx


SPEC = dict(wrt="x", shapes={"x": (3, 5), "t": (3, 5)}, draws={"t": "onehot"})
case = derivation(loss, grad, **SPEC, name="l_softmax_04")
CAUSE = "wrong-operand"
FIX = "Subtract t from the probabilities, not from the shifted scores."
