"""A vanilla tanh RNN unrolled over T steps, numpy BPTT:
h_t = tanh(x_t Wx + h_{t-1} Wh + b), L = 1/2 ||h_T - target||^2;
x (4, 3, 5) as (T, N, D), h0 (3, 6), Wx (5, 6), Wh (6, 6), b (6,), target (3, 6).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h0, Wx, Wh, b, target):
    h = h0
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ Wx + h @ Wh + b)
    return 0.5 * ((h - target) ** 2).sum()


def grad(x, h0, Wx, Wh, b, target):
    T = x.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(x[t].dot(Wx) + hs[-1].dot(Wh) + b))
    dh = hs[-1] - target
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros_like(b)
    for t in reversed(range(T)):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += x[t].T.dot(dz)
        dWh += hs[t].T.dot(dz)
        db += dz.sum(axis=0)
        dh = dz.dot(Wh)  # <- wrong
    return dWx, dWh, db, dh


def grad_fixed(x, h0, Wx, Wh, b, target):
    T = x.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(x[t].dot(Wx) + hs[-1].dot(Wh) + b))
    dh = hs[-1] - target
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros_like(b)
    for t in reversed(range(T)):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += x[t].T.dot(dz)
        dWh += hs[t].T.dot(dz)
        db += dz.sum(axis=0)
        dh = dz.dot(Wh.T)
    return dWx, dWh, db, dh


SPEC = dict(wrt=("Wx", "Wh", "b", "h0"),
            shapes={"x": (4, 3, 5), "h0": (3, 6), "Wx": (5, 6), "Wh": (6, 6), "b": (6,),
                    "target": (3, 6)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "transpose"
FIX = "h_t uses h_{t-1} Wh, so the gradient flowing back to h_{t-1} is dz Wh^T."
