"""A character-level tanh RNN in the style of min-char-rnn.py (numpy, column vectors, dicts
indexed by time with hs[-1] the initial state), summed cross-entropy over T = 6 steps:
h_t = tanh(Wxh x_t + Whh h_{t-1} + bh), y_t = Why h_t + by; ids, targets (6,) in 0..6,
Wxh (5, 7), Whh (5, 5), Why (7, 5), bh (5, 1), by (7, 1), h0 (5, 1).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(ids, targets, Wxh, Whh, Why, bh, by, h0):
    h = h0
    total = 0.0
    for t in range(ids.shape[0]):
        x = F.one_hot(ids[t], Wxh.shape[1]).to(Wxh.dtype)[:, None]
        h = torch.tanh(Wxh @ x + Whh @ h + bh)
        y = Why @ h + by
        total = total - F.log_softmax(y[:, 0], dim=0)[targets[t]]
    return total


def grad(ids, targets, Wxh, Whh, Why, bh, by, h0):
    V = Wxh.shape[1]
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.copy(h0)
    for t in range(len(ids)):
        xs[t] = np.zeros((V, 1))
        xs[t][ids[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys - np.max(ys)) / np.sum(np.exp(ys - np.max(ys)))
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(ids))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].T)
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t].T)  # <- wrong
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh, dWhy


def grad_fixed(ids, targets, Wxh, Whh, Why, bh, by, h0):
    V = Wxh.shape[1]
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.copy(h0)
    for t in range(len(ids)):
        xs[t] = np.zeros((V, 1))
        xs[t][ids[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys - np.max(ys)) / np.sum(np.exp(ys - np.max(ys)))
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(ids))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].T)
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh, dWhy


SPEC = dict(numpy=True, wrt=("Wxh", "Whh", "Why"),
            shapes={"ids": (6,), "targets": (6,), "Wxh": (5, 7), "Whh": (5, 5), "Why": (7, 5),
                    "bh": (5, 1), "by": (7, 1), "h0": (5, 1)},
            draws={"ids": ("labels", 7), "targets": ("labels", 7)})
case = derivation(loss, grad, **SPEC, name="m_rnn_03")
CAUSE = "wrong-layer"
FIX = "Whh multiplies the previous state, so its gradient is dhraw hs[t-1]^T, not dhraw hs[t]^T."
