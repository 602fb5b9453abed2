"""A sigmoid neuron over a small batch with half the sum of squares, pure Python:
o_n = sigma(x_n . w + b), E = 1/2 sum_n (o_n - t_n)^2; X (N, D), w (D,), b (1,), t (N,)
with N = 3, D = 2.
"""

import math

import torch

from verify import derivation


def loss(X, w, b, t):
    o = torch.sigmoid(X @ w + b)
    return 0.5 * ((o - t) ** 2).sum()


def grad(X, w, b, t):
    rows, ws, b0, ts = X.tolist(), w.tolist(), b.tolist()[0], t.tolist()
    N, D = len(rows), len(ws)
    dw = [0.0] * D
    db = 0.0
    for n in range(N):
        net = b0 + sum(rows[n][j] * ws[j] for j in range(D))
        o = 1.0 / (1.0 + math.exp(-net))
        dE_do = 2 * (o - ts[n]) / N  # <- wrong
        delta = dE_do * o * (1 - o)
        for j in range(D):
            dw[j] += delta * rows[n][j]
        db += delta
    return dw, [db]


def grad_fixed(X, w, b, t):
    rows, ws, b0, ts = X.tolist(), w.tolist(), b.tolist()[0], t.tolist()
    N, D = len(rows), len(ws)
    dw = [0.0] * D
    db = 0.0
    for n in range(N):
        net = b0 + sum(rows[n][j] * ws[j] for j in range(D))
        o = 1.0 / (1.0 + math.exp(-net))
        dE_do = o - ts[n]
        delta = dE_do * o * (1 - o)
        for j in range(D):
            dw[j] += delta * rows[n][j]
        db += delta
    return dw, [db]


SPEC = dict(wrt=("w", "b"), shapes={"X": ("N", "D"), "w": ("D",), "b": (1,), "t": ("N",)},
            draws={"t": "uniform"}, sizes={"N": 3, "D": 2})
case = derivation(loss, grad, **SPEC, name="m_sigmoid_01")
CAUSE = "mse-convention"
FIX = "E is half a sum of squares, not a mean, so dE_do = o - t_n."
