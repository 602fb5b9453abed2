"""A single tanh neuron trained with torch's mse_loss, pure Python:
o_i = tanh(w . x_i + b), L = mse_loss(o, t) = 1/n sum_i (o_i - t_i)^2;
x (5, 3), w (3,), b (1,), t (5,).
"""

import math

import torch
import torch.nn.functional as F

from verify import derivation


def loss(x, w, b, t):
    return F.mse_loss(torch.tanh(x @ w + b), t)


def grad(x, w, b, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    b = float(b[0])
    n = len(x)
    dw = [0.0] * len(w)
    db = 0.0
    for i in range(n):
        o = math.tanh(sum(wj * xj for wj, xj in zip(w, x[i])) + b)
        d = (o - t[i]) / n  # <- wrong
        dz = d * (1 - o * o)
        for j in range(len(w)):
            dw[j] += dz * x[i][j]
        db += dz
    return dw, [db]


def grad_fixed(x, w, b, t):
    x, w, t = x.tolist(), w.tolist(), t.tolist()
    b = float(b[0])
    n = len(x)
    dw = [0.0] * len(w)
    db = 0.0
    for i in range(n):
        o = math.tanh(sum(wj * xj for wj, xj in zip(w, x[i])) + b)
        d = 2 * (o - t[i]) / n
        dz = d * (1 - o * o)
        for j in range(len(w)):
            dw[j] += dz * x[i][j]
        db += dz
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"x": (5, 3), "w": (3,), "b": (1,), "t": (5,)},
            draws={"t": ("uniform", -0.9, 0.9)})
case = derivation(loss, grad, **SPEC, name="m_neuron_01")
CAUSE = "mse-convention"
FIX = "mse_loss has no 1/2 in front of the square, so d = 2 (o - t) / n."
