"""A vanilla tanh RNN unrolled over S steps, backpropagation through time in torch:
h_0 = 0, h_t = tanh(W_xh x_t + W_hh h_(t-1)), L = sum_t G_t . h_t;
X (S, D), W_xh (H, D), W_hh (H, H), G (S, H).
"""

import torch

from verify import derivation


def loss(X, Wxh, Whh, G):
    h = torch.zeros(Whh.shape[0], dtype=X.dtype)
    total = 0.0
    for t in range(X.shape[0]):
        h = torch.tanh(Wxh @ X[t] + Whh @ h)
        total = total + (G[t] * h).sum()
    return total


def grad(X, Wxh, Whh, G):
    S, H = X.shape[0], Whh.shape[0]
    hs = [torch.zeros(H, dtype=X.dtype)]
    for t in range(S):
        hs.append(torch.tanh(Wxh @ X[t] + Whh @ hs[-1]))
    dWxh = torch.zeros_like(Wxh)
    dWhh = torch.zeros_like(Whh)
    dh_next = torch.zeros(H, dtype=X.dtype)
    for t in reversed(range(S)):
        dh = G[t] + dh_next
        da = dh  # <- wrong
        dWxh += torch.outer(da, X[t])
        dWhh += torch.outer(da, hs[t])
        dh_next = Whh.T @ da
    return dWxh, dWhh


def grad_fixed(X, Wxh, Whh, G):
    S, H = X.shape[0], Whh.shape[0]
    hs = [torch.zeros(H, dtype=X.dtype)]
    for t in range(S):
        hs.append(torch.tanh(Wxh @ X[t] + Whh @ hs[-1]))
    dWxh = torch.zeros_like(Wxh)
    dWhh = torch.zeros_like(Whh)
    dh_next = torch.zeros(H, dtype=X.dtype)
    for t in reversed(range(S)):
        dh = G[t] + dh_next
        da = dh * (1 - hs[t + 1] ** 2)
        dWxh += torch.outer(da, X[t])
        dWhh += torch.outer(da, hs[t])
        dh_next = Whh.T @ da
    return dWxh, dWhh


SPEC = dict(wrt=("Wxh", "Whh"),
            shapes={"X": ("S", "D"), "Wxh": ("H", "D"), "Whh": ("H", "H"), "G": ("S", "H")},
            draws={}, sizes={"S": 3, "D": 2, "H": 3})
case = derivation(loss, grad, **SPEC, name="w_rnn_01")
CAUSE = "activation-derivative-missing"
FIX = "Before reaching the weights the gradient passes through tanh, so da = dh (1 - h_t^2)."
