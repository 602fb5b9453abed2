"""Two stacked tanh highway layers, backward unrolled by hand, numpy:
layer(u) = t h + (1 - t) u with h = tanh(u Wh), t = sigmoid(u Wt); y1 = layer1(x), y2 = layer2(y1),
L = 1/(2N) ||y2 - T||^2; x (N, D), Wh1, Wt1, Wh2, Wt2 (D, D), T (N, D), N = 4, D = 3.
"""

import numpy as np
import torch

from verify import derivation


def loss(x, T, Wh1, Wt1, Wh2, Wt2):
    y = x
    for Wh, Wt in ((Wh1, Wt1), (Wh2, Wt2)):
        t = torch.sigmoid(y @ Wt)
        y = t * torch.tanh(y @ Wh) + (1 - t) * y
    return 0.5 * ((y - T) ** 2).sum() / x.shape[0]


def layer(u, Wh, Wt):
    h = np.tanh(u @ Wh)
    t = 1 / (1 + np.exp(-(u @ Wt)))
    return t * h + (1 - t) * u, h, t


def grad(x, T, Wh1, Wt1, Wh2, Wt2):
    x, T, Wh1, Wt1, Wh2, Wt2 = (np.asarray(a) for a in (x, T, Wh1, Wt1, Wh2, Wt2))
    y1, h1, t1 = layer(x, Wh1, Wt1)
    y2, h2, t2 = layer(y1, Wh2, Wt2)
    dy2 = (y2 - T) / x.shape[0]
    dzh2 = dy2 * t2 * (1 - h2 ** 2)
    dzt2 = dy2 * (h2 - y1) * t2 * (1 - t2)
    dy1 = dy2 * (1 - t2) + dzh2 @ Wh2.T + dzt2 @ Wt2.T
    dzh1 = dy1 * t2 * (1 - h1 ** 2)  # <- wrong
    dzt1 = dy1 * (h1 - x) * t1 * (1 - t1)
    return x.T @ dzh1, x.T @ dzt1, y1.T @ dzh2, y1.T @ dzt2


def grad_fixed(x, T, Wh1, Wt1, Wh2, Wt2):
    x, T, Wh1, Wt1, Wh2, Wt2 = (np.asarray(a) for a in (x, T, Wh1, Wt1, Wh2, Wt2))
    y1, h1, t1 = layer(x, Wh1, Wt1)
    y2, h2, t2 = layer(y1, Wh2, Wt2)
    dy2 = (y2 - T) / x.shape[0]
    dzh2 = dy2 * t2 * (1 - h2 ** 2)
    dzt2 = dy2 * (h2 - y1) * t2 * (1 - t2)
    dy1 = dy2 * (1 - t2) + dzh2 @ Wh2.T + dzt2 @ Wt2.T
    dzh1 = dy1 * t1 * (1 - h1 ** 2)
    dzt1 = dy1 * (h1 - x) * t1 * (1 - t1)
    return x.T @ dzh1, x.T @ dzt1, y1.T @ dzh2, y1.T @ dzt2


SPEC = dict(wrt=("Wh1", "Wt1", "Wh2", "Wt2"),
            shapes={"x": ("N", "D"), "T": ("N", "D"), "Wh1": ("D", "D"), "Wt1": ("D", "D"),
                    "Wh2": ("D", "D"), "Wt2": ("D", "D")},
            draws={}, sizes={"N": 4, "D": 3})
case = derivation(loss, grad, **SPEC, name="m_highway_02")
CAUSE = "wrong-layer"
FIX = "The first layer's transform branch is scaled by its own gate: dzh1 = dy1 * t1 * (1 - h1^2)."
