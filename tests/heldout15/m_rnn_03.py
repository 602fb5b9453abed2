"""A tanh RNN unrolled over time steps, backpropagated through time, torch:
a_t = x_t Wx + h_{t-1} Wh + b, h_t = tanh(a_t), h_0 = 0, L = sum(dout * h_T);
x (4, 3, 2) as (T, N, D), Wx (2, 5), Wh (5, 5), b (5,), dout (3, 5).
"""

import torch

from verify import derivation


def loss(x, Wx, Wh, b, dout):
    h = torch.zeros(x.shape[1], Wh.shape[0], dtype=x.dtype)
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ Wx + h @ Wh + b)
    return (dout * h).sum()


def grad(x, Wx, Wh, b, dout):
    T = x.shape[0]
    h = torch.zeros(x.shape[1], Wh.shape[0], dtype=x.dtype)
    hs, As = [h], []
    for t in range(T):
        As.append(x[t] @ Wx + hs[-1] @ Wh + b)
        hs.append(torch.tanh(As[-1]))
    dWx, dWh, db = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(b)
    dh = dout
    for t in reversed(range(T)):
        da = dh * (1 - As[t] ** 2)  # <- wrong
        dWx = dWx + x[t].T @ da
        dWh = dWh + hs[t].T @ da
        db = db + da.sum(0)
        dh = da @ Wh.T
    return dWx, dWh, db


def grad_fixed(x, Wx, Wh, b, dout):
    T = x.shape[0]
    h = torch.zeros(x.shape[1], Wh.shape[0], dtype=x.dtype)
    hs, As = [h], []
    for t in range(T):
        As.append(x[t] @ Wx + hs[-1] @ Wh + b)
        hs.append(torch.tanh(As[-1]))
    dWx, dWh, db = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(b)
    dh = dout
    for t in reversed(range(T)):
        da = dh * (1 - hs[t + 1] ** 2)
        dWx = dWx + x[t].T @ da
        dWh = dWh + hs[t].T @ da
        db = db + da.sum(0)
        dh = da @ Wh.T
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": (4, 3, 2), "Wx": (2, 5), "Wh": (5, 5), "b": (5,), "dout": (3, 5)},
            draws={"Wh": ("normal", 0.5)})
case = derivation(loss, grad, **SPEC, name="m_rnn_03")
CAUSE = "activation-derivative-of-input"
FIX = "tanh'(a_t) = 1 - h_t^2 uses the output h_t = tanh(a_t), not the pre-activation a_t."
