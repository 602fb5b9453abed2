"""Softmax loss written like a course solution, numpy: softmax_loss(x, y) returns the mean
cross-entropy of the scores x and its gradient dx;
x (N, C) scores, Y (N, C) one-hot labels with N = 8, C = 5.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, Y):
    return -(Y * torch.log_softmax(x, dim=1)).sum(1).mean()


def softmax_loss(x, y):
    """Computes the loss and gradient for softmax classification.

    x: input data of shape (N, C); y: labels of shape (N,), 0 <= y[i] < C.
    """
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return loss, dx  # <- wrong


def softmax_loss_fixed(x, y):
    """Computes the loss and gradient for softmax classification.

    x: input data of shape (N, C); y: labels of shape (N,), 0 <= y[i] < C.
    """
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return loss, dx / N


def grad(x, Y):
    y = np.asarray(Y).argmax(axis=1)
    _, dx = softmax_loss(np.asarray(x), y)
    return dx


def grad_fixed(x, Y):
    y = np.asarray(Y).argmax(axis=1)
    _, dx = softmax_loss_fixed(np.asarray(x), y)
    return dx


SPEC = dict(wrt="x", shapes={"x": ("N", "C"), "Y": ("N", "C")}, draws={"Y": "onehot"},
            sizes={"N": 8, "C": 5})
case = derivation(loss, grad, **SPEC, name="m_softmax_01")
CAUSE = "batch-mean"
FIX = "The loss is averaged over the N examples, so dx must be divided by N too."
