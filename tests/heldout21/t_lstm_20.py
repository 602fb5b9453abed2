"""LSTM cell unrolled for 2 steps, backprop through time in torch (gates i, f, o, g).

a = x_t Wx + h Wh + b, i, f, o = sigmoid, g = tanh, c = f c + i g, h = o tanh(c),
L = sum(G * h_2); xs (2, 2, 3), h0 (2, 2), c0 (2, 2), Wx (3, 8), Wh (2, 8), b (8,), G (2, 2).
Gradients with respect to Wx, Wh and b.
Mistake: the cell gradient takes dh * o from h = o tanh(c) without tanh'(c) = 1 - tanh(c)^2.
"""

import torch

from verify import derivation


def loss(Wx, Wh, b, xs, h0, c0, G):
    H = h0.shape[1]
    h, c = h0, c0
    for t in range(xs.shape[0]):
        a = xs[t] @ Wx + h @ Wh + b
        i = torch.sigmoid(a[:, :H])
        f = torch.sigmoid(a[:, H:2 * H])
        o = torch.sigmoid(a[:, 2 * H:3 * H])
        g = torch.tanh(a[:, 3 * H:])
        c = f * c + i * g
        h = o * torch.tanh(c)
    return (G * h).sum()


def grad(Wx, Wh, b, xs, h0, c0, G):
    H = h0.shape[1]
    h, c = h0, c0
    cache = []
    for t in range(xs.shape[0]):
        a = xs[t] @ Wx + h @ Wh + b
        i = torch.sigmoid(a[:, :H])
        f = torch.sigmoid(a[:, H:2 * H])
        o = torch.sigmoid(a[:, 2 * H:3 * H])
        g = torch.tanh(a[:, 3 * H:])
        c_prev, h_prev = c, h
        c = f * c_prev + i * g
        tc = torch.tanh(c)
        h = o * tc
        cache.append((xs[t], h_prev, c_prev, i, f, o, g, tc))
    dWx, dWh, db = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(b)
    dh = G
    dc = torch.zeros_like(c0)
    for x, h_prev, c_prev, i, f, o, g, tc in reversed(cache):
        do = dh * tc
        dc = dc + dh * o  # <- wrong
        di = dc * g
        df = dc * c_prev
        dg = dc * i
        da = torch.cat([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)], dim=1)
        dWx = dWx + x.T @ da
        dWh = dWh + h_prev.T @ da
        db = db + da.sum(dim=0)
        dh = da @ Wh.T
        dc = dc * f
    return dWx, dWh, db


def grad_fixed(Wx, Wh, b, xs, h0, c0, G):
    H = h0.shape[1]
    h, c = h0, c0
    cache = []
    for t in range(xs.shape[0]):
        a = xs[t] @ Wx + h @ Wh + b
        i = torch.sigmoid(a[:, :H])
        f = torch.sigmoid(a[:, H:2 * H])
        o = torch.sigmoid(a[:, 2 * H:3 * H])
        g = torch.tanh(a[:, 3 * H:])
        c_prev, h_prev = c, h
        c = f * c_prev + i * g
        tc = torch.tanh(c)
        h = o * tc
        cache.append((xs[t], h_prev, c_prev, i, f, o, g, tc))
    dWx, dWh, db = torch.zeros_like(Wx), torch.zeros_like(Wh), torch.zeros_like(b)
    dh = G
    dc = torch.zeros_like(c0)
    for x, h_prev, c_prev, i, f, o, g, tc in reversed(cache):
        do = dh * tc
        dc = dc + dh * o * (1 - tc ** 2)
        di = dc * g
        df = dc * c_prev
        dg = dc * i
        da = torch.cat([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)], dim=1)
        dWx = dWx + x.T @ da
        dWh = dWh + h_prev.T @ da
        db = db + da.sum(dim=0)
        dh = da @ Wh.T
        dc = dc * f
    return dWx, dWh, db


SPEC = dict(wrt=("Wx", "Wh", "b"),
            shapes={"Wx": (3, 8), "Wh": (2, 8), "b": (8,), "xs": (2, 2, 3), "h0": (2, 2),
                    "c0": (2, 2), "G": (2, 2)})
case = derivation(loss, grad, **SPEC, name="t_lstm_20")
CAUSE = "activation-derivative-missing"
FIX = "h = o tanh(c), so the cell receives dh * o * (1 - tanh(c)^2), not dh * o."
