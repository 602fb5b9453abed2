"""A vanilla tanh RNN over T steps, numpy, backpropagation through time with an upstream
gradient dh on every hidden state: h_t = tanh(x_t Wx + h_{t-1} Wh + b), loss = sum(dh * h);
x (4, 5, 3) as (N, T, D), h0 (4, 6), Wx (3, 6), Wh (6, 6), b (6,), dh (4, 5, 6).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h0, Wx, Wh, b, dh):
    h = h0
    hs = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    return (dh * torch.stack(hs, dim=1)).sum()


def grad(x, h0, Wx, Wh, b, dh):
    N, T, D = x.shape
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(x[:, t] @ Wx + hs[-1] @ Wh + b))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dnext = np.zeros_like(h0)
    for t in reversed(range(T)):
        dz = (dh[:, t] + dnext) * (1 - hs[t + 1] ** 2)
        dWx += x[:, t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(axis=0)
        dnext = dz @ Wh  # <- wrong
    return dWx, dWh, db


def grad_fixed(x, h0, Wx, Wh, b, dh):
    N, T, D = x.shape
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(x[:, t] @ Wx + hs[-1] @ Wh + b))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dnext = np.zeros_like(h0)
    for t in reversed(range(T)):
        dz = (dh[:, t] + dnext) * (1 - hs[t + 1] ** 2)
        dWx += x[:, t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(axis=0)
        dnext = dz @ Wh.T
    return dWx, dWh, db


SPEC = dict(numpy=True, wrt=("Wx", "Wh", "b"),
            shapes={"x": (4, 5, 3), "h0": (4, 6), "Wx": (3, 6), "Wh": (6, 6), "b": (6,),
                    "dh": (4, 5, 6)})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "transpose"
FIX = "With h_t = tanh(... + h_{t-1} Wh), the gradient passed back to h_{t-1} is dz Wh^T."
