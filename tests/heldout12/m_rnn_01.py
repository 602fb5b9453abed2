"""A vanilla tanh RNN unrolled over T steps, loss on the last state, torch:
h_t = tanh(x_t Wx + h_{t-1} Wh), h_0 = 0, L = 1/2 sum ||h_T - y||^2;
x (N, T, D), Wx (D, H), Wh (H, H), y (N, H), with N = 2, T = 3, D = 2, H = 3.
"""

import torch

from verify import derivation


def loss(x, Wx, Wh, y):
    h = torch.zeros(x.shape[0], Wh.shape[0], dtype=x.dtype)
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh)
    return 0.5 * ((h - y) ** 2).sum()


def grad(x, Wx, Wh, y):
    steps = x.shape[1]
    hs = [torch.zeros(x.shape[0], Wh.shape[0], dtype=x.dtype)]
    for t in range(steps):
        hs.append(torch.tanh(x[:, t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh = hs[-1] - y
    for t in reversed(range(steps)):
        da = dh  # <- wrong
        dWx = dWx + x[:, t].T @ da
        dWh = dWh + hs[t].T @ da
        dh = da @ Wh.T
    return dWx, dWh


def grad_fixed(x, Wx, Wh, y):
    steps = x.shape[1]
    hs = [torch.zeros(x.shape[0], Wh.shape[0], dtype=x.dtype)]
    for t in range(steps):
        hs.append(torch.tanh(x[:, t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh = hs[-1] - y
    for t in reversed(range(steps)):
        da = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + x[:, t].T @ da
        dWh = dWh + hs[t].T @ da
        dh = da @ Wh.T
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"x": ("N", "T", "D"), "Wx": ("D", "H"), "Wh": ("H", "H"), "y": ("N", "H")},
            draws={}, sizes={"N": 2, "T": 3, "D": 2, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "activation-derivative-missing"
FIX = "Each step back through the tanh multiplies by 1 - h_t^2: da = dh * (1 - h_t ** 2)."
