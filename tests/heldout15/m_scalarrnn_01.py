"""A scalar RNN over a sequence, backpropagated through time, pure Python:
h_t = tanh(w h_{t-1} + u x_t + b), h_0 = 0, L = 1/2 (h_T - y)^2;
w, u, b, y (1,), x (6,).
"""

import math

import torch

from verify import derivation


def loss(w, u, b, x, y):
    h = torch.zeros_like(w)
    for t in range(x.shape[0]):
        h = torch.tanh(w * h + u * x[t] + b)
    return 0.5 * ((h - y) ** 2).sum()


def grad(w, u, b, x, y):
    w, u, b, y = float(w[0]), float(u[0]), float(b[0]), float(y[0])
    x = x.tolist()
    hs = [0.0]
    for xt in x:
        hs.append(math.tanh(w * hs[-1] + u * xt + b))
    dh = hs[-1] - y
    dw = du = db = 0.0
    for t in range(len(x) - 1, -1, -1):
        da = dh * (1 - hs[t + 1] ** 2)
        dw += da * hs[t + 1]  # <- wrong
        du += da * x[t]
        db += da
        dh = da * w
    return [dw], [du], [db]


def grad_fixed(w, u, b, x, y):
    w, u, b, y = float(w[0]), float(u[0]), float(b[0]), float(y[0])
    x = x.tolist()
    hs = [0.0]
    for xt in x:
        hs.append(math.tanh(w * hs[-1] + u * xt + b))
    dh = hs[-1] - y
    dw = du = db = 0.0
    for t in range(len(x) - 1, -1, -1):
        da = dh * (1 - hs[t + 1] ** 2)
        dw += da * hs[t]
        du += da * x[t]
        db += da
        dh = da * w
    return [dw], [du], [db]


SPEC = dict(wrt=("w", "u", "b"),
            shapes={"w": (1,), "u": (1,), "b": (1,), "x": (6,), "y": (1,)},
            draws={"y": ("uniform", -0.9, 0.9)})
case = derivation(loss, grad, **SPEC, name="m_scalarrnn_01")
CAUSE = "wrong-layer"
FIX = "h_t depends on w through w h_{t-1}, so dw accumulates da * hs[t] (the previous state), not hs[t + 1]."
