"""A vanilla tanh RNN unrolled over T steps, backpropagation through time:
h_0 = 0, h_t = tanh(x_t Wx + h_{t-1} Wh), L = sum_t sum(G_t * h_t);
X (T, D), Wx (D, H), Wh (H, H), G (T, H); T = 3, D = 2, H = 3.
"""

import torch

from verify import derivation


def loss(X, Wx, Wh, G):
    h = torch.zeros(Wh.shape[0], dtype=X.dtype)
    total = 0.0
    for t in range(X.shape[0]):
        h = torch.tanh(X[t] @ Wx + h @ Wh)
        total = total + (G[t] * h).sum()
    return total


def grad(X, Wx, Wh, G):
    T = X.shape[0]
    hs = [torch.zeros(Wh.shape[0], dtype=X.dtype)]
    for t in range(T):
        hs.append(torch.tanh(X[t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh_next = torch.zeros_like(hs[0])
    for t in reversed(range(T)):
        dh = G[t] + dh_next
        dz = dh  # <- wrong
        dWx = dWx + torch.outer(X[t], dz)
        dWh = dWh + torch.outer(hs[t], dz)
        dh_next = dz @ Wh.T
    return dWx, dWh


def grad_fixed(X, Wx, Wh, G):
    T = X.shape[0]
    hs = [torch.zeros(Wh.shape[0], dtype=X.dtype)]
    for t in range(T):
        hs.append(torch.tanh(X[t] @ Wx + hs[-1] @ Wh))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    dh_next = torch.zeros_like(hs[0])
    for t in reversed(range(T)):
        dh = G[t] + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + torch.outer(X[t], dz)
        dWh = dWh + torch.outer(hs[t], dz)
        dh_next = dz @ Wh.T
    return dWx, dWh


SPEC = dict(wrt=("Wx", "Wh"), shapes={"X": ("T", "D"), "Wx": ("D", "H"), "Wh": ("H", "H"), "G": ("T", "H")},
            draws={}, sizes={"T": 3, "D": 2, "H": 3})
case = derivation(loss, grad, **SPEC, name="v_rnn_01")
CAUSE = "activation-derivative-missing"
FIX = "Backpropagating through h_t = tanh(z_t) multiplies by 1 - h_t^2: dz = dh * (1 - h_t^2)."
