"""One LSTM cell step as a layer with a cached forward and a backward, numpy:
[i, f, o, g] = split(x Wx + h_prev Wh + b), i, f, o sigmoid, g tanh,
c = f c_prev + i g, h = o tanh(c), L = sum(dh * h);
x (N, D), h_prev (N, H), c_prev (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,), dh (N, H).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h_prev, c_prev, Wx, Wh, b, dh):
    a = x @ Wx + h_prev @ Wh + b
    ai, af, ao, ag = a.chunk(4, dim=1)
    c = torch.sigmoid(af) * c_prev + torch.sigmoid(ai) * torch.tanh(ag)
    h = torch.sigmoid(ao) * torch.tanh(c)
    return (dh * h).sum()


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class LSTMCell:
    def __init__(self, Wx, Wh, b):
        self.Wx, self.Wh, self.b = Wx, Wh, b

    def forward(self, x, h_prev, c_prev):
        H = h_prev.shape[1]
        a = x @ self.Wx + h_prev @ self.Wh + self.b
        i = sigmoid(a[:, :H])
        f = sigmoid(a[:, H:2 * H])
        o = sigmoid(a[:, 2 * H:3 * H])
        g = np.tanh(a[:, 3 * H:])
        c = f * c_prev + i * g
        h = o * np.tanh(c)
        self.cache = (x, h_prev, c_prev, i, f, o, g, c)
        return h, c

    def backward(self, dh):
        x, h_prev, c_prev, i, f, o, g, c = self.cache
        do = dh * np.tanh(c)
        dc = dh * o  # <- wrong
        di = dc * g
        df = dc * c_prev
        dg = dc * i
        dc_prev = dc * f
        da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o),
                             dg * (1 - g ** 2)], axis=1)
        dx = da @ self.Wx.T
        self.dWx = x.T @ da
        self.dWh = h_prev.T @ da
        self.db = da.sum(axis=0)
        return dx, dc_prev


class LSTMCellFixed(LSTMCell):
    def backward(self, dh):
        x, h_prev, c_prev, i, f, o, g, c = self.cache
        do = dh * np.tanh(c)
        dc = dh * o * (1 - np.tanh(c) ** 2)
        di = dc * g
        df = dc * c_prev
        dg = dc * i
        dc_prev = dc * f
        da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o),
                             dg * (1 - g ** 2)], axis=1)
        dx = da @ self.Wx.T
        self.dWx = x.T @ da
        self.dWh = h_prev.T @ da
        self.db = da.sum(axis=0)
        return dx, dc_prev


def grad(x, h_prev, c_prev, Wx, Wh, b, dh):
    cell = LSTMCell(Wx, Wh, b)
    cell.forward(x, h_prev, c_prev)
    dx, dc_prev = cell.backward(dh)
    return dx, dc_prev, cell.dWx, cell.db


def grad_fixed(x, h_prev, c_prev, Wx, Wh, b, dh):
    cell = LSTMCellFixed(Wx, Wh, b)
    cell.forward(x, h_prev, c_prev)
    dx, dc_prev = cell.backward(dh)
    return dx, dc_prev, cell.dWx, cell.db


SPEC = dict(wrt=("x", "c_prev", "Wx", "b"),
            shapes={"x": ("N", "D"), "h_prev": ("N", "H"), "c_prev": ("N", "H"),
                    "Wx": ("D", "4H"), "Wh": ("H", "4H"), "b": ("4H",), "dh": ("N", "H")},
            draws={}, sizes={"N": 2, "D": 3, "H": 2, "4H": 8})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "activation-derivative-missing"
FIX = "h = o tanh(c), so the gradient reaching c is dh o (1 - tanh(c)^2)."
