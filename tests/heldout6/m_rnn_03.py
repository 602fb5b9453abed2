"""A tanh RNN over T = 3 steps, torch, with inputs and hidden state of the same width:
h_t = tanh(x_t Wx + h_{t-1} Wh + b), L = sum(G * h_T);
x (3, 6, 5) as (T, N, D), h0 (6, 5), Wx (5, 5), Wh (5, 5), b (5,), G (6, 5).
"""

import torch

from verify import derivation


def loss(x, h0, Wx, Wh, b, G):
    h = h0
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ Wx + h @ Wh + b)
    return (G * h).sum()


def grad(x, h0, Wx, Wh, b, G):
    hs = [h0]
    for t in range(x.shape[0]):
        hs.append(torch.tanh(x[t] @ Wx + hs[-1] @ Wh + b))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    db = torch.zeros_like(b)
    dh = G
    for t in range(x.shape[0] - 1, -1, -1):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + x[t].T @ dz
        dWh = dWh + x[t].T @ dz  # <- wrong
        db = db + dz.sum(dim=0)
        dh = dz @ Wh.T
    return dWx, dWh, db


def grad_fixed(x, h0, Wx, Wh, b, G):
    hs = [h0]
    for t in range(x.shape[0]):
        hs.append(torch.tanh(x[t] @ Wx + hs[-1] @ Wh + b))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    db = torch.zeros_like(b)
    dh = G
    for t in range(x.shape[0] - 1, -1, -1):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + x[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        db = db + dz.sum(dim=0)
        dh = dz @ Wh.T
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": (3, 6, 5), "h0": (6, 5), "Wx": (5, 5), "Wh": (5, 5), "b": (5,),
                    "G": (6, 5)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_rnn_03")
CAUSE = "wrong-operand"
FIX = "Wh multiplies the previous hidden state, so its gradient is h_{t-1}^T dz."
