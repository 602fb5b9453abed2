"""LSTM cell unrolled over two steps of one sequence, gates stacked as [i, f, o, g], h0 = c0 = 0,
under upstream gradients on every hidden state:
a_t = x_t Wx + h_(t-1) Wh + b, c_t = f c_(t-1) + i g, h_t = o tanh(c_t), L = sum_t sum(dh_t * h_t);
xs (2, 4), Wx (4, 12), Wh (3, 12), b (12,), dhs (2, 3).
"""

import numpy as np
import torch

from verify import derivation


def loss(Wx, Wh, b, xs, dhs):
    H = Wh.shape[0]
    h = xs.new_zeros(H)
    c = xs.new_zeros(H)
    total = 0.0
    for t in range(xs.shape[0]):
        a = xs[t] @ Wx + h @ Wh + b
        i, f, o = torch.sigmoid(a[:H]), torch.sigmoid(a[H:2 * H]), torch.sigmoid(a[2 * H:3 * H])
        g = torch.tanh(a[3 * H:])
        c = f * c + i * g
        h = o * torch.tanh(c)
        total = total + (dhs[t] * h).sum()
    return total


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


class LSTM:
    def __init__(self, Wx, Wh, b):
        self.Wx, self.Wh, self.b = Wx, Wh, b
        self.H = Wh.shape[0]

    def forward(self, xs):
        H = self.H
        h, c = np.zeros(H), np.zeros(H)
        self.caches = []
        for x in xs:
            a = np.dot(x, self.Wx) + np.dot(h, self.Wh) + self.b
            i, f, o = sigmoid(a[:H]), sigmoid(a[H:2 * H]), sigmoid(a[2 * H:3 * H])
            g = np.tanh(a[3 * H:])
            c_new = f * c + i * g
            tc = np.tanh(c_new)
            self.caches.append((x, h, c, i, f, o, g, tc))
            h, c = o * tc, c_new
        return h

    def backward(self, dhs):
        dWx, dWh, db = np.zeros_like(self.Wx), np.zeros_like(self.Wh), np.zeros_like(self.b)
        dh_next, dc_next = np.zeros(self.H), np.zeros(self.H)
        for t in reversed(range(len(self.caches))):
            x, h_prev, c_prev, i, f, o, g, tc = self.caches[t]
            dh = dhs[t] + dh_next
            do = dh * tc
            dc = dc_next + dh * o  # <- wrong
            di, df, dg = dc * g, dc * c_prev, dc * i
            da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
            dWx += np.outer(x, da)
            dWh += np.outer(h_prev, da)
            db += da
            dh_next = np.dot(self.Wh, da)
            dc_next = dc * f
        return dWx, dWh, db


class LSTMFixed(LSTM):
    def backward(self, dhs):
        dWx, dWh, db = np.zeros_like(self.Wx), np.zeros_like(self.Wh), np.zeros_like(self.b)
        dh_next, dc_next = np.zeros(self.H), np.zeros(self.H)
        for t in reversed(range(len(self.caches))):
            x, h_prev, c_prev, i, f, o, g, tc = self.caches[t]
            dh = dhs[t] + dh_next
            do = dh * tc
            dc = dc_next + dh * o * (1 - tc ** 2)
            di, df, dg = dc * g, dc * c_prev, dc * i
            da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
            dWx += np.outer(x, da)
            dWh += np.outer(h_prev, da)
            db += da
            dh_next = np.dot(self.Wh, da)
            dc_next = dc * f
        return dWx, dWh, db


def grad(Wx, Wh, b, xs, dhs):
    cell = LSTM(Wx, Wh, b)
    cell.forward(xs)
    return cell.backward(dhs)


def grad_fixed(Wx, Wh, b, xs, dhs):
    cell = LSTMFixed(Wx, Wh, b)
    cell.forward(xs)
    return cell.backward(dhs)


SPEC = dict(wrt=("Wx", "Wh", "b"), shapes={"Wx": (4, 12), "Wh": (3, 12), "b": (12,), "xs": (2, 4), "dhs": (2, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="x_lstm_01")
CAUSE = "activation-derivative-missing"
FIX = "h = o tanh(c), so the gradient reaching c is dh o (1 - tanh(c)^2)."
