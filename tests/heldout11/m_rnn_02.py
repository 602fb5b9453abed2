"""A tanh RNN with step_forward / step_backward helpers (cache per step), numpy:
h_t = tanh(x_t Wx + h_{t-1} Wh + b), L = sum(dhT * h_T) on the last state only;
xs (4, 2, 3), h0 (2, 5), Wx (3, 5), Wh (5, 5), b (5,), dhT (2, 5).
"""

import numpy as np
import torch

from verify import derivation


def loss(xs, h0, Wx, Wh, b, dhT):
    h = h0
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] @ Wx + h @ Wh + b)
    return (dhT * h).sum()


def step_forward(x, h_prev, Wx, Wh, b):
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, (x, h_prev, h, Wx, Wh)


def step_backward(dh, cache):
    x, h_prev, h, Wx, Wh = cache
    dz = dh * (1 - h * h)
    dWx = x.T @ dz
    dWh = h.T @ dz  # <- wrong
    db = dz.sum(axis=0)
    dh_prev = dz @ Wh.T
    return dh_prev, dWx, dWh, db


def step_backward_fixed(dh, cache):
    x, h_prev, h, Wx, Wh = cache
    dz = dh * (1 - h * h)
    dWx = x.T @ dz
    dWh = h_prev.T @ dz
    db = dz.sum(axis=0)
    dh_prev = dz @ Wh.T
    return dh_prev, dWx, dWh, db


def grad(xs, h0, Wx, Wh, b, dhT):
    h, caches = h0, []
    for t in range(xs.shape[0]):
        h, cache = step_forward(xs[t], h, Wx, Wh, b)
        caches.append(cache)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh = dhT
    for cache in reversed(caches):
        dh, gx, gh, gb = step_backward(dh, cache)
        dWx, dWh, db = dWx + gx, dWh + gh, db + gb
    return dWx, dWh, db


def grad_fixed(xs, h0, Wx, Wh, b, dhT):
    h, caches = h0, []
    for t in range(xs.shape[0]):
        h, cache = step_forward(xs[t], h, Wx, Wh, b)
        caches.append(cache)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh = dhT
    for cache in reversed(caches):
        dh, gx, gh, gb = step_backward_fixed(dh, cache)
        dWx, dWh, db = dWx + gx, dWh + gh, db + gb
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"xs": (4, 2, 3), "h0": (2, 5), "Wx": (3, 5), "Wh": (5, 5), "b": (5,),
                    "dhT": (2, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "wrong-layer"
FIX = "Wh multiplies the previous state, so its gradient is h_prev^T dz, not h^T dz of the current step."
