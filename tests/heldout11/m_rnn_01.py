"""A vanilla tanh RNN over T steps, backpropagation through time, numpy:
h_t = tanh(x_t Wx + h_{t-1} Wh + b), L = sum_t sum(dh_t * h_t) (upstream gradients dh_t given);
xs (T, N, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,), dhs (T, N, H) with T = 3, N = 2, D = 3, H = 4.
"""

import numpy as np
import torch

from verify import derivation


def loss(xs, h0, Wx, Wh, b, dhs):
    h = h0
    total = 0.0
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] @ Wx + h @ Wh + b)
        total = total + (dhs[t] * h).sum()
    return total


def grad(xs, h0, Wx, Wh, b, dhs):
    hs = [h0]
    for t in range(xs.shape[0]):
        hs.append(np.tanh(xs[t] @ Wx + hs[-1] @ Wh + b))
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(xs.shape[0])):
        dh = dhs[t] + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += xs[t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(axis=0)
        dh_next = dz @ Wh  # <- wrong
    return dWx, dWh, db, dh_next


def grad_fixed(xs, h0, Wx, Wh, b, dhs):
    hs = [h0]
    for t in range(xs.shape[0]):
        hs.append(np.tanh(xs[t] @ Wx + hs[-1] @ Wh + b))
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(xs.shape[0])):
        dh = dhs[t] + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += xs[t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(axis=0)
        dh_next = dz @ Wh.T
    return dWx, dWh, db, dh_next


SPEC = dict(wrt=("Wx", "Wh", "b", "h0"),
            shapes={"xs": ("T", "N", "D"), "h0": ("N", "H"), "Wx": ("D", "H"), "Wh": ("H", "H"),
                    "b": ("H",), "dhs": ("T", "N", "H")},
            draws={}, sizes={"T": 3, "N": 2, "D": 3, "H": 4})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "transpose"
FIX = "h_{t-1} enters through h_{t-1} Wh, so the gradient passed back is dz Wh^T."
