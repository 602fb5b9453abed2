"""A tanh RNN read to the end, then a linear readout with a half squared error, torch flat
function, BPTT by hand: h_t = tanh(x_t Wx + h_{t-1} Wh), y = h_T Wy, L = 1/2 ||y - target||^2;
x (3, 4, 5) as (N, T, D), h0 (3, 6), Wx (5, 6), Wh (6, 6), Wy (6, 4), target (3, 4).
"""

import torch

from verify import derivation


def loss(x, h0, Wx, Wh, Wy, target):
    h = h0
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh)
    return 0.5 * ((h @ Wy - target) ** 2).sum()


def grad(x, h0, Wx, Wh, Wy, target):
    T = x.shape[1]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(x[:, t] @ Wx + hs[-1] @ Wh))
    y = hs[-1] @ Wy
    dy = y - target
    dWy = hs[-1].T @ dy
    dh = dy @ Wy.T
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    for t in reversed(range(T)):
        dz = dh  # <- wrong
        dWx += x[:, t].T @ dz
        dWh += hs[t].T @ dz
        dh = dz @ Wh.T
    return dWx, dWh, dWy


def grad_fixed(x, h0, Wx, Wh, Wy, target):
    T = x.shape[1]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(x[:, t] @ Wx + hs[-1] @ Wh))
    y = hs[-1] @ Wy
    dy = y - target
    dWy = hs[-1].T @ dy
    dh = dy @ Wy.T
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    for t in reversed(range(T)):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx += x[:, t].T @ dz
        dWh += hs[t].T @ dz
        dh = dz @ Wh.T
    return dWx, dWh, dWy


SPEC = dict(wrt=("Wx", "Wh", "Wy"),
            shapes={"x": (3, 4, 5), "h0": (3, 6), "Wx": (5, 6), "Wh": (6, 6), "Wy": (6, 4),
                    "target": (3, 4)})
case = derivation(loss, grad, **SPEC, name="m_rnn_02")
CAUSE = "activation-derivative-missing"
FIX = "Each step passes back through tanh: dz = dh * (1 - h_t^2) before it reaches Wx, Wh, h_{t-1}."
