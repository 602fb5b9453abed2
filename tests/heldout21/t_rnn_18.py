"""Vanilla RNN unrolled for 3 steps, backprop through time in torch (row-vector convention).

h_t = tanh(x_t Wx + h_{t-1} Wh + b), L = sum(G * h_3); xs (3, 2, 4), h0 (2, 3), Wx (4, 3),
Wh (3, 3), b (3,), G (2, 3).  Gradients with respect to Wx, Wh and b.
Mistake: the gradient sent back to h_{t-1} is dz Wh instead of dz Wh^T (Wh is square, so
the shapes agree).
"""

import torch

from verify import derivation


def loss(Wx, Wh, b, xs, h0, G):
    h = h0
    for t in range(xs.shape[0]):
        h = torch.tanh(xs[t] @ Wx + h @ Wh + b)
    return (G * h).sum()


def grad(Wx, Wh, b, xs, h0, G):
    T = xs.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(xs[t] @ Wx + hs[-1] @ Wh + b))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    db = torch.zeros_like(b)
    dh = G
    for t in reversed(range(T)):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + xs[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        db = db + dz.sum(0)
        dh = dz @ Wh  # <- wrong
    return dWx, dWh, db


def grad_fixed(Wx, Wh, b, xs, h0, G):
    T = xs.shape[0]
    hs = [h0]
    for t in range(T):
        hs.append(torch.tanh(xs[t] @ Wx + hs[-1] @ Wh + b))
    dWx = torch.zeros_like(Wx)
    dWh = torch.zeros_like(Wh)
    db = torch.zeros_like(b)
    dh = G
    for t in reversed(range(T)):
        dz = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + xs[t].T @ dz
        dWh = dWh + hs[t].T @ dz
        db = db + dz.sum(0)
        dh = dz @ Wh.T
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"Wx": (4, 3), "Wh": (3, 3), "b": (3,), "xs": (3, 2, 4), "h0": (2, 3),
                    "G": (2, 3)})
case = derivation(loss, grad, **SPEC, name="t_rnn_18")
CAUSE = "transpose"
FIX = "h_{t-1} enters as h_{t-1} Wh, so its gradient is dz Wh^T."
