"""One LSTM cell step under an upstream gradient on the new hidden state, numpy:
a = [x, h] W + b split into i, f, o (sigmoid) and g (tanh), c' = f c + i g, h' = o tanh(c'),
L = sum(Gh * h'); x (2,), h (3,), c (3,), W (5, 12), b (12,), Gh (3,).
"""

import numpy as np
import torch

from verify import derivation


def loss(x, h, c, W, b, Gh):
    H = h.shape[0]
    a = torch.cat([x, h]) @ W + b
    i, f, o = (torch.sigmoid(a[k * H:(k + 1) * H]) for k in range(3))
    g = torch.tanh(a[3 * H:])
    c_new = f * c + i * g
    return (Gh * o * torch.tanh(c_new)).sum()


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def grad(x, h, c, W, b, Gh):
    x, h, c, W, b, Gh = map(np.asarray, (x, h, c, W, b, Gh))
    H = h.shape[0]
    xh = np.concatenate([x, h])
    a = xh @ W + b
    i, f, o = _sigmoid(a[:H]), _sigmoid(a[H:2 * H]), _sigmoid(a[2 * H:3 * H])
    g = np.tanh(a[3 * H:])
    c_new = f * c + i * g
    tc = np.tanh(c_new)
    do = Gh * tc
    dc_new = Gh * o * (1.0 - c_new ** 2)  # <- wrong
    di, df, dg = dc_new * g, dc_new * c, dc_new * i
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
    dW = np.outer(xh, da)
    db = da
    return dW, db


def grad_fixed(x, h, c, W, b, Gh):
    x, h, c, W, b, Gh = map(np.asarray, (x, h, c, W, b, Gh))
    H = h.shape[0]
    xh = np.concatenate([x, h])
    a = xh @ W + b
    i, f, o = _sigmoid(a[:H]), _sigmoid(a[H:2 * H]), _sigmoid(a[2 * H:3 * H])
    g = np.tanh(a[3 * H:])
    c_new = f * c + i * g
    tc = np.tanh(c_new)
    do = Gh * tc
    dc_new = Gh * o * (1.0 - tc ** 2)
    di, df, dg = dc_new * g, dc_new * c, dc_new * i
    da = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)])
    dW = np.outer(xh, da)
    db = da
    return dW, db


SPEC = dict(wrt=("W", "b"),
            shapes={"x": (2,), "h": (3,), "c": (3,), "W": (5, 12), "b": (12,), "Gh": (3,)},
            draws={}, sizes={})
case = derivation(loss, grad, **SPEC, name="m_lstm_01")
CAUSE = "activation-derivative-of-input"
FIX = "tanh' at the cell is 1 - tanh(c')^2, so dc_new = Gh o (1 - tc^2)."
