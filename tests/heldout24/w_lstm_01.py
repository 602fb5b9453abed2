"""One step of an LSTM cell on a batch, forward and backward in torch:
a = [x, h_prev] W + b split into i, f, o, g; i, f, o = sigma(.), g = tanh(.),
c = f c_prev + i g, h = o tanh(c), L = sum(G * h);
x (2, 2), h_prev (2, 3), c_prev (2, 3), W (5, 12), b (12,), G (2, 3).
"""

import torch

from verify import derivation


def loss(x, h_prev, c_prev, W, b, G):
    H = h_prev.shape[1]
    a = torch.cat([x, h_prev], dim=1) @ W + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    return (G * o * torch.tanh(c)).sum()


def grad(x, h_prev, c_prev, W, b, G):
    H = h_prev.shape[1]
    xh = torch.cat([x, h_prev], dim=1)
    a = xh @ W + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = torch.tanh(c)
    do = G * tc
    dc = G * o * (1 - c ** 2)  # <- wrong
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    da = torch.cat([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)], dim=1)
    dW = xh.T @ da
    dc_prev = dc * f
    return dW, dc_prev


def grad_fixed(x, h_prev, c_prev, W, b, G):
    H = h_prev.shape[1]
    xh = torch.cat([x, h_prev], dim=1)
    a = xh @ W + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = torch.tanh(c)
    do = G * tc
    dc = G * o * (1 - tc ** 2)
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    da = torch.cat([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)], dim=1)
    dW = xh.T @ da
    dc_prev = dc * f
    return dW, dc_prev


SPEC = dict(wrt=("W", "c_prev"),
            shapes={"x": (2, 2), "h_prev": (2, 3), "c_prev": (2, 3), "W": (5, 12), "b": (12,),
                    "G": (2, 3)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="w_lstm_01")
CAUSE = "activation-derivative-of-input"
FIX = "h = o tanh(c), so dc = dh o (1 - tanh(c)^2), with tanh' taken at tanh(c), not at c."
