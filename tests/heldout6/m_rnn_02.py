"""A tanh RNN with a loss on every hidden state, torch BPTT:
h_t = tanh(x_t Wx + h_{t-1} Wh + b), L = sum_t sum(G_t * h_t);
x (5, 4, 3) as (T, N, D), h0 (4, 6), Wx (3, 6), Wh (6, 6), b (6,), G (5, 4, 6).
"""

import torch

from verify import derivation


def loss(x, h0, Wx, Wh, b, G):
    h = h0
    total = 0
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ Wx + h @ Wh + b)
        total = total + (G[t] * h).sum()
    return total


def grad(x, h0, Wx, Wh, b, G):
    T = x.shape[0]
    hs = [h0]
    zs = []
    for t in range(T):
        z = x[t] @ Wx + hs[-1] @ Wh + b
        zs.append(z)
        hs.append(torch.tanh(z))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    db = torch.zeros_like(b)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(T)):
        dh = G[t] + dh_next
        dz = dh * (1 - zs[t] ** 2)  # <- wrong
        dWx = dWx + x[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        db = db + dz.sum(0)
        dh_next = dz @ Wh.T
    return dWx, dWh, db, dh_next


def grad_fixed(x, h0, Wx, Wh, b, G):
    T = x.shape[0]
    hs = [h0]
    zs = []
    for t in range(T):
        z = x[t] @ Wx + hs[-1] @ Wh + b
        zs.append(z)
        hs.append(torch.tanh(z))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    db = torch.zeros_like(b)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(T)):
        dh = G[t] + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + x[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        db = db + dz.sum(0)
        dh_next = dz @ Wh.T
    return dWx, dWh, db, dh_next


SPEC = dict(wrt=("Wx", "Wh", "b", "h0"),
            shapes={"x": (5, 4, 3), "h0": (4, 6), "Wx": (3, 6), "Wh": (6, 6), "b": (6,),
                    "G": (5, 4, 6)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(z) is 1 - tanh(z)^2 = 1 - h_t^2, not 1 - z^2."
