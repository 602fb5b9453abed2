"""An LSTM cell as a numpy class with a cache (gates i, f, g, o as in PyTorch),
L = sum(Gh * h_new) + sum(Gc * c_new); x, h, c (5, 4), Wx, Wh (4, 16), b (16,).
"""

import numpy as np
import torch

from verify import derivation


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


class LSTMCell:
    def __init__(self, Wx, Wh, b):
        self.Wx, self.Wh, self.b = Wx, Wh, b

    def forward(self, x, h_prev, c_prev):
        H = h_prev.shape[1]
        a = x @ self.Wx + h_prev @ self.Wh + self.b
        i = sigmoid(a[:, :H])
        f = sigmoid(a[:, H:2 * H])
        g = np.tanh(a[:, 2 * H:3 * H])
        o = sigmoid(a[:, 3 * H:])
        c = f * c_prev + i * g
        tc = np.tanh(c)
        h = o * tc
        self.cache = (x, h_prev, c_prev, i, f, g, o, tc)
        return h, c

    def backward(self, dh, dc):
        x, h_prev, c_prev, i, f, g, o, tc = self.cache
        do = dh * tc
        dc = dc + dh * o * (1 - tc ** 2)
        di = dc * g
        df = dc * c_prev
        dg = dc * i
        dc_prev = dc * f
        da = np.hstack((di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2),
                        do * o * (1 - o)))
        self.dWx = x.T @ da
        self.dWh = h_prev.T @ da
        self.db = da.sum(axis=0)
        dx = da @ self.Wx.T
        dh_prev = da @ self.Wh.T
        return dh_prev, dx, dc_prev  # <- wrong


class LSTMCellFixed(LSTMCell):
    def backward(self, dh, dc):
        x, h_prev, c_prev, i, f, g, o, tc = self.cache
        do = dh * tc
        dc = dc + dh * o * (1 - tc ** 2)
        di = dc * g
        df = dc * c_prev
        dg = dc * i
        dc_prev = dc * f
        da = np.hstack((di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2),
                        do * o * (1 - o)))
        self.dWx = x.T @ da
        self.dWh = h_prev.T @ da
        self.db = da.sum(axis=0)
        dx = da @ self.Wx.T
        dh_prev = da @ self.Wh.T
        return dx, dh_prev, dc_prev


def loss(x, h, c, Wx, Wh, b, Gh, Gc):
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i, f = torch.sigmoid(a[:, :H]), torch.sigmoid(a[:, H:2 * H])
    g, o = torch.tanh(a[:, 2 * H:3 * H]), torch.sigmoid(a[:, 3 * H:])
    c_new = f * c + i * g
    h_new = o * torch.tanh(c_new)
    return (Gh * h_new).sum() + (Gc * c_new).sum()


def grad(x, h, c, Wx, Wh, b, Gh, Gc):
    cell = LSTMCell(Wx, Wh, b)
    cell.forward(x, h, c)
    dx, dh_prev, dc_prev = cell.backward(Gh, Gc)
    return dx, dh_prev, dc_prev, cell.dWx, cell.dWh, cell.db


def grad_fixed(x, h, c, Wx, Wh, b, Gh, Gc):
    cell = LSTMCellFixed(Wx, Wh, b)
    cell.forward(x, h, c)
    dx, dh_prev, dc_prev = cell.backward(Gh, Gc)
    return dx, dh_prev, dc_prev, cell.dWx, cell.dWh, cell.db


SPEC = dict(wrt=("x", "h", "c", "Wx", "Wh", "b"),
            shapes={"x": (5, 4), "h": (5, 4), "c": (5, 4), "Wx": (4, 16), "Wh": (4, 16),
                    "b": (16,), "Gh": (5, 4), "Gc": (5, 4)},
            draws={})
case = derivation(loss, grad, **SPEC, name="m_lstm_02")
CAUSE = "return-order"
FIX = "backward must return dx, dh_prev, dc_prev in the order its caller unpacks them."
