"""A vanilla RNN unrolled over 3 steps, backpropagation through time, torch:
h_t = tanh(x_t Wxh + h_{t-1} Whh), L = sum_t g_t . h_t;
x (3, 2), h0 (3,), Wxh (2, 3), Whh (3, 3), g (3, 3).
"""

import torch

from verify import derivation


def loss(x, h0, Wxh, Whh, g):
    h = h0
    total = 0.0
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ Wxh + h @ Whh)
        total = total + (g[t] * h).sum()
    return total


def grad(x, h0, Wxh, Whh, g):
    T = x.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(x[t] @ Wxh + hs[-1] @ Whh))
    dWxh = torch.zeros_like(Wxh)
    dWhh = torch.zeros_like(Whh)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(T)):
        dh = g[t] + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        dWxh = dWxh + torch.outer(x[t], dz)
        dWhh = dWhh + torch.outer(hs[t], dz)
        dh_next = dz @ Whh  # <- wrong
    return dWxh, dWhh


def grad_fixed(x, h0, Wxh, Whh, g):
    T = x.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(x[t] @ Wxh + hs[-1] @ Whh))
    dWxh = torch.zeros_like(Wxh)
    dWhh = torch.zeros_like(Whh)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(T)):
        dh = g[t] + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        dWxh = dWxh + torch.outer(x[t], dz)
        dWhh = dWhh + torch.outer(hs[t], dz)
        dh_next = dz @ Whh.T
    return dWxh, dWhh


SPEC = dict(wrt=("Wxh", "Whh"),
            shapes={"x": (3, 2), "h0": (3,), "Wxh": (2, 3), "Whh": (3, 3), "g": (3, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "transpose"
FIX = "Since z_t = ... + h_{t-1} Whh, the gradient reaching h_{t-1} is dz Whh^T."
