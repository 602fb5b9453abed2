"""A vanilla tanh RNN unrolled over a short sequence, backpropagation through time, torch:
h_0 = 0, h_t = tanh(x_t Wx + h_{t-1} Wh), L = 1/2 ||h_T - y||^2;
xs (T, D), Wx (D, H), Wh (H, H), y (H,) with T = 3, D = 2, H = 3.
"""

import torch

from verify import derivation


def loss(xs, Wx, Wh, y):
    h = xs.new_zeros(Wh.shape[0])
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] @ Wx + h @ Wh)
    return 0.5 * ((h - y) ** 2).sum()


def grad(xs, Wx, Wh, y):
    T = xs.shape[0]
    hs = [xs.new_zeros(Wh.shape[0])]
    for t in range(T):
        hs.append(torch.tanh(xs[t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh = hs[-1] - y
    for t in reversed(range(T)):
        dz = dh  # <- wrong
        dWx = dWx + torch.outer(xs[t], dz)
        dWh = dWh + torch.outer(hs[t], dz)
        dh = dz @ Wh.T
    return dWx, dWh


def grad_fixed(xs, Wx, Wh, y):
    T = xs.shape[0]
    hs = [xs.new_zeros(Wh.shape[0])]
    for t in range(T):
        hs.append(torch.tanh(xs[t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh = hs[-1] - y
    for t in reversed(range(T)):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + torch.outer(xs[t], dz)
        dWh = dWh + torch.outer(hs[t], dz)
        dh = dz @ Wh.T
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"xs": ("T", "D"), "Wx": ("D", "H"), "Wh": ("H", "H"), "y": ("H",)},
            draws={}, sizes={"T": 3, "D": 2, "H": 3})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "activation-derivative-missing"
FIX = "Each step's pre-activation gradient is dh times tanh' = 1 - h_t^2."
