"""A vanilla RNN through time, read out by torch's mean squared error, numpy:
h_t = tanh(x_t Wx + h_{t-1} Wh + b), h_0 = 0, y = h_T Wy, L = mse_loss(y, t);
x (T, N, D), Wx (D, H), Wh (H, H), b (H,), Wy (H, K), t (N, K).
"""

import numpy as np
import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, Wx, Wh, b, Wy, t):
    h = torch.zeros(x.shape[1], Wh.shape[0], dtype=x.dtype)
    for xt in x:
        h = torch.tanh(xt @ Wx + h @ Wh + b)
    return F.mse_loss(h @ Wy, t)


def grad(x, Wx, Wh, b, Wy, t):
    T, N, _ = x.shape
    H = Wh.shape[0]
    hs = [np.zeros((N, H))]
    for step in range(T):
        hs.append(np.tanh(x[step] @ Wx + hs[-1] @ Wh + b))
    y = hs[-1] @ Wy
    dy = 2 * (y - t) / y.size
    dWy = hs[-1].T @ dy
    dh = dy @ Wy.T
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    for step in range(T - 1, -1, -1):
        da = dh * (1 - hs[step + 1] ** 2)
        dWx += x[step].T @ da
        dWh += hs[step].T @ da
        db += da.sum(axis=0)
        dh = da @ Wh  # <- wrong
    return dWx, dWh, db, dWy


def grad_fixed(x, Wx, Wh, b, Wy, t):
    T, N, _ = x.shape
    H = Wh.shape[0]
    hs = [np.zeros((N, H))]
    for step in range(T):
        hs.append(np.tanh(x[step] @ Wx + hs[-1] @ Wh + b))
    y = hs[-1] @ Wy
    dy = 2 * (y - t) / y.size
    dWy = hs[-1].T @ dy
    dh = dy @ Wy.T
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    for step in range(T - 1, -1, -1):
        da = dh * (1 - hs[step + 1] ** 2)
        dWx += x[step].T @ da
        dWh += hs[step].T @ da
        db += da.sum(axis=0)
        dh = da @ Wh.T
    return dWx, dWh, db, dWy


SPEC = dict(wrt=("Wx", "Wh", "b", "Wy"),
            shapes={"x": ("T", "N", "D"), "Wx": ("D", "H"), "Wh": ("H", "H"), "b": ("H",),
                    "Wy": ("H", "K"), "t": ("N", "K")},
            draws={}, sizes={"T": 4, "N": 3, "D": 2, "H": 4, "K": 2})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "transpose"
FIX = "The gradient flows back through h_{t-1} Wh, so dh_{t-1} = da Wh^T."
