"""Elman RNN unrolled over 3 steps with backpropagation through time, torch:
h_t = tanh(x_t Wx + h_{t-1} Wh), L = sum(G * h_3); X (3, 2, 4) steps x batch x inputs, h0 (2, 4),
Wx (4, 4), Wh (4, 4), G (2, 4).
"""

import torch

from verify import derivation


def loss(X, h0, Wx, Wh, G):
    h = h0
    for t in range(X.shape[0]):
        h = torch.tanh(X[t] @ Wx + h @ Wh)
    return (G * h).sum()


def grad(X, h0, Wx, Wh, G):
    hs = [h0]
    for t in range(X.shape[0]):
        hs.append(torch.tanh(X[t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh = G
    for t in reversed(range(X.shape[0])):
        da = dh * (1 - hs[t + 1] ** 2)
        dWx += X[t].T @ da
        dWh += hs[t].T @ da
        dh = da @ Wh  # <- wrong
    return dWx, dWh


def grad_fixed(X, h0, Wx, Wh, G):
    hs = [h0]
    for t in range(X.shape[0]):
        hs.append(torch.tanh(X[t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh = G
    for t in reversed(range(X.shape[0])):
        da = dh * (1 - hs[t + 1] ** 2)
        dWx += X[t].T @ da
        dWh += hs[t].T @ da
        dh = da @ Wh.T
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"),
            shapes={"X": (3, 2, 4), "h0": (2, 4), "Wx": (4, 4), "Wh": (4, 4), "G": (2, 4)})
case = derivation(loss, grad, **SPEC, name="p_rnn_17")
CAUSE = "transpose"
FIX = "h_t = tanh(... + h_{t-1} Wh), so the gradient reaching h_{t-1} is da Wh^T."
