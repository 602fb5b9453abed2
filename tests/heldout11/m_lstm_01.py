"""One LSTM step with the four gates stacked (i, f, o, g), numpy:
a = x Wx + h_prev Wh + b, i, f, o = sigma(a_i), sigma(a_f), sigma(a_o), g = tanh(a_g),
c = f c_prev + i g, h = o tanh(c), L = sum(dh * h);
x (3, 4), h_prev (3, 2), c_prev (3, 2), Wx (4, 8), Wh (2, 8), b (8,), dh (3, 2).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h_prev, c_prev, Wx, Wh, b, dh):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i, f, o = (torch.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    return (dh * o * torch.tanh(c)).sum()


def sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def grad(x, h_prev, c_prev, Wx, Wh, b, dh):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    do = dh * tc
    dc = dh * o  # <- wrong
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    da = np.hstack((di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)))
    return x.T @ da, h_prev.T @ da, da.sum(axis=0)


def grad_fixed(x, h_prev, c_prev, Wx, Wh, b, dh):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    do = dh * tc
    dc = dh * o * (1 - tc ** 2)
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    da = np.hstack((di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)))
    return x.T @ da, h_prev.T @ da, da.sum(axis=0)


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"x": (3, 4), "h_prev": (3, 2), "c_prev": (3, 2), "Wx": (4, 8), "Wh": (2, 8),
                    "b": (8,), "dh": (3, 2)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "activation-derivative-missing"
FIX = "h = o tanh(c), so dc = dh * o * (1 - tanh(c)^2)."
