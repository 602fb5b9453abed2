"""One LSTM cell step, torch backward (gates i, f, o, g stacked in that order):
c = f * c_prev + i * g, h = o * tanh(c), L = sum(dh * h);
x (N, D), h_prev, c_prev (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,) with N = 3, D = 4, H = 3.
"""

import torch

from verify import derivation


def loss(x, h_prev, c_prev, Wx, Wh, b, dh):
    a = x @ Wx + h_prev @ Wh + b
    i, f, o, g = a.chunk(4, dim=1)
    c = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    return (dh * torch.sigmoid(o) * torch.tanh(c)).sum()


def grad(x, h_prev, c_prev, Wx, Wh, b, dh):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = torch.tanh(c)
    do = dh * tc
    dc = dh * o * (1 - c ** 2)  # <- wrong
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    da = torch.cat([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)],
                   dim=1)
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(0)
    dc_prev = dc * f
    return dWx, dWh, db, dc_prev


def grad_fixed(x, h_prev, c_prev, Wx, Wh, b, dh):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = torch.tanh(c)
    do = dh * tc
    dc = dh * o * (1 - tc ** 2)
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    da = torch.cat([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)],
                   dim=1)
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(0)
    dc_prev = dc * f
    return dWx, dWh, db, dc_prev


SPEC = dict(wrt=("Wx", "Wh", "b", "c_prev"),
            shapes={"x": ("N", "D"), "h_prev": ("N", "H"), "c_prev": ("N", "H"),
                    "Wx": ("D", "G"), "Wh": ("H", "G"), "b": ("G",), "dh": ("N", "H")},
            draws={}, sizes={"N": 3, "D": 4, "H": 3, "G": 12})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "activation-derivative-of-input"
FIX = "h = o tanh(c), so dc = dh * o * (1 - tanh(c)^2), not 1 - c^2."
