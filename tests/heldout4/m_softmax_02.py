"""A CS231n-style softmax_loss(x, t) helper returning (loss, dx), numpy, one-hot targets:
loss = -1/N sum_n sum_c t_nc log softmax(x)_nc; x (N, C), t (N, C) one-hot, N = 5, C = 3.
"""

import numpy as np
import torch

from verify import derivation


def softmax_loss(x, t):
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(t * log_probs) / N
    dx = probs - t
    dx /= x.shape[1]  # <- wrong
    return loss, dx


def softmax_loss_fixed(x, t):
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(t * log_probs) / N
    dx = probs - t
    dx /= N
    return loss, dx


def loss(x, t):
    return -(t * torch.log_softmax(x, dim=1)).sum(dim=1).mean()


def grad(x, t):
    _, dx = softmax_loss(x, t)
    return dx


def grad_fixed(x, t):
    _, dx = softmax_loss_fixed(x, t)
    return dx


SPEC = dict(numpy=True, wrt="x", shapes={"x": ("N", "C"), "t": ("N", "C")}, draws={"t": "onehot"},
            sizes={"N": 5, "C": 3})
case = derivation(loss, grad, **SPEC, name="m_softmax_02")
CAUSE = "wrong-divisor"
FIX = "The loss averages over the N rows, so dx is divided by N = x.shape[0], not by the number of classes."
