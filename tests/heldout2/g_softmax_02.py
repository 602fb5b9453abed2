"""CS231n's softmax_loss(x, y) in numpy, the mean cross-entropy of scores x (N, C):
L = 1/N sum_i -log softmax(x_i)_{y_i}; x (5, 4), y (5,) labels in 0..3.
"""

import numpy as np
import torch.nn.functional as F

from verify import derivation


def loss(x, y):
    """L = F.cross_entropy(x, y)."""
    return F.cross_entropy(x, y)


def softmax_loss(x, y):
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(np.log(probs[np.arange(N), y])) / N
    dx = log_probs.copy()  # <- wrong
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


def softmax_loss_fixed(x, y):
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(np.log(probs[np.arange(N), y])) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx


def grad(x, y):
    _, dx = softmax_loss(x, y)
    return dx


def grad_fixed(x, y):
    _, dx = softmax_loss_fixed(x, y)
    return dx


SPEC = dict(wrt="x", shapes={"x": (5, 4), "y": (5,)}, draws={"y": ("labels", 4)})
case = derivation(loss, grad, **SPEC, name="g_softmax_02")
CAUSE = "wrong-operand"
FIX = "The gradient starts from the probabilities, dx = probs - onehot, not from log_probs."
