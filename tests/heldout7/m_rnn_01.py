"""A vanilla tanh RNN unrolled over T steps, torch, backpropagation through time:
h_t = tanh(x_t Wxh + h_{t-1} Whh + b), L = sum_t sum(G_t * h_t) with fixed upstream gradients G;
X (T, N, D), h0 (N, H), Wxh (D, H), Whh (H, H), b (H,), G (T, N, H) with T = 3, N = 4, D = 3, H = 5.
"""

import torch

from verify import derivation


def loss(X, h0, Wxh, Whh, b, G):
    h, total = h0, 0.0
    for t in range(X.shape[0]):
        h = torch.tanh(X[t] @ Wxh + h @ Whh + b)
        total = total + (G[t] * h).sum()
    return total


def grad(X, h0, Wxh, Whh, b, G):
    hs = [h0]
    for t in range(X.shape[0]):
        hs.append(torch.tanh(X[t] @ Wxh + hs[-1] @ Whh + b))
    dWxh, dWhh, db = torch.zeros_like(Wxh), torch.zeros_like(Whh), torch.zeros_like(b)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(X.shape[0])):
        dh = G[t] + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        dWxh = dWxh + X[t].T @ dz
        dWhh = dWhh + dz.T @ hs[t]  # <- wrong
        db = db + dz.sum(0)
        dh_next = dz @ Whh.T
    return dWxh, dWhh, db, dh_next


def grad_fixed(X, h0, Wxh, Whh, b, G):
    hs = [h0]
    for t in range(X.shape[0]):
        hs.append(torch.tanh(X[t] @ Wxh + hs[-1] @ Whh + b))
    dWxh, dWhh, db = torch.zeros_like(Wxh), torch.zeros_like(Whh), torch.zeros_like(b)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(X.shape[0])):
        dh = G[t] + dh_next
        dz = dh * (1 - hs[t + 1] ** 2)
        dWxh = dWxh + X[t].T @ dz
        dWhh = dWhh + hs[t].T @ dz
        db = db + dz.sum(0)
        dh_next = dz @ Whh.T
    return dWxh, dWhh, db, dh_next


SPEC = dict(wrt=("Wxh", "Whh", "b", "h0"),
            shapes={"X": ("T", "N", "D"), "h0": ("N", "H"), "Wxh": ("D", "H"), "Whh": ("H", "H"),
                    "b": ("H",), "G": ("T", "N", "H")},
            draws={}, sizes={"T": 3, "N": 4, "D": 3, "H": 5})
case = derivation(loss, grad, **SPEC, name="m_rnn_01")
CAUSE = "transpose"
FIX = "h_{t-1} Whh gives dWhh = h_{t-1}^T dz; dz^T h_{t-1} is its transpose."
