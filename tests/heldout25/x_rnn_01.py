"""Vanilla tanh RNN unrolled over T steps with backpropagation through time, under upstream
gradients on every hidden state: h_t = tanh(x_t Wx + h_(t-1) Wh), L = sum_t sum(g_t * h_t);
xs (T, D), h0 (H,), Wx (D, H), Wh (H, H), g (T, H).
"""

import torch

from verify import derivation


def loss(xs, h0, Wx, Wh, g):
    h = h0
    total = 0.0
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] @ Wx + h @ Wh)
        total = total + (g[t] * h).sum()
    return total


def grad(xs, h0, Wx, Wh, g):
    T = xs.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(xs[t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(T)):
        dh = g[t] + dh_next
        da = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + torch.outer(xs[t], da)
        dWh = dWh + torch.outer(hs[t + 1], da)  # <- wrong
        dh_next = da @ Wh.T
    return dWx, dWh


def grad_fixed(xs, h0, Wx, Wh, g):
    T = xs.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(xs[t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(T)):
        dh = g[t] + dh_next
        da = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + torch.outer(xs[t], da)
        dWh = dWh + torch.outer(hs[t], da)
        dh_next = da @ Wh.T
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"xs": ("T", "D"), "h0": ("H",), "Wx": ("D", "H"), "Wh": ("H", "H"), "g": ("T", "H")},
            draws={}, sizes={"T": 3, "D": 2, "H": 3})
case = derivation(loss, grad, **SPEC, name="x_rnn_01")
CAUSE = "wrong-layer"
FIX = "Wh multiplies the previous state, so its gradient at step t is outer(h_(t-1), da), which is hs[t]."
