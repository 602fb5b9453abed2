"""A vanilla tanh RNN over T steps as a torch flat function, BPTT with an upstream gradient
on every hidden state: h_t = tanh(x_t Wx + h_{t-1} Wh + b), loss = sum(dh * h);
x (3, 6, 4) as (N, T, D), h0 (3, 5), Wx (4, 5), Wh (5, 5), b (5,), dh (3, 6, 5).
"""

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
    T = x.shape[1]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(x[:, t] @ Wx + hs[t] @ Wh + b))
    dx = torch.zeros_like(x)
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    db = torch.zeros_like(b)
    dnext = torch.zeros_like(h0)
    for t in reversed(range(T)):
        dz = (dh[:, t] + dnext) * (1 - hs[t] ** 2)  # <- wrong
        dx[:, t] = dz @ Wx.T
        dWx += x[:, t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(dim=0)
        dnext = dz @ Wh.T
    return dx, dWx, dWh, db


def grad_fixed(x, h0, Wx, Wh, b, dh):
    T = x.shape[1]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(x[:, t] @ Wx + hs[t] @ Wh + b))
    dx = torch.zeros_like(x)
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    db = torch.zeros_like(b)
    dnext = torch.zeros_like(h0)
    for t in reversed(range(T)):
        dz = (dh[:, t] + dnext) * (1 - hs[t + 1] ** 2)
        dx[:, t] = dz @ Wx.T
        dWx += x[:, t].T @ dz
        dWh += hs[t].T @ dz
        db += dz.sum(dim=0)
        dnext = dz @ Wh.T
    return dx, dWx, dWh, db


SPEC = dict(wrt=("x", "Wx", "Wh", "b"),
            shapes={"x": (3, 6, 4), "h0": (3, 5), "Wx": (4, 5), "Wh": (5, 5), "b": (5,),
                    "dh": (3, 6, 5)})
case = derivation(loss, grad, **SPEC, name="m_rnn_04")
CAUSE = "wrong-layer"
FIX = "The tanh at step t produced hs[t + 1] (hs[0] is h0), so its derivative is 1 - hs[t + 1]^2."
