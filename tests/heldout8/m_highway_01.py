"""A highway layer with a hard-tanh transform, fed an upstream gradient, torch:
h = hardtanh(x Wh + bh), t = sigmoid(x Wt + bt), y = t h + (1 - t) x, L = sum(G * y);
x (N, D), Wh, Wt (D, D), bh, bt (D,), G (N, D), N = 5, D = 4.
"""

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, G, Wh, bh, Wt, bt):
    h = F.hardtanh(x @ Wh + bh)
    t = torch.sigmoid(x @ Wt + bt)
    return (G * (t * h + (1 - t) * x)).sum()


def grad(x, G, Wh, bh, Wt, bt):
    zh = x @ Wh + bh
    h = zh.clamp(-1.0, 1.0)
    t = torch.sigmoid(x @ Wt + bt)
    dzh = G * t * ((zh > -1) & (zh < 1)).to(x.dtype)
    dzt = G * (h - x) * t * (1 - t)
    dWh = x.T @ dzh
    dWt = dzt.T @ x  # <- wrong
    dx = G * (1 - t) + dzh @ Wh.T + dzt @ Wt.T
    return dx, dWh, dzh.sum(0), dWt, dzt.sum(0)


def grad_fixed(x, G, Wh, bh, Wt, bt):
    zh = x @ Wh + bh
    h = zh.clamp(-1.0, 1.0)
    t = torch.sigmoid(x @ Wt + bt)
    dzh = G * t * ((zh > -1) & (zh < 1)).to(x.dtype)
    dzt = G * (h - x) * t * (1 - t)
    dWh = x.T @ dzh
    dWt = x.T @ dzt
    dx = G * (1 - t) + dzh @ Wh.T + dzt @ Wt.T
    return dx, dWh, dzh.sum(0), dWt, dzt.sum(0)


SPEC = dict(wrt=("x", "Wh", "bh", "Wt", "bt"),
            shapes={"x": ("N", "D"), "G": ("N", "D"), "Wh": ("D", "D"), "bh": ("D",),
                    "Wt": ("D", "D"), "bt": ("D",)},
            draws={}, sizes={"N": 5, "D": 4})
case = derivation(loss, grad, **SPEC, name="m_highway_01")
CAUSE = "transpose"
FIX = "zt = x Wt, so dWt = x^T dzt; dzt^T x is its transpose and fits only because Wt is square."
