"""A two-step LSTM from zero state, loss on the last hidden state, torch BPTT with per-step caches:
a_t = x_t Wx + h_{t-1} Wh + b, gates (i, f, o, g), c_t = f c_{t-1} + i g, h_t = o tanh(c_t), L = sum(G * h_T);
x (2, 3, 4), Wx (4, 8), Wh (2, 8), b (8,), G (3, 2): T = 2, N = 3, D = 4, H = 2.
"""

import torch

from verify import derivation


def loss(x, G, Wx, Wh, b):
    H = Wh.shape[0]
    h = torch.zeros(x.shape[1], H, dtype=x.dtype)
    c = torch.zeros_like(h)
    for t in range(x.shape[0]):
        a = x[t] @ Wx + h @ Wh + b
        i, f, o = (torch.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
        c = f * c + i * torch.tanh(a[:, 3 * H:])
        h = o * torch.tanh(c)
    return (G * h).sum()


def forward(x, Wx, Wh, b):
    H = Wh.shape[0]
    h = torch.zeros(x.shape[1], H, dtype=x.dtype)
    c = torch.zeros_like(h)
    caches = []
    for t in range(x.shape[0]):
        a = x[t] @ Wx + h @ Wh + b
        i, f, o = (torch.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
        g = torch.tanh(a[:, 3 * H:])
        c_prev, h_prev = c, h
        c = f * c_prev + i * g
        h = o * torch.tanh(c)
        caches.append((x[t], h_prev, c_prev, i, f, o, g, c))
    return caches


def grad(x, G, Wx, Wh, b):
    caches = forward(x, Wx, Wh, b)
    dWx, dWh, db = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(b)
    dh, dc = G, torch.zeros_like(G)
    for t in reversed(range(len(caches))):
        xt, h_prev, c_prev, i, f, o, g, c = caches[t]
        tc = torch.tanh(c)
        do = dh * torch.tanh(c_prev) * o * (1 - o)  # <- wrong
        dc = dc + dh * o * (1 - tc * tc)
        di = dc * g * i * (1 - i)
        df = dc * c_prev * f * (1 - f)
        dg = dc * i * (1 - g * g)
        da = torch.cat([di, df, do, dg], dim=1)
        dWx = dWx + xt.T @ da
        dWh = dWh + h_prev.T @ da
        db = db + da.sum(0)
        dh = da @ Wh.T
        dc = dc * f
    return dWx, dWh, db


def grad_fixed(x, G, Wx, Wh, b):
    caches = forward(x, Wx, Wh, b)
    dWx, dWh, db = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(b)
    dh, dc = G, torch.zeros_like(G)
    for t in reversed(range(len(caches))):
        xt, h_prev, c_prev, i, f, o, g, c = caches[t]
        tc = torch.tanh(c)
        do = dh * tc * o * (1 - o)
        dc = dc + dh * o * (1 - tc * tc)
        di = dc * g * i * (1 - i)
        df = dc * c_prev * f * (1 - f)
        dg = dc * i * (1 - g * g)
        da = torch.cat([di, df, do, dg], dim=1)
        dWx = dWx + xt.T @ da
        dWh = dWh + h_prev.T @ da
        db = db + da.sum(0)
        dh = da @ Wh.T
        dc = dc * f
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": (2, 3, 4), "G": (3, 2), "Wx": (4, 8), "Wh": (2, 8), "b": (8,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_02")
CAUSE = "wrong-operand"
FIX = "h_t = o tanh(c_t) uses this step's cell, so do = dh * tanh(c) * o * (1 - o), not tanh(c_prev)."
