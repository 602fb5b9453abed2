"""A character-level style RNN in numpy with per-step dicts (min-char-rnn layout, column weights):
h_t = tanh(Wxh x_t + Whh h_{t-1} + bh), y_t = Why h_t + by, L = sum_t cross-entropy(y_t, c_t), h_0 = 0;
X (T, D), c (T,) labels, Wxh (H, D), Whh (H, H), Why (C, H), bh (H,), by (C,)
with T = 5, D = 3, H = 6, C = 4.
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(X, c, Wxh, Whh, Why, bh, by):
    h = torch.zeros_like(bh)
    total = 0.0
    for t in range(X.shape[0]):
        h = torch.tanh(Wxh @ X[t] + Whh @ h + bh)
        total = total + F.cross_entropy((Why @ h + by)[None], c[t:t + 1], reduction="sum")
    return total


def grad(X, c, Wxh, Whh, Why, bh, by):
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.zeros_like(bh)
    for t in range(len(X)):
        xs[t] = X[t]
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys - ys.max()) / np.sum(np.exp(ys - ys.max()))
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(bh)
    for t in reversed(range(len(X))):
        dy = np.copy(ps[t])
        dy[c[t]] -= 1
        dWhy += np.outer(dy, hs[t])
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = dh  # <- wrong
        dbh += dhraw
        dWxh += np.outer(dhraw, xs[t])
        dWhh += np.outer(dhraw, hs[t - 1])
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh, dWhy, dbh, dby


def grad_fixed(X, c, Wxh, Whh, Why, bh, by):
    xs, hs, ps = {}, {}, {}
    hs[-1] = np.zeros_like(bh)
    for t in range(len(X)):
        xs[t] = X[t]
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys - ys.max()) / np.sum(np.exp(ys - ys.max()))
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(bh)
    for t in reversed(range(len(X))):
        dy = np.copy(ps[t])
        dy[c[t]] -= 1
        dWhy += np.outer(dy, hs[t])
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.outer(dhraw, xs[t])
        dWhh += np.outer(dhraw, hs[t - 1])
        dhnext = np.dot(Whh.T, dhraw)
    return dWxh, dWhh, dWhy, dbh, dby


SPEC = dict(wrt=("Wxh", "Whh", "Why", "bh", "by"),
            shapes={"X": ("T", "D"), "c": ("T",), "Wxh": ("H", "D"), "Whh": ("H", "H"),
                    "Why": ("C", "H"), "bh": ("H",), "by": ("C",)},
            draws={"c": ("labels", 4)}, sizes={"T": 5, "D": 3, "H": 6, "C": 4})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "activation-derivative-missing"
FIX = "Backprop through tanh multiplies by 1 - h_t^2: dhraw = (1 - hs[t] * hs[t]) * dh."
