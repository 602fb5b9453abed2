"""One LSTM cell step with the four gates in one matrix (i, f, o, g), fed an upstream gradient, numpy:
a = [x, h] W + b, i, f, o = sigmoid(.), g = tanh(.), c' = f c + i g, h' = o tanh(c'), L = sum(G * h');
x (3, 2), h (3, 4), c (3, 4), W (6, 16), b (16,), G (3, 4).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, c, G, W, b):
    H = h.shape[1]
    a = torch.cat([x, h], dim=1) @ W + b
    i, f, o = (torch.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
    c_new = f * c + i * torch.tanh(a[:, 3 * H:])
    return (G * o * torch.tanh(c_new)).sum()


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def grad(x, h, c, G, W, b):
    x, h, c, G, W, b = (np.asarray(v) for v in (x, h, c, G, W, b))
    H = h.shape[1]
    xh = np.concatenate([x, h], axis=1)
    a = xh @ W + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    tc = np.tanh(f * c + i * g)
    dc = G * o * (1 - tc ** 2)
    da_i = dc * g * i * (1 - i)
    da_f = dc * c * f * (1 - f)
    da_o = G * tc  # <- wrong
    da_g = dc * i * (1 - g ** 2)
    da = np.concatenate([da_i, da_f, da_o, da_g], axis=1)
    dxh = da @ W.T
    return dxh[:, x.shape[1]:], dc * f, xh.T @ da, da.sum(axis=0)


def grad_fixed(x, h, c, G, W, b):
    x, h, c, G, W, b = (np.asarray(v) for v in (x, h, c, G, W, b))
    H = h.shape[1]
    xh = np.concatenate([x, h], axis=1)
    a = xh @ W + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    tc = np.tanh(f * c + i * g)
    dc = G * o * (1 - tc ** 2)
    da_i = dc * g * i * (1 - i)
    da_f = dc * c * f * (1 - f)
    da_o = G * tc * o * (1 - o)
    da_g = dc * i * (1 - g ** 2)
    da = np.concatenate([da_i, da_f, da_o, da_g], axis=1)
    dxh = da @ W.T
    return dxh[:, x.shape[1]:], dc * f, xh.T @ da, da.sum(axis=0)


SPEC = dict(wrt=("h", "c", "W", "b"),
            shapes={"x": (3, 2), "h": (3, 4), "c": (3, 4), "G": (3, 4), "W": (6, 16),
                    "b": (16,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "activation-derivative-missing"
FIX = "The output gate is a sigmoid too: da_o = G * tanh(c') * o * (1 - o)."
