"""A vanilla RNN over 4 time steps, backpropagation through time in the min-char-rnn style,
numpy: h_t = tanh(Wxh x_t + Whh h_{t-1} + bh), L = sum_t g_t . h_t;
x (4, 2), h0 (3,), Wxh (3, 2), Whh (3, 3), bh (3,), g (4, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h0, Wxh, Whh, bh, g):
    h = h0
    total = 0.0
    for t in range(x.shape[0]):
        h = torch.tanh(Wxh @ x[t] + Whh @ h + bh)
        total = total + (g[t] * h).sum()
    return total


def grad(x, h0, Wxh, Whh, bh, g):
    hs = {-1: h0}
    for t in range(len(x)):
        hs[t] = np.tanh(np.dot(Wxh, x[t]) + np.dot(Whh, hs[t - 1]) + bh)
    dWxh, dWhh, dbh = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(bh)
    dhnext = np.zeros_like(h0)
    for t in reversed(range(len(x))):
        dh = g[t] + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.outer(dhraw, x[t])
        dWhh += np.outer(dhraw, hs[t])  # <- wrong
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh, dbh


def grad_fixed(x, h0, Wxh, Whh, bh, g):
    hs = {-1: h0}
    for t in range(len(x)):
        hs[t] = np.tanh(np.dot(Wxh, x[t]) + np.dot(Whh, hs[t - 1]) + bh)
    dWxh, dWhh, dbh = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(bh)
    dhnext = np.zeros_like(h0)
    for t in reversed(range(len(x))):
        dh = g[t] + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.outer(dhraw, x[t])
        dWhh += np.outer(dhraw, hs[t - 1])
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh, dbh


SPEC = dict(wrt=("Wxh", "Whh", "bh"),
            shapes={"x": (4, 2), "h0": (3,), "Wxh": (3, 2), "Whh": (3, 3), "bh": (3,),
                    "g": (4, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "wrong-layer"
FIX = "The recurrent weight multiplies the previous state, so dWhh accumulates outer(dhraw, hs[t - 1])."
